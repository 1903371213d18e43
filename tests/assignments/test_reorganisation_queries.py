"""Reorganisations at scale (issue 17): a plan's preview and its application run a fixed
number of queries, whatever the number of open assignments it hands over."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assignments import counts
from assignments.models import Assignment, ReportingPeriod, ReportObligation
from assignments.reorganisation import (
    Plan,
    Target,
    plan_preview,
    plans_preview,
    reorganisation_apply,
    reorganisation_create,
)
from directives.models import Cadence, Directive, ResponsibilityItem
from tests.conftest import travel
from tracker.models import Event, Unit

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 7, 1)
PERIODS = [(dt.date(2025, 1, 1), dt.date(2025, 6, 30), dt.date(2025, 6, 15)),
           (dt.date(2025, 7, 1), dt.date(2025, 12, 31), dt.date(2025, 12, 15)),
           (dt.date(2026, 1, 1), dt.date(2026, 6, 30), dt.date(2026, 6, 15))]


def _district_with(items: int, tag: str):
    """A district carrying `items` "each"-mode items, each with one obligation due before
    the day and two after; a board, an existing unit to merge into, an administrator."""
    province = Unit.objects.create(code=f"tinh-{tag}", name="Tỉnh ủy", kind="leadership")
    board = Unit.objects.create(code=f"ban-{tag}", name="Ban Dân vận", parent=province,
                                kind="advisory_board")
    district = Unit.objects.create(code=f"huyen-{tag}", name="Huyện ủy", parent=province,
                                   kind="party_committee")
    other = Unit.objects.create(code=f"huyen-khac-{tag}", name="Huyện ủy khác",
                                parent=province, kind="party_committee")
    directive = Directive.objects.create(
        number=f"01-CT/{tag}", kind=Directive.Kind.CHI_THI, title="t", issuer="BTV",
        issued_on=dt.date(2024, 12, 1), supervising_unit=board,
        status=Directive.Status.ACTIVE, report_cadence=Cadence.SEMI_ANNUAL)
    periods = ReportingPeriod.objects.bulk_create([
        ReportingPeriod(directive=directive, cadence=Cadence.SEMI_ANNUAL, label=f"kỳ {n}",
                        starts_on=start, ends_on=end, due_on=due)
        for n, (start, end, due) in enumerate(PERIODS)])
    its = ResponsibilityItem.objects.bulk_create([
        ResponsibilityItem(directive=directive, order=i + 1, content=f"Nhiệm vụ {i}")
        for i in range(items)])
    rows = Assignment.objects.bulk_create([
        Assignment(item=item, unit=district, original_unit=district, board=board,
                   assigned_on=directive.issued_on) for item in its])
    ReportObligation.objects.bulk_create([
        ReportObligation(assignment=a, period=p, original_due_on=p.due_on, due_on=p.due_on,
                         unit=district, board=board) for a in rows for p in periods])
    counts.rebuild()
    admin = get_user_model().objects.create(username=f"admin-{tag}", is_superuser=True,
                                            is_staff=True)
    return district, other, admin


def _plan(kind, district, other, tag):
    if kind == "split":
        return Plan(kind="split", effective_on=DAY, sources=[district], targets=[
            Target(code=f"xa-1-{tag}", name="Đảng ủy xã Một"),
            Target(code=f"xa-2-{tag}", name="Đảng ủy xã Hai")])
    return Plan(kind="merge", effective_on=DAY, sources=[district],
                targets=[Target(unit=other)])


def _measure(kind: str, items: int, tag: str) -> tuple[int, int, dict]:
    district, other, admin = _district_with(items, tag)
    ContentType.objects.clear_cache()  # each size starts cold
    with travel("2025-07-02"):
        plan = _plan(kind, district, other, tag)
        with CaptureQueriesContext(connection) as previewing:
            preview = plan_preview(plan)
        assert preview["moves"]["assignment_count"] == items
        row = reorganisation_create(plan=plan, actor=admin)
        choices = {a["id"]: a["suggested"] for a in preview["moves"]["assignments"]}
        with CaptureQueriesContext(connection) as applying:
            row = reorganisation_apply(reorganisation=row, actor=admin, choices=choices)
    return len(previewing), len(applying), row.summary


@pytest.mark.parametrize("kind", ["split", "merge"])
def test_preview_and_apply_do_not_grow_with_the_assignments(kind):
    small = _measure(kind, 3, "s")
    large = _measure(kind, 40, "l")
    assert small[0] == large[0], "preview queries grow with the assignments"
    assert small[1] == large[1], "apply queries grow with the assignments"
    receivers = 2 if kind == "split" else 1
    assert large[2]["assignments_handed_over"] == 40
    assert large[2]["assignments_created"] == 40 * receivers
    # Moved: the two obligations due from the day on, to the first receiver; copied to
    # the second receiver of a split.
    assert large[2]["obligations_moved"] == 80
    assert large[2]["obligations_copied"] == 80 * (receivers - 1)
    # The events: one per ended and per new assignment, one per new unit.
    handed = Event.objects.filter(verb="handed_over")
    taken = Event.objects.filter(verb="taken_over")
    assert handed.count() == (3 + 40)
    assert taken.count() == (3 + 40) * receivers
    new = Assignment.objects.filter(pk__in=taken.values("target_id"))
    assert set(new.values_list("state", flat=True)) == {"open"}
    assert all(e.data["from_unit"] == Unit.objects.get(code="huyen-l").pk
               for e in taken.filter(data__from_unit__isnull=False,
                                     target_id__in=new.filter(
                                         original_unit__code="huyen-l").values("pk")))
    created = Event.objects.filter(verb="created", target_type__model="unit")
    assert created.count() == (4 if kind == "split" else 0)
    assert not counts.differences()


def test_a_batch_of_plans_is_previewed_with_the_queries_of_one():
    worlds = [_district_with(5, tag) for tag in ("a", "b", "c")]
    plans = [_plan("split", district, other, tag)
             for (district, other, _admin), tag in zip(worlds, ("a", "b", "c"), strict=True)]
    with travel("2025-07-02"):
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as one:
            alone = plan_preview(plans[0])
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as three:
            batch = plans_preview(plans)
    assert len(one) == len(three)
    assert batch[0] == alone
    assert [p["moves"]["assignment_count"] for p in batch] == [5, 5, 5]
    assert [p["moves"]["obligations"] for p in batch] == [10, 10, 10]
    assert [p["stays"]["past_obligations"] for p in batch] == [5, 5, 5]

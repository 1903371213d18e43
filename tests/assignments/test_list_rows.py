"""The large lists render a page from plain rows (no model instance, no serializer field
per column). They must say exactly what the serializers say for the same objects, today
and for a past `as_of`, and the list endpoints must answer what the detail endpoints do.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from assignments.api.serializers import (
    AssignmentSerializer,
    ObligationSerializer,
    assignment_rows_data,
    obligation_rows_data,
)
from assignments.models import Assignment, AssignmentStatus, ObligationStatus, ReportObligation
from assignments.selectors import (
    assignment_list,
    assignment_rows,
    obligation_list,
    obligation_rows,
    page_periods,
    page_units,
    states_as_of,
)
from assignments.statuses import (
    assignment_overdue_q,
    assignment_status_case,
    assignment_status_q,
    obligation_overdue_q,
    obligation_status_case,
    obligation_status_q,
)
from reports.api.serializers import ReportSerializer, report_rows_data
from reports.models import Evidence, IndicatorValue, ProgressReport, ReportEvidence, Review
from reports.selectors import report_list, report_parts, report_rows
from tests.conftest import client_for, travel
from tests.demo import DEMO_DAY

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
PAST = dt.date(2022, 7, 1)


@pytest.fixture
def admin(demo):
    return get_user_model().objects.get(username="admin")


@pytest.mark.parametrize("day", [DEMO_DAY, PAST])
@pytest.mark.parametrize("kind", ["assignments", "obligations"])
def test_rows_render_what_the_serializer_renders(admin, kind, day):
    selector, rows, render, serializer = {
        "assignments": (assignment_list, assignment_rows, assignment_rows_data,
                        AssignmentSerializer),
        "obligations": (obligation_list, obligation_rows, obligation_rows_data,
                        ObligationSerializer),
    }[kind]
    with travel(DEMO_DAY, 12):
        qs = selector(user=admin, day=None if day == DEMO_DAY else day).order_by("id")
        context = {"day": day,
                   "states": None if day == DEMO_DAY else states_as_of(qs, day)}
        expected = serializer(qs, many=True, context=context).data
        page = list(rows(qs))
        if kind == "obligations":
            got = render(page, context,
                         units=page_units(r["assignment__unit_id"] for r in page),
                         periods=page_periods(r["period_id"] for r in page))
        else:
            got = render(page, context)
    assert len(got) == len(expected) > 100
    assert got == expected
    assert len({row["status"] for row in got}) >= 3
    assert any(row["days_overdue"] for row in got)


def test_report_rows_render_what_the_serializer_renders(admin):
    report = ProgressReport.objects.exclude(status=ProgressReport.Status.DRAFT).filter(
        indicator_values__isnull=False).first()
    assert report is not None
    value = report.indicator_values.first()
    value.verified_value = Decimal("12.5")
    value.save(update_fields=["verified_value"])
    minutes = Evidence.objects.create(
        report=report, file="evidence/x/bien-ban.pdf", original_name="biên bản.pdf",
        content_type="application/pdf", size=1234, uploaded_by=admin)
    photo = Evidence.objects.create(
        report=report, file="evidence/x/anh.png", original_name="ảnh.png",
        content_type="image/png", size=99, uploaded_by=admin)
    # A file is shown by each version it is linked to (a resubmission carries it).
    other = ProgressReport.objects.exclude(pk=report.pk).exclude(
        status=ProgressReport.Status.DRAFT).first()
    ReportEvidence.objects.bulk_create([
        ReportEvidence(report=report, evidence=minutes),
        ReportEvidence(report=report, evidence=photo),
        ReportEvidence(report=other, evidence=minutes)])
    assert Review.objects.exists() and IndicatorValue.objects.exists()
    qs = report_list(user=admin).order_by("-id")
    expected = ReportSerializer(qs, many=True).data
    page = list(report_rows(qs))
    got = report_rows_data(page, report_parts(page))
    assert len(got) == len(expected) > 10
    assert got == expected
    mine = next(row for row in got if row["id"] == report.pk)
    assert len(mine["evidence"]) == 2 and mine["indicator_values"]
    theirs = next(row for row in got if row["id"] == other.pk)
    assert [e["id"] for e in theirs["evidence"]] == [minutes.pk]
    assert any(v["verified_value"] == "12.50" for v in mine["indicator_values"])
    assert any(row["reviews"] for row in got)


@pytest.mark.parametrize("path,params", [
    ("assignments/", {}), ("assignments/", {"as_of": PAST.isoformat()}),
    ("obligations/", {"status": "overdue"}), ("obligations/", {"as_of": PAST.isoformat()}),
    ("reports/", {}),
])
def test_list_rows_equal_the_detail_of_each_object(admin, path, params):
    client = client_for(admin)
    with travel(DEMO_DAY, 12):
        rows = client.get(f"{V1}/{path}", {**params, "page_size": 30}).json()["results"]
        assert rows
        for row in rows[:30:7]:
            detail = client.get(f"{V1}/{path}{row['id']}/", params).json()
            assert row == detail


def test_subtree_query_finds_what_the_tree_walk_finds(demo):
    from tracker.models import Unit
    from tracker.selectors import unit_tree_ids

    children: dict = {}
    for pk, parent in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)

    def walk(pk) -> set[int]:
        found = {pk}
        for child in children.get(pk, []):
            found |= walk(child)
        return found

    sizes = set()
    for pk in Unit.objects.values_list("pk", flat=True):
        found = unit_tree_ids(pk)
        assert found == walk(pk), pk
        sizes.add(len(found))
    assert max(sizes) > 5 and min(sizes) == 1


@pytest.mark.parametrize("day", [DEMO_DAY, dt.date(2023, 6, 30), dt.date(2030, 1, 1)])
def test_status_conditions_select_what_the_status_case_computes(admin, day):
    """The filters translate a status into column conditions (index-friendly); on the
    stored columns they must pick exactly the rows the SQL CASE labels so."""
    # Edge rows the demo lacks: a continuous duty that carries a (past) due date, open and
    # completed; they are "ongoing" whatever the dates say.
    continuous = Assignment.objects.filter(item__deadline_mode="continuous")
    for assignment, state in zip(continuous[:2], ["open", "completed"], strict=True):
        due = assignment.assigned_on + dt.timedelta(days=1)
        Assignment.objects.filter(pk=assignment.pk).update(
            original_due_on=due, current_due_on=due, state=state,
            completed_on=due + dt.timedelta(days=3) if state == "completed" else None,
            completed_at=assignment.created_at if state == "completed" else None)
    for model, case, status_q, late_q, statuses, late in (
            (Assignment, assignment_status_case, assignment_status_q, assignment_overdue_q,
             AssignmentStatus, {"in_progress_overdue"}),
            (ReportObligation, obligation_status_case, obligation_status_q,
             obligation_overdue_q, ObligationStatus, {"overdue", "returned"})):
        labelled = dict(model.objects.annotate(s=case(day)).values_list("pk", "s"))
        due = "current_due_on" if model is Assignment else "due_on"
        dues = dict(model.objects.values_list("pk", due))
        found = set()
        for status in statuses:
            picked = set(model.objects.filter(status_q(status, day))
                         .values_list("pk", flat=True))
            assert picked == {pk for pk, s in labelled.items() if s == status}, status
            found |= picked
        assert found == set(labelled)  # every row has exactly one status
        late_rows = set(model.objects.filter(late_q(day)).values_list("pk", flat=True))
        assert late_rows == {pk for pk, s in labelled.items()
                             if s in late and dues[pk] and dues[pk] < day}
        week = day - dt.timedelta(days=7)
        assert set(model.objects.filter(late_q(day, week)).values_list("pk", flat=True)) \
            == {pk for pk in late_rows if dues[pk] <= week}
        assert len({labelled[pk] for pk in labelled}) >= 3

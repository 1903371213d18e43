"""Reorganisations (issue 17): duties follow merges and splits, history stays."""

import datetime as dt

import pytest

from assignments.models import Assignment, Reorganisation, ReportObligation
from assignments.reminders.recipients import _people
from assignments.reorganisation import (
    Plan,
    Target,
    plan_preview,
    reorganisation_apply,
    reorganisation_create,
)
from tests.assignments.helpers import assignment_for, lead_of, submit
from tests.conftest import travel
from tests.factories import UnitFactory
from tracker.errors import ConflictError, DomainError, NotAllowed, TransitionError
from tracker.events import events_for
from tracker.models import Membership, Unit, UnitRevision, UnitSuccession

pytestmark = pytest.mark.django_db

DAY = dt.date(2021, 12, 1)


def _apply(world, plan, choices=None, day="2021-12-02"):
    with travel(day):
        row = reorganisation_create(plan=plan, actor=world.admin)
        return reorganisation_apply(reorganisation=row, actor=world.admin, choices=choices)


def _obligations(unit):
    return ReportObligation.objects.filter(unit=unit).order_by("due_on")


def test_merge_hands_open_work_and_future_obligations_to_the_successor(published):
    a_fixed = lead_of(published.fixed)
    before = list(_obligations(published.district_a).values_list("pk", "due_on", "state"))
    assert before, "the fixture gives district A obligations"
    target = UnitFactory(code="dang-uy-moi", name="Đảng ủy mới")
    row = _apply(published, Plan(kind="merge", effective_on=DAY,
                                 sources=[published.district_a],
                                 targets=[Target(unit=target)]))
    assert row.status == Reorganisation.Status.APPLIED
    a_fixed.refresh_from_db()
    assert (a_fixed.unit, a_fixed.state) == (published.district_a, "withdrawn")
    taken = assignment_for(published.fixed, target)
    assert (taken.state, taken.role, taken.original_unit) == (
        "open", "lead", published.district_a)
    # Due from 1/12 on: with the successor; before: with the old unit, as they were.
    for pk, due_on, state in before:
        ob = ReportObligation.objects.get(pk=pk)
        if due_on >= DAY:
            assert (ob.unit_id, ob.state) == (target.pk, state)
        else:
            assert (ob.unit_id, ob.state) == (published.district_a.pk, state)
    old = Unit.objects.get(pk=published.district_a.pk)
    assert (old.is_active, old.valid_to, old.successor, old.name) == (
        False, DAY, target, "Huyện ủy A")
    assert UnitSuccession.objects.filter(predecessor=old, successor=target).exists()
    assert Membership.objects.filter(user=published.reporter_a, unit=target).exists()
    assert target in published.group.members.all()
    assert events_for(a_fixed).filter(verb="handed_over").exists()
    assert events_for(taken).filter(verb="taken_over").exists()


def test_merging_a_board_moves_its_directives_and_its_reviewers_queue(published):
    merged = UnitFactory(code="btgdv", name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
                         kind=Unit.Kind.ADVISORY_BOARD)
    row = _apply(published, Plan(kind="merge", effective_on=DAY, sources=[published.board],
                                 targets=[Target(unit=merged)]))
    published.directive.refresh_from_db()
    assert published.directive.supervising_unit == merged
    assert row.summary["supervised_directives"] == 1
    assert Membership.objects.filter(user=published.reviewer, unit=merged,
                                     role="reviewer").exists()
    # The scope columns follow: the reviewer's queue is the merged board's.
    assert set(Assignment.objects.filter(item__directive=published.directive)
               .values_list("board_id", flat=True)) == {merged.pk}


def test_split_preview_suggests_and_apply_follows_the_choices(published):
    published.district_a.order = 7
    published.district_a.save(update_fields=["order"])
    plan = Plan(kind="split", effective_on=DAY, sources=[published.district_a],
                targets=[Target(code="xa-1", name="Đảng ủy xã Một"),
                         Target(code="xa-2", name="Đảng ủy xã Hai")])
    with travel("2021-12-02"):
        preview = plan_preview(plan)
    rows = {r["item"]: r for r in preview["moves"]["assignments"]}
    assert rows[published.continuous.pk]["suggested"] == [0, 1]  # "each" item: both
    assert rows[published.fixed.pk]["suggested"] == [0]  # joint item: one lead
    assert preview["moves"]["obligations"] >= 1
    assert preview["stays"]["memberships"] == 2
    # Without choices, applying refuses, naming the assignment.
    with travel("2021-12-02"):
        row = reorganisation_create(plan=plan, actor=published.admin)
        with pytest.raises(DomainError) as caught:
            reorganisation_apply(reorganisation=row, actor=published.admin)
    assert caught.value.field == "choices"
    continuous = assignment_for(published.continuous, published.district_a)
    fixed = lead_of(published.fixed)
    with travel("2021-12-02"):
        reorganisation_apply(reorganisation=row, actor=published.admin,
                             choices={continuous.pk: [0, 1], fixed.pk: [1]})
    one, two = Unit.objects.get(code="xa-1"), Unit.objects.get(code="xa-2")
    assert (one.valid_from, one.parent_id) == (DAY, published.district_a.parent_id)
    # The new units stand where the old one stood in lists, not first.
    assert one.order == two.order == 7
    assert assignment_for(published.continuous, one).state == "open"
    assert assignment_for(published.continuous, two).state == "open"
    assert published.fixed.assignments.get(role="lead", state="open").unit == two
    assert not published.fixed.assignments.filter(unit=one).exists()
    # The split unit's people keep their login and membership, and get no reminders.
    assert Membership.objects.filter(user=published.reporter_a,
                                     unit=published.district_a).exists()
    assert published.district_a.pk not in _people().reporters
    assert set(UnitSuccession.objects.filter(predecessor=published.district_a)
               .values_list("successor_id", flat=True)) == {one.pk, two.pk}


def test_submitted_reports_and_past_obligations_stay(published):
    lead = lead_of(published.fixed)
    with travel("2021-11-20"):
        submit(lead.obligations.get(), published.reporter_a)
    target = UnitFactory(code="dang-uy-moi", name="Đảng ủy mới")
    _apply(published, Plan(kind="merge", effective_on=DAY, sources=[published.district_a],
                           targets=[Target(unit=target)]))
    ob = lead.obligations.get()
    assert (ob.unit_id, ob.state) == (published.district_a.pk, "submitted")


def test_rename_keeps_the_row_and_the_old_name_with_its_dates(published):
    _apply(published, Plan(kind="rename", effective_on=DAY, sources=[published.board],
                           new_name="Ban Tuyên giáo và Dân vận Tỉnh ủy"))
    board = Unit.objects.get(pk=published.board.pk)
    assert board.name == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert "Ban Dân vận Tỉnh ủy" in board.aliases
    revision = UnitRevision.objects.get(unit=board)
    assert (revision.name, revision.valid_to) == ("Ban Dân vận Tỉnh ủy", DAY)


def test_move_changes_the_parent_and_refuses_a_cycle(published):
    front = UnitFactory(code="mttq", name="Ủy ban MTTQ tỉnh", kind=Unit.Kind.FRONT)
    _apply(published, Plan(kind="move", effective_on=DAY, sources=[published.youth],
                           new_parent=front))
    assert Unit.objects.get(pk=published.youth.pk).parent == front
    with travel("2021-12-02"), pytest.raises(DomainError) as caught:
        reorganisation_create(plan=Plan(kind="move", effective_on=DAY, sources=[front],
                                        new_parent=published.youth), actor=published.admin)
    assert caught.value.field == "sources[0]"


def test_dissolve_ends_open_work_keeping_past_obligations(published):
    _apply(published, Plan(kind="dissolve", effective_on=DAY, sources=[published.youth]))
    youth = Unit.objects.get(pk=published.youth.pk)
    assert (youth.is_active, youth.valid_to) == (False, DAY)
    assert not Assignment.objects.filter(unit=youth, state="open").exists()


def test_bad_plans_name_the_row(published):
    later = UnitFactory(code="moi", name="Đơn vị mới", valid_from=dt.date(2025, 7, 1))
    with travel("2021-12-02"):
        with pytest.raises(DomainError) as caught:
            reorganisation_create(plan=Plan(kind="merge", effective_on=DAY,
                                            sources=[published.district_a, later],
                                            targets=[Target(unit=published.district_b)]),
                                  actor=published.admin)
        assert caught.value.field == "sources[1]"
        with pytest.raises(DomainError) as caught:
            reorganisation_create(plan=Plan(kind="split", effective_on=DAY,
                                            sources=[published.district_a],
                                            targets=[Target(code="huyen-b", name="Trùng mã"),
                                                     Target(code="x", name="X")]),
                                  actor=published.admin)
        assert caught.value.field == "targets[0]"


def test_applied_once_and_a_second_plan_on_the_same_unit_conflicts(published):
    target = UnitFactory(code="dang-uy-moi", name="Đảng ujy mới")
    with travel("2021-12-02"):
        first = reorganisation_create(plan=Plan(
            kind="merge", effective_on=DAY, sources=[published.district_a],
            targets=[Target(unit=target)]), actor=published.admin)
        second = reorganisation_create(plan=Plan(
            kind="dissolve", effective_on=DAY, sources=[published.district_a]),
            actor=published.admin)
        reorganisation_apply(reorganisation=first, actor=published.admin)
        with pytest.raises(TransitionError):
            reorganisation_apply(reorganisation=first, actor=published.admin)
        with pytest.raises(ConflictError) as caught:
            reorganisation_apply(reorganisation=second, actor=published.admin)
    assert caught.value.status_code == 409


def test_only_boards_and_administrators_reorganise(published):
    with travel("2021-12-02"), pytest.raises(NotAllowed):
        reorganisation_create(plan=Plan(kind="dissolve", effective_on=DAY,
                                        sources=[published.youth]),
                              actor=published.reporter_a)

"""Unit merge (2025 reorganisation): open work moves, history stays under the old name."""

import datetime as dt

import pytest

from assignments.models import Assignment, ReportObligation
from assignments.services import unit_merge
from tests.assignments.helpers import (
    accept,
    assignment_for,
    draft,
    lead_of,
    only_obligation,
    submit,
)
from tests.conftest import travel
from tests.factories import MembershipFactory, UnitFactory
from tracker.errors import DomainError, NotAllowed, TransitionError
from tracker.events import events_for
from tracker.models import Membership, Unit

pytestmark = pytest.mark.django_db


def _merge(world, unit, successor, day="2025-07-01"):
    with travel(day):
        return unit_merge(unit=unit, successor=successor, actor=world.admin,
                          on=dt.date.fromisoformat(day), note="Sắp xếp tổ chức bộ máy")


def test_open_assignments_move_and_duplicates_are_withdrawn(published):
    a_continuous = assignment_for(published.continuous, published.district_a)
    a_fixed = lead_of(published.fixed)
    _merge(published, published.district_a, published.district_b)

    a_fixed.refresh_from_db()
    assert (a_fixed.unit, a_fixed.original_unit, a_fixed.state) == (
        published.district_b, published.district_a, "open")
    assert events_for(a_fixed).filter(verb="moved_by_merge",
                                      actor=published.admin).exists()
    # B already had the continuous duty: A's line ends, with its open reports.
    a_continuous.refresh_from_db()
    assert a_continuous.unit == published.district_a
    assert a_continuous.state == Assignment.State.WITHDRAWN
    assert only_obligation(a_continuous).state == ReportObligation.State.WITHDRAWN
    event = events_for(a_continuous).get(verb="withdrawn_by_merge")
    assert (event.from_status, event.to_status) == ("open", "withdrawn")
    assert assignment_for(published.continuous, published.district_b).state == "open"


def test_the_old_unit_is_dissolved_but_keeps_its_name_and_event(published):
    _merge(published, published.district_a, published.district_b)
    old = Unit.objects.get(pk=published.district_a.pk)
    assert (old.name, old.is_active, old.dissolved_on, old.successor) == (
        "Huyện ủy A", False, dt.date(2025, 7, 1), published.district_b)
    event = events_for(old).get(verb="merged")
    assert (event.actor, event.from_status, event.to_status) == (
        published.admin, "active", "dissolved")
    assert event.data["assignments_moved"] == 1
    assert event.data["assignments_withdrawn"] == 1
    assert event.note == "Sắp xếp tổ chức bộ máy"


def test_completed_work_and_its_reports_stay_under_the_old_unit(published):
    lead = lead_of(published.fixed)
    with travel("2021-12-20"):
        report = submit(only_obligation(lead), published.reporter_a, completed=True)
        accept(report, published.reviewer)
    successor = UnitFactory(code="dang-uy-xa", name="Đảng ủy xã mới")
    _merge(published, published.district_a, successor)
    lead.refresh_from_db()
    assert (lead.unit, lead.state) == (published.district_a, Assignment.State.COMPLETED)
    report.refresh_from_db()
    assert report.unit_name == "Huyện ủy A"
    # The continuous duty was not carried by the successor: it moves.
    assert assignment_for(published.continuous, successor).original_unit == (
        published.district_a)


def test_memberships_move_and_the_successor_reports_on_moved_work(published):
    successor = UnitFactory(code="dang-uy-xa", name="Đảng ủy xã mới")
    MembershipFactory(user=published.head_a, unit=successor, role=Membership.Role.UNIT_HEAD)
    _merge(published, published.district_a, successor)
    assert not Membership.objects.filter(unit=published.district_a).exists()
    assert set(Membership.objects.filter(unit=successor).values_list("user__username", "role")) \
        == {("huyen-a", "reporter"), ("truong-a", "unit_head")}
    published.reporter_a.refresh_from_db()  # drop the cached memberships
    moved = lead_of(published.fixed)
    report = draft(only_obligation(moved), published.reporter_a)
    assert report.unit_name == "Đảng ủy xã mới"


def test_group_membership_is_replaced_by_the_successor(published):
    successor = UnitFactory(code="dang-uy-xa", name="Đảng ủy xã mới")
    _merge(published, published.district_a, successor)
    assert set(published.group.members.all()) == {published.district_b, successor}


@pytest.mark.parametrize("who", ["reviewer", "leader", "head_a"])
def test_only_an_administrator_may_merge(published, who):
    with pytest.raises(NotAllowed):
        unit_merge(unit=published.district_a, successor=published.district_b,
                   actor=getattr(published, who))
    assert Unit.objects.get(pk=published.district_a.pk).is_active


def test_merge_refusals(published):
    with pytest.raises(DomainError) as err:
        _merge(published, published.district_a, published.district_a)
    assert err.value.field == "successor"
    _merge(published, published.district_a, published.district_b)
    with pytest.raises(TransitionError):
        _merge(published, published.district_a, published.youth)
    with pytest.raises(DomainError) as err:
        _merge(published, published.youth, published.district_a)
    assert err.value.field == "successor"

"""Assigning items: group fan-out, each vs joint mode, obligations from assignment time."""

import datetime as dt

import pytest

from assignments.models import Assignment, ReportingPeriod, ReportObligation
from assignments.services import item_assign, obligations_sync_all, obligations_sync_directive
from directives.models import Cadence, Directive, ResponsibilityItem
from directives.services import directive_create, directive_publish, item_create
from tests.assignments.helpers import accept, assignment_for, lead_of, only_obligation, submit
from tests.conftest import travel
from tests.factories import UnitFactory
from tracker.errors import DomainError, NotAllowed, TransitionError
from tracker.events import events_for

pytestmark = pytest.mark.django_db

JOINT = ResponsibilityItem.AssignmentMode.JOINT
FIXED = ResponsibilityItem.DeadlineMode.FIXED


def _item(world, directive=None, **fields):
    return item_create(directive=directive or world.directive, actor=world.reviewer,
                       content=fields.pop("content", "Nhiệm vụ thử"), **fields)


def _labels(assignment):
    return list(assignment.obligations.order_by("due_on").values_list("period__label",
                                                                         flat=True))


# --- fan-out and modes --------------------------------------------------------------

def test_group_fans_out_to_active_members_with_via_group(world):
    dissolved = UnitFactory(code="huyen-cu", is_active=False, dissolved_on=dt.date(2021, 1, 1))
    world.group.members.add(dissolved)
    item = _item(world)
    created = item_assign(item=item, actor=world.reviewer, groups=[world.group],
                          units=[world.youth])
    by_unit = {a.unit_id: a for a in created}
    assert set(by_unit) == {world.district_a.pk, world.district_b.pk, world.youth.pk}
    assert by_unit[world.district_a.pk].via_group == world.group
    assert by_unit[world.youth.pk].via_group is None
    assert all(a.role == Assignment.Role.LEAD and not a.is_joint for a in created)
    assert all(a.assigned_on == world.directive.issued_on for a in created)
    for assignment in created:
        event = events_for(assignment).get(verb="assigned")
        assert (event.actor, event.to_status) == (world.reviewer, "open")


def test_each_mode_gives_every_unit_its_own_obligations(published):
    for unit in (published.district_a, published.district_b):
        assignment = assignment_for(published.continuous, unit)
        assert assignment.role == Assignment.Role.LEAD
        assert _labels(assignment) == ["6 tháng cuối năm 2021"]


def test_joint_mode_one_lead_with_obligations_cooperating_without(published):
    lead = lead_of(published.fixed)
    cooperating = assignment_for(published.fixed, published.youth)
    assert (lead.unit, lead.is_joint) == (published.district_a, True)
    assert cooperating.role == Assignment.Role.COOPERATING and cooperating.is_joint
    assert _labels(lead) == ["Báo cáo kết quả (hạn 31/12/2021)"]
    assert not cooperating.obligations.exists()


def test_joint_mode_needs_a_lead(world):
    item = _item(world, assignment_mode=JOINT)
    with pytest.raises(DomainError) as err:
        item_assign(item=item, actor=world.reviewer, units=[world.district_a, world.youth])
    assert err.value.field == "lead_unit"
    assert not Assignment.objects.exists()


def test_a_second_lead_is_refused_but_more_cooperators_are_welcome(published):
    with pytest.raises(DomainError) as err:
        item_assign(item=published.fixed, actor=published.reviewer,
                    lead_unit=published.district_b)
    assert err.value.field == "lead_unit"
    (added,) = item_assign(item=published.fixed, actor=published.reviewer,
                           units=[published.district_b], today=dt.date(2021, 10, 1))
    assert added.role == Assignment.Role.COOPERATING
    assert not added.obligations.exists()


def test_lead_unit_only_for_joint_items(world):
    with pytest.raises(DomainError) as err:
        item_assign(item=_item(world), actor=world.reviewer, lead_unit=world.district_a)
    assert err.value.field == "lead_unit"


def test_leads_accepted_completion_completes_cooperating_units(published):
    lead = lead_of(published.fixed)
    with travel("2021-12-20"):
        report = submit(only_obligation(lead), published.reporter_a, completed=True)
    with travel("2021-12-22"):
        accept(report, published.reviewer)
    states = dict(published.fixed.assignments.values_list("unit_id", "state"))
    assert states == {published.district_a.pk: "completed", published.youth.pk: "completed"}
    cooperating = assignment_for(published.fixed, published.youth)
    assert cooperating.completed_on == dt.date(2021, 12, 20)
    # The continuous duty of the same unit is untouched.
    assert assignment_for(published.continuous, published.district_a).state == "open"


@pytest.mark.parametrize("bad", ["nothing", "again", "dissolved", "early_due"])
def test_bad_assignments_are_refused(published, bad):
    kwargs = {"item": published.continuous, "actor": published.reviewer}
    if bad == "again":
        kwargs["units"] = [published.district_a]
    elif bad == "dissolved":
        kwargs["units"] = [UnitFactory(is_active=False, dissolved_on=dt.date(2021, 1, 1))]
    elif bad == "early_due":
        kwargs.update(units=[published.youth], due_on=dt.date(2021, 9, 1))
    with pytest.raises(DomainError) as err:
        item_assign(**kwargs)
    assert err.value.field == ("due_on" if bad == "early_due" else "units")


def test_units_and_leaders_cannot_assign(published):
    for user in (published.reporter_a, published.head_a, published.leader):
        with pytest.raises(NotAllowed):
            item_assign(item=published.continuous, actor=user, units=[published.youth])


def test_withdrawn_item_cannot_be_assigned(published):
    from directives.services import item_withdraw

    item_withdraw(item=published.continuous, actor=published.reviewer, reason="Gộp nhiệm vụ")
    with pytest.raises(TransitionError):
        item_assign(item=published.continuous, actor=published.reviewer,
                    units=[published.youth])


# --- obligations over time -----------------------------------------------------------

def test_draft_directive_has_no_obligations_until_published(world):
    with travel("2021-09-08"):
        item_assign(item=_item(world), actor=world.reviewer, groups=[world.group])
    assert not ReportObligation.objects.exists()
    assert obligations_sync_directive(directive=world.directive,
                                      today=dt.date(2021, 9, 10)) == 0
    with travel("2021-09-10"):
        directive_publish(directive=world.directive, actor=world.reviewer,
                          today=dt.date(2021, 9, 10))
    assert ReportObligation.objects.count() == 2


def test_new_periods_appear_with_a_later_today_and_sync_is_idempotent(published):
    assignment = assignment_for(published.continuous, published.district_a)
    directive = published.directive
    assert obligations_sync_directive(directive=directive, today=dt.date(2021, 12, 31)) == 0
    assert obligations_sync_directive(directive=directive, today=dt.date(2022, 1, 5)) == 2
    assert obligations_sync_directive(directive=directive, today=dt.date(2022, 1, 5)) == 0
    assert obligations_sync_all(today=dt.date(2022, 7, 1)) == 2
    assert _labels(assignment) == ["6 tháng cuối năm 2021", "6 tháng đầu năm 2022",
                                   "6 tháng cuối năm 2022"]
    dues = list(assignment.obligations.order_by("due_on").values_list("due_on", flat=True))
    assert dues == [dt.date(2021, 12, 15), dt.date(2022, 6, 15), dt.date(2022, 12, 15)]
    # Periods are shared by the directive's assignments, not duplicated per unit.
    assert ReportingPeriod.objects.filter(directive=directive,
                                          cadence=Cadence.SEMI_ANNUAL).count() == 3
    # The one-off deliverable gets no new periods.
    assert only_obligation(lead_of(published.fixed))


def _directive(world, number, **fields):
    return directive_create(
        actor=world.reviewer, supervising_unit=world.board, number=number,
        kind=Directive.Kind.KE_HOACH, title="Kế hoạch thử", issuer="Ban Thường vụ Tỉnh ủy",
        issued_on=dt.date(2022, 1, 10), **fields)


def test_monthly_directive_with_month_offset(world):
    with travel("2022-01-11"):
        directive = _directive(world, "01-KH/TU", report_cadence=Cadence.MONTHLY,
                               report_due_day=5, report_due_month_offset=1)
        item = _item(world, directive)
        (assignment,) = item_assign(item=item, actor=world.reviewer, units=[world.youth])
    with travel("2022-03-20"):
        directive_publish(directive=directive, actor=world.reviewer,
                          today=dt.date(2022, 3, 20))
    rows = list(assignment.obligations.order_by("due_on")
                .values_list("period__label", "due_on"))
    assert rows == [("Tháng 1/2022", dt.date(2022, 2, 5)), ("Tháng 2/2022", dt.date(2022, 3, 5)),
                    ("Tháng 3/2022", dt.date(2022, 4, 5))]


def test_fixed_item_with_periodic_reports_stops_at_its_due_date(world):
    with travel("2022-01-11"):
        directive = _directive(world, "02-KH/TU", report_cadence=Cadence.SEMI_ANNUAL)
        item = _item(world, directive, deadline_mode=FIXED, due_on=dt.date(2022, 9, 30),
                     cadence=Cadence.QUARTERLY)
        (assignment,) = item_assign(item=item, actor=world.reviewer, units=[world.youth])
    with travel("2022-01-12"):
        directive_publish(directive=directive, actor=world.reviewer,
                          today=dt.date(2022, 1, 12))
    directive.refresh_from_db()
    obligations_sync_directive(directive=directive, today=dt.date(2023, 6, 1))
    assert _labels(assignment) == ["Quý I/2022", "Quý II/2022", "Quý III/2022"]


def test_reporting_end_date_stops_new_periods(world):
    with travel("2022-01-11"):
        directive = _directive(world, "03-KH/TU", report_cadence=Cadence.ANNUAL,
                               reporting_ends_on=dt.date(2023, 12, 31))
        (assignment,) = item_assign(item=_item(world, directive), actor=world.reviewer,
                                    units=[world.youth])
    with travel("2022-01-12"):
        directive_publish(directive=directive, actor=world.reviewer,
                          today=dt.date(2022, 1, 12))
    directive.refresh_from_db()
    obligations_sync_directive(directive=directive, today=dt.date(2025, 6, 1))
    assert _labels(assignment) == ["Năm 2022", "Năm 2023"]


def test_unit_assigned_later_owes_no_report_already_due_before(published):
    """Obligations exist from assignment time on: no instant overdue for past periods."""
    obligations_sync_directive(directive=published.directive, today=dt.date(2022, 3, 1))
    with travel("2022-03-01"):
        (late,) = item_assign(item=published.continuous, actor=published.reviewer,
                              units=[published.youth], today=dt.date(2022, 3, 1))
    assert _labels(late) == ["6 tháng đầu năm 2022"]
    earlier = assignment_for(published.continuous, published.district_a)
    assert _labels(earlier) == ["6 tháng cuối năm 2021", "6 tháng đầu năm 2022"]


@pytest.mark.parametrize("mode", [ResponsibilityItem.AssignmentMode.EACH, JOINT])
def test_accepted_completion_withdraws_the_later_periods_reports(world, mode):
    """Once the deliverable is accepted as done, the later quarters are no longer owed."""
    with travel("2022-01-11"):
        directive = _directive(world, "04-KH/TU", report_cadence=Cadence.QUARTERLY)
        item = _item(world, directive, deadline_mode=FIXED, due_on=dt.date(2022, 12, 31),
                     assignment_mode=mode, cadence=Cadence.QUARTERLY)
        lead_unit = {"lead_unit": world.district_a} if mode == JOINT else {}
        item_assign(item=item, actor=world.reviewer, units=[world.district_a], **lead_unit)
        directive_publish(directive=directive, actor=world.reviewer,
                          today=dt.date(2022, 1, 11))
    directive.refresh_from_db()
    obligations_sync_directive(directive=directive, today=dt.date(2022, 7, 1))
    lead = lead_of(item)
    first = lead.obligations.get(period__label="Quý I/2022")
    with travel("2022-03-10"):
        report = submit(first, world.reporter_a, completed=True, progress_percent=100)
        accept(report, world.reviewer)
    states = dict(lead.obligations.values_list("period__label", "state"))
    assert states == {"Quý I/2022": "accepted", "Quý II/2022": "withdrawn",
                      "Quý III/2022": "withdrawn"}
    lead.refresh_from_db()
    assert lead.state == Assignment.State.COMPLETED


def test_completion_writes_an_event_on_every_completed_assignment(published):
    lead = lead_of(published.fixed)
    with travel("2021-12-20"):
        report = submit(only_obligation(lead), published.reporter_a, completed=True)
        accept(report, published.reviewer)
    for assignment in published.fixed.assignments.all():
        event = events_for(assignment).get(verb="completed")
        assert (event.actor, event.from_status, event.to_status) == (
            published.reviewer, "open", "completed")
        assert event.data["report"] == report.pk


def test_directive_entered_late_owes_every_period_since_it_was_issued(world):
    """A 2021 directive typed in months later: assignments date from the directive."""
    with travel("2022-03-01"):
        item_assign(item=_item(world), actor=world.reviewer, units=[world.youth])
        directive_publish(directive=world.directive, actor=world.reviewer,
                          today=dt.date(2022, 3, 1))
    assignment = assignment_for(world.directive.items.get(), world.youth)
    assert _labels(assignment) == ["6 tháng cuối năm 2021", "6 tháng đầu năm 2022"]

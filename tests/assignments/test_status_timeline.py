"""Statuses "as of" a day (DESIGN §3): what was true at the end of each day."""

import datetime as dt

import pytest

from assignments.models import AssignmentStatus as A
from assignments.models import ObligationStatus as O
from assignments.models import ReportObligation
from directives.services import item_withdraw
from tests.assignments.helpers import (
    a_state,
    accept,
    assignment_for,
    lead_of,
    o_state,
    only_obligation,
    send_back,
    submit,
)
from tests.conftest import travel

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_a(published):
    """District A's semi-annual obligation of the continuous item (due 15/12/2021)."""
    return only_obligation(assignment_for(published.continuous, published.district_a))


def test_obligation_does_not_exist_before_the_directive_is_published(published, report_a):
    assert o_state(report_a, "2021-09-09") is None
    assert o_state(report_a, "2021-09-10").status == O.PENDING


def test_pending_until_the_due_day_then_overdue_counting_days(published, report_a):
    assert report_a.due_on == dt.date(2021, 12, 15)
    state = o_state(report_a, "2021-12-15")
    assert (state.status, state.days_overdue) == (O.PENDING, 0)
    state = o_state(report_a, "2021-12-16")
    assert (state.status, state.days_overdue) == (O.OVERDUE, 1)
    assert o_state(report_a, "2022-01-14").days_overdue == 30


def test_late_submission_accepted_later_reads_right_on_every_day(published, report_a):
    with travel("2021-12-20"):
        report = submit(report_a, published.reporter_a)
    with travel("2021-12-28"):
        accept(report, published.reviewer)

    before = o_state(report_a, "2021-12-19")
    assert (before.status, before.days_overdue) == (O.OVERDUE, 4)
    assert o_state(report_a, "2021-12-20").status == O.SUBMITTED
    assert o_state(report_a, "2021-12-27").status == O.SUBMITTED
    after = o_state(report_a, "2021-12-28")
    assert after.status == O.ACCEPTED_LATE
    assert after.days_overdue == 5
    assert after.effective_submitted_on == dt.date(2021, 12, 20)
    assert o_state(report_a, "2023-01-01").status == O.ACCEPTED_LATE


def test_on_time_submission_accepted_after_the_due_date_is_on_time(published, report_a):
    with travel("2021-12-10"):
        report = submit(report_a, published.reporter_a)
    with travel("2021-12-20"):
        accept(report, published.reviewer)
    # Waiting for review is never "overdue", even past the due date.
    state = o_state(report_a, "2021-12-18")
    assert (state.status, state.days_overdue) == (O.SUBMITTED, 0)
    state = o_state(report_a, "2021-12-20")
    assert (state.status, state.days_overdue) == (O.ACCEPTED_ON_TIME, 0)


def test_submission_on_the_due_day_late_in_the_evening_is_on_time(published, report_a):
    with travel("2021-12-15", hour=23, minute=30):
        report = submit(report_a, published.reporter_a)
    with travel("2021-12-16"):
        accept(report, published.reviewer)
    assert o_state(report_a, "2021-12-16").status == O.ACCEPTED_ON_TIME


def test_returned_report_shows_returned_and_counts_days_past_due(published, report_a):
    with travel("2021-12-10"):
        report = submit(report_a, published.reporter_a)
    with travel("2021-12-13"):
        send_back(report, published.reviewer)
    assert o_state(report_a, "2021-12-12").status == O.SUBMITTED
    state = o_state(report_a, "2021-12-13")
    assert (state.status, state.days_overdue) == (O.RETURNED, 0)
    state = o_state(report_a, "2021-12-17")
    assert (state.status, state.days_overdue) == (O.RETURNED, 2)


def test_fixed_item_lead_in_progress_then_overdue_then_done_late(published):
    lead = lead_of(published.fixed)
    cooperating = assignment_for(published.fixed, published.youth)
    state = a_state(lead, "2021-12-31")
    assert (state.status, state.days_overdue) == (A.IN_PROGRESS_ON_TIME, 0)
    state = a_state(lead, "2022-01-01")
    assert (state.status, state.days_overdue) == (A.IN_PROGRESS_OVERDUE, 1)

    with travel("2022-01-05"):
        report = submit(only_obligation(lead), published.reporter_a, completed=True,
                        progress_percent=100)
    with travel("2022-01-10"):
        accept(report, published.reviewer)

    state = a_state(lead, "2022-01-09")
    assert (state.status, state.days_overdue) == (A.IN_PROGRESS_OVERDUE, 9)
    state = a_state(lead, "2022-01-10")
    assert (state.status, state.days_overdue) == (A.DONE_LATE, 5)
    assert a_state(cooperating, "2022-01-10").status == A.DONE_LATE
    assert a_state(cooperating, "2022-01-09").status == A.IN_PROGRESS_OVERDUE


def test_fixed_item_done_on_time_only_once_the_completion_is_accepted(published):
    lead = lead_of(published.fixed)
    with travel("2021-12-30"):
        report = submit(only_obligation(lead), published.reporter_a, completed=True)
    with travel("2022-01-04"):
        accept(report, published.reviewer)
    assert a_state(lead, "2021-12-30").status == A.IN_PROGRESS_ON_TIME
    assert a_state(lead, "2022-01-03").status == A.IN_PROGRESS_OVERDUE
    state = a_state(lead, "2022-01-04")
    assert (state.status, state.days_overdue) == (A.DONE_ON_TIME, 0)
    lead.refresh_from_db()
    assert lead.state == lead.State.COMPLETED
    assert lead.completed_on == dt.date(2021, 12, 30)


def test_accepted_report_without_completion_claim_leaves_the_item_open(published):
    lead = lead_of(published.fixed)
    with travel("2021-12-30"):
        report = submit(only_obligation(lead), published.reporter_a, progress_percent=60)
    with travel("2021-12-31"):
        accept(report, published.reviewer)
    assert a_state(lead, "2022-01-02").status == A.IN_PROGRESS_OVERDUE
    assert o_state(only_obligation(lead), "2022-01-02").status == O.ACCEPTED_ON_TIME


def test_continuous_duty_is_ongoing_whatever_its_reports(published, report_a):
    assignment = assignment_for(published.continuous, published.district_a)
    assert a_state(assignment, "2021-10-01").status == A.ONGOING
    assert a_state(assignment, "2022-06-01").status == A.ONGOING
    with travel("2021-12-10"):
        report = submit(report_a, published.reporter_a, completed=True)
    with travel("2021-12-11"):
        accept(report, published.reviewer)
    assignment.refresh_from_db()
    assert assignment.state == assignment.State.OPEN
    assert a_state(assignment, "2022-06-01").status == A.ONGOING


def test_withdrawn_item_is_withdrawn_from_that_day_on(published):
    lead = lead_of(published.fixed)
    with travel("2021-11-20"):
        item_withdraw(item=published.fixed, actor=published.reviewer, reason="Trùng nhiệm vụ")
    assert a_state(lead, "2021-11-19").status == A.IN_PROGRESS_ON_TIME
    assert a_state(lead, "2021-11-20").status == A.WITHDRAWN
    assert a_state(lead, "2022-02-01").status == A.WITHDRAWN
    obligation = only_obligation(lead)
    assert obligation.state == ReportObligation.State.WITHDRAWN
    assert o_state(obligation, "2021-11-19").status == O.PENDING
    assert o_state(obligation, "2022-02-01").status == O.WITHDRAWN


def test_assignment_does_not_exist_before_it_was_made(published):
    assert a_state(lead_of(published.fixed), "2021-09-09") is None

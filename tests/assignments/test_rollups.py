"""Roll-ups: counts by status and rates over what is due, per directive, section, unit."""

import datetime as dt

import pytest

from assignments.models import AssignmentStatus as A
from assignments.models import ObligationStatus as O
from assignments.statuses import (
    AssignmentState,
    ObligationState,
    assignment_rollup,
    obligation_rollup,
)
from directives.services import item_update, section_create
from reports.summaries import directive_summary
from tests.assignments.helpers import accept, assignment_for, lead_of, only_obligation, submit
from tests.conftest import travel
from tracker.policy import SYSTEM

DAY = dt.date(2022, 1, 10)
PAST = dt.date(2022, 1, 1)
FUTURE = dt.date(2022, 2, 1)


def test_assignment_rates_are_over_due_items_only():
    states = [
        AssignmentState(A.DONE_ON_TIME, PAST, 0),
        AssignmentState(A.DONE_LATE, PAST, 3),
        AssignmentState(A.IN_PROGRESS_OVERDUE, PAST, 9),
        AssignmentState(A.IN_PROGRESS_ON_TIME, FUTURE, 0),
        AssignmentState(A.ONGOING, None, 0),
        AssignmentState(A.WITHDRAWN, PAST, 0),
    ]
    rollup = assignment_rollup(states, DAY)
    assert rollup["total"] == 6
    assert rollup["due"] == 3
    assert rollup["counts"][A.DONE_LATE] == 1
    assert rollup["done_on_time_rate"] == 33.3
    assert rollup["done_rate"] == 66.7
    assert rollup["overdue_rate"] == 33.3


def test_rates_are_none_when_nothing_is_due():
    rollup = assignment_rollup([AssignmentState(A.IN_PROGRESS_ON_TIME, FUTURE, 0)], DAY)
    assert rollup["due"] == 0 and rollup["done_rate"] is None
    assert obligation_rollup([ObligationState(O.PENDING, FUTURE, 0, None)], DAY)[
        "submitted_rate"] is None


def test_obligation_rollup_counts_due_reports_and_worst_delay():
    states = [
        ObligationState(O.ACCEPTED_ON_TIME, PAST, 0, PAST),
        ObligationState(O.ACCEPTED_LATE, PAST, 4, DAY),
        ObligationState(O.OVERDUE, PAST, 9, None),
        ObligationState(O.PENDING, FUTURE, 0, None),
        ObligationState(O.WITHDRAWN, PAST, 0, None),
    ]
    rollup = obligation_rollup(states, DAY)
    assert rollup["total"] == 4  # withdrawn ones are not counted
    assert rollup["due"] == 3
    assert rollup["submitted_rate"] == 66.7
    assert rollup["on_time_rate"] == 33.3
    assert rollup["overdue_count"] == 1
    assert rollup["max_days_overdue"] == 9


def test_a_report_sent_early_does_not_hide_an_overdue_one():
    """One report is overdue, another was sent before its due date: not 100% submitted."""
    states = [
        ObligationState(O.OVERDUE, PAST, 9, None),
        ObligationState(O.SUBMITTED, FUTURE, 0, DAY),
    ]
    rollup = obligation_rollup(states, DAY)
    assert rollup["submitted_rate"] == 50.0
    assert rollup["overdue_count"] == 1


@pytest.fixture
def history(published):
    """Sections for both items; A's semi-annual report on time, B's missing, the joint
    deliverable completed late."""
    w = published
    with travel("2021-09-11"):
        first = section_create(directive=w.directive, actor=w.reviewer,
                               addressee="Các huyện ủy, thành ủy")
        second = section_create(directive=w.directive, actor=w.reviewer,
                                addressee="Ban Thường vụ Tỉnh đoàn")
        item_update(item=w.continuous, actor=w.reviewer, section=first)
        item_update(item=w.fixed, actor=w.reviewer, section=second)
    with travel("2021-12-10"):
        report = submit(only_obligation(assignment_for(w.continuous, w.district_a)),
                        w.reporter_a)
    with travel("2021-12-14"):
        accept(report, w.reviewer)
    with travel("2022-01-05"):
        report = submit(only_obligation(lead_of(w.fixed)), w.reporter_a, completed=True)
    with travel("2022-01-10"):
        accept(report, w.reviewer)
    w.first, w.second = first, second
    return w


def _by(rows, key, value):
    (row,) = [r for r in rows if r[key] == value]
    return row


def test_summary_before_the_deliverable_is_due(history):
    summary = directive_summary(directive=history.directive, day=dt.date(2021, 12, 20), user=SYSTEM)
    assert summary["as_of"] == "2021-12-20"
    assignments = summary["assignments"]
    assert assignments["total"] == 4
    assert assignments["counts"][A.ONGOING] == 2
    assert assignments["counts"][A.IN_PROGRESS_ON_TIME] == 2
    assert assignments["due"] == 0
    obligations = summary["obligations"]
    assert obligations["total"] == 3
    assert obligations["due"] == 2
    assert obligations["submitted_rate"] == 50.0
    assert obligations["on_time_rate"] == 50.0
    assert obligations["max_days_overdue"] == 5
    (late,) = summary["overdue"]
    assert late["unit"] == history.district_b.pk
    assert (late["status"], late["days_overdue"], late["due_on"]) == ("overdue", 5, "2021-12-15")


def test_summary_per_section_and_per_unit_after_late_completion(history):
    summary = directive_summary(directive=history.directive, day=dt.date(2022, 1, 10), user=SYSTEM)
    first = _by(summary["sections"], "id", history.first.pk)
    second = _by(summary["sections"], "id", history.second.pk)
    assert first["assignments"]["counts"][A.ONGOING] == 2
    assert first["obligations"]["counts"][O.ACCEPTED_ON_TIME] == 1
    assert first["obligations"]["counts"][O.OVERDUE] == 1
    assert second["assignments"]["counts"][A.DONE_LATE] == 2
    assert second["assignments"]["done_rate"] == 100.0
    assert second["assignments"]["done_on_time_rate"] == 0.0
    assert second["obligations"]["counts"][O.ACCEPTED_LATE] == 1

    unit_a = _by(summary["units"], "id", history.district_a.pk)
    unit_b = _by(summary["units"], "id", history.district_b.pk)
    youth = _by(summary["units"], "id", history.youth.pk)
    assert unit_a["obligations"]["due"] == 2
    assert unit_a["obligations"]["on_time_rate"] == 50.0
    assert unit_a["assignments"]["counts"][A.DONE_LATE] == 1
    assert unit_b["obligations"]["overdue_count"] == 1
    assert unit_b["obligations"]["max_days_overdue"] == 26
    assert youth["obligations"]["total"] == 0  # cooperating units owe no reports
    assert youth["assignments"]["counts"][A.DONE_LATE] == 1


def test_summary_scoped_to_a_unit_user(history):
    summary = directive_summary(directive=history.directive, day=dt.date(2022, 1, 10),
                                user=history.reporter_b)
    assert [u["id"] for u in summary["units"]] == [history.district_b.pk]
    assert summary["assignments"]["total"] == 1
    assert summary["obligations"]["total"] == 1

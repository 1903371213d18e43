"""The weekly digest's "overdue" is the figure every other surface shows."""

import datetime as dt

import pytest

from assignments.reminders.letters import _digest_stats
from reports.summaries import directive_summary
from tests.assignments.helpers import send_back, submit
from tests.conftest import travel
from tracker.policy import SYSTEM

pytestmark = pytest.mark.django_db


def test_a_report_sent_back_past_its_due_date_is_overdue_in_the_digest_as_on_the_dashboard(
        ladder_world):
    w = ladder_world
    with travel("2021-12-10"):
        report = submit(w.half, w.reporter_a)
    with travel("2021-12-20", 10):
        # Returned after its due date (15/12), with a resubmit date still ahead.
        send_back(report, w.reviewer, resubmit_by=dt.date(2021, 12, 27))
    day = dt.date(2021, 12, 21)
    summary = directive_summary(directive=w.directive, day=day, user=SYSTEM)
    overdue = {row["obligation"] for row in summary["overdue"]}
    assert w.half.pk in overdue
    digest = _digest_stats(day)[w.directive.pk]
    assert digest["overdue"] == len(summary["overdue"])
    assert digest["returned"] == 1
    # The units named as late are those with overdue obligations, the returned one included.
    assert w.district_a.name in [name for name, _n, _days in digest["late_units"]]

"""Small helpers shared by the foundation's tests: write a report, read a status."""

import datetime as dt

from assignments.models import Assignment, ReportObligation
from assignments.selectors import assignment_states, obligation_states
from reports.services import report_accept, report_create, report_return, report_submit


def day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def only_obligation(assignment: Assignment) -> ReportObligation:
    (obligation,) = assignment.obligations.all()
    return obligation


def lead_of(item) -> Assignment:
    return item.assignments.get(role=Assignment.Role.LEAD)


def assignment_for(item, unit) -> Assignment:
    return item.assignments.get(unit=unit)


def draft(obligation: ReportObligation, author, **fields):
    fields.setdefault("results_text", "Đã tổ chức quán triệt đến 100% chi bộ.")
    return report_create(obligation=obligation, author=author, **fields)


def submit(obligation: ReportObligation, author, **fields):
    return report_submit(report=draft(obligation, author, **fields), actor=author)


def accept(report, reviewer, comment: str = ""):
    return report_accept(report=report, actor=reviewer, comment=comment)


def send_back(report, reviewer, comment: str = "Bổ sung số liệu.", **kwargs):
    return report_return(report=report, actor=reviewer, comment=comment, **kwargs)


def o_state(obligation: ReportObligation, on: dt.date | str):
    on = day(on) if isinstance(on, str) else on
    return obligation_states(ReportObligation.objects.filter(pk=obligation.pk), on).get(
        obligation.pk)


def a_state(assignment: Assignment, on: dt.date | str):
    on = day(on) if isinstance(on, str) else on
    return assignment_states(Assignment.objects.filter(pk=assignment.pk), on).get(assignment.pk)

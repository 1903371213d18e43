"""Who is told about what: in-app notifications for workflow changes.

Delivery over other channels (email, later SMS) reads the Notification rows; see
`tracker.channels`.
"""

import contextlib
import contextvars

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from .models import Membership, Notification

_muted: contextvars.ContextVar[bool] = contextvars.ContextVar("notify_muted", default=False)


@contextlib.contextmanager
def muted():
    """Record history without telling anyone (used when loading past data)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def is_muted() -> bool:
    return _muted.get()


TITLES = {
    "report_submitted": "Báo cáo mới chờ thẩm định: {unit} — {period}",
    "report_accepted": "Báo cáo đã được chấp nhận: {period}",
    "report_returned": "Báo cáo bị trả lại, cần nộp lại: {period}",
}


def _link(name: str, pk: int) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


@transaction.atomic
def report_changed(*, kind: str, report_id: int) -> list[Notification]:
    from reports.models import ProgressReport

    if is_muted():
        return []
    report = (ProgressReport.objects
              .select_related("obligation__period", "obligation__assignment__item__directive")
              .filter(pk=report_id).first())
    if report is None:
        return []
    assignment = report.obligation.assignment
    directive = assignment.item.directive
    if kind == "report_submitted":
        unit_id, roles = directive.supervising_unit_id, [Membership.Role.REVIEWER]
    else:
        unit_id, roles = assignment.unit_id, [Membership.Role.REPORTER, Membership.Role.UNIT_HEAD]
    users = get_user_model().objects.filter(
        memberships__unit_id=unit_id, memberships__role__in=roles, is_active=True
    ).distinct()
    title = TITLES[kind].format(unit=report.unit_name, period=report.obligation.period.label)
    body = f"{directive.number}: {assignment.item.content[:200]}"
    link = _link("web:report-detail", report.pk)
    rows = [Notification(recipient=u, kind=kind, title=title[:255], body=body, link=link)
            for u in users]
    return Notification.objects.bulk_create(rows)

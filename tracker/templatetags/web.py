"""Template helpers for the web pages: dates, status badges, the shell (roles, bell)."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import AssignmentStatus, ObligationStatus
from assignments.statuses import labels
from reports.models import ProgressReport
from tracker.timeutil import LOCAL_TZ

register = template.Library()

# Status → CSS tone. One palette for every page (badges, matrix cells, chart bars).
TONES = {
    ObligationStatus.PENDING: "pending",
    ObligationStatus.OVERDUE: "overdue",
    ObligationStatus.SUBMITTED: "submitted",
    ObligationStatus.RETURNED: "returned",
    ObligationStatus.ACCEPTED_ON_TIME: "ok",
    ObligationStatus.ACCEPTED_LATE: "late",
    ObligationStatus.WITHDRAWN: "muted",
    AssignmentStatus.IN_PROGRESS_ON_TIME: "pending",
    AssignmentStatus.IN_PROGRESS_OVERDUE: "overdue",
    AssignmentStatus.DONE_ON_TIME: "ok",
    AssignmentStatus.DONE_LATE: "late",
    AssignmentStatus.ONGOING: "submitted",
    ProgressReport.Status.DRAFT: "muted",
    ProgressReport.Status.ACCEPTED: "ok",
    "approved": "ok",
    "rejected": "overdue",
    "active": "ok",
    "draft": "muted",
    "closed": "muted",
}


@register.filter
def vndate(value) -> str:
    """dd/mm/yyyy, in Asia/Ho_Chi_Minh for moments."""
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value, LOCAL_TZ).date()
    return f"{value:%d/%m/%Y}"


@register.filter
def vndatetime(value) -> str:
    if not value:
        return ""
    return f"{timezone.localtime(value, LOCAL_TZ):%H:%M %d/%m/%Y}"


@register.filter
def tone(status) -> str:
    return TONES.get(str(status), "muted")


@register.filter
def obligation_label(status) -> str:
    return labels.obligation_label(status)


@register.filter
def assignment_label(status) -> str:
    return labels.assignment_label(status)


@register.filter
def pct(value) -> str:
    if value is None:
        return "—"
    return f"{value:g}%".replace(".", ",")


@register.filter
def width(value) -> str:
    """A percentage for a CSS width (never above 100, never localised)."""
    try:
        number = max(0.0, min(100.0, float(value or 0)))
    except (TypeError, ValueError):
        number = 0.0
    return f"{number:.1f}%"


@register.filter
def share(part, whole) -> str:
    try:
        return width(100.0 * float(part) / float(whole)) if whole else "0%"
    except (TypeError, ValueError):
        return "0%"


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key, 0)
    except AttributeError:
        return None


@register.simple_tag
def days_phrase(state, today=None) -> str:
    """"còn 5 ngày", "hôm nay", "quá hạn 3 ngày" for an obligation state."""
    if state is None:
        return ""
    if state.days_overdue:
        return _("quá hạn %(n)s ngày") % {"n": state.days_overdue}
    if state.status in (ObligationStatus.PENDING, ObligationStatus.RETURNED) and today:
        left = (state.due_on - today).days
        if left == 0:
            return _("hạn hôm nay")
        return _("còn %(n)s ngày") % {"n": left}
    return ""


@register.simple_tag(takes_context=True)
def shell(context) -> dict:
    """Roles and the unread count for the navigation bar (computed once per page)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(request, "_web_shell", None)
    if cached is None:
        from tracker.web.queries import roles_of, unread_count, user_units

        cached = {"roles": roles_of(user), "unread": unread_count(user),
                  "units": list(user_units(user))}
        request._web_shell = cached
    return cached

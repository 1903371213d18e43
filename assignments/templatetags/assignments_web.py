"""Template helpers for pages that show assignment and obligation statuses:
`{% load assignments_web %}`."""

from django import template
from django.utils.translation import gettext as _

from assignments.models import ObligationStatus
from assignments.statuses import labels

register = template.Library()


@register.filter
def obligation_label(status) -> str:
    return labels.obligation_label(status)


@register.filter
def assignment_label(status) -> str:
    return labels.assignment_label(status)


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


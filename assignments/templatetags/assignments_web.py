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



# A shape per obligation status, so that the compliance matrix and its legend say the
# status by shape and text too, never by colour alone.
STATUS_SYMBOLS = {
    ObligationStatus.ACCEPTED_ON_TIME: "✓",
    ObligationStatus.ACCEPTED_LATE: "◑",
    ObligationStatus.SUBMITTED: "…",
    ObligationStatus.RETURNED: "↺",
    ObligationStatus.OVERDUE: "!",
    ObligationStatus.PENDING: "○",
    ObligationStatus.WITHDRAWN: "–",
}


@register.simple_tag
def status_symbol(status) -> str:
    return STATUS_SYMBOLS.get(status, "•")


@register.simple_tag
def matrix_cell_text(unit, state, period) -> str:
    """A matrix cell's tooltip and accessible name: unit, period, status, due date and
    days overdue ("Huyện ủy A — Quý I/2022: Chưa nộp, quá hạn; hạn 31/03/2022; quá hạn
    5 ngày")."""
    from tracker.period_labels import localized_period_label
    from tracker.templatetags.web import vndate

    parts = [_("%(unit)s — %(period)s: %(status)s") % {
        "unit": unit.name, "period": localized_period_label(period.label) if period else "",
        "status": labels.obligation_label(state.status)}]
    if state.due_on:
        parts.append(_("hạn %(d)s") % {"d": vndate(state.due_on)})
    if state.days_overdue:
        parts.append(_("quá hạn %(n)s ngày") % {"n": state.days_overdue})
    return "; ".join(parts)

"""Template helpers for pages that show assignment and obligation statuses:
`{% load assignments_web %}`."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assignments.models import ObligationStatus
from assignments.statuses import labels
from tracker.models import UnitGroup

register = template.Library()


@register.filter
def obligation_label(status) -> str:
    return labels.obligation_label(status)


@register.filter
def assignment_label(status) -> str:
    return labels.assignment_label(status)


def _days_late(days: int) -> str:
    """"quá hạn 1.453 ngày" (the plural of the reader's language, the number in
    Vietnamese form)."""
    from tracker.numbers import vnnum

    return ngettext("quá hạn %(days)s ngày", "quá hạn %(days)s ngày", days) % {
        "days": vnnum(days)}


@register.simple_tag
def days_phrase(state, today=None) -> str:
    """"còn 5 ngày", "hôm nay", "quá hạn 3 ngày" for an obligation state."""
    if state is None:
        return ""
    from tracker.numbers import vnnum

    if state.days_overdue:
        return _days_late(state.days_overdue)
    if state.status in (ObligationStatus.PENDING, ObligationStatus.RETURNED) and today:
        left = (state.due_on - today).days
        if left == 0:
            return _("hạn hôm nay")
        return ngettext("còn %(days)s ngày", "còn %(days)s ngày", left) % {
            "days": vnnum(left)}
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
    return _cell_label(unit.name, _period_text(period), state)


def _period_text(period) -> str:
    from tracker.period_labels import localized_period_label

    return localized_period_label(period.label) if period else ""


def _cell_label(unit_name: str, period_text: str, state) -> str:
    return _CellLabels()(unit_name, period_text, state)


class _CellLabels:
    """Writes matrix cell labels, translating each wording once per page rather than
    once per cell (a matrix of 510 cells spent 20 ms in gettext)."""

    def __init__(self):
        self.head = _("%(unit)s — %(period)s: %(status)s")
        self.due = _("hạn %(d)s")
        self.statuses: dict[str, str] = {}
        self.dates: dict = {}
        self.late: dict[int, str] = {}

    def __call__(self, unit_name: str, period_text: str, state) -> str:
        from tracker.templatetags.web import vndate

        status = self.statuses.get(state.status)
        if status is None:
            status = self.statuses[state.status] = str(labels.obligation_label(state.status))
        parts = [self.head % {"unit": unit_name, "period": period_text, "status": status}]
        if state.due_on:
            due = self.dates.get(state.due_on)
            if due is None:
                due = self.dates[state.due_on] = self.due % {"d": vndate(state.due_on)}
            parts.append(due)
        if state.days_overdue:
            late = self.late.get(state.days_overdue)
            if late is None:
                late = self.late[state.days_overdue] = _days_late(state.days_overdue)
            parts.append(late)
        return "; ".join(parts)


class _MatrixRow:
    """What every row of one matrix page shares: the cell label writer and the two
    fixed cells, made once per rendering (`context.render_context`)."""

    def __init__(self):
        from html import escape

        self.label = _CellLabels()
        self.coop = (f'<td class="cell cell-coop" title="{escape(_("Phối hợp"))}">'
                     f'<span>{escape(_("PH"))}</span></td>')
        self.no_report = ('<td class="cell cell-coop" title="'
                          f'{escape(_("Không có báo cáo trong kỳ này"))}">·</td>')


@register.simple_tag(takes_context=True)
def matrix_cells(context, row, period=None) -> str:
    """The cells of one row of the compliance matrix, written in one pass: through the
    template, its units × items cells (each with two URLs, a tone, a shape and a label)
    took most of the page's time. A status is said by colour, shape (`status_symbol`)
    and text: each cell's tooltip and accessible name is `matrix_cell_text`."""
    from html import escape

    from django.utils.safestring import mark_safe

    from tracker.templatetags.web import id_url, tone

    shared = context.render_context.get(_MatrixRow)
    if shared is None:
        shared = context.render_context[_MatrixRow] = _MatrixRow()
    unit_name, period_text = row["unit"].name, _period_text(period)  # once per row
    out = []
    for cell in row["cells"]:
        if not cell:
            out.append('<td class="cell cell-none"></td>')
        elif not cell.get("state"):
            out.append(shared.coop if cell["role"] == "cooperating" else shared.no_report)
        else:
            state = cell["state"]
            label = escape(shared.label(unit_name, period_text, state))
            href = (id_url(cell["report"], "web:report-detail") if cell.get("report")
                    else id_url(cell["obligation"], "web:obligation-detail"))
            shape = status_symbol(state.status) + (str(state.days_overdue)
                                                   if state.days_overdue else "")
            out.append(f'<td class="cell tone-{escape(tone(state.status))} '
                       f'st-{escape(state.status)}" title="{label}">'
                       f'<a href="{escape(href)}" aria-label="{label}">'
                       f'<span aria-hidden="true">{escape(shape)}</span></a></td>')
    return mark_safe("".join(out))  # noqa: S308 (every value escaped above)


@register.filter
def on_side(units, side: str) -> list:
    """A reorganisation's units on one side ("source": the old units, "target": the
    successors), in their order: each side is listed with its own separators."""
    return [u for u in units if u.side == side]


@register.simple_tag
def unit_group_name(listing) -> str:
    """The name of the unit group an obligation list is filtered by (`?unit_group=`: a
    matrix column header's link carries it), or "" without one. The filter is not in the
    list's form, so the page says it in words."""
    pk = listing.filterset.form.cleaned_data.get("unit_group") if listing.valid else None
    if not pk:
        return ""
    return UnitGroup.objects.filter(pk=pk).values_list("name", flat=True).first() or ""

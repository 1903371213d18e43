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



def _url_maker(name: str):
    """f(pk) -> the URL of `name` for pk, reversed once (the matrix has thousands)."""
    from django.urls import reverse

    marker = 987654321
    head, tail = reverse(name, args=[marker]).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


_MARKS = {ObligationStatus.ACCEPTED_ON_TIME: "✓", ObligationStatus.SUBMITTED: "…",
          ObligationStatus.PENDING: "○"}


@register.simple_tag
def matrix_cells(row) -> str:
    """The cells of one row of the compliance matrix, written in one pass: through the
    template, its units × items cells (each with two URLs, a tone, a label and a phrase)
    took most of the page's time. The same cells as reports/directive_matrix.html drew."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from tracker.templatetags.web import tone

    report_url = _url_maker("web:report-detail")
    obligation_url = _url_maker("web:obligation-detail")
    unit_name = row["unit"].name
    out = []
    for cell in row["cells"]:
        if not cell:
            out.append('<td class="cell cell-none"></td>')
        elif not cell.get("state"):
            if cell["role"] == "cooperating":
                out.append(f'<td class="cell cell-coop" title="{escape(_("Phối hợp"))}">'
                           f'<span>{escape(_("PH"))}</span></td>')
            else:
                out.append('<td class="cell cell-coop" title="'
                           f'{escape(_("Không có báo cáo trong kỳ này"))}">·</td>')
        else:
            state = cell["state"]
            title = f"{unit_name} — {labels.obligation_label(state.status)}"
            if state.days_overdue:
                title += f" ({days_phrase(state)})"
            href = (report_url(cell["report"]) if cell.get("report")
                    else obligation_url(cell["obligation"]))
            text = (str(state.days_overdue) if state.days_overdue
                    else _MARKS.get(state.status, "•"))
            out.append(f'<td class="cell tone-{escape(tone(state.status))}" '
                       f'title="{escape(title)}"><a href="{escape(href)}">{text}</a></td>')
    return mark_safe("".join(out))  # noqa: S308 (every value escaped above)

"""Template helpers for every app's pages: dates, status tones, the shell (roles, bell).

Helpers that need a domain app live in that app's library (e.g. assignments_web)."""

import datetime as dt

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tracker.numbers import vnnum
from tracker.period_labels import localized_period_label
from tracker.timeutil import LOCAL_TZ

register = template.Library()

# Status → CSS tone. One palette for every page (badges, matrix cells, chart bars); each
# app adds the tones of its own statuses when it loads (its AppConfig.ready).
TONES: dict[str, str] = {}


def tones_add(tones: dict) -> None:
    """Give statuses their tone (a status's value, e.g. "overdue", to a CSS tone)."""
    TONES.update({str(status): value for status, value in tones.items()})


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
def period_label(label) -> str:
    """A stored period label ("Quý IV/2026") in the page's language."""
    return localized_period_label(label)


# A page taking one integer id, reversed once per URL name and script prefix: the
# dashboard links some 100 rows, and `{% url %}` resolves each anew (~30 µs).
_ID_SENTINEL = 987654321987
_ID_URLS: dict[tuple[str, str], tuple[str, str]] = {}


@register.filter
def id_url(pk, name: str) -> str:
    """`{{ unit.pk|id_url:"web:unit-detail" }}`: the same URL as `{% url name pk %}`."""
    key = (name, get_script_prefix())
    parts = _ID_URLS.get(key)
    if parts is None:
        before, _sentinel, after = reverse(name, args=[_ID_SENTINEL]).partition(
            str(_ID_SENTINEL))
        parts = _ID_URLS[key] = (before, after)
    return f"{parts[0]}{int(pk)}{parts[1]}"


@register.filter
def tone(status) -> str:
    return TONES.get(str(status), "muted")


register.filter("vnnum", vnnum)


@register.filter
def pct(value) -> str:
    if value is None:
        return "—"
    return f"{vnnum(value, 1)}%"


# Bar widths and heights are classes (.w-0 … .w-100, .h-0 … .h-100 in static/css/app.css),
# never style="…" attributes: the Content-Security-Policy has no 'unsafe-inline' for styles.


def _percent(value) -> float:
    try:
        return max(0.0, min(100.0, float(value or 0)))
    except (TypeError, ValueError):
        return 0.0


@register.filter
def wcls(value) -> str:
    """A percentage as a width class: 37.6 → "w-38" (clamped to 0–100)."""
    return f"w-{round(_percent(value))}"


@register.filter
def hcls(value) -> str:
    """A percentage as a height class: 37.6 → "h-38" (clamped to 0–100)."""
    return f"h-{round(_percent(value))}"


@register.simple_tag(takes_context=True)
def query_with(context, key: str, value) -> str:
    """The page's query string with `key` set to `value` (as {% querystring key=value %},
    for a key the template receives as a variable: the pager of a chart)."""
    query = context["request"].GET.copy()
    query[key] = value
    return f"?{query.urlencode()}"


@register.simple_tag
def bar_widths(whole, *parts) -> list[str]:
    """Width classes for the segments of one stacked bar, each part's share of `whole`
    in whole percent. Largest remainder: the segments add up to the rounded total, so a
    full bar stays full (33 + 33 + 34, not 33 + 33 + 33)."""
    try:
        whole = float(whole or 0)
        exact = [100.0 * float(part or 0) / whole if whole else 0.0 for part in parts]
    except (TypeError, ValueError):
        return ["w-0"] * len(parts)
    exact = [_percent(share) for share in exact]
    floors = [int(share) for share in exact]
    missing = min(100, round(sum(exact))) - sum(floors)
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in by_remainder[:max(0, missing)]:
        floors[i] += 1
    return [f"w-{min(100, n)}" for n in floors]


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key, 0)
    except AttributeError:
        return None


@register.simple_tag(takes_context=True)
def shell(context) -> dict:
    """Roles and the unread count for the navigation bar (computed once per page)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(request, "_web_shell", None)
    if cached is None:
        from tracker.selectors import roles_of, unread_count, user_units

        units = list(user_units(user))
        # Every unit dissolved or merged (issue 17): the page says so (policy.is_stranded).
        stranded = (bool(units) and not user.is_superuser
                    and not any(u.is_active for u in units))
        cached = {"roles": roles_of(user), "unread": unread_count(user),
                  "units": units, "stranded": stranded}
        request._web_shell = cached
    return cached


# The segments of a report-status bar: (status key, tone, label), in the bar's order.
_STATUS_SEGMENTS = (
    ("accepted_on_time", "ok", _lazy("Đạt, đúng hạn")),
    ("accepted_late", "late", _lazy("Đạt, nộp muộn")),
    ("submitted", "submitted", _lazy("Chờ thẩm định")),
    ("returned", "returned", _lazy("Trả lại")),
    ("overdue", "overdue", _lazy("Chưa nộp, quá hạn")),
    ("pending", "pending", _lazy("Chưa nộp, còn hạn")),
)


# The narrowest segment that is also a link, in percent of its bar: drawn to scale, a
# linked segment must still be a 24 px target (WCAG 2.5.8) on the narrowest bar drawn, the
# directive chart's 80 px in a 1024 px window (150 px on a phone).
LINKED_SEGMENT_MIN = 30


@register.simple_tag
def status_bar(roll, links=None) -> str:
    """A stacked bar of an obligation roll-up's statuses (`counts`, `total`), written in
    one pass (the dashboard draws a page of them): each segment's width its share, drawn
    to scale, its status in a tooltip; with `links` (status → URL), a segment at least
    LINKED_SEGMENT_MIN percent wide opens its list (narrower ones stay drawn, their
    lists a click away on the directive's page)."""
    from html import escape

    from django.utils.safestring import mark_safe

    counts, total = roll.get("counts") or {}, roll.get("total")
    role = 'role="group"' if links else 'role="img"'
    out = [f'<div class="stackbar{" linked" if links else ""}" {role} '
           f'aria-label="{escape(str(_("Tình trạng báo cáo")))}">']
    if total:
        widths = bar_widths(total, *(counts.get(key) for key, _t, _l in _STATUS_SEGMENTS))
        for (key, tone_name, label), width in zip(_STATUS_SEGMENTS, widths, strict=True):
            n = counts.get(key)
            title = escape(f"{label}: {vnnum(n)}")  # 746.300, the Vietnamese form
            href = links.get(key) if links else None
            if href and n and int(width[2:]) >= LINKED_SEGMENT_MIN:
                out.append(f'<a class="seg tone-{tone_name} {width}" '
                           f'href="{escape(href)}" title="{title}"></a>')
            elif links and n:  # drawn, not a link: named for screen readers all the same
                out.append(f'<span class="seg tone-{tone_name} {width}" role="img" '
                           f'aria-label="{title}" title="{title}"></span>')
            elif not links:
                out.append(f'<span class="seg tone-{tone_name} {width}" title="{title}"></span>')
    out.append("</div>")
    return mark_safe("".join(out))  # noqa: S308 (every value escaped above)


@register.simple_tag
def unit_status_bar(unit_rates) -> str:
    """A unit's bar of the dashboard's chart (its `due`, `on_time`, `late`, `overdue` and their
    `links`): the same bar as `status_bar`, of those three statuses out of the reports due."""
    links = unit_rates.get("links") or {}
    roll = {"total": unit_rates.get("due"),
            "counts": {"accepted_on_time": unit_rates.get("on_time"),
                       "accepted_late": unit_rates.get("late"),
                       "overdue": unit_rates.get("overdue")}}
    return status_bar(roll, {"accepted_on_time": links.get("on_time"),
                             "accepted_late": links.get("late"),
                             "overdue": links.get("overdue")})

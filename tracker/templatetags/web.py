"""Template helpers for every app's pages: dates, status tones, the shell (roles, bell).

Helpers that need a domain app live in that app's library (e.g. assignments_web)."""

import datetime as dt

from django import template
from django.utils import timezone

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
def tone(status) -> str:
    return TONES.get(str(status), "muted")


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

        cached = {"roles": roles_of(user), "unread": unread_count(user),
                  "units": list(user_units(user))}
        request._web_shell = cached
    return cached

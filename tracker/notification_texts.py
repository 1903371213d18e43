"""What each kind of notification says: one (title, text) pair of templates per kind.

A notification stores its kind's parameters (`Notification.params`: names, numbers, ISO
dates) and is rendered in the reader's language when it is shown (web list, API); the
stored `title` and `text` are the Vietnamese rendering, written once for the emails
(Vietnamese, the default language) and as the fallback for rows without parameters.

The templates are msgids (Vietnamese sources, English in locale/en). A template whose
parameter is missing, or a kind without templates, falls back to the stored columns.

A reminder is composed from pieces (the sections it holds, its first item or digest
line, how many more): its parameters and pieces are at the end, with the functions the
reminder sweep also writes its letters with, so each sentence has one owner.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from tracker.period_labels import localized_period_label


class NotificationKind(models.TextChoices):
    """What a notification is about (`Notification.Kind`)."""

    REMINDER = "reminder", _("Nhắc việc")
    REPORT_SUBMITTED = "report_submitted", _("Báo cáo mới chờ thẩm định")
    REPORT_ACCEPTED = "report_accepted", _("Báo cáo đã được chấp nhận")
    REPORT_RETURNED = "report_returned", _("Báo cáo bị trả lại")
    REPORT_COMMENTED = "report_commented", _("Trao đổi mới về báo cáo")
    EXTENSION_REQUESTED = "extension_requested", _("Đề nghị gia hạn")
    EXTENSION_APPROVED = "extension_approved", _("Đề nghị gia hạn được chấp thuận")
    EXTENSION_REJECTED = "extension_rejected", _("Đề nghị gia hạn không được chấp thuận")
    DUE_DATE_CHANGED = "due_date_changed", _("Thời hạn báo cáo thay đổi")
    DIRECTIVE_PUBLISHED = "directive_published", _("Văn bản mới được ban hành")


Kind = NotificationKind


class Message(NamedTuple):
    """A kind's title and text templates, and an optional sentence added to the text
    when its parameter is present and not blank (a reviewer's comment, a note)."""

    title: str
    text: str
    extra: tuple[str, str] | None = None  # (parameter, template)


MESSAGES: dict[str, Message] = {
    Kind.REPORT_SUBMITTED: Message(
        _("Báo cáo mới chờ thẩm định: %(unit)s — %(period)s"),
        _("%(number)s: %(content)s"),
        ("comment", _("Ý kiến: %(comment)s"))),
    Kind.REPORT_ACCEPTED: Message(
        _("Báo cáo đã được chấp nhận: %(period)s"),
        _("%(number)s: %(content)s"),
        ("comment", _("Ý kiến: %(comment)s"))),
    Kind.REPORT_RETURNED: Message(
        _("Báo cáo bị trả lại, cần nộp lại: %(period)s"),
        _("%(number)s: %(content)s"),
        ("comment", _("Ý kiến: %(comment)s"))),
    Kind.REPORT_COMMENTED: Message(
        _("Trao đổi mới về báo cáo: %(unit)s — %(period)s"),
        _("%(number)s: %(content)s"),
        ("comment", _("Nội dung: %(comment)s"))),
    Kind.EXTENSION_REQUESTED: Message(
        _("Đề nghị gia hạn chờ quyết định: %(unit)s — %(period)s"),
        _("%(number)s: xin gia hạn từ %(current)s đến %(requested)s. Lý do: %(reason)s")),
    Kind.EXTENSION_APPROVED: Message(
        _("Đã chấp thuận gia hạn đến %(date)s: %(period)s"),
        _("Hạn báo cáo mới: %(date)s. %(number)s: %(content)s"),
        ("note", _("Ghi chú: %(note)s"))),
    Kind.EXTENSION_REJECTED: Message(
        _("Không chấp thuận gia hạn: %(period)s"),
        _("%(number)s: hạn vẫn là %(due)s. Lý do: %(note)s")),
    Kind.DUE_DATE_CHANGED: Message(
        _("Thời hạn báo cáo thay đổi: %(period)s — hạn mới %(new)s"),
        _("%(number)s: hạn đổi từ %(old)s thành %(new)s. Lý do: %(reason)s")),
    Kind.DIRECTIVE_PUBLISHED: Message(
        _("Văn bản mới cần thực hiện: %(number)s"),
        ngettext_lazy("%(title)s — %(n)d nhiệm vụ giao cho %(unit)s.",
                      "%(title)s — %(n)d nhiệm vụ giao cho %(unit)s.", "n")),
}

# Parameters holding a date: stored ISO (YYYY-MM-DD), shown dd/mm/yyyy.
DATE_PARAMS = frozenset({"current", "requested", "date", "due", "old", "new"})

TITLE_LIMIT, TEXT_LIMIT = 255, 500


def date_param(value: dt.date) -> str:
    """How a date is stored in `params`."""
    return value.isoformat()


def _shown(params: dict) -> dict:
    values = dict(params)
    if isinstance(values.get("period"), str):
        values["period"] = localized_period_label(values["period"])
    for key in DATE_PARAMS & values.keys():
        try:
            values[key] = f"{dt.date.fromisoformat(str(values[key])):%d/%m/%Y}"
        except ValueError:
            pass
    return values


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _render_message(kind: str, params: dict) -> tuple[str, str]:
    message = MESSAGES[kind]
    values = _shown(params)
    title = str(message.title) % values
    text = str(message.text % values)
    if message.extra and str(values.get(message.extra[0]) or "").strip():
        text += " " + str(message.extra[1]) % values
    return title, text


def render(kind: str, params: dict, *, language: str | None = None) -> tuple[str, str] | None:
    """(title, text) of a notice of `kind` in `language` (default: the active one);
    None when the kind has no templates or `params` does not fill them."""
    if kind == Kind.REMINDER:
        renderer = _render_reminder
    elif kind in MESSAGES:
        renderer = _render_message
    else:
        return None
    if not isinstance(params, dict) or not params:
        return None
    with translation.override(language or translation.get_language()):
        try:
            title, text = renderer(kind, params)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
    return _shorten(title, TITLE_LIMIT), _shorten(text, TEXT_LIMIT)


def render_stored(kind: str, params: dict) -> tuple[str, str]:
    """The Vietnamese rendering written to the `title` and `text` columns."""
    rendered = render(kind, params, language=settings.LANGUAGE_CODE)
    if rendered is None:
        raise ValueError(f"notification {kind!r}: parameters do not fill its templates")
    return rendered


def shown(notification) -> tuple[str, str]:
    """The notification's title and text in the active language; the stored ones for
    rows without parameters (written before they existed, or reminders)."""
    rendered = render(notification.kind, notification.params or {})
    return rendered or (notification.title, notification.text)


# --- reminders ---------------------------------------------------------------------------
# params: {"date": ISO day of the sweep, "own": n, "chase": n, "week"/"year" (a weekly
# digest), "item": the first item's fields (see `reminder_item_params`) or "digest": the
# first directive's figures, "more": how many more items the letter lists}.

REMINDER_TITLE = _("Nhắc việc ngày %(date)s: %(parts)s")
REMINDER_OWN = ngettext_lazy("%(n)d báo cáo của đơn vị cần nộp",
                             "%(n)d báo cáo của đơn vị cần nộp", "n")
REMINDER_CHASE = ngettext_lazy("%(n)d báo cáo quá hạn cần đôn đốc",
                               "%(n)d báo cáo quá hạn cần đôn đốc", "n")
REMINDER_WEEK = _("tổng hợp tuần %(week)d/%(year)d")
REMINDER_MORE = ngettext_lazy("(và %(n)d báo cáo khác)", "(và %(n)d báo cáo khác)", "n")
DIGEST_LINE = _("• %(number)s: %(overdue)d báo cáo quá hạn, %(soon)d báo cáo đến hạn "
                "trong 7 ngày tới, %(waiting)d báo cáo chờ thẩm định, %(returned)d "
                "báo cáo bị trả lại chưa nộp lại.")


def reminder_item_params(*, unit: str, number: str, period: str, returned: bool,
                         base: dt.date, days: int) -> dict:
    """An obligation line's parameters (`days`: left if >= 0, overdue if < 0)."""
    return {"unit": unit, "number": number, "period": period, "returned": returned,
            "base": date_param(base), "days": days}


def reminder_item_summary(item: dict) -> str:
    """"unit — number — period — due … (n days left)": an obligation line's head."""
    day = f"{dt.date.fromisoformat(item['base']):%d/%m/%Y}"
    if item["returned"]:
        when = _("bị trả lại, hạn nộp lại %(date)s") % {"date": day}
    else:
        when = _("hạn %(date)s") % {"date": day}
    from tracker.numbers import vnnum

    days = int(item["days"])
    if days > 0:
        state = ngettext("còn %(days)s ngày", "còn %(days)s ngày", days) % {
            "days": vnnum(days)}
    elif days == 0:
        state = _("đến hạn hôm nay")
    else:
        state = ngettext("quá hạn %(days)s ngày", "quá hạn %(days)s ngày", -days) % {
            "days": vnnum(-days)}
    return f"{item['unit']} — {item['number']} — {item['period']} — {when} ({state})"


def reminder_title(params: dict) -> str:
    parts = []
    if params.get("own"):
        parts.append(REMINDER_OWN % {"n": params["own"]})
    if params.get("chase"):
        parts.append(REMINDER_CHASE % {"n": params["chase"]})
    if params.get("week"):
        parts.append(REMINDER_WEEK % {"week": params["week"], "year": params["year"]})
    day = f"{dt.date.fromisoformat(params['date']):%d/%m/%Y}"
    return str(REMINDER_TITLE) % {"date": day, "parts": "; ".join(str(p) for p in parts)}


def reminder_text(params: dict) -> str:
    if params.get("item"):
        text = reminder_item_summary(params["item"])
    elif params.get("digest"):
        text = str(DIGEST_LINE % params["digest"])[2:]
    else:
        text = ""
    if params.get("more", 0) > 0:
        text += " " + str(REMINDER_MORE % {"n": params["more"]})
    return text


def _render_reminder(kind: str, params: dict) -> tuple[str, str]:
    return reminder_title(params), reminder_text(params)

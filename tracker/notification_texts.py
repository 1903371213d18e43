"""What each kind of notification says: one (title, text) pair of templates per kind.

A notification stores its kind's parameters (`Notification.params`: names, numbers, ISO
dates) and is rendered in the reader's language when it is shown (web list, API); the
stored `title` and `text` are the Vietnamese rendering, written once for the emails
(Vietnamese, the default language) and as the fallback for rows without parameters.

The templates are msgids (Vietnamese sources, English in locale/en). A template whose
parameter is missing, or a kind without templates, falls back to the stored columns.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .models import Notification

Kind = Notification.Kind


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
    for key in DATE_PARAMS & values.keys():
        try:
            values[key] = f"{dt.date.fromisoformat(str(values[key])):%d/%m/%Y}"
        except ValueError:
            pass
    return values


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def render(kind: str, params: dict, *, language: str | None = None) -> tuple[str, str] | None:
    """(title, text) of a notice of `kind` in `language` (default: the active one);
    None when the kind has no templates or `params` does not fill them."""
    message = MESSAGES.get(kind)
    if message is None or not isinstance(params, dict) or not params:
        return None
    values = _shown(params)
    with translation.override(language or translation.get_language()):
        try:
            title = str(message.title) % values
            text = str(message.text % values)
            if message.extra and str(values.get(message.extra[0]) or "").strip():
                text += " " + str(message.extra[1]) % values
        except (KeyError, TypeError, ValueError):
            return None
    return _shorten(title, TITLE_LIMIT), _shorten(text, TEXT_LIMIT)


def render_stored(kind: str, params: dict) -> tuple[str, str]:
    """The Vietnamese rendering written to the `title` and `text` columns."""
    rendered = render(kind, params, language=settings.LANGUAGE_CODE)
    if rendered is None:
        raise ValueError(f"notification {kind!r}: parameters do not fill its templates")
    return rendered


def shown(notification: Notification) -> tuple[str, str]:
    """The notification's title and text in the active language; the stored ones for
    rows without parameters (written before they existed, or reminders)."""
    rendered = render(notification.kind, notification.params or {})
    return rendered or (notification.title, notification.text)

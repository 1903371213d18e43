"""Who is told about the board's decisions on deadlines and directives (DESIGN §4).

Each function is called by the service that made the decision, inside its transaction:
the notifications and their pending deliveries are written with the change (an outbox),
and the emails go with the recipient's next delivery run, one email per person however
many notices it holds (see `tracker.notify.notices_create`).

- an extension request → the reviewers of the directive's supervising board;
- an approval (with the new date) or a rejection (with the reason) → the unit's
  reporters and unit head;
- a due-date change by the board → the unit's reporters and unit head;
- a publication → the reporters and heads of every unit assigned in the directive.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directives.models import Directive
from tracker.models import Membership, Notification
from tracker.notify import link_to, members_of, notices_create, shorten

from .models import Assignment, ExtensionRequest, ReportObligation


def _day(value) -> str:
    return f"{value:%d/%m/%Y}"


def _about(obligation: ReportObligation) -> dict:
    """What every deadline notice names: the unit, period, directive and item."""
    assignment = obligation.assignment
    return {"unit": assignment.unit.display_name, "period": obligation.period.label,
            "number": assignment.item.directive.number,
            "content": shorten(assignment.item.content, 140)}


def extension_requested(*, request: ExtensionRequest,
                        obligation: ReportObligation) -> list[Notification]:
    """Tell the supervising board's reviewers that a unit asks for more time."""
    directive = obligation.assignment.item.directive
    values = {**_about(obligation), "current": _day(request.current_due_on),
              "requested": _day(request.requested_due_on),
              "reason": shorten(request.reason, 200)}
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Đề nghị gia hạn chờ quyết định: %(unit)s — %(period)s") % values
        text = _("%(number)s: xin gia hạn từ %(current)s đến %(requested)s. Lý do: "
                 "%(reason)s") % values
    return notices_create(
        kind=Notification.Kind.EXTENSION_REQUESTED,
        users=members_of([directive.supervising_unit_id], [Membership.Role.REVIEWER]),
        title=title, text=text, link=link_to("web:extension-list"))


def extension_decided(*, request: ExtensionRequest,
                      obligation: ReportObligation) -> list[Notification]:
    """Tell the unit the board's answer: the approved date, or the reason for a no."""
    values = {**_about(obligation), "note": shorten(request.decision_note, 200)}
    with translation.override(settings.LANGUAGE_CODE):
        if request.status == ExtensionRequest.Status.APPROVED:
            kind = Notification.Kind.EXTENSION_APPROVED
            values["date"] = _day(request.approved_due_on)
            title = _("Đã chấp thuận gia hạn đến %(date)s: %(period)s") % values
            text = _("Hạn báo cáo mới: %(date)s. %(number)s: %(content)s") % values
            if request.decision_note.strip():
                text += " " + _("Ghi chú: %(note)s") % values
        else:
            kind = Notification.Kind.EXTENSION_REJECTED
            values["due"] = _day(obligation.due_on)
            title = _("Không chấp thuận gia hạn: %(period)s") % values
            text = _("%(number)s: hạn vẫn là %(due)s. Lý do: %(note)s") % values
    return notices_create(kind=kind, users=members_of([obligation.assignment.unit_id]),
                          title=title, text=text,
                          link=link_to("web:obligation-detail", obligation.pk))


def due_date_changed(*, obligation: ReportObligation, old, new,
                     reason: str) -> list[Notification]:
    """Tell the unit that the board moved its due date (a logged edit)."""
    values = {**_about(obligation), "old": _day(old), "new": _day(new),
              "reason": shorten(reason, 200)}
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Thời hạn báo cáo thay đổi: %(period)s — hạn mới %(new)s") % values
        text = _("%(number)s: hạn đổi từ %(old)s thành %(new)s. Lý do: %(reason)s") % values
    return notices_create(kind=Notification.Kind.DUE_DATE_CHANGED,
                          users=members_of([obligation.assignment.unit_id]),
                          title=title, text=text,
                          link=link_to("web:obligation-detail", obligation.pk))


def directive_published(*, directive: Directive) -> list[Notification]:
    """Tell every unit assigned in the directive (its reporters and head): one notice per
    person naming how many duties their unit has."""
    duties: dict[int, int] = defaultdict(int)
    names: dict[int, str] = {}
    for unit_id, short_name, name in (
            Assignment.objects.filter(item__directive=directive, state=Assignment.State.OPEN)
            .order_by().values_list("unit_id", "unit__short_name", "unit__name")):
        duties[unit_id] += 1
        names[unit_id] = short_name or name
    created: list[Notification] = []
    told: set[int] = set()
    link = link_to("web:directive-detail", directive.pk)
    for unit_id in sorted(duties):
        users = [u for u in members_of([unit_id]) if u.pk not in told]
        told.update(u.pk for u in users)
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Văn bản mới cần thực hiện: %(number)s") % {"number": directive.number}
            text = ngettext("%(title)s — %(n)d nhiệm vụ giao cho %(unit)s.",
                            "%(title)s — %(n)d nhiệm vụ giao cho %(unit)s.",
                            duties[unit_id]) % {
                "title": shorten(directive.title, 200), "n": duties[unit_id],
                "unit": names[unit_id]}
        created += notices_create(kind=Notification.Kind.DIRECTIVE_PUBLISHED, users=users,
                                  title=title, text=text, link=link)
    return created

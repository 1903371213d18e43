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

from directives.models import Directive
from tracker.models import Membership, Notification
from tracker.notification_texts import date_param
from tracker.notify import link_to, members_of, notices_create, shorten

from .models import Assignment, ExtensionRequest, ReportObligation


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
    params = {**_about(obligation), "current": date_param(request.current_due_on),
              "requested": date_param(request.requested_due_on),
              "reason": shorten(request.reason, 200)}
    return notices_create(
        kind=Notification.Kind.EXTENSION_REQUESTED,
        users=members_of([directive.supervising_unit_id], [Membership.Role.REVIEWER]),
        params=params, link=link_to("web:extension-list"))


def extension_decided(*, request: ExtensionRequest,
                      obligation: ReportObligation) -> list[Notification]:
    """Tell the unit the board's answer: the approved date, or the reason for a no."""
    params = _about(obligation)
    if request.status == ExtensionRequest.Status.APPROVED:
        kind = Notification.Kind.EXTENSION_APPROVED
        params["date"] = date_param(request.approved_due_on)
        if request.decision_note.strip():
            params["note"] = shorten(request.decision_note, 200)
    else:
        kind = Notification.Kind.EXTENSION_REJECTED
        params.update(due=date_param(obligation.due_on),
                      note=shorten(request.decision_note, 200))
    return notices_create(kind=kind, users=members_of([obligation.assignment.unit_id]),
                          params=params,
                          link=link_to("web:obligation-detail", obligation.pk))


def due_date_changed(*, obligation: ReportObligation, old, new,
                     reason: str) -> list[Notification]:
    """Tell the unit that the board moved its due date (a logged edit)."""
    params = {**_about(obligation), "old": date_param(old), "new": date_param(new),
              "reason": shorten(reason, 200)}
    return notices_create(kind=Notification.Kind.DUE_DATE_CHANGED,
                          users=members_of([obligation.assignment.unit_id]),
                          params=params,
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
        params = {"number": directive.number, "title": shorten(directive.title, 200),
                  "n": duties[unit_id], "unit": names[unit_id]}
        created += notices_create(kind=Notification.Kind.DIRECTIVE_PUBLISHED, users=users,
                                  params=params, link=link)
    return created

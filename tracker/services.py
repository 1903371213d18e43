"""Writes of the shared core: unit reorganisation, memberships."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from . import derived, policy
from .errors import DomainError, TransitionError
from .events import event_record
from .models import Membership, Unit
from .timeutil import now, today


@transaction.atomic
def unit_merge(*, unit: Unit, successor: Unit, actor, on: dt.date | None = None,
               note: str = "") -> Unit:
    """Merge `unit` into `successor` (2025-style reorganisation).

    Open assignments and memberships move to the successor; completed and withdrawn
    assignments, reports and events stay under the old unit, which keeps its name.
    """
    from assignments.models import Assignment

    policy.require(getattr(actor, "is_superuser", False),
                   _("Chỉ quản trị hệ thống mới hợp nhất đơn vị."))
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    successor = Unit.objects.select_for_update().get(pk=successor.pk)
    if unit.pk == successor.pk:
        raise DomainError(_("Không thể hợp nhất đơn vị vào chính nó."), field="successor")
    if not unit.is_active:
        raise TransitionError(_("Đơn vị đã giải thể hoặc hợp nhất trước đó."))
    if not successor.is_active:
        raise DomainError(_("Đơn vị kế thừa không còn hoạt động."), field="successor")
    moment = now()
    day = on or today()

    taken_items = set(successor.assignments.values_list("item_id", flat=True))
    open_ids = list(Assignment.objects.filter(unit=unit, state=Assignment.State.OPEN)
                    .values_list("pk", flat=True))
    from assignments import counts

    with counts.track(open_ids):
        moved, withdrawn = _move_assignments(unit, successor, taken_items, actor, moment)
    # Obligations and reports of the moved assignments carry their unit.
    derived.sync(Assignment.objects.filter(pk__in=open_ids)
               .values_list("item__directive_id", flat=True).distinct())

    have = set(successor.memberships.values_list("user_id", "role"))
    for membership in Membership.objects.select_for_update().filter(unit=unit):
        if (membership.user_id, membership.role) in have:
            membership.delete()
        else:
            membership.unit = successor
            membership.save(update_fields=["unit", "updated_at"])
    for group in unit.unit_groups.all():
        group.members.remove(unit)
        group.members.add(successor)

    unit.is_active = False
    unit.dissolved_on = day
    unit.successor = successor
    unit.save(update_fields=["is_active", "dissolved_on", "successor", "updated_at"])
    event_record(target=unit, verb="merged", actor=actor, from_status="active",
                 to_status="dissolved", note=note, at=moment,
                 data={"successor": successor.pk, "successor_name": successor.name,
                       "assignments_moved": moved, "assignments_withdrawn": withdrawn})
    return unit


@transaction.atomic
def notification_mark_read(*, notification, actor):
    """Mark one of the actor's notifications read (idempotent)."""
    from .models import Notification

    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    policy.require(notification.recipient_id == getattr(actor, "pk", None))
    if notification.read_at is None:
        notification.read_at = now()
        notification.save(update_fields=["read_at"])
    return notification


def _move_assignments(unit: Unit, successor: Unit, taken_items: set, actor, moment):
    """Open assignments of a merged unit: moved to the successor, or ended if it has them."""
    from assignments.models import Assignment

    moved, withdrawn = 0, 0
    for assignment in Assignment.objects.select_for_update().filter(
            unit=unit, state=Assignment.State.OPEN):
        if assignment.item_id in taken_items:
            # The successor already carries this duty: the old line ends here.
            assignment.state = Assignment.State.WITHDRAWN
            assignment.withdrawn_at = moment
            assignment.save(update_fields=["state", "withdrawn_at", "updated_at"])
            assignment.obligations.filter(
                state__in=["not_submitted", "returned", "submitted"]
            ).update(state="withdrawn", withdrawn_at=moment)
            withdrawn += 1
            event_record(target=assignment, verb="withdrawn_by_merge", actor=actor,
                         from_status="open", to_status="withdrawn", at=moment,
                         note=_("Hợp nhất vào %(name)s") % {"name": successor.name})
            continue
        assignment.unit = successor
        assignment.save(update_fields=["unit", "updated_at"])
        moved += 1
        event_record(target=assignment, verb="moved_by_merge", actor=actor, at=moment,
                     data={"from_unit": unit.pk, "from_name": unit.name,
                           "to_unit": successor.pk})
    return moved, withdrawn

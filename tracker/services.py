"""Writes of the shared core: notifications. (A unit merge moves assignments as well,
so it lives on their floor: `assignments.services.unit_merge`.)"""


from django.db import transaction

from . import policy
from .timeutil import now


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

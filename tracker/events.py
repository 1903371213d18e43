"""Writing the append-only event log."""

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import Event
from .timeutil import now


def event_record(
    *,
    target: models.Model,
    verb: str,
    actor=None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> Event:
    """Append one event row for a state change of `target`."""
    return Event.objects.create(
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=target.pk,
        verb=verb,
        actor=actor if (actor is not None and actor.is_authenticated) else None,
        from_status=str(from_status or ""),
        to_status=str(to_status or ""),
        note=note or "",
        data=data or {},
        at=at or now(),
    )


def events_for(target: models.Model):
    ct = ContentType.objects.get_for_model(target, for_concrete_model=True)
    return Event.objects.filter(target_type=ct, target_id=target.pk).select_related("actor")

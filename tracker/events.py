"""Writing the append-only event log."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .bulk import insert_rows
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


def events_record_many(
    *,
    model: type[models.Model],
    entries: Iterable[tuple[int, dict[str, Any]]],
    verb: str,
    actor=None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> int:
    """Append one event row per (target id, data) of `model`, all with the same verb,
    actor, statuses, note and time, written in multi-row INSERTs (a reorganisation
    records tens of thousands). Returns the number written."""
    target_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    who = actor.pk if (actor is not None and actor.is_authenticated) else None
    at = at or now()
    rows = [{"target_type_id": target_type.pk, "target_id": target_id, "verb": verb,
             "actor_id": who, "from_status": str(from_status or ""),
             "to_status": str(to_status or ""), "note": note or "", "data": data or {},
             "at": at} for target_id, data in entries]
    insert_rows(Event, rows)
    return len(rows)

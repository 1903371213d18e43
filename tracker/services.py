"""Writes of the shared core: units created, notifications. (A unit merge moves
assignments as well, so it lives on their floor: `assignments.services.unit_merge`.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from . import policy
from .errors import DomainError
from .events import events_record_many
from .models import EventVerb, Unit
from .timeutil import now


@dataclass(frozen=True)
class UnitSpec:
    """A unit to create. `code` is taken as it is (refused when it exists); without it
    the code is `code_base` (or "DON-VI"), suffixed -2, -3... until unique. `where` names
    the request field a fault is reported on; `data` goes into the `created` event."""

    name: str
    kind: str = Unit.Kind.OTHER
    code: str = ""
    code_base: str = ""
    parent: Unit | None = None
    short_name: str = ""
    aliases: Sequence[str] = ()
    valid_from: dt.date | None = None
    order: int = 0
    where: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def _unit_check(spec: UnitSpec) -> str:
    name = " ".join(spec.name.split())
    if not name or len(name) > 255:
        raise DomainError(_("Tên đơn vị mới trống hoặc quá dài."),
                          field=f"{spec.where}.name" if spec.where else "name")
    if spec.kind not in Unit.Kind.values:
        raise DomainError(_("Loại đơn vị không hợp lệ."),
                          field=f"{spec.where}.kind" if spec.where else "kind")
    return name


def _unit_codes(specs: Sequence[UnitSpec]) -> list[str]:
    """The codes of the new units: the given ones checked, the others made unique (one
    query for all)."""
    bases = {(s.code_base or "DON-VI") for s in specs if not s.code}
    given = [s.code for s in specs if s.code]
    q = Q(code__in=given)
    for base in bases:
        q |= Q(code__startswith=base)
    taken = set(Unit.objects.filter(q).values_list("code", flat=True)) if (given or bases) \
        else set()
    codes = []
    for spec in specs:
        if spec.code:
            if spec.code in taken:
                raise DomainError(_("Mã đơn vị “%(code)s” đã có.") % {"code": spec.code},
                                  field=f"{spec.where}.code" if spec.where else "code")
            code = spec.code
        else:
            base = spec.code_base or "DON-VI"
            code, n = base, 1
            while code in taken:
                n += 1
                code = f"{base}-{n}"
        taken.add(code)
        codes.append(code)
    return codes


def units_create(*, specs: Sequence[UnitSpec], actor, at: dt.datetime | None = None
                 ) -> list[Unit]:
    """Create units (the one way a unit is created outside the admin: an import's new
    units, a reorganisation's successors): checked, with unique codes, one `created`
    event each (data: the spec's data and the code). A fixed number of queries for any
    number of units. The callers check the parent (alive, not one of the old units)."""
    if not specs:
        return []
    names = [_unit_check(spec) for spec in specs]
    codes = _unit_codes(specs)
    return _units_write(specs, names, codes, actor, at)


@transaction.atomic(savepoint=False)
def _units_write(specs, names, codes, actor, at) -> list[Unit]:
    units = Unit.objects.bulk_create([
        Unit(code=code, name=name, short_name=" ".join(spec.short_name.split())[:120],
             kind=spec.kind, parent=spec.parent, aliases=list(spec.aliases),
             valid_from=spec.valid_from, order=spec.order)
        for spec, name, code in zip(specs, names, codes, strict=True)])
    events_record_many(model=Unit, verb=EventVerb.CREATED, actor=actor, at=at or now(),
                       entries=[(unit.pk, {**spec.data, "code": unit.code})
                                for unit, spec in zip(units, specs, strict=True)])
    return units


def unit_create(*, actor, spec: UnitSpec, at: dt.datetime | None = None) -> Unit:
    """Create one unit (see `units_create`)."""
    return units_create(specs=[spec], actor=actor, at=at)[0]


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

"""Derived columns: kept by the app that stores them, never by `save()` overrides.

Upper floors store copies of what lower floors own (the scope columns: a directive's
supervising board on its assignments, obligations and reports; an assignment's unit on
its obligations and reports). A lower floor cannot import the floors above it, so the
upper app registers, in its `AppConfig.ready()`, how its columns are derived; the lower
app then only announces that a source changed (`sync(directive_ids)`). NetBox's
`denorm.py` is the model.

Entries run in registration order, which is the floors' order in `INSTALLED_APPS`:
a parent's columns are derived before its children copy them.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.db.models.signals import pre_save


@dataclass(frozen=True)
class Derived:
    """How one table's derived columns follow their sources."""

    name: str  # the table's short name in `differences()`: "assignment", "report"...
    model: type[Model]
    # Fill one row that is saved without its derived columns (a bulk path sets them itself).
    fill: Callable[[Model], None]
    # The rows whose columns disagree with their sources.
    stale: Callable[[], QuerySet]
    # Column -> expression re-deriving it, for a set-based UPDATE.
    sources: Callable[[], dict]
    # The lookup from the table to its directive's id.
    directive_path: str


_registry: dict[str, Derived] = {}


def register(derived: Derived) -> None:
    """Called from the owning app's `AppConfig.ready()`."""
    _registry[derived.name] = derived
    pre_save.connect(_fill, sender=derived.model, dispatch_uid=f"tracker.derived.{derived.name}",
                     weak=False)


def registered() -> list[str]:
    return list(_registry)


def _fill(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # fixtures are loaded as they are
        return
    for derived in _registry.values():
        if derived.model is sender:
            derived.fill(instance)


_deferred: contextvars.ContextVar[set | None] = contextvars.ContextVar(
    "tracker_derived_deferred", default=None)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Inside one transaction that makes many changes (a province-wide reorganisation
    plan), `sync()` only notes its directives; they are synced once, on leaving the
    block without an error. The writers inside must not read the columns they defer."""
    if _deferred.get() is not None:
        yield
        return
    noted: set = set()
    token = _deferred.set(noted)
    try:
        yield
    finally:
        _deferred.reset(token)
    sync(noted)


def sync(directive_ids: Iterable[int] | None = None) -> int:
    """Re-derive the columns of the rows of these directives (None: all rows).

    Only rows that disagree are written. Returns the number of rows changed.
    """
    noted = _deferred.get()
    if noted is not None and directive_ids is not None:
        noted.update(directive_ids)
        return 0
    ids = None if directive_ids is None else sorted(set(directive_ids))
    if ids == []:
        return 0
    changed = 0
    for derived in _registry.values():
        stale = derived.stale()
        if ids is not None:
            stale = stale.filter(**{f"{derived.directive_path}__in": ids})
        # Through a pk list: an UPDATE whose WHERE joins other tables is not portable.
        changed += derived.model.objects.filter(pk__in=stale.values("pk")).update(
            **derived.sources())
    return changed


def differences(limit: int = 20) -> list[tuple[str, int]]:
    """Rows whose derived columns disagree with their sources: (table, id), at most
    `limit` of each table."""
    out: list[tuple[str, int]] = []
    for derived in _registry.values():
        out += [(derived.name, pk) for pk in
                derived.stale().order_by("pk").values_list("pk", flat=True)[:limit]]
    return out

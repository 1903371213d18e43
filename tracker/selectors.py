"""Reads of the shared core: units, groups, notifications."""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet

from . import policy
from .models import Membership, Notification, Unit, UnitGroup, UnitRevision, UnitSuccession


def unit_list(*, user) -> QuerySet:
    """Units are the public organisation chart: every signed-in user may read them."""
    return Unit.objects.all().order_by("order", "name", "id").prefetch_related(
        "succession_in", "succession_out",
        Prefetch("revisions", queryset=UnitRevision.objects.order_by("valid_to", "id")))


def units_on_q(day: dt.date, prefix: str = "") -> Q:
    """The units that existed on `day` (the tree of that day, issue 17)."""
    return ((Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day}))
            & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day}))
            & (Q(**{f"{prefix}dissolved_on__isnull": True})
               | Q(**{f"{prefix}dissolved_on__gt": day})))


@dataclass(frozen=True)
class UnitOnDay:
    """A unit as it was on a day: its name, short name and parent of that day (from
    `UnitRevision`), and whether it belonged to that day's tree (`current`: False for a
    former unit, merged, split or dissolved before the day, still owning its past rows)."""

    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    order: int
    valid_from: dt.date | None
    valid_to: dt.date | None
    current: bool

    @property
    def pk(self) -> int:
        return self.id

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class UnitTree:
    """The tree of units as of day D (issue 17): the one answer every surface (the unit
    list, the dashboard, the matrix, the summary, the consolidated report) reads for
    "which units, under which names and parents, on D".

    - `units`: the units valid on D (`units_on_q`) in organisational order, each with
      the name and parent it had on D;
    - `owner(unit_id, original_unit_id)`: the unit a row (assignment, obligation) owed
      by `unit_id` is counted under on D. A unit of D's tree owns its rows. A successor
      created after D did not exist yet: its rows are counted under the old unit that
      owed them then (the row's original unit when it was in D's tree, else the
      successor's predecessor in D's tree, first in organisational order). A unit ended
      on or before D keeps the rows it owed (obligations due before the reorganisation
      stay with the old unit): it is shown as a former unit (`current` False).
    """

    def __init__(self, day: dt.date, units: dict[int, UnitOnDay],
                 predecessors: dict[int, list[int]]):
        self.day = day
        self._all = units
        self._predecessors = predecessors
        self.units = sorted((u for u in units.values() if u.current), key=_tree_key)

    def unit(self, unit_id: int) -> UnitOnDay | None:
        return self._all.get(unit_id)

    def owner(self, unit_id: int, original_unit_id: int | None = None) -> int:
        unit = self._all.get(unit_id)
        if unit is None or unit.current or (unit.valid_from is None
                                            or unit.valid_from <= self.day):
            return unit_id
        original = self._all.get(original_unit_id) if original_unit_id else None
        if original is not None and original.current:
            return original.id
        seen, queue, found = {unit_id}, list(self._predecessors.get(unit_id, [])), []
        while queue:
            pk = queue.pop(0)
            if pk in seen:
                continue
            seen.add(pk)
            candidate = self._all.get(pk)
            if candidate is not None and candidate.current:
                found.append(candidate)
            else:
                queue += self._predecessors.get(pk, [])
        return min(found, key=_tree_key).id if found else unit_id

    def ordered(self, unit_ids) -> list[UnitOnDay]:
        """These units as of D in organisational order: D's tree first, then former units."""
        rows = [self._all[pk] for pk in set(unit_ids) if pk in self._all]
        return sorted(rows, key=lambda u: (not u.current, *_tree_key(u)))

    def walk(self) -> list[tuple[UnitOnDay, int]]:
        """The day's tree depth-first: (unit, depth), each parent before its children
        (the parent of that day; a unit whose parent is not in the tree is a root)."""
        children: dict[int | None, list[UnitOnDay]] = {}
        ids = {u.id for u in self.units}
        for unit in self.units:
            parent = unit.parent_id if unit.parent_id in ids else None
            children.setdefault(parent, []).append(unit)
        out: list[tuple[UnitOnDay, int]] = []
        stack = [(u, 0) for u in reversed(children.get(None, []))]
        seen: set[int] = set()
        while stack:
            unit, depth = stack.pop()
            if unit.id in seen:
                continue
            seen.add(unit.id)
            out.append((unit, depth))
            stack += [(c, depth + 1) for c in reversed(children.get(unit.id, []))]
        return out

    def known(self) -> list[int]:
        """Every unit read (the day's tree, former units, later ones)."""
        return list(self._all)

    def name(self, unit_id: int) -> str:
        unit = self._all.get(unit_id)
        return unit.name if unit is not None else ""


def _tree_key(unit: UnitOnDay) -> tuple:
    return (unit.order, unit.name, unit.id)


def unit_tree_on(day: dt.date, unit_ids=None) -> UnitTree:
    """The tree as of `day` (`UnitTree`). With `unit_ids`, only those units (the ones a
    figure counts rows of) and their predecessors are read, not the whole chart; the
    tree's `units` are then those of them valid on `day`."""
    columns = ("id", "code", "name", "short_name", "kind", "parent_id", "order",
               "valid_from", "valid_to", "dissolved_on")
    successions = UnitSuccession.objects.values_list("successor_id", "predecessor_id")
    # Whether a unit is in the day's tree: the one SQL rule (`units_on_q`) the unit
    # filters use too.
    chart = Unit.objects.annotate(on_day=ExpressionWrapper(units_on_q(day),
                                                           output_field=BooleanField()))
    if unit_ids is None:
        rows = list(chart.values(*columns, "on_day"))
        links = list(successions)
    else:
        wanted, links = set(unit_ids), []
        frontier = set(wanted)
        while frontier:  # the successors' predecessors, generation by generation
            found = list(successions.filter(successor_id__in=frontier))
            links += found
            frontier = {p for _s, p in found} - wanted
            wanted |= frontier
        rows = list(chart.filter(pk__in=wanted).values(*columns, "on_day"))
    predecessors: dict[int, list[int]] = {}
    for successor, predecessor in links:
        predecessors.setdefault(successor, []).append(predecessor)
    revisions: dict[int, list[UnitRevision]] = {}
    found_revisions = UnitRevision.objects.order_by("valid_to", "id")
    if unit_ids is not None:
        found_revisions = found_revisions.filter(unit_id__in=[r["id"] for r in rows])
    for revision in found_revisions:
        revisions.setdefault(revision.unit_id, []).append(revision)
    units = {}
    for values in rows:
        current = bool(values["on_day"])
        # A former unit shows the name of its last day.
        named_on = day
        if not current and values["valid_to"] is not None and values["valid_to"] <= day:
            named_on = values["valid_to"] - dt.timedelta(days=1)
        revision = next((r for r in revisions.get(values["id"], []) if r.valid_to > named_on),
                        None)
        units[values["id"]] = UnitOnDay(
            id=values["id"], code=values["code"],
            name=revision.name if revision else values["name"],
            short_name=revision.short_name if revision else values["short_name"],
            kind=values["kind"],
            parent_id=revision.parent_id if revision else values["parent_id"],
            order=values["order"], valid_from=values["valid_from"],
            valid_to=values["valid_to"] or values["dissolved_on"], current=current)
    return UnitTree(day, units, predecessors)


def unit_group_list(*, user) -> QuerySet:
    return UnitGroup.objects.prefetch_related("members").order_by("name", "id")


def unit_tree_ids(unit_id: int) -> set[int]:
    """The unit and all its sub-units, walked in the database: one query that reads only
    the subtree's rows (a national chart has thousands of units)."""
    table = connection.ops.quote_name(Unit._meta.db_table)
    sql = (f"WITH RECURSIVE tree(id) AS (SELECT id FROM {table} WHERE id = %s "  # noqa: S608
           f"UNION SELECT u.id FROM {table} u JOIN tree ON u.parent_id = tree.id) "
           "SELECT id FROM tree")
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit_id])
        return {row[0] for row in cursor.fetchall()}


def notification_list(*, user) -> QuerySet:
    return Notification.objects.visible_to(user).order_by("-id")


def notification_unread_count(*, user) -> int:
    return notification_list(user=user).filter(read_at__isnull=True).count()


# --- for the pages (the shell) -----------------------------------------------------

@dataclass(frozen=True)
class Roles:
    unit: bool
    reviewer: bool
    leader: bool
    superuser: bool

    @property
    def board(self) -> bool:
        return self.reviewer or self.superuser

    @property
    def sees_dashboard(self) -> bool:
        return self.leader or self.board


def roles_of(user) -> Roles:
    return Roles(
        unit=bool(policy.unit_ids(user, *policy.UNIT_ROLES)),
        reviewer=bool(policy.unit_ids(user, Membership.Role.REVIEWER)),
        leader=bool(policy.unit_ids(user, Membership.Role.LEADER)),
        superuser=bool(getattr(user, "is_superuser", False)),
    )


def user_units(user) -> QuerySet:
    return Unit.objects.filter(pk__in=policy.unit_ids(user)).order_by("order", "name")


def notifications_for(user) -> QuerySet:
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    from tracker import notify

    counter = getattr(notify, "unread_count", None)
    if counter is not None:
        return counter(user)
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

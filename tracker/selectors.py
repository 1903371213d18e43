"""Reads of the shared core: units, groups, notifications."""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from . import policy
from .models import Membership, Notification, Unit, UnitGroup, UnitRevision


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


class UnitOnDay(NamedTuple):
    """A unit as it was on a day: its name, short name and parent of that day (from
    `UnitRevision`), and whether it belonged to that day's tree (`current`: False for a
    former unit, merged, split or dissolved before the day, still owning its past rows).
    Immutable; a named tuple because a national chart builds 3,500 of them per page
    (a frozen dataclass took twice as long)."""

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

    @cached_property
    def units(self) -> list[UnitOnDay]:
        """The units of D's tree in organisational order (sorted when first asked: the
        dashboard reads only `ordered` and `unit`)."""
        return sorted((u for u in self._all.values() if u.current), key=_tree_key)

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

    def subtree_ids(self, unit_id: int) -> set[int]:
        """The unit and its sub-units as of D, by the parents of D: the units of D's
        tree, the former ones (ended on or before D, under their parent of their last
        day: they keep the rows they owed), and the later units (created after D) whose
        rows D's tree counts under one of them (`owner`)."""
        children: dict[int | None, list[int]] = {}
        for unit in self._all.values():
            if unit.current or (unit.valid_to is not None and unit.valid_to <= self.day):
                children.setdefault(unit.parent_id, []).append(unit.id)
        ids, queue = {unit_id}, [unit_id]
        while queue:
            for child in children.get(queue.pop(), []):
                if child not in ids:
                    ids.add(child)
                    queue.append(child)
        return ids | {pk for pk in self.later() if self.owner(pk) in ids}

    def later(self) -> set[int]:
        """The units read that did not exist yet on D (created by a later change)."""
        return {u.id for u in self._all.values() if not u.current
                and u.valid_from is not None and u.valid_from > self.day}

    def known(self) -> list[int]:
        """Every unit read (the day's tree, former units, later ones)."""
        return list(self._all)

    def name(self, unit_id: int) -> str:
        unit = self._all.get(unit_id)
        return unit.name if unit is not None else ""


def _tree_key(unit: UnitOnDay) -> tuple:
    return (unit.order, unit.name, unit.id)


def tree_sql(want: str) -> tuple[str, str]:
    """The SQL form of the tree as of a day: (a recursive CTE named `tree_want`, the
    SELECT of its rows). `want` selects the ids of the units asked about (one column, named `id`);
    their predecessors are added generation by generation. The rows have the columns
    (part, i1, i2, i3, i4, t1, t2, t3, t4, d1, d2, d3) that `tree_from_rows` reads, so
    that a caller can put them in its own UNION ALL (assignments.counts does, to read
    today's summary in one statement):

    U: id, parent, order, -    | code, name, short_name, kind | valid_from, valid_to,
                                                                dissolved_on
    R: unit, parent, id, -     | -, name, short_name, -       | valid_to, -, -
    L: successor, predecessor, -, - | -, -, -, -              | -, -, -
    (R: a UnitRevision, L: a UnitSuccession)
    """
    cte = (f"tree_want(id) AS (SELECT CAST(w0.id AS BIGINT) FROM ({want}) w0 "  # noqa: S608
           "UNION SELECT s.predecessor_id "
           "FROM tracker_unitsuccession s JOIN tree_want w ON s.successor_id = w.id)")
    return cte, _tree_select("IN (SELECT id FROM tree_want)")


def _tree_select(wanted: str | None) -> str:
    """The SELECT of tree_sql: of the units whose id is `wanted` (an SQL condition on
    it), or of every unit (None)."""
    def where(column: str) -> str:
        return f" WHERE {column} {wanted}" if wanted else ""
    return f"""
    SELECT 'U', u.id, u.parent_id, u."order", NULL, u.code, u.name, u.short_name, u.kind,
           u.valid_from, u.valid_to, u.dissolved_on
    FROM tracker_unit u{where("u.id")}
    UNION ALL
    SELECT 'R', r.unit_id, r.parent_id, r.id, NULL, NULL, r.name, r.short_name, NULL,
           r.valid_to, NULL, NULL
    FROM tracker_unitrevision r{where("r.unit_id")}
    UNION ALL
    SELECT 'L', s.successor_id, s.predecessor_id, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL
    FROM tracker_unitsuccession s{where("s.successor_id")}"""  # noqa: S608


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def on_day(valid_from: dt.date | None, valid_to: dt.date | None,
           dissolved_on: dt.date | None, day: dt.date) -> bool:
    """Whether a unit is in the tree of `day`: the Python form of `units_on_q`."""
    return ((valid_from is None or valid_from <= day) and (valid_to is None or valid_to > day)
            and (dissolved_on is None or dissolved_on > day))


def tree_from_rows(day: dt.date, rows) -> UnitTree:
    """The `UnitTree` of `day` from the rows of `tree_sql`."""
    revisions: dict[int, list[tuple]] = {}
    predecessors: dict[int, list[int]] = {}
    raw = []
    for part, i1, i2, i3, _i4, t1, t2, t3, t4, d1, d2, d3 in rows:
        if part == "U":
            raw.append((i1, i2, i3, t1, t2, t3, t4, _date(d1), _date(d2), _date(d3)))
        elif part == "R":
            revisions.setdefault(i1, []).append((_date(d1), i3, t2, t3, i2))
        else:
            predecessors.setdefault(i1, []).append(i2)
    for found in revisions.values():
        found.sort()
    for found in predecessors.values():
        found.sort()
    units = {}
    one_day = dt.timedelta(days=1)
    for pk, parent, order, code, name, short_name, kind, valid_from, valid_to, gone in raw:
        current = on_day(valid_from, valid_to, gone, day)
        ended = valid_to or gone
        revised = revisions.get(pk)
        if revised:
            # A former unit shows the name of its last day.
            named_on = (ended - one_day if not current and ended is not None and ended <= day
                        else day)
            revision = next((r for r in revised if r[0] > named_on), None)
            if revision is not None:
                _valid_to, _id, name, short_name, parent = revision
        units[pk] = UnitOnDay(pk, code, name, short_name, kind, parent, order, valid_from,
                              ended, current)
    return UnitTree(day, units, predecessors)


def unit_tree_on(day: dt.date, unit_ids=None) -> UnitTree:
    """The tree as of `day` (`UnitTree`), in one query. With `unit_ids`, only those units
    (the ones a figure counts rows of) and their predecessors are read, not the whole
    chart; the tree's `units` are then those of them valid on `day`."""
    if unit_ids is None:  # the whole chart: no walk through the successions
        sql, params = _tree_select(None), []
    else:
        params = sorted(set(unit_ids)) or [0]
        cte, select = tree_sql(f"SELECT id FROM tracker_unit WHERE id IN "  # noqa: S608
                               f"({', '.join(['%s'] * len(params))})")
        sql = f"WITH RECURSIVE {cte} {select}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tree_from_rows(day, cursor.fetchall())


def unit_group_list(*, user) -> QuerySet:
    return UnitGroup.objects.prefetch_related("members").order_by("name", "id")


def unit_group_choices() -> QuerySet:
    """The groups a page offers to filter by: their ids and names (a national chart's
    groups hold thousands of members, which a chooser does not need)."""
    return UnitGroup.objects.only("id", "name").order_by("name", "id")


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

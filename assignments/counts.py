"""The status-count table (StatusCount): kept by the services, read for "today".

Every obligation and assignment falls in one *bucket* given by its stored columns
(assignments.statuses.keys, the count form of the status rule: obligations
not_submitted / submitted / returned / accepted_on_time / accepted_late / withdrawn;
assignments open / done_on_time / done_late / ongoing / withdrawn). Open rows also
keep their due date, because whether they are overdue depends on the day asked
about; accepted-late obligations keep how many days late they were. Counting
rows per (directive, section, unit, kind, bucket, due date) is then enough to answer
the directive summary and the dashboard for today (or any later day) without looking
at the obligations themselves; past days are still replayed from the dated facts
(assignments.statuses).

Writers:
- `track(assignment_ids)`: around a change that touches many rows (assigning, opening
  periods, withdrawing an item, merging units, editing an item): locks the affected
  rows, counts their keys before and after, and applies the difference.
- `change(before, after)`: when the service already holds the row (submit, accept,
  return, deadline move): the keys are computed in Python, one statement.
- `rebuild()`: recompute from scratch (bulk loads, `manage.py rebuild_status_counts`).
Both grains are written by one sorted upsert per transaction step, so concurrent
writers take the counter rows in the same order.
"""

# SQL here is assembled from constant fragments of this module; values are bound.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from tracker.selectors import UnitTree, tree_from_rows, tree_sql

from .statuses import keys as status_keys
from .statuses import sql as status_sql
from .statuses.keys import NO_DATE, Kind

NO_SECTION = -1  # items without a section, at the unit grain
WHOLE = 0  # section_key / unit_key of the per-directive grain

# (directive_id, section_key, unit_key, kind, bucket, due_on)
Key = tuple[int, int, int, str, str, dt.date]


# --- keys from rows (Python) -------------------------------------------------------------

def obligation_key(*, directive_id: int, section_id: int | None, unit_id: int, state: str,
                   due_on: dt.date, effective_submitted_on: dt.date | None
                   ) -> tuple[Key, int]:
    """The unit-grain key of an obligation and its days late (accepted late only)."""
    bucket, due, late = status_keys.obligation_bucket(
        state=state, due_on=due_on, effective_submitted_on=effective_submitted_on)
    section = NO_SECTION if section_id is None else section_id
    return (directive_id, section, unit_id, Kind.OBLIGATION.value, bucket.value, due), late


def assignment_key(*, directive_id: int, section_id: int | None, unit_id: int, state: str,
                   deadline_mode: str, current_due_on: dt.date | None,
                   completed_on: dt.date | None) -> Key:
    bucket, due = status_keys.assignment_bucket(
        state=state, deadline_mode=deadline_mode, current_due_on=current_due_on,
        completed_on=completed_on)
    section = NO_SECTION if section_id is None else section_id
    return (directive_id, section, unit_id, Kind.ASSIGNMENT.value, bucket.value, due)


def key_of_obligation(obligation) -> tuple[Key, int]:
    """Key of a loaded obligation (its assignment and item are read, maybe cached)."""
    assignment = obligation.assignment
    item = assignment.item
    return obligation_key(directive_id=item.directive_id, section_id=item.section_id,
                          unit_id=assignment.unit_id, state=obligation.state,
                          due_on=obligation.due_on,
                          effective_submitted_on=obligation.effective_submitted_on)


def key_of_assignment(assignment) -> tuple[Key, int]:
    """Key of a loaded assignment, paired like key_of_obligation (never late)."""
    item = assignment.item
    return assignment_key(directive_id=item.directive_id, section_id=item.section_id,
                          unit_id=assignment.unit_id, state=assignment.state,
                          deadline_mode=item.deadline_mode,
                          current_due_on=assignment.current_due_on,
                          completed_on=assignment.completed_on), 0


# --- keys from rows (SQL) ----------------------------------------------------------------

def _days(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"({later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def _keys_sql(where_a: str, where_o: str) -> str:
    """Rows (directive, section, unit, kind, bucket, due, late) of assignments and
    obligations matching the two conditions (on `a` and on `o`/`a`)."""
    late = _days("o.effective_submitted_on", "o.due_on")
    return f"""
    SELECT i.directive_id AS d, COALESCE(i.section_id, {NO_SECTION}) AS s, a.unit_id AS u,
           '{Kind.ASSIGNMENT}' AS k,
           {status_keys.ASSIGNMENT_BUCKET_SQL} AS b,
           {status_keys.ASSIGNMENT_DUE_SQL} AS due,
           0 AS late
    FROM assignments_assignment a
    JOIN directives_responsibilityitem i ON i.id = a.item_id
    WHERE {where_a}
    UNION ALL
    SELECT i.directive_id, COALESCE(i.section_id, {NO_SECTION}), a.unit_id,
           '{Kind.OBLIGATION}',
           {status_keys.OBLIGATION_BUCKET_SQL},
           {status_keys.OBLIGATION_DUE_SQL},
           CASE WHEN {status_keys.OBLIGATION_LATE_WHEN_SQL} THEN {late} ELSE 0 END
    FROM assignments_reportobligation o
    JOIN assignments_assignment a ON a.id = o.assignment_id
    JOIN directives_responsibilityitem i ON i.id = a.item_id
    WHERE {where_o}"""


def _as_date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _aggregate_sql(where_a: str, where_o: str, params: dict
                   ) -> dict[Key, tuple[int, int]]:
    """{unit-grain key: (count, max days late)} for the matching rows."""
    sql = (f"SELECT d, s, u, k, b, due, count(*), max(late) FROM ({_keys_sql(where_a, where_o)})"
           " keys GROUP BY d, s, u, k, b, due")
    out: dict[Key, tuple[int, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, {"no_date": NO_DATE, **params})
        for d, s, u, k, b, due, n, late in cursor.fetchall():
            out[(d, s, u, k, b, _as_date(due))] = (n, late or 0)
    return out


# --- writing -----------------------------------------------------------------------------

def _upsert(rows: list[tuple]) -> None:
    """Add (directive, section, unit, kind, bucket, due, n, late) rows to the table."""
    if not rows:
        return
    rows.sort(key=lambda r: r[:6])  # one lock order for every writer
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    head = ("INSERT INTO assignments_statuscount (directive_id, section_key, unit_key, kind, "
            "bucket, due_on, n, late_max) VALUES ")
    tail = (" ON CONFLICT (directive_id, section_key, unit_key, kind, bucket, due_on) "
            "DO UPDATE SET n = assignments_statuscount.n + excluded.n, "
            f"late_max = {greatest}(assignments_statuscount.late_max, excluded.late_max)")
    ops = connection.ops
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 100):
            part = rows[start:start + 100]
            params: list = []
            for d, s, u, k, b, due, n, late in part:
                params += [d, s, u, k, b, ops.adapt_datefield_value(due), n, late]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(part))
            cursor.execute(head + values + tail, params)


def apply(deltas: dict[Key, tuple[int, int]]) -> None:
    """Add unit-grain deltas {key: (dn, late)} to both grains."""
    merged: dict[Key, list[int]] = {}
    for (d, s, u, k, b, due), (dn, late) in deltas.items():
        for key in ((d, s, u, k, b, due), (d, WHOLE, WHOLE, k, b, due)):
            entry = merged.setdefault(key, [0, 0])
            entry[0] += dn
            entry[1] = max(entry[1], late)
    _upsert([(*key, dn, late) for key, (dn, late) in merged.items() if dn or late])


def change(before: Iterable[tuple[Key, int]], after: Iterable[tuple[Key, int]]) -> None:
    """Move rows from the `before` keys to the `after` keys ((key, days late) pairs)."""
    deltas: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    for key, _late in before:
        deltas[key][0] -= 1
    for key, late in after:
        deltas[key][0] += 1
        deltas[key][1] = max(deltas[key][1], late)
    apply({key: (dn, late) for key, (dn, late) in deltas.items() if dn})


def _where_assignments(ids: list[int]) -> tuple[str, str, dict]:
    # The obligations' side names `a.id` too (the same rows: a.id = o.assignment_id), so
    # the planner reads those assignments by key rather than hashing the whole table.
    return ("a.id = ANY(%(ids)s)", "o.assignment_id = ANY(%(ids)s) AND a.id = ANY(%(ids)s)",
            {"ids": ids})


def _keys_for(assignment_ids: list[int]) -> dict[Key, tuple[int, int]]:
    out: dict[Key, tuple[int, int]] = {}
    for start in range(0, len(assignment_ids), 500):
        part = assignment_ids[start:start + 500]
        if connection.vendor == "postgresql":
            where_a, where_o, params = _where_assignments(part)
        else:
            marks = ", ".join(f"%(id{i})s" for i in range(len(part)))
            params = {f"id{i}": pk for i, pk in enumerate(part)}
            where_a = f"a.id IN ({marks})"
            where_o = f"o.assignment_id IN ({marks}) AND a.id IN ({marks})"
        for key, (n, late) in _aggregate_sql(where_a, where_o, params).items():
            had = out.get(key, (0, 0))
            out[key] = (had[0] + n, max(had[1], late))
    return out


@contextmanager
def track(assignment_ids: Iterable[int]) -> Iterator[None]:
    """Count the keys of these assignments (and their obligations) before and after the
    block, and apply the difference. The rows are locked first, so no other writer moves
    them in between. Must run inside a transaction."""
    from .models import Assignment, ReportObligation

    ids = sorted(set(assignment_ids))
    if not ids:
        yield
        return
    assert transaction.get_connection().in_atomic_block, "track() needs a transaction"
    for start in range(0, len(ids), 1000):
        part = ids[start:start + 1000]
        list(Assignment.objects.select_for_update().filter(pk__in=part).order_by("pk")
             .values_list("pk", flat=True))
        list(ReportObligation.objects.select_for_update().filter(assignment_id__in=part)
             .order_by("pk").values_list("pk", flat=True))
    before = _keys_for(ids)
    yield
    after = _keys_for(ids)
    deltas = {}
    for key in before.keys() | after.keys():
        n0, _l0 = before.get(key, (0, 0))
        n1, l1 = after.get(key, (0, 0))
        if n1 != n0:
            deltas[key] = (n1 - n0, l1)
    apply(deltas)


def add(assignment_ids: Iterable[int]) -> None:
    """Count new assignments (with their obligations) made in this transaction step: a
    reorganisation creates the successors' assignments and hands them obligations."""
    ids = sorted(set(assignment_ids))
    if ids:
        apply(_keys_for(ids))


# --- reading (today's directive summary) -----------------------------------------------------
# Plain SQL: these run on every summary request, where building ORM queries cost more
# than running them.

def _units_clause(column: str, unit_ids: set[int] | None) -> tuple[str, list[int]]:
    if unit_ids is None:
        return "", []
    ids = sorted(unit_ids) or [WHOLE]  # WHOLE matches no unit
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", ids


def directive_summary_rows(directive_id: int, day: dt.date,
                           unit_ids: set[int] | None = None
                           ) -> tuple[list[tuple], UnitTree, list[tuple]]:
    """What today's summary of a directive reads, in one statement (of the given units
    only unless `unit_ids` is None):

    - counts: unit-grain rows (section, unit, kind, bucket, due_on, n, late);
    - tree: the tree as of `day` (tracker.selectors.UnitTree) of the units counted and
      their predecessors, read by the tree's own SQL (`tree_sql`);
    - overdue: (obligation, assignment, unit, item, state, due_on) of the obligations
      overdue on `day` (statuses.orm.obligation_overdue_q), the earliest first.

    The parts share the columns (part, i1..i4, t1..t4, d1..d3) of one UNION ALL:
    counts  c: section, unit, n, late | kind, bucket, -, - | due_on, -, -
    overdue o: obligation, assignment, unit, item | state, -, -, - | due_on, -, -
    tree    U/R/L: see tracker.selectors.tree_sql
    """
    units_where, ids = _units_clause("unit_key", unit_ids)
    assignments_where, _ids = _units_clause("a.unit_id", unit_ids)
    counted = ("SELECT section_key, unit_key, kind, bucket, due_on, n, late_max"
               " FROM assignments_statuscount WHERE directive_id = %s AND unit_key <> %s"
               f" AND n <> 0{units_where}")
    tree_cte, tree_select = tree_sql("SELECT unit_key AS id FROM c")
    sql = f"""
    WITH RECURSIVE c AS ({counted}), {tree_cte}
    SELECT 'c', section_key, unit_key, n, late_max, kind, bucket, NULL, NULL,
           due_on, CAST(NULL AS DATE), CAST(NULL AS DATE) FROM c
    UNION ALL
    SELECT 'o', o.id, o.assignment_id, a.unit_id, a.item_id, o.state, NULL, NULL, NULL,
           o.due_on, NULL, NULL
    FROM assignments_reportobligation o
    JOIN assignments_assignment a ON a.id = o.assignment_id
    JOIN directives_responsibilityitem i ON i.id = a.item_id
    WHERE i.directive_id = %s AND {status_sql.obligation_overdue("%s")}{assignments_where}
    UNION ALL {tree_select}"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [directive_id, WHOLE, *ids, directive_id,
                             connection.ops.adapt_datefield_value(day), *ids])
        fetched = cursor.fetchall()
    rows, tree_rows, overdue = [], [], []
    for row in fetched:
        part, i1, i2, i3, i4, t1, t2, _t3, _t4, due_on, _d2, _d3 = row
        if part == "c":
            rows.append((i1, i2, t1, t2, _as_date(due_on), i3, i4))
        elif part == "o":
            overdue.append((i1, i2, i3, i4, t1, _as_date(due_on)))
        else:
            tree_rows.append(row)
    overdue.sort(key=lambda row: (row[5], row[0]))
    return rows, tree_from_rows(day, tree_rows), overdue


# --- rebuilding and checking ----------------------------------------------------------------

def expected(directive_ids: list[int] | None = None) -> dict[tuple, tuple[int, int]]:
    """What the table should hold, both grains, computed from the rows."""
    if directive_ids is None:
        unit_grain = _aggregate_sql("1 = 1", "1 = 1", {})
    else:
        unit_grain = {}
        for directive_id in directive_ids:
            unit_grain.update(_aggregate_sql("i.directive_id = %(d)s", "i.directive_id = %(d)s",
                                             {"d": directive_id}))
    out: dict[tuple, list[int]] = {}
    for (d, s, u, k, b, due), (n, late) in unit_grain.items():
        for key in ((d, s, u, k, b, due), (d, WHOLE, WHOLE, k, b, due)):
            entry = out.setdefault(key, [0, 0])
            entry[0] += n
            entry[1] = max(entry[1], late)
    return {key: (n, late) for key, (n, late) in out.items()}


def stored(directive_ids: list[int] | None = None) -> dict[tuple, tuple[int, int]]:
    from .models import StatusCount

    qs = StatusCount.objects.exclude(n=0)
    if directive_ids is not None:
        qs = qs.filter(directive_id__in=directive_ids)
    return {(d, s, u, k, b, due): (n, late) for d, s, u, k, b, due, n, late in qs.values_list(
        "directive_id", "section_key", "unit_key", "kind", "bucket", "due_on", "n",
        "late_max")}


def differences(directive_ids: list[int] | None = None) -> list[str]:
    """Keys whose stored count (or days late) differs from the rows; [] when in step."""
    want, have = expected(directive_ids), stored(directive_ids)
    out = []
    for key in sorted(want.keys() | have.keys(), key=str):
        w, h = want.get(key, (0, 0)), have.get(key, (0, 0))
        if w[0] != h[0] or (w[0] and w[1] != h[1]):
            out.append(f"{key}: expected {w}, stored {h}")
    return out


@transaction.atomic
def rebuild(directive_ids: list[int] | None = None) -> int:
    """Recompute the table (or the rows of some directives) from scratch."""
    with connection.cursor() as cursor:
        if directive_ids is None:
            if connection.vendor == "postgresql":
                cursor.execute("LOCK TABLE assignments_statuscount IN EXCLUSIVE MODE")
            cursor.execute("DELETE FROM assignments_statuscount")
        else:
            for pk in directive_ids:
                cursor.execute("DELETE FROM assignments_statuscount WHERE directive_id = %s",
                               [pk])
    return fill(directive_ids)


def fill(directive_ids: list[int] | None = None) -> int:
    """Add the counts of these directives (all when None) to an empty table."""
    if connection.vendor == "postgresql" and directive_ids is None:
        # Everything in one statement (the national bench: millions of rows, seconds).
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO assignments_statuscount (directive_id, section_key, unit_key, "
                "kind, bucket, due_on, n, late_max) "
                f"SELECT d, COALESCE(s, {WHOLE}), COALESCE(u, {WHOLE}), k, b, due, count(*), "
                f"max(late) FROM ({_keys_sql('1 = 1', '1 = 1')}) keys "
                "GROUP BY GROUPING SETS ((d, s, u, k, b, due), (d, k, b, due))",
                {"no_date": NO_DATE})
            return cursor.rowcount
    want = expected(directive_ids)
    _upsert([(*key, n, late) for key, (n, late) in want.items()])
    return len(want)

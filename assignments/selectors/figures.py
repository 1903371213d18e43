"""The figures of the tracked directives read from the status-count table, scoped to a
user: the dashboard's tiles (reports.summaries) and the counts of the lists those tiles
open (`/yeu-cau-bao-cao/?tracked=all&due=true`…), one definition for both. At national
scale a list counting its millions of rows took 0.3 to 0.5 s; the sum of the counter
rows reads a few thousand.

The scope is the one the lists apply (ReportObligation.visible_to, tested to agree
in tests/lists/test_drill_down.py and, for every demo user, test_list_joins.py): a
board's own directives in whole, the other directives at the grain of the user's own
units."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, IntegerField, Max, Min, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from directives.models import Directive
from directives.selectors import tracked_directives
from tracker import policy
from tracker.models import Membership

from ..counts import WHOLE
from ..models import StatusCount
from ..statuses import OBLIGATION, counted_rates_q, counted_state, obligation_rollup_weighted


def _scoped(user, counted: QuerySet, directives, *, per_unit: bool = False
            ) -> list[tuple[QuerySet, object]]:
    """What of the counter rows `counted` the user may see of these directives, as
    (counter rows, directives) pairs to read: every directive for those who see
    everything and a board's own directives in whole (their per-directive grain, unit
    WHOLE, or with `per_unit` every unit's grain), the user's own units' grain of the
    others. `directives`: dicts with `id` and `supervising_unit_id`, or a Directive
    queryset (kept a subquery)."""
    everything = policy.sees_everything(user)
    boards = set() if everything else policy.unit_ids(user, Membership.Role.REVIEWER)
    if isinstance(directives, QuerySet):
        mine = directives.filter(supervising_unit_id__in=boards)
        whole = (directives if everything else mine).order_by().values("pk")
        rest = directives.exclude(pk__in=mine.values("pk")).order_by().values("pk")
    else:
        whole = [d["id"] for d in directives if everything or d["supervising_unit_id"] in boards]
        rest = [d["id"] for d in directives if d["supervising_unit_id"] not in boards]
    in_whole = counted.exclude(unit_key=WHOLE) if per_unit else counted.filter(unit_key=WHOLE)
    parts = [(in_whole, whole)]
    own = set() if everything else policy.unit_ids(user, *policy.UNIT_ROLES)
    if own:
        parts.append((counted.filter(unit_key__in=own), rest))
    return [(qs, ids) for qs, ids in parts if not (isinstance(ids, list) and not ids)]


def count_rows(user, directives, *, per_directive: bool, day: dt.date,
               kind: str | None = None) -> list[tuple]:
    """Status-count rows (directive or None, kind, bucket, due_on, n, late) of what the
    user may see of these directives, summed over directives unless `per_directive`; of
    one `kind` when given. `directives`: dicts with `id` and `supervising_unit_id`, or a
    Directive queryset (read as a subquery: the dashboard's 2,000 directives as bound
    parameters cost more than the sum itself). For `day` (today or later): the rows are
    summed by how their due dates fall against it (`_phase`), each dated by the earliest,
    which gives that day's roll-ups from far fewer rows."""
    counted = StatusCount.objects.all() if kind is None else StatusCount.objects.filter(kind=kind)
    parts = _scoped(user, counted, directives)
    rows: list[tuple] = []
    keys = ["directive_id", "kind", "bucket"] if per_directive else ["kind", "bucket"]
    for qs, ids in parts:
        grouped = (qs.filter(directive_id__in=ids).exclude(n=0)
                   .annotate(phase=_phase(day)).values(*keys, "phase")
                   .annotate(first=Min("due_on"), total=Sum("n"), late=Max("late_max"))
                   .order_by().values_list(*keys, "first", "total", "late"))
        rows += grouped if per_directive else [(None, *row) for row in grouped]
    return rows


def _phase(day: dt.date) -> Case:
    """Where a counted row's due date falls against the day: before, on, after. Rows of
    one bucket alike in that have one status on the day (statuses.counted_state) and
    count alike in the rates; the earliest due date of those before the day gives the
    most days overdue. So the dashboard sums some 5,000 dated rows into a few dozen."""
    return Case(When(due_on__lt=day, then=Value(-1)), When(due_on=day, then=Value(0)),
                default=Value(1), output_field=IntegerField())


def unit_rate_rows(user, directive_ids: list[int], day: dt.date) -> list[tuple]:
    """Per unit, the figures of the rates of these directives' obligations on `day` (today
    or later): (unit, due, on time, late, overdue), summed in SQL over the unit grain of
    the status-count table (statuses.counted_rates_q). Scoped like count_rows: a board's
    own directives every unit, the others the user's own units."""
    directives = list(Directive.objects.filter(pk__in=directive_ids)
                      .values("id", "supervising_unit_id"))
    parts = _scoped(user, StatusCount.objects.filter(kind=OBLIGATION).exclude(n=0),
                    directives, per_unit=True)
    figures = counted_rates_q(day)
    sums = {name: Coalesce(Sum("n", filter=q), 0) for name, q in figures.items()}
    found = [_plain_rows(qs.filter(directive_id__in=ids).values("unit_key").annotate(**sums)
                         .order_by().values_list("unit_key", *figures))
             for qs, ids in parts]
    if len(found) == 1:  # one scope (a national leader's: 3,000 units), nothing to merge
        return found[0]
    rows: dict[int, list[int]] = {}
    for part in found:
        for unit, *numbers in part:
            total = rows.setdefault(unit, [0] * len(figures))
            for i, n in enumerate(numbers):
                total[i] += n
    return [(unit, *numbers) for unit, numbers in rows.items()]


def _plain_rows(qs: QuerySet) -> list[tuple]:
    """The rows of a queryset of integer columns (integer fields and their sums: the
    driver returns Python ints on SQLite and PostgreSQL) as the driver returns them,
    without the ORM's per-value converters, which cost a national chart's 3,000 units
    ×5 sums some 4 ms for nothing."""
    try:
        sql, params = qs.query.get_compiler(qs.db).as_sql()
    except EmptyResultSet:  # a filter that cannot match, e.g. `__in=[]`
        return []
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def listed_directive_rows(user, day: dt.date) -> list[dict]:
    """The directives the user's dashboard lists on the day (its first
    TRACKER_DASHBOARD_DIRECTIVES tracked ones, newest first: `id`, `number`, `title`,
    `supervising_unit_id`)."""
    from django.conf import settings

    return list(tracked_directives(user, day).values(
        "id", "number", "title", "supervising_unit_id")[:settings.TRACKER_DASHBOARD_DIRECTIVES])


def obligation_figures_of(user, directives, day: dt.date) -> dict:
    """The obligation roll-up (counts by status, due, overdue…) of these directives for
    the day (today or later), as the dashboard's tiles give it."""
    pairs = [(counted_state(kind, bucket, due_on, late, day), n)
             for _d, kind, bucket, due_on, n, late
             in count_rows(user, directives, per_directive=False, kind=OBLIGATION, day=day)]
    return obligation_rollup_weighted(pairs, day)


# The lists' filters a tile's figure answers: `tracked` and one of these, nothing else.
_FIGURES = {"due": lambda o: o["due"], "overdue": lambda o: o["overdue_count"]}


def tracked_list_count(user, data: dict, day: dt.date) -> int | None:
    """The row count of an obligation list filtered by `data` (its filter form's cleaned
    data) when the status-count table answers it: `tracked` (all or listed) with exactly
    one of `due=true`, `overdue=true` or a single `status`, for today. None otherwise
    (the list counts its rows)."""
    asked = {name for name, value in data.items() if value not in (None, "", [], ())}
    if data.get("tracked") not in ("all", "listed") or len(asked) != 2:
        return None
    (name,) = asked - {"tracked"}
    statuses = data.get("status") or []
    if name == "status" and len(statuses) == 1:
        def figure(o):
            return o["counts"][statuses[0]]
    elif name in _FIGURES and data[name] is True:
        figure = _FIGURES[name]
    else:
        return None
    directives = (tracked_directives(user, day) if data["tracked"] == "all"
                  else listed_directive_rows(user, day))
    return figure(obligation_figures_of(user, directives, day))


"""The floor of each figure: the same answer from one hand-written SQL query (PostgreSQL).

A floor is what the database alone needs; the ratio "API median / floor median" shows
what Python, the ORM, serialisation and HTTP add on top. Statuses "as of" a day are
computed in SQL from the dated facts (latest deadline change, submission and review up
to the end of that day), the way assignments.statuses replays them.
"""

# SQL below is assembled from constant fragments; every value is a query parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
import statistics
import time

from django.db import connection

from assignments.statuses import sql as status_sql
from tracker.timeutil import end_of_day

# Obligation status as of (day, cutoff), from the dated facts (assignments.statuses.sql).
OBLIGATION_STATUS = status_sql.OBLIGATION_REPLAYED_STATUS

OBLIGATION_FACTS = """
    SELECT o.id, a.unit_id, i.section_id, i.directive_id,
           COALESCE(dc.new_due_on, o.original_due_on) AS due,
           o.accepted_at, o.effective_submitted_on, o.withdrawn_at,
           ls.last_sub, lr.decision AS last_decision, lr.decided_at AS last_decided
    FROM assignments_reportobligation o
    JOIN assignments_assignment a ON a.id = o.assignment_id
    JOIN directives_responsibilityitem i ON i.id = a.item_id
    JOIN directives_directive d ON d.id = i.directive_id
    LEFT JOIN LATERAL (
        SELECT x.new_due_on FROM assignments_deadlinechange x
        WHERE x.obligation_id = o.id AND x.changed_at <= %(cutoff)s
        ORDER BY x.changed_at DESC, x.id DESC LIMIT 1) dc ON true
    LEFT JOIN LATERAL (
        SELECT max(r.submitted_at) AS last_sub FROM reports_progressreport r
        WHERE r.obligation_id = o.id AND r.submitted_at <= %(cutoff)s) ls ON true
    LEFT JOIN LATERAL (
        SELECT v.decision, v.decided_at FROM reports_review v
        JOIN reports_progressreport r ON r.id = v.report_id
        WHERE r.obligation_id = o.id AND v.decided_at <= %(cutoff)s
        ORDER BY v.decided_at DESC LIMIT 1) lr ON true
    WHERE o.created_at <= %(cutoff)s AND {where}"""

ASSIGNMENT_FACTS = """
    SELECT a.id, a.unit_id, i.section_id, i.directive_id,
      {status} AS status
    FROM assignments_assignment a
    JOIN directives_responsibilityitem i ON i.id = a.item_id
    JOIN directives_directive d ON d.id = i.directive_id
    LEFT JOIN LATERAL (
        SELECT x.new_due_on FROM assignments_deadlinechange x
        WHERE x.assignment_id = a.id AND x.obligation_id IS NULL
          AND x.changed_at <= %(cutoff)s
        ORDER BY x.changed_at DESC, x.id DESC LIMIT 1) dc ON true
    WHERE a.created_at <= %(cutoff)s AND {where}""".replace(
    "{status}", status_sql.ASSIGNMENT_REPLAYED_STATUS)


STORED_OBLIGATION_FACTS = """
    SELECT o.id, a.unit_id, i.section_id, i.directive_id, o.due_on AS due,
           {status} AS status
    FROM assignments_reportobligation o
    JOIN assignments_assignment a ON a.id = o.assignment_id
    JOIN directives_responsibilityitem i ON i.id = a.item_id
    JOIN directives_directive d ON d.id = i.directive_id
    WHERE o.created_at <= %(cutoff)s AND {where}"""

STORED_ASSIGNMENT_FACTS = """
    SELECT a.id, a.unit_id, i.section_id, i.directive_id, {status} AS status
    FROM assignments_assignment a
    JOIN directives_responsibilityitem i ON i.id = a.item_id
    JOIN directives_directive d ON d.id = i.directive_id
    WHERE a.created_at <= %(cutoff)s AND {where}"""


def _facts(where: str, stored: bool) -> tuple[str, str]:
    """The obligation and assignment CTE bodies with a `status` column.

    For today the stored columns are the present facts (as the list endpoints use them);
    for a past day the dated history is replayed.
    """
    if stored:
        return (STORED_OBLIGATION_FACTS.format(status=OBLIGATION_STORED_STATUS, where=where),
                STORED_ASSIGNMENT_FACTS.format(status=ASSIGNMENT_STORED_STATUS, where=where))
    return (f"SELECT id, unit_id, section_id, directive_id, due, {OBLIGATION_STATUS} AS status"
            f" FROM ({OBLIGATION_FACTS.format(where=where)}) facts",
            ASSIGNMENT_FACTS.format(where=where))


def summary_sql(directive_id: int, day: dt.date, supervised: list[int],
                stored: bool = False) -> tuple[str, dict]:
    """Directive summary: counts by status overall, per section, per unit; overdue rows."""
    where = "i.directive_id = %(directive)s AND d.supervising_unit_id = ANY(%(boards)s)"
    o_sql, a_sql = _facts(where, stored)
    sql = f"""
    WITH os AS ({o_sql}),
         a AS ({a_sql})
    SELECT 'o' AS kind, section_id, unit_id, status, count(*) AS n,
           max(CASE WHEN {status_sql.STATUS_OVERDUE} THEN %(day)s - due ELSE 0 END)
             AS max_days, NULL::bigint AS obligation
    FROM os GROUP BY GROUPING SETS ((status), (section_id, status), (unit_id, status))
    UNION ALL
    SELECT 'a', section_id, unit_id, status, count(*), 0, NULL
    FROM a GROUP BY GROUPING SETS ((status), (section_id, status), (unit_id, status))
    UNION ALL
    SELECT 'late', section_id, unit_id, status, 1, %(day)s - due, id
    FROM os WHERE {status_sql.STATUS_OVERDUE}
    """
    return sql, {"directive": directive_id, "day": day, "cutoff": end_of_day(day),
                 "boards": supervised}


def dashboard_sql(day: dt.date, stored: bool = False) -> tuple[str, dict]:
    """Leaders' dashboard (a leader sees everything): counts per directive and status."""
    from tracker.timeutil import start_of_day

    where = ("(d.status = 'active' OR (d.status = 'closed' AND d.closed_at >= %(day_start)s))"
             " AND d.issued_on <= %(day)s")
    o_sql, a_sql = _facts(where, stored)
    sql = f"""
    WITH os AS ({o_sql}),
         a AS ({a_sql})
    SELECT 'o' AS kind, directive_id, status, count(*)
    FROM os GROUP BY GROUPING SETS ((status), (directive_id, status))
    UNION ALL
    SELECT 'a', directive_id, status, count(*) FROM a
    GROUP BY GROUPING SETS ((status), (directive_id, status))
    UNION ALL
    SELECT 'waiting', NULL, NULL, count(*) FROM reports_progressreport r
    JOIN assignments_reportobligation o ON o.id = r.obligation_id
    JOIN assignments_assignment a ON a.id = o.assignment_id
    JOIN directives_responsibilityitem i ON i.id = a.item_id
    JOIN directives_directive d ON d.id = i.directive_id
    WHERE r.status = 'submitted' AND {where}
    """
    return sql, {"day": day, "cutoff": end_of_day(day), "day_start": start_of_day(day)}


# --- first pages of the lists (status for today from the stored columns) -------------

OBLIGATION_STORED_STATUS = status_sql.OBLIGATION_STORED_STATUS
ASSIGNMENT_STORED_STATUS = status_sql.ASSIGNMENT_STORED_STATUS


def _ints(values: list[int]) -> str:
    """An IN list (`= ANY(array)` hides from the planner that one board is an equality,
    which the index order needs)."""
    return ", ".join(str(int(v)) for v in values)


# The status filters as the stored columns say them (index-friendly), where the plan
# uses them; other statuses compare the CASE.
ASSIGNMENT_STATUS_COLUMNS = status_sql.ASSIGNMENT_STATUS_COLUMNS
OBLIGATION_STATUS_COLUMNS = status_sql.OBLIGATION_STATUS_COLUMNS


def _scope(alias: str, boards: list[int], units: list[int], board_extra: str = "") -> str:
    """Who sees the row, from its scope columns (assignments.scope). As written by hand
    for this user: a branch the user has no units or boards for is left out."""
    branches = []
    if boards:
        branches.append(f"({alias}.board_id IN ({_ints(boards)}){board_extra})")
    if units:
        branches.append(f"({alias}.unit_id IN ({_ints(units)}) "
                        "AND d.status IN ('active', 'closed'))")
    return "(" + (" OR ".join(branches) or "FALSE") + ")"


# From an obligation `o` to its assignment `a`, item `i`, directive `d`, unit `u` and
# period `p`.
_OBLIGATION_JOINS = """
    JOIN assignments_assignment a ON a.id = o.assignment_id
    JOIN directives_responsibilityitem i ON i.id = a.item_id
    JOIN directives_directive d ON d.id = i.directive_id
    JOIN tracker_unit u ON u.id = a.unit_id
    JOIN assignments_reportingperiod p ON p.id = o.period_id"""


def _where(alias: str, boards, units, tree, board_extra: str = "") -> list[str]:
    """The scope of the list's rows, and its unit tree when one is given."""
    where = [_scope(alias, boards, units, board_extra)]
    if tree is not None:
        where.append(f"{alias}.unit_id = ANY(%(tree)s)")
    return where


def assignment_page_sql(*, day, boards, units, tree=None, status=None,
                        limit=25) -> tuple[str, dict]:
    where = _where("a", boards, units, tree)
    if status:
        where.append(ASSIGNMENT_STATUS_COLUMNS.get(
            status, f"{ASSIGNMENT_STORED_STATUS} = %(status)s"))
    sql = f"""
    SELECT a.id, a.item_id, i.content, i.directive_id, i.deadline_mode, u.id, u.code, u.name,
           u.short_name, a.original_unit_id, a.role, a.is_joint, a.via_group_id,
           a.assigned_on, a.original_due_on, a.current_due_on, a.state,
           {ASSIGNMENT_STORED_STATUS} AS status, a.completed_on, a.completed_at,
           a.withdrawn_at, a.created_at
    FROM assignments_assignment a
    JOIN directives_responsibilityitem i ON i.id = a.item_id
    JOIN directives_directive d ON d.id = i.directive_id
    JOIN tracker_unit u ON u.id = a.unit_id
    WHERE {" AND ".join(where)}
    ORDER BY a.id DESC LIMIT %(limit)s"""
    return sql, {"day": day, "boards": boards, "units": units, "tree": list(tree or []),
                 "status": status, "limit": limit + 1}


def obligation_page_sql(*, day, boards, units, tree=None, status=None, overdue=False,
                        unit=None, limit=25) -> tuple[str, dict]:
    where = _where("o", boards, units, tree)
    if unit is not None:
        where.append("o.unit_id = %(unit)s")
    if status:
        where.append(OBLIGATION_STATUS_COLUMNS.get(
            status, f"{OBLIGATION_STORED_STATUS} = %(status)s"))
    if overdue:
        where.append(status_sql.OBLIGATION_OVERDUE)
    sql = f"""
    SELECT o.id, o.assignment_id, a.item_id, i.directive_id, u.id, u.code, u.name,
           u.short_name, p.id, p.directive_id, p.cadence, p.label, p.starts_on, p.ends_on,
           p.due_on, o.original_due_on, o.due_on, o.state, {OBLIGATION_STORED_STATUS},
           o.first_submitted_at, o.effective_submitted_on, o.resubmit_by, o.accepted_at,
           o.withdrawn_at, o.created_at
    FROM assignments_reportobligation o
    {_OBLIGATION_JOINS}
    WHERE {" AND ".join(where)}
    ORDER BY o.due_on, o.id LIMIT %(limit)s"""
    return sql, {"day": day, "boards": boards, "units": units, "tree": list(tree or []),
                 "status": status, "unit": unit, "limit": limit + 1}


def report_page_sql(*, boards, units, tree=None, status=None, limit=25) -> tuple[str, dict]:
    where = _where("r", boards, units, tree, board_extra=" AND r.status <> 'draft'")
    if status:
        where.append("r.status = %(status)s")
    sql = f"""
    WITH page AS (
      SELECT r.*, a.id AS a_id, i.directive_id, u.id AS u_id, u.code, u.name,
             u.short_name, p.label
      FROM reports_progressreport r
      JOIN assignments_reportobligation o ON o.id = r.obligation_id
      {_OBLIGATION_JOINS}
      WHERE {" AND ".join(where)}
      ORDER BY r.id DESC LIMIT %(limit)s)
    SELECT page.*, (SELECT json_agg(v ORDER BY v.decided_at) FROM reports_review v
                    WHERE v.report_id = page.id) AS reviews
    FROM page ORDER BY page.id DESC"""
    return sql, {"boards": boards, "units": units, "tree": list(tree or []),
                 "status": status, "limit": limit + 1}


def my_work_sql(*, day, unit_ids: list[int]) -> tuple[str, dict]:
    """The unit's open and waiting obligations with their status and any draft."""
    sql = f"""
    SELECT o.id, o.due_on, o.state, {OBLIGATION_STORED_STATUS} AS status, i.content,
           i.directive_id, d.number, p.label, r.id AS draft
    FROM assignments_reportobligation o
    JOIN assignments_assignment a ON a.id = o.assignment_id
    JOIN directives_responsibilityitem i ON i.id = a.item_id
    JOIN directives_directive d ON d.id = i.directive_id
    JOIN assignments_reportingperiod p ON p.id = o.period_id
    LEFT JOIN reports_progressreport r ON r.obligation_id = o.id AND r.status = 'draft'
    WHERE a.unit_id = ANY(%(units)s) AND d.status IN ('active', 'closed')
      AND o.state IN ('not_submitted', 'returned', 'submitted')
    ORDER BY o.due_on, i."order" """
    return sql, {"day": day, "units": unit_ids}


def time_sql(sql: str, params: dict, repeats: int, budget: float = 20.0) -> dict:
    """Median and p95 of running `sql` (fetching every row) through the connection."""
    times = []
    rows = 0
    deadline = time.perf_counter() + budget
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql, params)  # warm-up
        rows = len(cursor.fetchall())
        first = time.perf_counter() - started
        for _ in range(repeats if first <= budget else 0):
            started = time.perf_counter()
            cursor.execute(sql, params)
            rows = len(cursor.fetchall())
            times.append(time.perf_counter() - started)
            if time.perf_counter() > deadline and len(times) >= 3:
                break
    times = times or [first]
    return {"median_ms": round(statistics.median(times) * 1000, 2),
            "p95_ms": round(percentile(times, 95) * 1000, 2), "runs": len(times), "rows": rows}


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * pct / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)

"""Planning: every reminder due and not yet recorded, written into a temporary table.

Two paths fill the plan table: the portable one (candidates streamed in chunks, rungs
planned in Python) and PostgreSQL's (one INSERT … SELECT over the candidates). The
weekly digests are planned after either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, Case, DateField, ExpressionWrapper, F, Q, When

from directives.models import Directive, ResponsibilityItem
from tracker.calendar import WorkingCalendar

from ..models import Assignment, ReminderDispatch, ReportObligation
from .ladder import OPEN_STATES, Ladder, digest_step
from .recipients import _audience_tables, _People, _Planner


@dataclass
class SweepResult:
    """What a sweep (or "remind now") did: its tally, filled from planning to sending."""

    as_of: dt.datetime
    token: str
    obligations_seen: int = 0
    steps_due: int = 0
    claimed: int = 0
    reclaimed: int = 0
    cancelled: int = 0
    digests: int = 0
    notifications: int = 0
    recipients: dict[str, int] = field(default_factory=dict)
    deliveries: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {k: (v.isoformat() if isinstance(v, dt.datetime) else v)
                for k, v in self.__dict__.items()}


def _candidates(horizon: dt.date):
    """Open obligations of open assignments (active item and directive) whose base date is
    within the horizon, annotated with what their rung depends on: returned, base date,
    unit and directive."""
    returned = Q(state=ReportObligation.State.RETURNED, resubmit_by__isnull=False)
    return (
        ReportObligation.objects.filter(
            state__in=OPEN_STATES, assignment__state=Assignment.State.OPEN,
            assignment__item__status=ResponsibilityItem.Status.ACTIVE,
            assignment__item__directive__status=Directive.Status.ACTIVE,
        ).filter(
            Q(state=ReportObligation.State.NOT_SUBMITTED, due_on__lte=horizon)
            | Q(state=ReportObligation.State.RETURNED, resubmit_by__lte=horizon)
            | Q(state=ReportObligation.State.RETURNED, resubmit_by__isnull=True,
                due_on__lte=horizon)
        ).annotate(
            rung_returned=ExpressionWrapper(returned, output_field=BooleanField()),
            rung_base=Case(When(returned, then=F("resubmit_by")), default=F("due_on"),
                           output_field=DateField()),
            rung_unit=F("assignment__unit_id"),
            rung_directive=F("assignment__item__directive_id"),
        ).order_by()
    )


PLAN_TABLE = "reminder_plan"  # (ob, step, rcpt, aud, base, at, unit, directive), per session
NOTE_TABLE = "reminder_plan_note"  # (rcpt, nid): a batch's notification per recipient
# PostgreSQL: (id, returned, base, unit, directive, ladder, heads, board)
CANDIDATE_TABLE = "reminder_candidate"
RUNG_TABLE = "reminder_rung"  # PostgreSQL: (ladder, returned, base, step, at, escalate)
RECIPIENT_TABLE = "reminder_recipient"  # PostgreSQL: (aud, unit, rcpt), `_audience_tables`
_PLAN_COLUMNS = "ob, step, rcpt, aud, base, at, unit, directive"


def _plan_drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {NOTE_TABLE}")
        cursor.execute(f"DROP TABLE IF EXISTS {CANDIDATE_TABLE}")
        cursor.execute(f"DROP TABLE IF EXISTS {RUNG_TABLE}")
        cursor.execute(f"DROP TABLE IF EXISTS {RECIPIENT_TABLE}")
        cursor.execute(f"DROP TABLE IF EXISTS {PLAN_TABLE}")


def _plan_create() -> None:
    """The session's plan tables (temporary: no WAL, no constraints, dropped at the end)."""
    _plan_drop()
    postgres = connection.vendor == "postgresql"
    types = (("bigint", "varchar(64)", "integer", "varchar(16)", "date", "timestamptz",
              "bigint", "bigint") if postgres else
             ("integer", "text", "integer", "text", "date", "datetime", "integer", "integer"))
    columns = ", ".join(f"{name} {kind}" for name, kind in
                        zip(_PLAN_COLUMNS.split(", "), types, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {PLAN_TABLE} ({columns})")
        cursor.execute(f"CREATE TEMPORARY TABLE {NOTE_TABLE} (rcpt integer, nid bigint)")


def _plan(result: SweepResult, *, now: dt.datetime, calendar: WorkingCalendar,
          people: _People) -> int:
    """Write every reminder due at `now` and not yet recorded (obligation, rung, recipient,
    and the weekly digests) into the plan table; returns how many. Nothing is recorded:
    the rows become dispatches when their recipient's notification is written."""
    planner = _Planner(now=now, calendar=calendar, people=people)
    candidates = _candidates(planner.horizon)
    _plan_create()
    if connection.vendor == "postgresql":
        _plan_in_sql(result, candidates, planner)
    else:
        _plan_in_python(result, candidates, planner)
    _plan_digests(planner)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX {PLAN_TABLE}_rcpt ON {PLAN_TABLE} (rcpt)")
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {PLAN_TABLE}")
        cursor.execute(f"SELECT COUNT(*) FROM {PLAN_TABLE}")  # noqa: S608
        return cursor.fetchone()[0]


def _plan_rows(rows: list[tuple]) -> None:
    """Append (ob, step, rcpt, aud, base, at, unit, directive) rows to the plan table."""
    if not rows:
        return
    ops = connection.ops
    marks = ", ".join(["%s"] * 8)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {PLAN_TABLE} ({_PLAN_COLUMNS}) VALUES ({marks})",  # noqa: S608
            [(ob, step, rcpt, aud, ops.adapt_datefield_value(base),
              ops.adapt_datetimefield_value(at), unit, directive)
             for ob, step, rcpt, aud, base, at, unit, directive in rows])


def _plan_in_python(result: SweepResult, candidates, planner: _Planner) -> None:
    """The portable path: candidates streamed by id in chunks, rows planned in Python."""
    chunk = settings.REMINDERS_SWEEP_CHUNK
    after_id = 0
    columns = ("id", "rung_returned", "rung_base", "rung_unit", "rung_directive")
    while True:
        rows = list(candidates.filter(id__gt=after_id).order_by("id")
                    .values_list(*columns)[:chunk])
        if not rows:
            break
        after_id = rows[-1][0]
        result.obligations_seen += len(rows)
        planned: list[tuple] = []
        for ob_id, returned, base, unit_id, directive_id in rows:
            step = planner.step(directive_id, bool(returned), base)
            if step is None:
                continue
            result.steps_due += 1
            for user_id, audience in planner.recipients(unit_id, directive_id, step):
                planned.append((ob_id, step.key, user_id, audience, base, step.send_at,
                                unit_id, directive_id))
        if not planned:
            continue
        existing = set(ReminderDispatch.objects.filter(
            obligation_id__in={p[0] for p in planned}, step__in={p[1] for p in planned},
        ).values_list("obligation_id", "step", "recipient_id"))
        _plan_rows([p for p in planned if p[:3] not in existing])


# For the planning statements, per transaction (never for the session): memory for their
# sorts and hashes (the server default, often 4 MB, sends the national sweep's to disk),
# and no JIT (compiling the INSERT … SELECT took longer than it saved, ~0.5 s).
PLAN_SETTINGS = {"work_mem": "64MB", "jit": "off"}


def _plan_in_sql(result: SweepResult, candidates, planner: _Planner) -> None:
    """PostgreSQL: one INSERT … SELECT into the plan table joining the candidates to their
    rung and to the recipients, so no obligation row travels to Python.

    The candidates are selected once, into a temporary table (the join of the open
    obligations to their assignment, item and directive is the larger part of a rerun),
    each with its directive's ladder (numbered) and whom its escalations reach. A rung
    depends only on the ladder, whether the report was returned and the base date: the
    rungs are computed per such group from a GROUP BY and sent back as arrays, the
    recipients as small (unit, user) tables. Per candidate, in id order, one index lookup
    lists who already has the rung; a rerun plans nothing. It all runs in one
    transaction, with more memory for its sorts and hashes.
    """
    cand_sql, cand_params = candidates.values_list(
        "id", "rung_returned", "rung_base", "rung_unit", "rung_directive",
    ).query.sql_with_params()
    numbers: dict[Ladder, int] = {planner.default: 0}
    directives: list[tuple] = []  # (directive, ladder number, heads, board) on escalation
    for directive_id in planner.boards:
        number = numbers.setdefault(planner.ladder(directive_id), len(numbers))
        directives.append((directive_id, number, *planner.escalates_to(directive_id)))
    ladders = {number: ladder for ladder, number in numbers.items()}
    with transaction.atomic(), _local_settings(**PLAN_SETTINGS):
        with connection.cursor() as cursor:
            # The candidates come from the ORM; every value is a bound parameter. A
            # directive made active since the planner looked has the default ladder (and
            # no board), as `_Planner.step` and `.escalation` would give it.
            cursor.execute(
                f"CREATE TEMPORARY TABLE {CANDIDATE_TABLE} "  # noqa: S608
                f"(id, returned, base, unit, directive, ladder, heads, board) AS "
                f"SELECT q.*, COALESCE(l.ladder, 0), COALESCE(l.heads, %s), l.board "
                f"FROM ({cand_sql}) q LEFT JOIN unnest(%s::bigint[], %s::integer[], "
                f"%s::boolean[], %s::bigint[]) AS l(directive, ladder, heads, board) "
                f"ON l.directive = q.rung_directive",
                [planner.default.escalate_to_unit_head, *cand_params,
                 *_columns(directives, 4)])
            cursor.execute(f"ANALYZE {CANDIDATE_TABLE}")
            cursor.execute(f"SELECT ladder, returned, base, COUNT(*) "  # noqa: S608
                           f"FROM {CANDIDATE_TABLE} GROUP BY ladder, returned, base")
            counts = cursor.fetchall()
        rungs: list[tuple] = []  # (ladder number, returned, base, step, moment, escalates)
        for number, returned, base, count in counts:
            result.obligations_seen += count
            step = planner.rung(ladders[number], returned, base)
            if step is None:
                continue
            result.steps_due += count
            rungs.append((number, returned, base, step.key, step.send_at, step.escalate))
        if rungs:
            _plan_insert(rungs, planner.people)


def _columns(rows, width: int) -> tuple[list, ...]:
    """Rows of `width` values as that many lists (one array parameter each)."""
    columns: tuple[list, ...] = tuple([] for _ in range(width))
    for row in rows:
        for column, value in zip(columns, row, strict=True):
            column.append(value)
    return columns


def _plan_insert(rungs: list[tuple], people: _People) -> None:
    """The INSERT … SELECT of `_plan_in_sql`: every (candidate, rung, recipient) not yet
    in the dispatch log, under its audience."""
    with connection.cursor() as cursor:
        # A table rather than an array parameter: with its statistics, the planner sees
        # that every candidate finds its rung and hashes the small tables, not the rows.
        cursor.execute(f"CREATE TEMPORARY TABLE {RUNG_TABLE} AS SELECT * FROM "  # noqa: S608
                       f"unnest(%s::integer[], %s::boolean[], %s::date[], %s::varchar[], "
                       f"%s::timestamptz[], %s::boolean[]) "
                       f"AS s(ladder, returned, base, step, at, escalate)", _columns(rungs, 6))
        cursor.execute(f"ANALYZE {RUNG_TABLE}")
        tables = _audience_tables(people)
        audience = ReminderDispatch.Audience
        cursor.execute(f"CREATE TEMPORARY TABLE {RECIPIENT_TABLE} "  # noqa: S608
                       f"(aud varchar(16), unit bigint, rcpt integer)")
        for aud, name in ((audience.UNIT, "unit"), (audience.UNIT_HEAD, "heads"),
                          (audience.BOARD, "board")):
            cursor.execute(f"INSERT INTO {RECIPIENT_TABLE} SELECT %s, * "  # noqa: S608
                           f"FROM unnest(%s::bigint[], %s::bigint[])", [aud.value, *tables[name]])
        cursor.execute(f"ANALYZE {RECIPIENT_TABLE}")
    skip_told = ""
    if tables["overlap"][0]:
        skip_told = (
            "AND NOT EXISTS (SELECT 1 FROM unnest(%s::bigint[], %s::bigint[], %s::boolean[])"
            " AS x(unit, rcpt, as_head) WHERE x.unit = c.unit AND x.rcpt = r.rcpt"
            " AND (c.heads OR NOT x.as_head))")
    table = connection.ops.quote_name(ReminderDispatch._meta.db_table)
    # Identifiers come from the models' _meta; every value is a bound parameter.
    sql = f"""
        WITH c AS MATERIALIZED (
            SELECT cand.id AS ob, cand.unit, cand.directive, cand.base, s.step, s.at,
                   s.escalate AND cand.heads AS heads,
                   CASE WHEN s.escalate THEN cand.board END AS board,
                   ARRAY(SELECT d.recipient_id FROM {table} d
                         WHERE d.obligation_id = cand.id AND d.step = s.step) AS told
            FROM {CANDIDATE_TABLE} cand
            JOIN {RUNG_TABLE} s ON s.ladder = cand.ladder AND s.returned = cand.returned
             AND s.base = cand.base
        )
        INSERT INTO {PLAN_TABLE} ({_PLAN_COLUMNS})
        SELECT c.ob, c.step, r.rcpt, r.aud, c.base, c.at, c.unit, c.directive
        FROM c JOIN {RECIPIENT_TABLE} r ON r.unit = c.unit AND r.aud = %s
        WHERE r.rcpt <> ALL(c.told)
        UNION ALL
        SELECT c.ob, c.step, r.rcpt, r.aud, c.base, c.at, c.unit, c.directive
        FROM c JOIN {RECIPIENT_TABLE} r ON r.unit = c.unit AND r.aud = %s
        WHERE c.heads AND r.rcpt <> ALL(c.told)
        UNION ALL
        SELECT c.ob, c.step, r.rcpt, r.aud, c.base, c.at, c.unit, c.directive
        FROM c JOIN {RECIPIENT_TABLE} r ON r.unit = c.board AND r.aud = %s
        WHERE r.rcpt <> ALL(c.told) {skip_told}"""  # noqa: S608
    params = [audience.UNIT.value, audience.UNIT_HEAD.value, audience.BOARD.value,
              *(tables["overlap"] if skip_told else ())]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


class _local_settings:  # noqa: N801 (used as a statement: `with _local_settings(...)`)
    """PostgreSQL settings for the rest of the current transaction (`SET LOCAL`), put
    back on leaving, so that an enclosing transaction goes on with its own."""

    def __init__(self, **values: str):
        self.values = values
        self.before: dict[str, str] = {}

    def __enter__(self):
        with connection.cursor() as cursor:
            for name, value in self.values.items():
                cursor.execute("SELECT current_setting(%s), set_config(%s, %s, true)",
                               [name, name, value])
                self.before[name] = cursor.fetchone()[0]
        return self

    def __exit__(self, *exc):
        if exc[0] is None and self.before:
            with connection.cursor() as cursor:
                for name, value in self.before.items():
                    cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
        return False


def _plan_digests(planner: _Planner) -> None:
    """The weekly digest for reviewers (of boards supervising an active directive) and
    leaders."""
    key, moment = digest_step(planner.now, planner.calendar)
    if moment > planner.now:
        return
    digest_directives = [d for d in planner.boards if planner.ladder(d).weekly_digest]
    if not digest_directives:
        return
    people = planner.people
    wanted: list[int] = []
    for directive_id in digest_directives:
        wanted += people.reviewers.get(planner.boards[directive_id], [])
    wanted += people.leaders
    wanted = list(dict.fromkeys(wanted))
    have = set(ReminderDispatch.objects.filter(obligation__isnull=True, step=key)
               .values_list("recipient_id", flat=True))
    _plan_rows([(None, key, user_id, ReminderDispatch.Audience.DIGEST, None, moment, None,
                 None) for user_id in wanted if user_id not in have])

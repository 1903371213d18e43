"""Reminders and escalation (DESIGN §4): the ladder, the policy service and the sweep.

The ladder is computed, never stored: for an open obligation, the steps are keyed by
their offset from the date they are counted against (the current due date, or the
resubmission deadline of a returned report), e.g. "due-7@2026-12-15". A step's moment
is 07:30 Asia/Ho_Chi_Minh on the first working day on or after its nominal date.

The sweep (every 15 minutes) takes, for each open obligation, the latest step whose
moment has come. Each (obligation, step, recipient) is recorded once in ReminderDispatch
under a unique constraint. The due rows not yet recorded are first planned into a
temporary table; then, per batch of recipients and in one transaction, every recipient's
notification listing all their items (one email, never one per item) is written and
their rows are inserted with it, already sent. A crash before a batch commits leaves
nothing behind (the next sweep plans the same rows), so a reminder is neither lost nor
sent twice; a rerun plans nothing; an overlapping sweep that recorded some rows first
keeps them (the batch is written again without them). Rows left "claimed" by an older
version of the sweep that died are taken over once the lease has passed. Moving a due
date changes the keys (a new ladder); submitting takes the obligation out of the
selection.

At national scale (millions of obligations) nothing is done per obligation in Python:
a rung depends only on (ladder, base date, returned, moment) and its recipients only on
(unit, board, escalation), so both are computed once per group; on PostgreSQL the plan
is one INSERT … SELECT over the candidates, and the letters are summed up in SQL per
batch of recipients. Memory does not grow with the number of obligations.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    Q,
    Value,
    When,
)
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from directives.models import Directive, ResponsibilityItem
from tracker import policy as access
from tracker.calendar import WorkingCalendar
from tracker.errors import DomainError
from tracker.events import event_record
from tracker.models import Membership, Notification, Unit
from tracker.notification_texts import (
    DIGEST_LINE,
    reminder_item_params,
    reminder_item_summary,
    reminder_text,
    reminder_title,
)
from tracker.timeutil import LOCAL_TZ, local_date

from .models import Assignment, ReminderDispatch, ReminderPolicy, ReportObligation

log = logging.getLogger(__name__)

OPEN_STATES = (ReportObligation.State.NOT_SUBMITTED, ReportObligation.State.RETURNED)
NOTIFICATION_KIND = Notification.Kind.REMINDER


# --- the ladder (pure) ---------------------------------------------------------------

@dataclass(frozen=True)
class Ladder:
    """A directive's reminder policy, resolved (the defaults when it has none)."""

    enabled: bool = True
    before_days: tuple[int, ...] = (7, 3, 1)
    on_due_day: bool = True
    overdue_first_days: int | None = 1
    overdue_repeat_days: int = 7
    escalate_after_days: int | None = 3
    escalate_to_unit_head: bool = True
    escalate_to_board: bool = True
    weekly_digest: bool = True

    @classmethod
    def of(cls, policy: ReminderPolicy | None) -> Ladder:
        if policy is None:
            return cls()
        return cls(
            enabled=policy.enabled,
            before_days=tuple(sorted({int(n) for n in policy.before_days or []}, reverse=True)),
            on_due_day=policy.on_due_day,
            overdue_first_days=policy.overdue_first_days,
            overdue_repeat_days=policy.overdue_repeat_days,
            escalate_after_days=policy.escalate_after_days,
            escalate_to_unit_head=policy.escalate_to_unit_head,
            escalate_to_board=policy.escalate_to_board,
            weekly_digest=policy.weekly_digest,
        )

    @property
    def lead_days(self) -> int:
        return max(self.before_days, default=0)

    def offsets_upto(self, last: int) -> list[int]:
        """The ladder's offsets (days from the base date) up to `last`, latest first."""
        offsets = {-n for n in self.before_days}
        if self.on_due_day:
            offsets.add(0)
        first = self.overdue_first_days
        if first:
            offsets.add(first)
            repeat = self.overdue_repeat_days
            if repeat and last >= first:
                k = (last - first) // repeat
                # A step pushed by a long holiday can land after the next one: look back a few.
                offsets.update(first + j * repeat for j in range(max(k - 4, 0), k + 1))
        if self.escalate_after_days:
            offsets.add(self.escalate_after_days)
        return sorted((o for o in offsets if o <= last), reverse=True)

    def escalates(self, offset: int) -> bool:
        return self.escalate_after_days is not None and offset >= self.escalate_after_days


@dataclass(frozen=True)
class Step:
    key: str
    offset: int
    base: dt.date
    nominal: dt.date
    send_at: dt.datetime
    escalate: bool


def step_name(offset: int) -> str:
    if offset < 0:
        return f"due-{-offset}"
    return "due0" if offset == 0 else f"over+{offset}"


def step_key(offset: int, base: dt.date, *, returned: bool = False) -> str:
    """The dispatch key of a rung: "due-7@2026-12-15", "resubmit-over+3@2026-12-20"."""
    return f"{'resubmit-' if returned else ''}{step_name(offset)}@{base.isoformat()}"


def send_time() -> dt.time:
    hour, minute = (int(x) for x in settings.REMINDERS_SEND_TIME.split(":"))
    return dt.time(hour, minute)


def send_moment(day: dt.date, calendar: WorkingCalendar) -> dt.datetime:
    """07:30 local on the first working day on or after `day`."""
    return dt.datetime.combine(calendar.next_working_day(day), send_time(), tzinfo=LOCAL_TZ)


def current_step(ladder: Ladder, base: dt.date, *, now: dt.datetime,
                 calendar: WorkingCalendar, returned: bool = False) -> Step | None:
    """The latest rung whose moment has come (earlier unsent rungs are superseded)."""
    if not ladder.enabled:
        return None
    today = local_date(now)
    for offset in ladder.offsets_upto((today - base).days):
        nominal = base + dt.timedelta(days=offset)
        moment = send_moment(nominal, calendar)
        if moment <= now:
            return Step(step_key(offset, base, returned=returned), offset, base, nominal,
                        moment, ladder.escalates(offset))
    return None


def ladder_schedule(ladder: Ladder, base: dt.date, *, calendar: WorkingCalendar,
                    until: dt.date, returned: bool = False) -> list[Step]:
    """Every rung up to `until` with the moment it goes out (for tests and the UI)."""
    steps = []
    for offset in sorted(ladder.offsets_upto((until - base).days)):
        nominal = base + dt.timedelta(days=offset)
        steps.append(Step(step_key(offset, base, returned=returned), offset, base, nominal,
                          send_moment(nominal, calendar), ladder.escalates(offset)))
    return steps


def base_date(state: str, due_on: dt.date, resubmit_by: dt.date | None) -> dt.date:
    """What a reminder counts against: the resubmission deadline of a returned report."""
    if state == ReportObligation.State.RETURNED and resubmit_by is not None:
        return resubmit_by
    return due_on


# --- policy: selector and service ------------------------------------------------------

def ladder_for(directive: Directive) -> Ladder:
    return Ladder.of(ReminderPolicy.objects.filter(directive=directive).first())


POLICY_FIELDS = ("enabled", "before_days", "on_due_day", "overdue_first_days",
                 "overdue_repeat_days", "escalate_after_days", "escalate_to_unit_head",
                 "escalate_to_board", "weekly_digest")


@transaction.atomic
def reminder_policy_set(*, directive: Directive, actor, **changes) -> ReminderPolicy:
    """The supervising board (or an administrator) edits a directive's reminder ladder."""
    access.require(access.can_review(actor, directive),
                   _("Chỉ ban theo dõi văn bản này mới được sửa chính sách nhắc việc."))
    unknown = set(changes) - set(POLICY_FIELDS)
    if unknown:
        raise DomainError(_("Trường không hợp lệ: %(names)s.") % {"names": ", ".join(
            sorted(unknown))}, field=sorted(unknown)[0])
    if "before_days" in changes:
        days = changes["before_days"]
        if not isinstance(days, list | tuple) or not all(
                isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 90 for n in days):
            raise DomainError(_("Số ngày nhắc trước hạn phải là các số nguyên từ 1 đến 90."),
                              field="before_days")
        changes["before_days"] = sorted(set(days), reverse=True)
    for name, low, high in (("overdue_first_days", 1, 90), ("escalate_after_days", 1, 366),
                            ("overdue_repeat_days", 0, 366)):
        value = changes.get(name)
        if value is not None and (not isinstance(value, int) or not low <= value <= high):
            raise DomainError(_("Giá trị phải từ %(low)d đến %(high)d.")
                              % {"low": low, "high": high}, field=name)
    policy_row, _created = ReminderPolicy.objects.select_for_update().get_or_create(
        directive=directive)
    before = {name: getattr(policy_row, name) for name in POLICY_FIELDS}
    for name, value in changes.items():
        setattr(policy_row, name, value)
    policy_row.save()
    after = {name: getattr(policy_row, name) for name in POLICY_FIELDS}
    event_record(target=directive, verb="reminder_policy_changed", actor=actor,
                 data={"before": before, "after": after})
    return policy_row


# --- the sweep ---------------------------------------------------------------------------

@dataclass
class SweepResult:
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


@dataclass
class _People:
    reporters: dict[int, list[int]]
    heads: dict[int, list[int]]
    reviewers: dict[int, list[int]]
    leaders: list[int]


def _people() -> _People:
    people = _People(defaultdict(list), defaultdict(list), defaultdict(list), [])
    rows = (Membership.objects.filter(user__is_active=True)
            .values_list("unit_id", "role", "user_id").order_by("user_id"))
    for unit_id, role, user_id in rows:
        if role == Membership.Role.REPORTER:
            people.reporters[unit_id].append(user_id)
        elif role == Membership.Role.UNIT_HEAD:
            people.heads[unit_id].append(user_id)
        elif role == Membership.Role.REVIEWER:
            people.reviewers[unit_id].append(user_id)
        elif role == Membership.Role.LEADER and user_id not in people.leaders:
            people.leaders.append(user_id)
    return people


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


def _recipients(unit_id: int, *, to_heads: bool, board_unit_id: int | None,
                people: _People) -> list[tuple[int, str]]:
    """Who is told about an obligation of `unit_id`: its reporters (or, lacking any, its
    heads); on escalation also its heads and the reviewers of the supervising board.
    Each person once, under the first audience that reaches them."""
    out: dict[int, str] = {}
    for user_id in people.reporters.get(unit_id) or people.heads.get(unit_id, []):
        out.setdefault(user_id, ReminderDispatch.Audience.UNIT)
    if to_heads:
        for user_id in people.heads.get(unit_id, []):
            out.setdefault(user_id, ReminderDispatch.Audience.UNIT_HEAD)
    if board_unit_id is not None:
        for user_id in people.reviewers.get(board_unit_id, []):
            out.setdefault(user_id, ReminderDispatch.Audience.BOARD)
    return list(out.items())


def digest_step(now: dt.datetime, calendar: WorkingCalendar) -> tuple[str, dt.datetime]:
    """This week's digest key ("digest@2026-W50") and the moment it is due."""
    today = local_date(now)
    monday = today - dt.timedelta(days=today.weekday())
    target = monday + dt.timedelta(days=settings.REMINDERS_DIGEST_WEEKDAY % 7)
    year, week, _day = monday.isocalendar()
    return f"digest@{year}-W{week:02d}", send_moment(target, calendar)


class _Planner:
    """The due rung of an obligation and who gets it, each computed once per group.

    A rung depends only on the directive's ladder, the base date, whether the report was
    returned, and the moment; its recipients only on the unit, the board and whether the
    rung escalates. Millions of obligations fall into a few thousand such groups.
    """

    def __init__(self, *, now: dt.datetime, calendar: WorkingCalendar, people: _People):
        self.now, self.calendar, self.people = now, calendar, people
        self.boards = dict(Directive.objects.filter(status=Directive.Status.ACTIVE)
                           .values_list("id", "supervising_unit_id"))
        self.ladders = {p.directive_id: Ladder.of(p) for p in
                        ReminderPolicy.objects.filter(directive_id__in=list(self.boards))}
        self.default = Ladder()
        lead_days = max([self.default.lead_days, *(p.lead_days for p in self.ladders.values())])
        self.horizon = local_date(now) + dt.timedelta(days=lead_days)
        self._steps: dict[tuple, Step | None] = {}
        self._recipients: dict[tuple, list[tuple[int, str]]] = {}

    def ladder(self, directive_id: int) -> Ladder:
        return self.ladders.get(directive_id, self.default)

    def step(self, directive_id: int, returned: bool, base: dt.date) -> Step | None:
        return self.rung(self.ladder(directive_id), returned, base)

    def rung(self, ladder: Ladder, returned: bool, base: dt.date) -> Step | None:
        key = (ladder, base, returned)
        if key not in self._steps:
            self._steps[key] = current_step(key[0], base, now=self.now,
                                            calendar=self.calendar, returned=returned)
        return self._steps[key]

    def escalation(self, directive_id: int, step: Step) -> tuple[bool, int | None]:
        """(the unit's heads are told, the board told or None) for this rung."""
        if not step.escalate:
            return False, None
        return self.escalates_to(directive_id)

    def escalates_to(self, directive_id: int) -> tuple[bool, int | None]:
        """(the unit's heads are told, the board told or None) when a rung escalates."""
        ladder = self.ladder(directive_id)
        return (ladder.escalate_to_unit_head,
                self.boards.get(directive_id) if ladder.escalate_to_board else None)

    def recipients(self, unit_id: int, directive_id: int,
                   step: Step) -> list[tuple[int, str]]:
        to_heads, board = self.escalation(directive_id, step)
        key = (unit_id, to_heads, board)
        if key not in self._recipients:
            self._recipients[key] = _recipients(unit_id, to_heads=to_heads,
                                                board_unit_id=board, people=self.people)
        return self._recipients[key]


# --- planning: the due rungs in a temporary table --------------------------------------------

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


def _audience_tables(people: _People) -> dict[str, tuple[list, ...]]:
    """`_recipients` as (unit, user) tables for SQL, each person once per unit:
    "unit": the reporters (or, lacking any, the heads); "heads": the other heads;
    "board": the reviewers per board unit; "overlap": (unit, reviewer, as head) for the
    reviewers already told as a unit's reporter or head, whom the board part must skip
    (as a head only when the heads are told)."""
    tables: dict[str, tuple[list, ...]] = {"unit": ([], []), "heads": ([], []),
                                           "board": ([], []), "overlap": ([], [], [])}
    reviewer_ids = {u for users in people.reviewers.values() for u in users}
    for unit_id in sorted(set(people.reporters) | set(people.heads)):
        first = list(dict.fromkeys(people.reporters.get(unit_id) or people.heads[unit_id]))
        then = [u for u in dict.fromkeys(people.heads.get(unit_id, [])) if u not in first]
        for user_ids, name, as_head in ((first, "unit", False), (then, "heads", True)):
            for user_id in user_ids:
                tables[name][0].append(unit_id)
                tables[name][1].append(user_id)
                if user_id in reviewer_ids:
                    for column, value in zip(tables["overlap"], (unit_id, user_id, as_head),
                                             strict=True):
                        column.append(value)
    for unit_id, user_ids in people.reviewers.items():
        for user_id in dict.fromkeys(user_ids):
            tables["board"][0].append(unit_id)
            tables["board"][1].append(user_id)
    return tables


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


_DISPATCH_COLUMNS = ("obligation_id", "step", "recipient_id", "audience", "base_on",
                     "scheduled_at", "claim_token", "claimed_at", "attempts", "status",
                     "sent_at", "notification_id")


def _record_planned(*, token: str, clock: dt.datetime, status: str, rcpt_range=None,
                    with_notes: bool = False) -> int:
    """Copy planned rows into the dispatch log (insert-or-ignore: the unique constraints
    decide who owns a reminder), in key order so that overlapping sweeps take the unique
    index's locks in the same order. `rcpt_range` (low, high) limits it to a batch of
    recipients; `with_notes` joins each row to its recipient's notification (and drops
    the rows of recipients without one). Returns the rows inserted."""
    ops = connection.ops
    table = ops.quote_name(ReminderDispatch._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in _DISPATCH_COLUMNS)
    sent = status == ReminderDispatch.Status.SENT
    when = ops.adapt_datetimefield_value(clock)
    params = [token, when, status, when if sent else None]
    join, where = "", ""
    if with_notes:
        join = f"JOIN {NOTE_TABLE} n ON n.rcpt = p.rcpt"
    if rcpt_range is not None:
        where = "WHERE p.rcpt BETWEEN %s AND %s"
        params += list(rcpt_range)
    postgres = connection.vendor == "postgresql"
    # Identifiers come from the model's _meta; every value is a bound parameter.
    sql = (f"INSERT {'' if postgres else 'OR IGNORE '}INTO {table} ({columns}) "  # noqa: S608
           f"SELECT p.ob, p.step, p.rcpt, p.aud, p.base, p.at, %s, %s, 1, %s, %s, "
           f"{'n.nid' if with_notes else 'NULL'} FROM {PLAN_TABLE} p {join} {where} "
           f"ORDER BY p.ob, p.step, p.rcpt {'ON CONFLICT DO NOTHING' if postgres else ''}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _claim_new(result: SweepResult, *, now: dt.datetime, clock: dt.datetime,
               calendar: WorkingCalendar, people: _People) -> None:
    """Plan the due rungs and record them as claimed by `result.token`, unsent: what a
    sweep that dies before writing any notification would leave if claiming and sending
    were two steps (and what an older version of the sweep can leave behind); a later
    sweep takes such rows over once the lease has passed."""
    _plan(result, now=now, calendar=calendar, people=people)
    try:
        result.claimed += _record_planned(token=result.token, clock=clock,
                                          status=ReminderDispatch.Status.CLAIMED)
    finally:
        _plan_drop()


_CLAIM_COLUMNS = ("obligation_id", "step", "recipient_id", "audience", "base_on",
                  "scheduled_at", "claim_token", "claimed_at", "attempts", "status")


def _insert_claims(rows: list[tuple], *, token: str, clock: dt.datetime) -> None:
    """Insert-or-ignore dispatch rows (obligation_id, step, recipient_id, audience, base_on,
    scheduled_at) claimed by `token`: the unique constraints decide who owns a reminder."""
    if not rows:
        return
    if connection.vendor not in ("postgresql", "sqlite"):
        ReminderDispatch.objects.bulk_create(
            [ReminderDispatch(**dict(zip(_CLAIM_COLUMNS, (*r, token, clock, 1, "claimed"),
                                         strict=True))) for r in rows],
            batch_size=500, ignore_conflicts=True)
        return
    ops = connection.ops
    status = ReminderDispatch.Status.CLAIMED.value
    table = ops.quote_name(ReminderDispatch._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in _CLAIM_COLUMNS)
    # Identifiers come from the model's _meta; every value is a bound parameter.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Six arrays unnested, 5,000 rows a statement: binding 10 values per row costs
            # more than PostgreSQL's insert itself.
            sql = (f"INSERT INTO {table} ({columns}) "  # noqa: S608
                   "SELECT u.ob, u.step, u.rcpt, u.aud, u.base, u.at, %s, %s, 1, %s "
                   "FROM unnest(%s::bigint[], %s::varchar[], %s::bigint[], %s::varchar[], "
                   "%s::date[], %s::timestamptz[]) AS u(ob, step, rcpt, aud, base, at) "
                   "ON CONFLICT DO NOTHING")
            for start in range(0, len(rows), 5000):
                part = rows[start:start + 5000]
                cursor.execute(sql, [token, clock, status,
                                     *map(list, zip(*part, strict=True))])
            return
        claimed_at = ops.adapt_datetimefield_value(clock)
        row_marks = "(" + ", ".join(["%s"] * len(_CLAIM_COLUMNS)) + ")"
        for start in range(0, len(rows), 90):  # SQLite: at most 999 parameters a statement
            part = rows[start:start + 90]
            params: list = []
            for ob, step, user, audience, base, moment in part:
                params += [ob, step, user, audience, ops.adapt_datefield_value(base),
                           ops.adapt_datetimefield_value(moment), token, claimed_at, 1, status]
            values = ", ".join([row_marks] * len(part))
            cursor.execute(
                f"INSERT OR IGNORE INTO {table} ({columns}) VALUES {values}",  # noqa: S608
                params)


def _reclaim(result: SweepResult, *, clock: dt.datetime) -> None:
    """Take over rows claimed by a sweep that died before sending them (lease passed)."""
    cutoff = clock - dt.timedelta(seconds=settings.REMINDERS_CLAIM_LEASE_SECONDS)
    result.reclaimed = ReminderDispatch.objects.filter(
        status=ReminderDispatch.Status.CLAIMED, claimed_at__lt=cutoff,
    ).exclude(claim_token=result.token).update(
        claim_token=result.token, claimed_at=clock, attempts=F("attempts") + 1)


def _link(name: str, *args) -> str:
    try:
        return reverse(name, args=list(args))
    except NoReverseMatch:
        return "/"


class _Links:
    """Paths of the sweep's links: reverse() once per URL name, then string formatting
    (a national sweep writes a hundred thousand links; reverse() costs ~0.1 ms each)."""

    _MARK = 987654321987654321

    def __init__(self):
        self._templates: dict[str, tuple[str, str] | None] = {}

    def __call__(self, name: str, *args) -> str:
        if len(args) != 1 or not isinstance(args[0], int):
            return _link(name, *args)
        if name not in self._templates:
            head, mark, tail = _link(name, self._MARK).partition(str(self._MARK))
            self._templates[name] = (head, tail) if mark else None
        template = self._templates[name]
        return _link(name, *args) if template is None else f"{template[0]}{args[0]}{template[1]}"


@dataclass
class _Item:
    """One obligation line of a reminder, with what the line shows."""

    obligation_id: int
    unit: str  # the short name, else the name
    directive_number: str
    period: str
    content: str
    returned: bool  # returned with a resubmission deadline
    base: dt.date
    days: int  # days left (>= 0) or overdue (< 0) as of the sweep's day


@dataclass
class _Section:
    """The items of one kind for one person: how many, how many late, the first shown."""

    total: int = 0
    late: int = 0
    shown: list[_Item] = field(default_factory=list)


def _item_params(item: _Item) -> dict:
    return reminder_item_params(unit=item.unit, number=item.directive_number,
                                period=item.period, returned=item.returned, base=item.base,
                                days=item.days)


def _item_line(item: _Item, absolute, links: _Links) -> str:
    content = item.content.strip().replace("\n", " ")
    if len(content) > 120:
        content = content[:117].rstrip() + "…"
    return (f"• {reminder_item_summary(_item_params(item))}\n"
            f"  {content}\n  {absolute(links('web:obligation-detail', item.obligation_id))}")


def _digest_stats(today: dt.date) -> dict[int, dict]:
    """Per active directive: overdue, due within 7 days, awaiting review, returned."""
    soon = today + dt.timedelta(days=7)
    numbers = dict(Directive.objects.filter(status=Directive.Status.ACTIVE)
                   .values_list("id", "number"))
    not_submitted, returned = ReportObligation.State.NOT_SUBMITTED, ReportObligation.State.RETURNED
    rows = (ReportObligation.objects.filter(period__directive_id__in=list(numbers))
            .values("period__directive_id")
            .annotate(
                overdue=Count("id", filter=Q(state=not_submitted, due_on__lt=today)
                              | Q(state=returned, resubmit_by__lt=today)),
                due_soon=Count("id", filter=Q(state=not_submitted, due_on__gte=today,
                                              due_on__lte=soon)),
                waiting=Count("id", filter=Q(state=ReportObligation.State.SUBMITTED)),
                returned=Count("id", filter=Q(state=returned)),
            ).order_by())
    stats = {d: {"number": n, "overdue": 0, "due_soon": 0, "waiting": 0, "returned": 0,
                 "late_units": []} for d, n in numbers.items()}
    for row in rows:
        stats[row.pop("period__directive_id")].update(row)
    late = (ReportObligation.objects.filter(
        period__directive_id__in=list(stats), state=not_submitted, due_on__lt=today,
        assignment__state=Assignment.State.OPEN)
        .values("period__directive_id", "assignment__unit__name")
        .annotate(n=Count("id"), oldest=Min("due_on"))
        .order_by("period__directive_id", "-n", "oldest"))
    for row in late:
        units = stats[row["period__directive_id"]]["late_units"]
        if len(units) < 5:
            units.append((row["assignment__unit__name"], row["n"],
                          (today - row["oldest"]).days))
    return stats


def _digest_params(s: dict) -> dict:
    return {"number": s["number"], "overdue": s["overdue"], "soon": s["due_soon"],
            "waiting": s["waiting"], "returned": s["returned"]}


def _digest_text(directive_ids: list[int], stats: dict[int, dict], absolute,
                 links: _Links) -> list[str]:
    lines = []
    for directive_id in directive_ids:
        s = stats.get(directive_id)
        if s is None:
            continue
        lines.append(str(DIGEST_LINE % _digest_params(s)))
        for name, count, days in s["late_units"]:
            lines.append("  – " + _("%(unit)s: %(n)d báo cáo quá hạn (lâu nhất %(days)d ngày)")
                         % {"unit": name, "n": count, "days": days})
        lines.append("  " + absolute(links("web:directive-detail", directive_id)))
    return lines


@dataclass
class _Letter:
    """Everything one person is sent by a sweep (their claimed rows, summed up)."""

    own: _Section
    chase: _Section
    digest_ids: list[int] | None
    digests: int  # digest rows (one, unless a dead sweep's is taken over with this week's)
    obligations: int  # distinct obligations among the items
    first_obligation: int | None
    directives: int  # distinct directives among the items
    first_directive: int | None


def _relative(path: str) -> str:
    """Link lines are stored as paths; the email makes them absolute when it is sent."""
    return path or "/"


def _compose(letter: _Letter, stats, today: dt.date, *, is_board: bool,
             links: _Links) -> tuple[str, str, str, str, dict]:
    """(title, short text for the app, the letter's body for the email, link path, and
    the parameters the app renders the title and text from in the reader's language)."""
    absolute_url = _relative
    cap = settings.REMINDERS_MAX_ITEMS_PER_SECTION
    own, chase, digest_ids = letter.own, letter.chase, letter.digest_ids
    params: dict = {"date": today.isoformat(), "own": own.total, "chase": chase.total}
    body: list[str] = []

    def section(heading: str, items: _Section) -> None:
        body.append(heading)
        body.extend(_item_line(i, absolute_url, links) for i in items.shown[:cap])
        if items.total > cap:
            body.append(_("… và %(n)d báo cáo khác.") % {"n": items.total - cap})
        body.append("")

    if own.total:
        section(_("Báo cáo của đơn vị cần nộp (%(n)d, trong đó %(late)d quá hạn):")
                % {"n": own.total, "late": own.late}, own)
    if chase.total:
        section(_("Báo cáo quá hạn cần đôn đốc (%(n)d):") % {"n": chase.total}, chase)
    if digest_ids is not None:
        year, week, _d = today.isocalendar()
        params.update(week=week, year=year)
        body.append(_("Tổng hợp tuần %(week)d/%(year)d:") % {"week": week, "year": year})
        body.extend(_digest_text(digest_ids, stats, absolute_url, links) or [
            _("Không có văn bản nào đang theo dõi.")])
    # The directives of the items and of the digest: one of them alone gets its own link.
    directives = {letter.first_directive} if letter.directives == 1 else set()
    several = letter.directives > 1
    directives |= set(digest_ids or [])
    if chase.total and is_board:
        link = links("web:review-queue")
    elif letter.obligations == 1 and digest_ids is None:
        link = links("web:obligation-detail", letter.first_obligation)
    elif not several and len(directives) == 1:
        link = links("web:directive-detail", next(iter(directives)))
    else:
        link = "/"
    # In the app: the first item (or digest line), and how many more the letter lists.
    first = next(iter(own.shown[:cap] if own.total else []), None) or next(
        iter(chase.shown[:cap] if chase.total else []), None)
    if first is not None:
        params["item"] = _item_params(first)
    else:
        figures = next((stats[d] for d in digest_ids or [] if stats and d in stats), None)
        if figures is not None:
            params["digest"] = _digest_params(figures)
    params["more"] = own.total + chase.total - 1 if own.total + chase.total else 0
    return reminder_title(params)[:255], reminder_text(params)[:500], \
        "\n".join(body).strip(), link, params


class _LostClaim(Exception):
    pass


def _letters(rows, today: dt.date, digest_ids_of) -> tuple[list[int], dict[int, _Letter]]:
    """Sum up `rows` (claimed, of a batch of recipients) in one pass over them: the ids of
    the rows no longer owed (the report was submitted or withdrawn, the assignment closed,
    or the date the rung counted against has moved), and per recipient the letter of the
    rest: counts, and the first items of each section in the order they are listed
    (soonest date, unit name, obligation)."""
    state = ReportObligation.State
    current_base = Case(When(obligation__state=state.RETURNED,
                             obligation__resubmit_by__isnull=False,
                             then=F("obligation__resubmit_by")),
                        default=F("obligation__due_on"), output_field=DateField())
    owed = Case(When(obligation__isnull=True, then=Value(1)),
                When(Q(obligation__state__in=OPEN_STATES,
                       obligation__assignment__state=Assignment.State.OPEN,
                       base_on=current_base), then=Value(1)),
                default=Value(0), output_field=IntegerField())
    inner, inner_params = rows.annotate(
        row_owed=owed, row_directive=F("obligation__assignment__item__directive_id"),
        row_unit_name=F("obligation__assignment__unit__name"),
    ).order_by().values_list(
        "id", "recipient_id", "audience", "obligation_id", "base_on", "scheduled_at",
        "row_owed", "row_directive", "row_unit_name").query.sql_with_params()
    return _sum_up(inner, inner_params, today, digest_ids_of)


def _plan_letters(rcpt_range: tuple[int, int], today: dt.date,
                  digest_ids_of) -> dict[int, _Letter]:
    """The letters of a batch of recipients from their planned rows (all owed: planned
    from the obligations as they are now)."""
    unit_table = connection.ops.quote_name(Unit._meta.db_table)
    inner = (f"SELECT 0, p.rcpt, p.aud, p.ob, p.base, p.at, 1, p.directive, u.name "  # noqa: S608
             f"FROM {PLAN_TABLE} p LEFT JOIN {unit_table} u ON u.id = p.unit "
             "WHERE p.rcpt BETWEEN %s AND %s")
    return _sum_up(inner, list(rcpt_range), today, digest_ids_of)[1]


def _sum_up(inner: str, inner_params: list, today: dt.date,
            digest_ids_of) -> tuple[list[int], dict[int, _Letter]]:
    """`_letters` over the rows of `inner`: (id, recipient, audience, obligation, base_on,
    scheduled_at, owed, directive, unit name)."""
    postgres = connection.vendor == "postgresql"
    unit = ReminderDispatch.Audience.UNIT.value
    # Python orders unit names by code point: "C" on PostgreSQL, BINARY on SQLite.
    sql = f"""
        WITH r (id, rcpt, audience, ob, base_on, scheduled_at, owed, directive, unit_name)
        AS {"MATERIALIZED" if postgres else ""} ({inner})
        SELECT 0, r.id, 0, 0, 0, 0, 0, 0, 0, 0 FROM r WHERE r.owed = 0
        UNION ALL
        SELECT 1, r.rcpt,
               COUNT(*) FILTER (WHERE r.audience = %s),
               COUNT(*) FILTER (WHERE r.audience = %s AND r.base_on < %s),
               COUNT(*) FILTER (WHERE r.ob IS NOT NULL AND r.audience <> %s),
               COUNT(*) FILTER (WHERE r.ob IS NULL),
               COUNT(DISTINCT r.ob), MIN(r.ob), COUNT(DISTINCT r.directive), MIN(r.directive)
        FROM r WHERE r.owed = 1 GROUP BY r.rcpt
        UNION ALL
        SELECT 2, s.rcpt, s.chase, s.rank, s.ob, 0, 0, 0, 0, 0 FROM (
            SELECT r.rcpt, r.ob, CASE WHEN r.audience = %s THEN 0 ELSE 1 END AS chase,
                   ROW_NUMBER() OVER (
                       PARTITION BY r.rcpt, CASE WHEN r.audience = %s THEN 0 ELSE 1 END
                       ORDER BY r.base_on, r.unit_name COLLATE {'"C"' if postgres else "BINARY"},
                                r.ob, r.scheduled_at DESC, r.id) AS rank
            FROM r WHERE r.owed = 1 AND r.ob IS NOT NULL) s
        WHERE s.rank <= %s"""  # noqa: S608 (the inner query is the ORM's; values are bound)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*inner_params, unit, unit, today, unit, unit, unit,
                             settings.REMINDERS_MAX_ITEMS_PER_SECTION])
        result = cursor.fetchall()
    stale, letters, shown = [], {}, []
    for kind, key, *values in result:
        if kind == 0:
            stale.append(key)
        elif kind == 1:
            own, late, chase, digests, obligations, first_ob, directives, first_dir = values
            letters[key] = _Letter(
                own=_Section(own, late), chase=_Section(chase),
                digest_ids=digest_ids_of(key) if digests else None, digests=digests,
                obligations=obligations, first_obligation=first_ob, directives=directives,
                first_directive=first_dir)
        else:
            shown.append((key, *values[:3]))
    shown.sort()
    lines = _item_fields({ob for *_key, ob in shown}, today)
    for user_id, chase, _rank, ob in shown:
        letter = letters[user_id]
        (letter.chase if chase else letter.own).shown.append(lines[ob])
    return stale, letters


def _item_fields(obligation_ids: set[int], today: dt.date) -> dict[int, _Item]:
    """What the listed obligations' lines show, loaded once per batch."""
    items = {}
    ids = sorted(obligation_ids)
    for start in range(0, len(ids), 500):  # small enough for index lookups, never a scan
        for (ob_id, short_name, name, number, period, content, state, due_on,
             resubmit_by) in ReportObligation.objects.filter(
                pk__in=ids[start:start + 500]).order_by().values_list(
                "id", "assignment__unit__short_name", "assignment__unit__name",
                "assignment__item__directive__number", "period__label",
                "assignment__item__content", "state", "due_on", "resubmit_by"):
            base = base_date(state, due_on, resubmit_by)
            items[ob_id] = _Item(ob_id, short_name or name, number, period, content,
                                 state == ReportObligation.State.RETURNED
                                 and resubmit_by is not None, base, (base - today).days)
    return items


class _PostOffice:
    """What writing a sweep's letters needs besides their rows, loaded once per sweep."""

    def __init__(self, *, now: dt.datetime, clock: dt.datetime, people: _People):
        self.today, self.clock = local_date(now), clock
        self.directives = dict(Directive.objects.filter(status=Directive.Status.ACTIVE)
                               .values_list("id", "supervising_unit_id"))
        self.policies = {p.directive_id: p.weekly_digest for p in ReminderPolicy.objects.all()}
        self.leaders = set(people.leaders)
        self.reviewer_units: dict[int, set[int]] = defaultdict(set)
        for unit_id, user_ids in people.reviewers.items():
            for user_id in user_ids:
                self.reviewer_units[user_id].add(unit_id)
        self.stats = None
        self.links = _Links()

    def digest_ids_of(self, user_id: int) -> list[int]:
        if user_id in self.leaders:
            return [d for d in self.directives if self.policies.get(d, True)]
        return [d for d, board in self.directives.items()
                if board in self.reviewer_units[user_id] and self.policies.get(d, True)]

    def notification(self, result: SweepResult, letter: _Letter, user) -> Notification | None:
        """The unsaved notification of one letter (None: nothing to say), counted."""
        items = letter.own.total + letter.chase.total
        if not items and letter.digest_ids is None:
            return None
        if letter.digest_ids is not None and self.stats is None:
            self.stats = _digest_stats(self.today)
        with translation.override(settings.LANGUAGE_CODE):
            title, text, body, link, params = _compose(
                letter, self.stats, self.today, links=self.links,
                is_board=bool(self.reviewer_units[user.pk]))
        result.notifications += 1
        result.digests += letter.digest_ids is not None
        result.recipients[user.username] = items
        return Notification(recipient=user, kind=NOTIFICATION_KIND, title=title, text=text,
                            body=body, link=link, params=params)


SEND_BATCH = 200  # recipients a transaction


def _send_planned(result: SweepResult, post: _PostOffice) -> list[int]:
    """Record the planned rows and send them: one notification per recipient listing all
    their items (and the digest), claimed and sent in one step.

    Recipients go in batches; per batch, the letters are summed up from the plan, then in
    one transaction the notifications are written, the rows recorded as sent with them
    (insert-or-ignore) and the deliveries created. A crash before the commit leaves
    nothing (the next sweep plans the same rows again), after it nothing is owed. If an
    overlapping sweep recorded some of the rows first, the batch is rolled back, the rows
    now recorded are dropped from the plan, and the batch is written again without them.
    """
    from tracker.channels import deliveries_create

    User = get_user_model()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT rcpt FROM {PLAN_TABLE} ORDER BY rcpt")  # noqa: S608
        recipient_ids = [row[0] for row in cursor.fetchall()]
    created: list[int] = []
    for start in range(0, len(recipient_ids), SEND_BATCH):
        batch = recipient_ids[start:start + SEND_BATCH]
        span = (batch[0], batch[-1])
        users = User.objects.in_bulk(batch)
        for attempt in range(3):
            letters = _plan_letters(span, post.today, post.digest_ids_of)
            counts = (result.notifications, result.digests, dict(result.recipients))
            try:
                with transaction.atomic():
                    notes = [(user_id, letter, post.notification(result, letter, users[user_id]))
                             for user_id, letter in sorted(letters.items()) if user_id in users]
                    notes = [(u, letter, n) for u, letter, n in notes if n is not None]
                    Notification.objects.bulk_create([n for _u, _l, n in notes])
                    owed = sum(letter.own.total + letter.chase.total + letter.digests
                               for _u, letter, _n in notes)
                    with connection.cursor() as cursor:
                        cursor.execute(f"DELETE FROM {NOTE_TABLE}")  # noqa: S608
                        cursor.executemany(
                            f"INSERT INTO {NOTE_TABLE} (rcpt, nid) VALUES (%s, %s)",  # noqa: S608
                            [(user_id, n.pk) for user_id, _l, n in notes])
                    recorded = _record_planned(token=result.token, clock=post.clock,
                                               status=ReminderDispatch.Status.SENT,
                                               rcpt_range=span, with_notes=True)
                    if recorded != owed:
                        raise _LostClaim
                    deliveries_create([n for _u, _l, n in notes])
            except _LostClaim:
                result.notifications, result.digests, result.recipients = counts
                if attempt == 2:
                    raise
                log.info("reminders of users %s-%s were partly sent by another sweep", *span)
                _plan_forget_recorded(span)
                continue
            result.claimed += recorded
            created += [n.pk for _u, _l, n in notes]
            break
    return created


def _plan_forget_recorded(rcpt_range: tuple[int, int]) -> None:
    """Drop from the plan the rows of a batch that another sweep has recorded since."""
    table = connection.ops.quote_name(ReminderDispatch._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {PLAN_TABLE} WHERE rcpt BETWEEN %s AND %s AND EXISTS ("  # noqa: S608
            f"SELECT 1 FROM {table} d WHERE d.recipient_id = {PLAN_TABLE}.rcpt "
            f"AND d.step = {PLAN_TABLE}.step AND (d.obligation_id = {PLAN_TABLE}.ob "
            f"OR (d.obligation_id IS NULL AND {PLAN_TABLE}.ob IS NULL)))", list(rcpt_range))


def _send_claimed(result: SweepResult, post: _PostOffice) -> list[int]:
    """One notification per recipient with the rows this sweep holds as claimed (taken
    over from a sweep that died, or recorded by "remind now").

    Recipients go in batches: per batch, rows no longer owed are cancelled and the
    letters summed up in three queries; then, in one transaction, each person's
    notification is created and their rows marked sent (under a savepoint each: a person
    whose rows changed hands meanwhile is left out, the others go).
    """
    from tracker.channels import deliveries_create

    User = get_user_model()
    mine = ReminderDispatch.objects.filter(claim_token=result.token,
                                           status=ReminderDispatch.Status.CLAIMED)
    recipient_ids = list(mine.order_by("recipient_id").values_list("recipient_id", flat=True)
                         .distinct())
    created: list[int] = []
    for start in range(0, len(recipient_ids), SEND_BATCH):
        batch = recipient_ids[start:start + SEND_BATCH]
        rows = mine.filter(recipient_id__in=batch)
        stale, letters = _letters(rows, post.today, post.digest_ids_of)
        for part in range(0, len(stale), 500):
            result.cancelled += rows.filter(pk__in=stale[part:part + 500]).update(
                status=ReminderDispatch.Status.CANCELLED, sent_at=None)
        users = User.objects.in_bulk(list(letters))
        with transaction.atomic():  # one commit per batch, a savepoint per person
            sent = []
            for user_id, letter in sorted(letters.items()):
                if user_id not in users:
                    continue
                try:
                    notification = _send_letter(result, letter, users[user_id], mine, post)
                except _LostClaim:
                    log.info("reminders for user %s were taken over by another sweep", user_id)
                    continue
                if notification is not None:
                    sent.append(notification)
            if sent:
                deliveries_create(sent)
        created += [notification.pk for notification in sent]
    return created


@transaction.atomic
def _send_letter(result: SweepResult, letter: _Letter, user, mine,
                 post: _PostOffice) -> Notification | None:
    """One person's notification, and their rows marked sent with it (all or nothing)."""
    counts = (result.notifications, result.digests, dict(result.recipients))
    notification = post.notification(result, letter, user)
    if notification is not None:
        notification.save()
    done = mine.filter(recipient_id=user.pk).update(
        status=ReminderDispatch.Status.SENT, sent_at=post.clock, notification=notification)
    if done != letter.own.total + letter.chase.total + letter.digests:
        result.notifications, result.digests, result.recipients = counts
        raise _LostClaim  # rows changed hands meanwhile: leave them to the owner
    return notification


def reminders_sweep(*, now: dt.datetime | None = None, deliver: bool = True) -> SweepResult:
    """Send every reminder whose moment has come, once (DESIGN §4). Safe to rerun.

    `now` is the moment the ladder is judged at (default: the clock); the rows record
    the real clock. First the rows left claimed by a sweep that died are taken over and
    sent; then the due rungs not yet recorded are planned, and recorded as sent together
    with their notifications. With `deliver`, the channels' pending deliveries are sent
    at the end (including any left over by an earlier outage).
    """
    clock = timezone.now()
    now = now or clock
    result = SweepResult(as_of=now, token=uuid.uuid4().hex)
    calendar = WorkingCalendar.load()
    people = _people()
    post = _PostOffice(now=now, clock=clock, people=people)
    _reclaim(result, clock=clock)
    if result.reclaimed:
        result.claimed += result.reclaimed
        _send_claimed(result, post)
    try:
        if _plan(result, now=now, calendar=calendar, people=people):
            _send_planned(result, post)
    finally:
        try:
            _plan_drop()
        except DatabaseError:  # an aborted transaction: the next sweep drops them first
            log.warning("could not drop the sweep's temporary tables", exc_info=True)
    if deliver:
        from tracker.channels import deliveries_send_pending

        # This sweep's own mail all goes now (a national sweep writes thousands of
        # notifications), and up to a thousand left over from earlier runs with it.
        result.deliveries = deliveries_send_pending(limit=1000 + result.notifications)
    return result


@transaction.atomic
def remind_now(*, obligation: ReportObligation, actor) -> int:
    """The board's "remind now": the same reminder log, one manual rung per day.

    Records a dispatch row per reporter of the unit under the key
    (obligation, "manual@<day>", recipient) and sends it like a sweep does; pressing the
    button again the same day sends nothing more. Returns the notifications sent.
    """
    from tracker.errors import TransitionError
    from tracker.notify import deliveries_schedule

    obligation = (ReportObligation.objects.select_for_update()
                  .select_related("assignment__item__directive", "assignment").get(
                      pk=obligation.pk))
    directive = obligation.assignment.item.directive
    access.require(access.can_review(actor, directive),
                   _("Chỉ ban theo dõi mới nhắc việc đơn vị."))
    if (obligation.state not in OPEN_STATES
            or obligation.assignment.state != Assignment.State.OPEN):
        raise TransitionError(_("Báo cáo này không còn phải nhắc (đã nộp hoặc đã rút)."),
                              field="obligation")
    clock = timezone.now()
    people = _people()
    unit_id = obligation.assignment.unit_id
    recipients = people.reporters.get(unit_id) or people.heads.get(unit_id, [])
    if not recipients:
        raise DomainError(_("Đơn vị chưa có cán bộ nhận nhắc việc."), field="obligation")
    base = base_date(obligation.state, obligation.due_on, obligation.resubmit_by)
    key = f"manual@{local_date(clock).isoformat()}"
    result = SweepResult(as_of=clock, token=uuid.uuid4().hex)
    _insert_claims([(obligation.pk, key, user_id, ReminderDispatch.Audience.UNIT, base, clock)
                    for user_id in recipients], token=result.token, clock=clock)
    if not ReminderDispatch.objects.filter(claim_token=result.token).exists():
        raise TransitionError(_("Đơn vị đã được nhắc hôm nay."), field="obligation")
    created = _send_claimed(result, _PostOffice(now=clock, clock=clock, people=people))
    deliveries_schedule(list(Notification.objects.filter(pk__in=created)))
    event_record(target=obligation, verb="reminded", actor=actor,
                 data={"step": key, "recipients": recipients})
    return len(created)

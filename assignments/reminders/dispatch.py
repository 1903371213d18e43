"""The dispatch log: planned rows recorded (insert-or-ignore under the unique constraints),
claims, and claims taken over once their lease has passed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection
from django.db.models import F

from tracker.calendar import WorkingCalendar

from ..models import ReminderDispatch
from .planning import NOTE_TABLE, PLAN_TABLE, SweepResult, _plan, _plan_drop
from .recipients import _People

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


class _LostClaim(Exception):
    pass


def _plan_forget_recorded(rcpt_range: tuple[int, int]) -> None:
    """Drop from the plan the rows of a batch that another sweep has recorded since."""
    table = connection.ops.quote_name(ReminderDispatch._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {PLAN_TABLE} WHERE rcpt BETWEEN %s AND %s AND EXISTS ("  # noqa: S608
            f"SELECT 1 FROM {table} d WHERE d.recipient_id = {PLAN_TABLE}.rcpt "
            f"AND d.step = {PLAN_TABLE}.step AND (d.obligation_id = {PLAN_TABLE}.ob "
            f"OR (d.obligation_id IS NULL AND {PLAN_TABLE}.ob IS NULL)))", list(rcpt_range))

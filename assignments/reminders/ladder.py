"""The ladder (pure): a directive's reminder rungs, their keys and the moments they go out.

Nothing here reads or writes the database: a `Ladder` is a resolved policy, a `Step` one
rung of it for one base date. The lowest room of the package (see its docstring).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from tracker.calendar import WorkingCalendar
from tracker.timeutil import LOCAL_TZ, local_date

from ..models import ReminderPolicy, ReportObligation

OPEN_STATES = (ReportObligation.State.NOT_SUBMITTED, ReportObligation.State.RETURNED)


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


def digest_step(now: dt.datetime, calendar: WorkingCalendar) -> tuple[str, dt.datetime]:
    """This week's digest key ("digest@2026-W50") and the moment it is due."""
    today = local_date(now)
    monday = today - dt.timedelta(days=today.weekday())
    target = monday + dt.timedelta(days=settings.REMINDERS_DIGEST_WEEKDAY % 7)
    year, week, _day = monday.isocalendar()
    return f"digest@{year}-W{week:02d}", send_moment(target, calendar)

"""Who is told: the people by role per unit, the recipients of a rung (in Python and as
tables for SQL), and the planner that computes each rung and its recipients once per group.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from directives.models import Directive
from tracker.calendar import WorkingCalendar
from tracker.models import Membership
from tracker.timeutil import local_date

from ..models import ReminderDispatch, ReminderPolicy
from .ladder import Ladder, Step, current_step


@dataclass
class _People:
    reporters: dict[int, list[int]]
    heads: dict[int, list[int]]
    reviewers: dict[int, list[int]]
    leaders: list[int]


def _people() -> _People:
    people = _People(defaultdict(list), defaultdict(list), defaultdict(list), [])
    # Never a dissolved unit's people (issue 17): its duties moved to its successors.
    rows = (Membership.objects.filter(user__is_active=True, unit__is_active=True)
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

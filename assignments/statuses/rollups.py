"""Roll-ups: counts by status and the rates over what is due, from states or counts."""

import datetime as dt

from ..models import AssignmentStatus, ObligationStatus
from .keys import ASSIGNMENT, OBLIGATION, counted_state
from .rule import (
    ACCEPTED,
    AssignmentState,
    ObligationState,
    assignment_is_due,
    obligation_is_due,
    obligation_is_overdue,
)


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def assignment_rollup(states: list[AssignmentState], day: dt.date) -> dict:
    """Counts by status and rates over the items that are due ("nhiệm vụ đến hạn")."""
    return assignment_rollup_weighted(((state, 1) for state in states), day)


_NO_ASSIGNMENTS = {s.value: 0 for s in AssignmentStatus}
_NO_OBLIGATIONS = {s.value: 0 for s in ObligationStatus}


def assignment_figures(counts: dict, total: int, due_count: int) -> dict:
    """The roll-up of an assignment group from its counts by status."""
    return {
        "total": total,
        "counts": counts,
        "due": due_count,
        "done_on_time_rate": _rate(counts[AssignmentStatus.DONE_ON_TIME], due_count),
        "done_rate": _rate(counts[AssignmentStatus.DONE_ON_TIME]
                           + counts[AssignmentStatus.DONE_LATE], due_count),
        "overdue_rate": _rate(counts[AssignmentStatus.IN_PROGRESS_OVERDUE], due_count),
    }


def assignment_rollup_weighted(pairs, day: dt.date) -> dict:
    """The same over (state, how many) pairs (the status-count table gives these)."""
    counts = dict(_NO_ASSIGNMENTS)
    due_count = 0
    total = 0
    for state, n in pairs:
        counts[state.status] += n
        total += n
        if assignment_is_due(state):
            due_count += n
    return assignment_figures(counts, total, due_count)


def obligation_rollup(states: list[ObligationState], day: dt.date) -> dict:
    """Counts by status; rates over the reports that are due (due date passed or in)."""
    return obligation_rollup_weighted(((state, 1) for state in states), day)


def obligation_figures(counts: dict, total: int, due_count: int, max_overdue: int,
                       overdue_count: int) -> dict:
    """The roll-up of an obligation group from its counts by status (`total` with the
    withdrawn ones), how many are due, how many overdue (`obligation_is_overdue`) and
    the most days overdue."""
    submitted = sum(counts[s] for s in (ObligationStatus.SUBMITTED, ObligationStatus.RETURNED,
                                        *ACCEPTED))
    return {
        "total": total - counts[ObligationStatus.WITHDRAWN],
        "counts": counts,
        "due": due_count,
        "submitted_rate": _rate(min(submitted, due_count), due_count),
        "on_time_rate": _rate(counts[ObligationStatus.ACCEPTED_ON_TIME], due_count),
        "overdue_count": overdue_count,
        "max_days_overdue": max_overdue,
    }


def obligation_rollup_weighted(pairs, day: dt.date) -> dict:
    """The same over (state, how many) pairs (the status-count table gives these)."""
    counts = dict(_NO_OBLIGATIONS)
    due_count = 0
    overdue_count = 0
    max_overdue = 0
    total = 0
    for state, n in pairs:
        counts[state.status] += n
        total += n
        if state.status == ObligationStatus.WITHDRAWN:
            continue
        if obligation_is_due(state, day):
            due_count += n
        if obligation_is_overdue(state):
            overdue_count += n
        max_overdue = max(max_overdue, state.days_overdue)
    return obligation_figures(counts, total, due_count, max_overdue, overdue_count)


class CountedTally:
    """Roll-ups of many groups at once from status-count rows, in one pass.

    `add(kind, group, bucket, due_on, late, n)` files `n` rows under a group (any
    hashable: the whole directive, a section, a unit); `assignments(group)` and
    `obligations(group)` give what assignment_rollup_weighted / obligation_rollup_weighted
    give over the same rows (tested to agree). The status of a (kind, bucket, due date,
    days late) is worked out once, whatever the number of groups.
    """

    def __init__(self, day: dt.date):
        self.day = day
        self._weights: dict = {}
        # (kind, group) -> [counts by status, total, due, most days overdue, overdue]
        self._groups: dict = {}

    def _weight(self, kind: str, bucket: str, due_on: dt.date, late: int) -> tuple:
        state = counted_state(kind, bucket, due_on, late, self.day)
        status = str(state.status.value)
        if kind == OBLIGATION:
            due = obligation_is_due(state, self.day)
            days = 0 if state.status == ObligationStatus.WITHDRAWN else state.days_overdue
            return status, due, obligation_is_overdue(state), days
        return status, assignment_is_due(state), False, 0

    def add(self, kind: str, groups: tuple, bucket: str, due_on: dt.date, late: int,
            n: int) -> None:
        """File `n` rows of (kind, bucket, due date, days late) under each of `groups`."""
        key = (kind, bucket, due_on, late)
        weight = self._weights.get(key)
        if weight is None:
            weight = self._weights[key] = self._weight(kind, bucket, due_on, late)
        status, due, overdue, days = weight
        tallies = self._groups
        for group in groups:
            tally = tallies.get((kind, group))
            if tally is None:
                tally = tallies[(kind, group)] = [
                    dict(_NO_OBLIGATIONS if kind == OBLIGATION else _NO_ASSIGNMENTS), 0, 0, 0, 0]
            tally[0][status] += n
            tally[1] += n
            if due:
                tally[2] += n
            if days > tally[3]:
                tally[3] = days
            if overdue:
                tally[4] += n

    def groups(self, kind: str) -> list:
        """The groups that rows of `kind` were filed under, in the order first seen."""
        return [group for (k, group) in self._groups if k == kind]

    def assignments(self, group) -> dict:
        counts, total, due, _days, _overdue = self._groups.get((ASSIGNMENT, group)) or (
            dict(_NO_ASSIGNMENTS), 0, 0, 0, 0)
        return assignment_figures(counts, total, due)

    def obligations(self, group) -> dict:
        counts, total, due, days, overdue = self._groups.get((OBLIGATION, group)) or (
            dict(_NO_OBLIGATIONS), 0, 0, 0, 0)
        return obligation_figures(counts, total, due, days, overdue)



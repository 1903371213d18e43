"""Statuses "as of" a day, computed from dated facts (DESIGN §3).

The rules live here once, as pure functions over small fact records; selectors
load the facts in a constant number of queries. Because every fact is dated
(submission, review, deadline change, completion, withdrawal), the answer for a
past day is what was true at the end of that day in Asia/Ho_Chi_Minh.
"""

import datetime as dt
from dataclasses import dataclass, field

from directives.models import ResponsibilityItem
from tracker.timeutil import end_of_day, local_date

from .models import AssignmentStatus, ObligationStatus


@dataclass
class DueHistory:
    """The original due date and its dated changes (extensions, logged edits)."""

    original: dt.date | None
    changes: list[tuple[dt.datetime, dt.date]] = field(default_factory=list)

    def as_of(self, cutoff: dt.datetime) -> dt.date | None:
        due = self.original
        for changed_at, new_due in sorted(self.changes):
            if changed_at <= cutoff:
                due = new_due
        return due


@dataclass
class ObligationFacts:
    id: int
    assignment_id: int
    created_at: dt.datetime
    due: DueHistory
    withdrawn_at: dt.datetime | None = None
    submissions: list[dt.datetime] = field(default_factory=list)
    # (decided_at, decision "accept"/"return", resubmit_by)
    reviews: list[tuple[dt.datetime, str, dt.date | None]] = field(default_factory=list)


@dataclass(frozen=True)
class ObligationState:
    status: str
    due_on: dt.date
    days_overdue: int
    effective_submitted_on: dt.date | None


def obligation_status(facts: ObligationFacts, day: dt.date) -> ObligationState | None:
    """The obligation's status at the end of `day`; None if it did not exist yet."""
    cutoff = end_of_day(day)
    if facts.created_at > cutoff:
        return None
    due = facts.due.as_of(cutoff)
    timeline = [(t, "submit", None, None) for t in facts.submissions if t <= cutoff]
    timeline += [(t, "review", decision, by) for t, decision, by in facts.reviews if t <= cutoff]
    timeline.sort(key=lambda e: e[0])
    state = None
    effective: dt.date | None = None
    resubmit_by: dt.date | None = None
    for moment, kind, decision, by in timeline:
        if kind == "submit":
            submitted_on = local_date(moment)
            if effective is None or resubmit_by is None or submitted_on > resubmit_by:
                effective = submitted_on
            state = "submitted"
        elif decision == "accept":
            state = "accepted"
        else:
            state, resubmit_by = "returned", by
    if state == "accepted":
        late = (effective - due).days if effective and effective > due else 0
        status = ObligationStatus.ACCEPTED_LATE if late else ObligationStatus.ACCEPTED_ON_TIME
        return ObligationState(status, due, late, effective)
    if facts.withdrawn_at is not None and facts.withdrawn_at <= cutoff:
        return ObligationState(ObligationStatus.WITHDRAWN, due, 0, effective)
    overdue_days = max((day - due).days, 0)
    if state == "submitted":
        return ObligationState(ObligationStatus.SUBMITTED, due, 0, effective)
    if state == "returned":
        return ObligationState(ObligationStatus.RETURNED, due, overdue_days, effective)
    status = ObligationStatus.OVERDUE if overdue_days else ObligationStatus.PENDING
    return ObligationState(status, due, overdue_days, None)


@dataclass
class AssignmentFacts:
    id: int
    created_at: dt.datetime
    deadline_mode: str
    due: DueHistory
    completed_at: dt.datetime | None = None
    completed_on: dt.date | None = None
    withdrawn_at: dt.datetime | None = None
    # Where it is filed in a summary (not used by the status rules).
    item_id: int | None = None
    section_id: int | None = None
    unit_id: int | None = None


@dataclass(frozen=True)
class AssignmentState:
    status: str
    due_on: dt.date | None
    days_overdue: int


def assignment_status(facts: AssignmentFacts, day: dt.date) -> AssignmentState | None:
    """The assignment's status at the end of `day`; None if it did not exist yet."""
    cutoff = end_of_day(day)
    if facts.created_at > cutoff:
        return None
    due = facts.due.as_of(cutoff)
    completed = facts.completed_at is not None and facts.completed_at <= cutoff
    if facts.withdrawn_at is not None and facts.withdrawn_at <= cutoff and not completed:
        return AssignmentState(AssignmentStatus.WITHDRAWN, due, 0)
    if facts.deadline_mode == ResponsibilityItem.DeadlineMode.CONTINUOUS or due is None:
        return AssignmentState(AssignmentStatus.ONGOING, due, 0)
    if completed:
        late = max((facts.completed_on - due).days, 0)
        status = AssignmentStatus.DONE_LATE if late else AssignmentStatus.DONE_ON_TIME
        return AssignmentState(status, due, late)
    overdue = max((day - due).days, 0)
    status = AssignmentStatus.IN_PROGRESS_OVERDUE if overdue else (
        AssignmentStatus.IN_PROGRESS_ON_TIME)
    return AssignmentState(status, due, overdue)


# --- roll-ups -------------------------------------------------------------------

DONE = (AssignmentStatus.DONE_ON_TIME, AssignmentStatus.DONE_LATE)
ACCEPTED = (ObligationStatus.ACCEPTED_ON_TIME, ObligationStatus.ACCEPTED_LATE)
SUBMITTED_OR_LATER = (ObligationStatus.SUBMITTED, ObligationStatus.RETURNED, *ACCEPTED)


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def assignment_rollup(states: list[AssignmentState], day: dt.date) -> dict:
    """Counts by status and rates over the items that are due ("nhiệm vụ đến hạn")."""
    return assignment_rollup_weighted(((state, 1) for state in states), day)


_NO_ASSIGNMENTS = {s.value: 0 for s in AssignmentStatus}
_NO_OBLIGATIONS = {s.value: 0 for s in ObligationStatus}


def assignment_is_due(state: AssignmentState) -> bool:
    """Counts in the rates' denominator: done, or in progress past its due date."""
    return state.status in DONE or state.status == AssignmentStatus.IN_PROGRESS_OVERDUE


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


def obligation_is_due(state: ObligationState, day: dt.date) -> bool:
    """Counts in the rates' denominator: not withdrawn, and handed in or due by `day`.

    A report already handed in counts as due (as accepted ones do), so that an early
    submission cannot stand in for an overdue one in the rate.
    """
    if state.status == ObligationStatus.WITHDRAWN:
        return False
    return state.status in SUBMITTED_OR_LATER or state.due_on <= day


def obligation_figures(counts: dict, total: int, due_count: int, max_overdue: int) -> dict:
    """The roll-up of an obligation group from its counts by status (`total` with the
    withdrawn ones), how many are due and the most days overdue."""
    submitted = sum(counts[s] for s in (ObligationStatus.SUBMITTED, ObligationStatus.RETURNED,
                                        *ACCEPTED))
    return {
        "total": total - counts[ObligationStatus.WITHDRAWN],
        "counts": counts,
        "due": due_count,
        "submitted_rate": _rate(min(submitted, due_count), due_count),
        "on_time_rate": _rate(counts[ObligationStatus.ACCEPTED_ON_TIME], due_count),
        "overdue_count": counts[ObligationStatus.OVERDUE],
        "max_days_overdue": max_overdue,
    }


def obligation_rollup_weighted(pairs, day: dt.date) -> dict:
    """The same over (state, how many) pairs (the status-count table gives these)."""
    counts = dict(_NO_OBLIGATIONS)
    due_count = 0
    max_overdue = 0
    total = 0
    for state, n in pairs:
        counts[state.status] += n
        total += n
        if state.status == ObligationStatus.WITHDRAWN:
            continue
        if obligation_is_due(state, day):
            due_count += n
        max_overdue = max(max_overdue, state.days_overdue)
    return obligation_figures(counts, total, due_count, max_overdue)


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
        # (kind, group) -> [counts by status, total, due, most days overdue]
        self._groups: dict = {}

    def _weight(self, kind: str, bucket: str, due_on: dt.date, late: int) -> tuple:
        state = counted_state(kind, bucket, due_on, late, self.day)
        status = str(state.status.value)
        if kind == "o":
            due = obligation_is_due(state, self.day)
            days = 0 if state.status == ObligationStatus.WITHDRAWN else state.days_overdue
            return status, due, days
        return status, assignment_is_due(state), 0

    def add(self, kind: str, groups: tuple, bucket: str, due_on: dt.date, late: int,
            n: int) -> None:
        """File `n` rows of (kind, bucket, due date, days late) under each of `groups`."""
        key = (kind, bucket, due_on, late)
        weight = self._weights.get(key)
        if weight is None:
            weight = self._weights[key] = self._weight(kind, bucket, due_on, late)
        status, due, days = weight
        tallies = self._groups
        for group in groups:
            tally = tallies.get((kind, group))
            if tally is None:
                tally = tallies[(kind, group)] = [
                    dict(_NO_OBLIGATIONS if kind == "o" else _NO_ASSIGNMENTS), 0, 0, 0]
            tally[0][status] += n
            tally[1] += n
            if due:
                tally[2] += n
            if days > tally[3]:
                tally[3] = days

    def assignments(self, group) -> dict:
        counts, total, due, _days = self._groups.get(("a", group)) or (
            dict(_NO_ASSIGNMENTS), 0, 0, 0)
        return assignment_figures(counts, total, due)

    def obligations(self, group) -> dict:
        counts, total, due, days = self._groups.get(("o", group)) or (
            dict(_NO_OBLIGATIONS), 0, 0, 0)
        return obligation_figures(counts, total, due, days)


# --- statuses from the status-count table (today and later days) ------------------

def counted_state(kind: str, bucket: str, due_on: dt.date, late: int, day: dt.date):
    """The status on `day` of the rows counted under (kind, bucket, due date).

    Valid for today and later: the stored columns are the present facts. Mirrors
    obligation_status / assignment_status above (tested to agree on the demo).
    """
    if kind == "o":
        if bucket == "not_submitted":
            overdue = max((day - due_on).days, 0)
            status = ObligationStatus.OVERDUE if overdue else ObligationStatus.PENDING
            return ObligationState(status, due_on, overdue, None)
        if bucket == "returned":
            return ObligationState(ObligationStatus.RETURNED, due_on,
                                   max((day - due_on).days, 0), None)
        return ObligationState(ObligationStatus(bucket), due_on,
                               late if bucket == ObligationStatus.ACCEPTED_LATE else 0, None)
    if bucket == "open":
        overdue = max((day - due_on).days, 0)
        status = AssignmentStatus.IN_PROGRESS_OVERDUE if overdue else (
            AssignmentStatus.IN_PROGRESS_ON_TIME)
        return AssignmentState(status, due_on, overdue)
    return AssignmentState(AssignmentStatus(bucket), None, 0)

"""The Python form of the status rule: statuses "as of" a day from dated facts (DESIGN §3).

Pure functions over small fact records; selectors load the facts in a constant number
of queries. Because every fact is dated (submission, review, deadline change,
completion, withdrawal), the answer for a past day is what was true at the end of that
day in Asia/Ho_Chi_Minh. The same rule over the stored columns (for today) is in
`orm` (lists, filters) and `sql` (bench floors); over the status-count table in
`keys`. tests/assignments/test_status_forms_agree.py drives generated histories
through every form.
"""

import datetime as dt
from dataclasses import dataclass, field

from directives.models import ResponsibilityItem
from tracker.timeutil import end_of_day, local_date

from ..models import AssignmentStatus, ObligationStatus, ReportObligation

Stored = ReportObligation.State
ACCEPT = "accept"  # reports.models.Review.Decision.ACCEPT (reports is the floor above)


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
    # (decided_at, Review.Decision "accept"/"return", resubmit_by)
    reviews: list[tuple[dt.datetime, str, dt.date | None]] = field(default_factory=list)


@dataclass(frozen=True)
class ObligationState:
    status: ObligationStatus
    due_on: dt.date
    days_overdue: int
    effective_submitted_on: dt.date | None


def obligation_status(facts: ObligationFacts, day: dt.date) -> ObligationState | None:
    """The obligation's status at the end of `day`; None if it did not exist yet."""
    cutoff = end_of_day(day)
    if facts.created_at > cutoff:
        return None
    due = facts.due.as_of(cutoff)
    # (moment, None for a submission or the review's decision, resubmit_by)
    timeline = [(t, None, None) for t in facts.submissions if t <= cutoff]
    timeline += [(t, decision, by) for t, decision, by in facts.reviews if t <= cutoff]
    timeline.sort(key=lambda e: e[0])
    state = None
    effective: dt.date | None = None
    resubmit_by: dt.date | None = None
    for moment, decision, by in timeline:
        if decision is None:
            submitted_on = local_date(moment)
            if effective is None or resubmit_by is None or submitted_on > resubmit_by:
                effective = submitted_on
            state = Stored.SUBMITTED
        elif decision == ACCEPT:
            state = Stored.ACCEPTED
        else:
            state, resubmit_by = Stored.RETURNED, by
    if state == Stored.ACCEPTED:
        late = (effective - due).days if effective and effective > due else 0
        status = ObligationStatus.ACCEPTED_LATE if late else ObligationStatus.ACCEPTED_ON_TIME
        return ObligationState(status, due, late, effective)
    if facts.withdrawn_at is not None and facts.withdrawn_at <= cutoff:
        return ObligationState(ObligationStatus.WITHDRAWN, due, 0, effective)
    overdue_days = max((day - due).days, 0)
    if state == Stored.SUBMITTED:
        return ObligationState(ObligationStatus.SUBMITTED, due, 0, effective)
    if state == Stored.RETURNED:
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
    status: AssignmentStatus
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


# --- what a status counts as (the figures' predicates) -----------------------------

DONE = (AssignmentStatus.DONE_ON_TIME, AssignmentStatus.DONE_LATE)
ACCEPTED = (ObligationStatus.ACCEPTED_ON_TIME, ObligationStatus.ACCEPTED_LATE)
SUBMITTED_OR_LATER = (ObligationStatus.SUBMITTED, ObligationStatus.RETURNED, *ACCEPTED)
# Not handed in (or handed back): these can be overdue.
OPEN_OBLIGATION = (ObligationStatus.PENDING, ObligationStatus.OVERDUE, ObligationStatus.RETURNED)


def obligation_is_overdue(state: ObligationState) -> bool:
    """The figure "Quá hạn" (overdue) of reports: not handed in, or returned and not
    handed in again, and its due date is before the day asked about. Every overdue
    figure (tiles, lists, `?overdue=true`, the overdue table) counts these rows;
    `orm.obligation_overdue_q` and `keys.counted_is_overdue` say the same."""
    return state.status in OPEN_OBLIGATION and state.days_overdue > 0


def assignment_is_overdue(state: AssignmentState) -> bool:
    """In progress past its due date (`orm.assignment_overdue_q`)."""
    return state.status == AssignmentStatus.IN_PROGRESS_OVERDUE


def assignment_is_due(state: AssignmentState) -> bool:
    """Counts in the rates' denominator: done, or in progress past its due date."""
    return state.status in DONE or state.status == AssignmentStatus.IN_PROGRESS_OVERDUE


def obligation_is_due(state: ObligationState, day: dt.date) -> bool:
    """Counts in the rates' denominator: not withdrawn, and handed in or due by `day`.

    A report already handed in counts as due (as accepted ones do), so that an early
    submission cannot stand in for an overdue one in the rate.
    """
    if state.status == ObligationStatus.WITHDRAWN:
        return False
    return state.status in SUBMITTED_OR_LATER or state.due_on <= day

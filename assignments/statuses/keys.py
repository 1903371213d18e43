"""The count form of the status rule: buckets of the status-count table (assignments.counts).

Every obligation and assignment falls in one *bucket* given by its stored columns. Open
rows also keep their due date, because whether they are overdue depends on the day
asked about; accepted-late obligations keep how many days late they were. The bucket
of a row is written here twice, side by side: in Python (`obligation_bucket`,
`assignment_bucket`, for the services that hold the row) and in SQL
(`OBLIGATION_BUCKET_SQL`, `ASSIGNMENT_BUCKET_SQL`, for bulk counting). `counted_state`
turns a (kind, bucket, due date, days late) back into the status on a day.
"""

import datetime as dt
from enum import StrEnum

from django.db.models import Q

from directives.models import ResponsibilityItem

from ..models import Assignment, AssignmentStatus, ObligationStatus, ReportObligation
from .rule import AssignmentState, ObligationState

NO_DATE = dt.date(1, 1, 1)  # due_on of rows whose status does not depend on the day


class Kind(StrEnum):
    """StatusCount.kind."""

    ASSIGNMENT = "a"
    OBLIGATION = "o"


ASSIGNMENT = Kind.ASSIGNMENT
OBLIGATION = Kind.OBLIGATION


class ObligationBucket(StrEnum):
    """StatusCount.bucket of an obligation (kind "o")."""

    NOT_SUBMITTED = ReportObligation.State.NOT_SUBMITTED.value
    SUBMITTED = ReportObligation.State.SUBMITTED.value
    RETURNED = ReportObligation.State.RETURNED.value
    ACCEPTED_ON_TIME = ObligationStatus.ACCEPTED_ON_TIME.value
    ACCEPTED_LATE = ObligationStatus.ACCEPTED_LATE.value
    WITHDRAWN = ReportObligation.State.WITHDRAWN.value


class AssignmentBucket(StrEnum):
    """StatusCount.bucket of an assignment (kind "a")."""

    OPEN = Assignment.State.OPEN.value
    DONE_ON_TIME = AssignmentStatus.DONE_ON_TIME.value
    DONE_LATE = AssignmentStatus.DONE_LATE.value
    ONGOING = AssignmentStatus.ONGOING.value
    WITHDRAWN = Assignment.State.WITHDRAWN.value


# Buckets whose rows keep their due date (their status depends on the day).
DATED_OBLIGATION = (ObligationBucket.NOT_SUBMITTED, ObligationBucket.RETURNED)
DATED_ASSIGNMENT = (AssignmentBucket.OPEN,)

_O = ReportObligation.State
_A = Assignment.State
_CONTINUOUS = ResponsibilityItem.DeadlineMode.CONTINUOUS


# --- Python ------------------------------------------------------------------------

def obligation_bucket(*, state: str, due_on: dt.date,
                      effective_submitted_on: dt.date | None
                      ) -> tuple[ObligationBucket, dt.date, int]:
    """(bucket, due date kept, days late) of an obligation from its stored columns."""
    late = 0
    if state == _O.ACCEPTED:
        if effective_submitted_on is not None and effective_submitted_on > due_on:
            late = (effective_submitted_on - due_on).days
        bucket = ObligationBucket.ACCEPTED_LATE if late else ObligationBucket.ACCEPTED_ON_TIME
    else:
        bucket = ObligationBucket(state)
    return bucket, (due_on if bucket in DATED_OBLIGATION else NO_DATE), late


def assignment_bucket(*, state: str, deadline_mode: str, current_due_on: dt.date | None,
                      completed_on: dt.date | None) -> tuple[AssignmentBucket, dt.date]:
    """(bucket, due date kept) of an assignment from its stored columns."""
    if state == _A.WITHDRAWN:
        return AssignmentBucket.WITHDRAWN, NO_DATE
    if deadline_mode == _CONTINUOUS or current_due_on is None:
        return AssignmentBucket.ONGOING, NO_DATE
    if state == _A.COMPLETED:
        late = completed_on is not None and completed_on > current_due_on
        return (AssignmentBucket.DONE_LATE if late else AssignmentBucket.DONE_ON_TIME), NO_DATE
    return AssignmentBucket.OPEN, current_due_on


# --- SQL (columns of `o` obligations, `a` assignments, `i` items) ---------------------

OBLIGATION_BUCKET_SQL = f"""CASE
    WHEN o.state = '{_O.ACCEPTED}' AND o.effective_submitted_on > o.due_on
      THEN '{ObligationBucket.ACCEPTED_LATE}'
    WHEN o.state = '{_O.ACCEPTED}' THEN '{ObligationBucket.ACCEPTED_ON_TIME}'
    ELSE o.state END"""
OBLIGATION_DUE_SQL = (f"CASE WHEN o.state IN ('{_O.NOT_SUBMITTED}', '{_O.RETURNED}') "
                      "THEN o.due_on ELSE %(no_date)s END")
OBLIGATION_LATE_WHEN_SQL = f"o.state = '{_O.ACCEPTED}' AND o.effective_submitted_on > o.due_on"

ASSIGNMENT_BUCKET_SQL = f"""CASE
    WHEN a.state = '{_A.WITHDRAWN}' THEN '{AssignmentBucket.WITHDRAWN}'
    WHEN i.deadline_mode = '{_CONTINUOUS}' OR a.current_due_on IS NULL
      THEN '{AssignmentBucket.ONGOING}'
    WHEN a.state = '{_A.COMPLETED}' AND a.completed_on > a.current_due_on
      THEN '{AssignmentBucket.DONE_LATE}'
    WHEN a.state = '{_A.COMPLETED}' THEN '{AssignmentBucket.DONE_ON_TIME}'
    ELSE '{AssignmentBucket.OPEN}' END"""
ASSIGNMENT_DUE_SQL = (f"CASE WHEN a.state = '{_A.OPEN}' AND i.deadline_mode <> '{_CONTINUOUS}'"
                      " AND a.current_due_on IS NOT NULL THEN a.current_due_on"
                      " ELSE %(no_date)s END")


# --- from the counts back to statuses ------------------------------------------------

def counted_state(kind: str, bucket: str, due_on: dt.date, late: int, day: dt.date
                  ) -> ObligationState | AssignmentState:
    """The status on `day` of the rows counted under (kind, bucket, due date).

    Valid for today and later: the stored columns are the present facts. Says what
    rule.obligation_status / rule.assignment_status say (the Hypothesis test drives
    both).
    """
    if kind == OBLIGATION:
        if bucket == ObligationBucket.NOT_SUBMITTED:
            overdue = max((day - due_on).days, 0)
            status = ObligationStatus.OVERDUE if overdue else ObligationStatus.PENDING
            return ObligationState(status, due_on, overdue, None)
        if bucket == ObligationBucket.RETURNED:
            return ObligationState(ObligationStatus.RETURNED, due_on,
                                   max((day - due_on).days, 0), None)
        return ObligationState(ObligationStatus(bucket), due_on,
                               late if bucket == ObligationBucket.ACCEPTED_LATE else 0, None)
    if bucket == AssignmentBucket.OPEN:
        overdue = max((day - due_on).days, 0)
        status = AssignmentStatus.IN_PROGRESS_OVERDUE if overdue else (
            AssignmentStatus.IN_PROGRESS_ON_TIME)
        return AssignmentState(status, due_on, overdue)
    return AssignmentState(AssignmentStatus(bucket), None, 0)


def counted_is_overdue(kind: str, bucket: str, due_on: dt.date, day: dt.date) -> bool:
    """rule.obligation_is_overdue / assignment_is_overdue of a counted row."""
    dated = DATED_OBLIGATION if kind == OBLIGATION else DATED_ASSIGNMENT
    return bucket in dated and due_on < day


def counted_rates_q(day: dt.date) -> dict[str, Q]:
    """The figures of the rates (`due`, `on_time`, `late`, `overdue`: reports.selectors
    `_rates`) of counted obligation rows, as conditions on the status-count columns, so
    that SQL sums them per group: what rule.obligation_is_due, the accepted statuses and
    rule.obligation_is_overdue say of counted_state's rows on `day` (today or later;
    tests/assignments/test_status_forms_agree.py drives both)."""
    b = ObligationBucket
    handed_in = (b.SUBMITTED, b.RETURNED, b.ACCEPTED_ON_TIME, b.ACCEPTED_LATE)
    return {
        "due": Q(bucket__in=handed_in) | Q(bucket=b.NOT_SUBMITTED, due_on__lte=day),
        "on_time": Q(bucket=b.ACCEPTED_ON_TIME),
        "late": Q(bucket=b.ACCEPTED_LATE),
        "overdue": Q(bucket__in=DATED_OBLIGATION, due_on__lt=day),
    }

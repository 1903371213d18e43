"""The ORM form of the status rule over the stored columns, for today and later days.

The stored columns are the present facts, so for today (or a later day) the status is
a CASE over them (`*_status_case`, the `computed_status` of the lists) and a status
filter is plain column conditions (`*_status_q`: the same branches in the same order,
which the partial indexes serve; the CASE cannot). A past day is replayed from the
dated facts (`rule`).
"""

import datetime as dt

from django.db.models import Case, CharField, F, Q, Value, When

from directives.models import ResponsibilityItem

from ..models import Assignment, AssignmentStatus, ObligationStatus, ReportObligation

_O = ReportObligation.State
_A = Assignment.State


def _continuous(prefix: str = "") -> Q:
    return Q(**{f"{prefix}item__deadline_mode": ResponsibilityItem.DeadlineMode.CONTINUOUS})


def assignment_status_case(day: dt.date) -> Case:
    """rule.assignment_status at the end of `day`, from an assignment's columns."""
    S = AssignmentStatus
    return Case(
        When(state=_A.WITHDRAWN, then=Value(S.WITHDRAWN.value)),
        When(_continuous() | Q(current_due_on__isnull=True), then=Value(S.ONGOING.value)),
        When(state=_A.COMPLETED, completed_on__gt=F("current_due_on"),
             then=Value(S.DONE_LATE.value)),
        When(state=_A.COMPLETED, then=Value(S.DONE_ON_TIME.value)),
        When(current_due_on__lt=day, then=Value(S.IN_PROGRESS_OVERDUE.value)),
        default=Value(S.IN_PROGRESS_ON_TIME.value),
        output_field=CharField(),
    )


def obligation_status_case(day: dt.date) -> Case:
    """rule.obligation_status at the end of `day`, from an obligation's columns."""
    S = ObligationStatus
    return Case(
        When(state=_O.ACCEPTED, effective_submitted_on__gt=F("due_on"),
             then=Value(S.ACCEPTED_LATE.value)),
        When(state=_O.ACCEPTED, then=Value(S.ACCEPTED_ON_TIME.value)),
        When(state=_O.WITHDRAWN, then=Value(S.WITHDRAWN.value)),
        When(state=_O.SUBMITTED, then=Value(S.SUBMITTED.value)),
        When(state=_O.RETURNED, then=Value(S.RETURNED.value)),
        When(due_on__lt=day, then=Value(S.OVERDUE.value)),
        default=Value(S.PENDING.value),
        output_field=CharField(),
    )


def assignment_status_q(status: AssignmentStatus | str, day: dt.date) -> Q:
    """The rows whose `assignment_status_case(day)` is `status`."""
    S = AssignmentStatus
    continuous = _continuous()
    dated = ~continuous & Q(current_due_on__isnull=False)
    return {
        S.WITHDRAWN: Q(state=_A.WITHDRAWN),
        S.ONGOING: ~Q(state=_A.WITHDRAWN) & (continuous | Q(current_due_on__isnull=True)),
        S.DONE_LATE: Q(state=_A.COMPLETED, completed_on__gt=F("current_due_on")) & dated,
        S.DONE_ON_TIME: Q(state=_A.COMPLETED) & ~Q(completed_on__gt=F("current_due_on"))
        & dated,
        S.IN_PROGRESS_OVERDUE: Q(state=_A.OPEN, current_due_on__lt=day) & ~continuous,
        S.IN_PROGRESS_ON_TIME: Q(state=_A.OPEN, current_due_on__gte=day) & ~continuous,
    }[AssignmentStatus(status)]


def obligation_status_q(status: ObligationStatus | str, day: dt.date) -> Q:
    """The rows whose `obligation_status_case(day)` is `status`."""
    S = ObligationStatus
    late = Q(effective_submitted_on__gt=F("due_on"))
    return {
        S.ACCEPTED_LATE: Q(state=_O.ACCEPTED) & late,
        S.ACCEPTED_ON_TIME: Q(state=_O.ACCEPTED) & ~late,
        S.WITHDRAWN: Q(state=_O.WITHDRAWN),
        S.SUBMITTED: Q(state=_O.SUBMITTED),
        S.RETURNED: Q(state=_O.RETURNED),
        S.OVERDUE: Q(state=_O.NOT_SUBMITTED, due_on__lt=day),
        S.PENDING: Q(state=_O.NOT_SUBMITTED, due_on__gte=day),
    }[ObligationStatus(status)]


def assignment_overdue_q(day: dt.date, due_by: dt.date | None = None) -> Q:
    """rule.assignment_is_overdue on `day` (due on or before `due_by` if given)."""
    q = Q(state=_A.OPEN, current_due_on__lt=day) & ~_continuous()
    return q & Q(current_due_on__lte=due_by) if due_by is not None else q


# Obligations not handed in (or handed back): the rows of the `obligation_open_due`
# partial index; rule.OPEN_OBLIGATION says the same of the statuses.
OPEN_STATES = (_O.NOT_SUBMITTED, _O.RETURNED)


def obligation_overdue_q(day: dt.date, due_by: dt.date | None = None) -> Q:
    """rule.obligation_is_overdue on `day`: not handed in (or returned) and past its due
    date (due on or before `due_by` if given)."""
    q = Q(state__in=OPEN_STATES, due_on__lt=day)
    return q & Q(due_on__lte=due_by) if due_by is not None else q


def obligation_due_q(day: dt.date) -> Q:
    """rule.obligation_is_due on `day`: not withdrawn, and handed in (submitted, returned,
    accepted) or due by `day`: the rates' denominator, the dashboard's "due" figure."""
    return (Q(state__in=(_O.SUBMITTED, _O.RETURNED, _O.ACCEPTED))
            | Q(state=_O.NOT_SUBMITTED, due_on__lte=day))


# --- days overdue of a row whose `computed_status` was read ---------------------------

def _days(later: dt.date | None, earlier: dt.date | None) -> int:
    if later is None or earlier is None:
        return 0
    return max((later - earlier).days, 0)


def obligation_days_overdue(status: str, *, day: dt.date, due_on: dt.date | None,
                            effective_submitted_on: dt.date | None) -> int:
    """rule.obligation_status's `days_overdue` for a row with `computed_status`."""
    if status in (ObligationStatus.OVERDUE, ObligationStatus.RETURNED):
        return _days(day, due_on)
    if status == ObligationStatus.ACCEPTED_LATE:
        return _days(effective_submitted_on, due_on)
    return 0


def assignment_days_overdue(status: str, *, day: dt.date, current_due_on: dt.date | None,
                            completed_on: dt.date | None) -> int:
    """rule.assignment_status's `days_overdue` for a row with `computed_status`."""
    if status == AssignmentStatus.IN_PROGRESS_OVERDUE:
        return _days(day, current_due_on)
    if status == AssignmentStatus.DONE_LATE:
        return _days(completed_on, current_due_on)
    return 0

"""The raw-SQL form of the status rule (the bench's floors, PostgreSQL).

`*_STORED_STATUS` is `orm.*_status_case` written out over the columns of `o`
(obligations), `a` (assignments) and `i` (items), with `%(day)s` bound;
`*_STATUS_COLUMNS` is `orm.*_status_q` for the statuses a plan serves from an index;
`OBLIGATION_OVERDUE` is `orm.obligation_overdue_q`. `OBLIGATION_REPLAYED_STATUS` and
`ASSIGNMENT_REPLAYED_STATUS` are rule.obligation_status / rule.assignment_status over
the dated facts up to `%(cutoff)s` (the end of `%(day)s`).
"""

from directives.models import ResponsibilityItem

from ..models import Assignment, AssignmentStatus, ObligationStatus, ReportObligation

_O = ReportObligation.State
_A = Assignment.State
_S = ObligationStatus
_AS = AssignmentStatus
_CONTINUOUS = ResponsibilityItem.DeadlineMode.CONTINUOUS

OBLIGATION_STORED_STATUS = f"""
    CASE
      WHEN o.state = '{_O.ACCEPTED}' AND o.effective_submitted_on > o.due_on
        THEN '{_S.ACCEPTED_LATE}'
      WHEN o.state = '{_O.ACCEPTED}' THEN '{_S.ACCEPTED_ON_TIME}'
      WHEN o.state = '{_O.WITHDRAWN}' THEN '{_S.WITHDRAWN}'
      WHEN o.state = '{_O.SUBMITTED}' THEN '{_S.SUBMITTED}'
      WHEN o.state = '{_O.RETURNED}' THEN '{_S.RETURNED}'
      WHEN o.due_on < %(day)s THEN '{_S.OVERDUE}'
      ELSE '{_S.PENDING}'
    END"""

ASSIGNMENT_STORED_STATUS = f"""
    CASE
      WHEN a.state = '{_A.WITHDRAWN}' THEN '{_AS.WITHDRAWN}'
      WHEN i.deadline_mode = '{_CONTINUOUS}' OR a.current_due_on IS NULL THEN '{_AS.ONGOING}'
      WHEN a.state = '{_A.COMPLETED}' AND a.completed_on > a.current_due_on
        THEN '{_AS.DONE_LATE}'
      WHEN a.state = '{_A.COMPLETED}' THEN '{_AS.DONE_ON_TIME}'
      WHEN a.current_due_on < %(day)s THEN '{_AS.IN_PROGRESS_OVERDUE}'
      ELSE '{_AS.IN_PROGRESS_ON_TIME}'
    END"""



def obligation_overdue(day_param: str = "%(day)s") -> str:
    """`orm.obligation_overdue_q` over `o`, the day bound as `day_param`."""
    return f"o.state IN ('{_O.NOT_SUBMITTED}', '{_O.RETURNED}') AND o.due_on < {day_param}"


OBLIGATION_OVERDUE = obligation_overdue()
ASSIGNMENT_OVERDUE = (f"a.state = '{_A.OPEN}' AND a.current_due_on < %(day)s "
                      f"AND i.deadline_mode <> '{_CONTINUOUS}'")

ASSIGNMENT_STATUS_COLUMNS = {_AS.IN_PROGRESS_OVERDUE.value: ASSIGNMENT_OVERDUE}
OBLIGATION_STATUS_COLUMNS = {
    _S.OVERDUE.value: f"o.state = '{_O.NOT_SUBMITTED}' AND o.due_on < %(day)s",
}

# Over the dated facts: expects the columns due, accepted_at, effective_submitted_on,
# withdrawn_at, last_sub, last_decision, last_decided (as of the cutoff) in scope.
OBLIGATION_REPLAYED_STATUS = f"""
    CASE
      WHEN accepted_at <= %(cutoff)s THEN
        CASE WHEN effective_submitted_on > due THEN '{_S.ACCEPTED_LATE}'
             ELSE '{_S.ACCEPTED_ON_TIME}' END
      WHEN withdrawn_at <= %(cutoff)s THEN '{_S.WITHDRAWN}'
      WHEN last_decided IS NOT NULL AND (last_sub IS NULL OR last_decided >= last_sub)
           AND last_decision = 'return' THEN '{_S.RETURNED}'
      WHEN last_sub IS NOT NULL THEN '{_S.SUBMITTED}'
      WHEN due < %(day)s THEN '{_S.OVERDUE}'
      ELSE '{_S.PENDING}'
    END"""

# Over the assignment `a`, its item `i` and its latest deadline change `dc` by the cutoff.
ASSIGNMENT_REPLAYED_STATUS = f"""
      CASE
        WHEN a.withdrawn_at <= %(cutoff)s
             AND NOT COALESCE(a.completed_at <= %(cutoff)s, false) THEN '{_AS.WITHDRAWN}'
        WHEN i.deadline_mode = '{_CONTINUOUS}' OR COALESCE(dc.new_due_on, a.original_due_on)
             IS NULL THEN '{_AS.ONGOING}'
        WHEN a.completed_at <= %(cutoff)s THEN
          CASE WHEN a.completed_on > COALESCE(dc.new_due_on, a.original_due_on)
               THEN '{_AS.DONE_LATE}' ELSE '{_AS.DONE_ON_TIME}' END
        WHEN COALESCE(dc.new_due_on, a.original_due_on) < %(day)s
          THEN '{_AS.IN_PROGRESS_OVERDUE}'
        ELSE '{_AS.IN_PROGRESS_ON_TIME}'
      END"""

# Overdue rows of a CTE with `status` and `due` columns (rule.obligation_is_overdue).
STATUS_OVERDUE = f"status IN ('{_S.OVERDUE}', '{_S.RETURNED}') AND due < %(day)s"

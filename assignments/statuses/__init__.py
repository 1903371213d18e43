"""One obligation/assignment status rule, in its three forms side by side.

- `rule`: the Python form, a replay of dated facts for any day (and the predicates
  "overdue" and "due" the figures count);
- `orm` / `sql`: the same over the stored columns for today, as ORM Case/Q (lists,
  filters) and as SQL (the bench's floors);
- `keys`: the buckets of the status-count table (assignments.counts) and the status
  of a counted row on a day;
- `rollups`: counts by status and rates, from states or from counts;
- `labels`: one label per figure.

tests/assignments/test_status_forms_agree.py drives generated histories through every
form and asserts that they agree.
"""

from .keys import ASSIGNMENT, OBLIGATION, counted_is_overdue, counted_rates_q, counted_state
from .labels import OVERDUE_LABEL
from .orm import (
    assignment_overdue_q,
    assignment_status_case,
    assignment_status_q,
    obligation_due_q,
    obligation_overdue_q,
    obligation_status_case,
    obligation_status_q,
)
from .rollups import (
    CountedTally,
    assignment_figures,
    assignment_rollup,
    assignment_rollup_weighted,
    obligation_figures,
    obligation_rollup,
    obligation_rollup_weighted,
)
from .rule import (
    ACCEPTED,
    DONE,
    OPEN_OBLIGATION,
    SUBMITTED_OR_LATER,
    AssignmentFacts,
    AssignmentState,
    DueHistory,
    ObligationFacts,
    ObligationState,
    assignment_is_due,
    assignment_is_overdue,
    assignment_status,
    obligation_is_due,
    obligation_is_overdue,
    obligation_status,
)

__all__ = [
    "ACCEPTED", "ASSIGNMENT", "DONE", "OBLIGATION", "OPEN_OBLIGATION", "OVERDUE_LABEL",
    "SUBMITTED_OR_LATER", "AssignmentFacts", "AssignmentState", "CountedTally", "DueHistory",
    "ObligationFacts", "ObligationState", "assignment_figures", "assignment_is_due",
    "assignment_is_overdue", "assignment_overdue_q", "assignment_rollup",
    "assignment_rollup_weighted", "assignment_status", "assignment_status_case",
    "assignment_status_q", "counted_is_overdue", "counted_rates_q", "counted_state",
    "obligation_figures",
    "obligation_due_q", "obligation_is_due", "obligation_is_overdue", "obligation_overdue_q",
    "obligation_rollup",
    "obligation_rollup_weighted", "obligation_status", "obligation_status_case",
    "obligation_status_q",
]

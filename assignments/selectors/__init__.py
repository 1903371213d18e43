"""Reads of the assignments app, by concern: the dated facts and statuses (`facts`), the
API's lists (`lists`) and what the pages read (`pages`). The summaries and the
dashboard, which also read the reports' indicators, are `reports.summaries`."""

from .facts import (
    assignment_facts,
    assignment_states,
    obligation_facts,
    obligation_states,
    obligation_states_stored,
    register_report_facts,
)
from .lists import (
    ASSIGNMENT_COLUMNS,
    ASSIGNMENT_ROW,
    OBLIGATION_COLUMNS,
    OBLIGATION_ROW,
    OBLIGATION_SORTS,
    UNIT_BRIEF_COLUMNS,
    assignment_list,
    assignment_rows,
    extension_request_list,
    obligation_list,
    obligation_page_list,
    obligation_page_rows,
    obligation_rows,
    page_periods,
    page_units,
    period_choosers,
    period_list,
    states_as_of,
)
from .pages import (
    default_period,
    directive_breakdown,
    extension_page_rows,
    extension_requests_for,
    matrix_periods,
    obligations_for,
    recent_extension_requests,
    recent_reorganisations,
)

__all__ = [
    "ASSIGNMENT_COLUMNS", "ASSIGNMENT_ROW", "OBLIGATION_COLUMNS", "OBLIGATION_ROW",
    "OBLIGATION_SORTS", "obligation_page_list", "obligation_page_rows",
    "UNIT_BRIEF_COLUMNS", "assignment_facts", "assignment_list", "assignment_rows",
    "assignment_states", "default_period", "directive_breakdown", "extension_request_list",
    "extension_page_rows", "extension_requests_for", "matrix_periods", "obligation_facts",
    "obligation_list",
    "obligation_rows", "obligation_states", "obligation_states_stored",
    "obligations_for", "page_periods", "page_units",
    "period_choosers", "period_list", "recent_extension_requests", "recent_reorganisations",
    "register_report_facts", "states_as_of",
]

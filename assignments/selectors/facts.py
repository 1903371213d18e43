"""The dated facts of assignments and obligations, and their statuses on a day.

Loaded in a constant number of queries. An obligation's submissions and reviews are
rows of the reports app, a floor above: it registers how to read them
(`register_report_facts`, from ReportsConfig.ready), as the assignments app registers
its reader with tracker.policy. This app never imports reports.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from tracker.timeutil import end_of_day

from ..models import DeadlineChange, ObligationStatus
from ..statuses import (
    AssignmentFacts,
    AssignmentState,
    DueHistory,
    ObligationFacts,
    ObligationState,
    assignment_status,
    obligation_status,
)
from ..statuses.orm import obligation_days_overdue, obligation_status_case

# (obligation ids subquery, until or None) -> (submissions: (obligation_id, submitted_at),
# reviews: (obligation_id, decided_at, decision, resubmit_by))
ReportFactsReader = Callable[[QuerySet, dt.datetime | None],
                             tuple[Iterable[tuple], Iterable[tuple]]]
_report_facts_reader: ReportFactsReader | None = None


def register_report_facts(reader: ReportFactsReader) -> None:
    global _report_facts_reader
    _report_facts_reader = reader


def _report_facts() -> ReportFactsReader:
    if _report_facts_reader is None:
        raise ImproperlyConfigured("the reports app has not registered its facts reader")
    return _report_facts_reader


def assignment_facts(assignments: QuerySet) -> dict[int, AssignmentFacts]:
    rows = assignments.values_list(
        "id", "created_at", "item__deadline_mode", "original_due_on", "completed_at",
        "completed_on", "withdrawn_at", "item_id", "item__section_id", "unit_id")
    facts = {
        pk: AssignmentFacts(id=pk, created_at=created, deadline_mode=mode,
                            due=DueHistory(original=due), completed_at=completed_at,
                            completed_on=completed_on, withdrawn_at=withdrawn_at,
                            item_id=item_id, section_id=section_id, unit_id=unit_id)
        for (pk, created, mode, due, completed_at, completed_on, withdrawn_at, item_id,
             section_id, unit_id) in rows
    }
    changes = DeadlineChange.objects.filter(
        assignment_id__in=assignments.values("pk"), obligation__isnull=True
    ).values_list("assignment_id", "changed_at", "new_due_on")
    for assignment_id, changed_at, new_due in changes:
        if assignment_id in facts:
            facts[assignment_id].due.changes.append((changed_at, new_due))
    return facts


def obligation_facts(obligations: QuerySet, until: dt.datetime | None = None
                     ) -> dict[int, ObligationFacts]:
    """The facts of the obligations; with `until`, only those up to that moment (the
    obligations created by then, their deadline changes, submissions and reviews made
    by then): what obligation_status(…, day) reads when `until` is the end of `day`."""
    if until is not None:
        obligations = obligations.filter(created_at__lte=until)
    rows = obligations.values_list("id", "assignment_id", "created_at", "original_due_on",
                                   "withdrawn_at")
    facts = {
        pk: ObligationFacts(id=pk, assignment_id=assignment_id, created_at=created,
                            due=DueHistory(original=due), withdrawn_at=withdrawn_at)
        for pk, assignment_id, created, due, withdrawn_at in rows
    }
    ids = obligations.values("pk")
    changes = DeadlineChange.objects.filter(obligation_id__in=ids)
    if until is not None:
        changes = changes.filter(changed_at__lte=until)
    for obligation_id, changed_at, new_due in changes.values_list(
            "obligation_id", "changed_at", "new_due_on"):
        facts[obligation_id].due.changes.append((changed_at, new_due))
    submissions, reviews = _report_facts()(ids, until)
    for obligation_id, submitted_at in submissions:
        facts[obligation_id].submissions.append(submitted_at)
    for obligation_id, decided_at, decision, resubmit_by in reviews:
        facts[obligation_id].reviews.append((decided_at, decision, resubmit_by))
    return facts


def assignment_states(assignments: QuerySet, day: dt.date) -> dict[int, AssignmentState]:
    result = {}
    for pk, facts in assignment_facts(assignments).items():
        state = assignment_status(facts, day)
        if state is not None:
            result[pk] = state
    return result


def obligation_states(obligations: QuerySet, day: dt.date) -> dict[int, ObligationState]:
    """The obligations' statuses at the end of `day`, replayed from their dated facts."""
    result = {}
    for pk, facts in obligation_facts(obligations, until=end_of_day(day)).items():
        state = obligation_status(facts, day)
        if state is not None:
            result[pk] = state
    return result


def obligation_states_stored(obligations: QuerySet, day: dt.date
                             ) -> dict[int, tuple[int, ObligationState]]:
    """For today or a later day: each obligation's assignment and status, read from its
    stored columns (the status CASE of the lists, `statuses.orm`) in one query instead
    of replaying its submissions, reviews and deadline changes. The same states as
    `obligation_states` on such a day (tests/assignments/test_status_forms_agree.py)."""
    rows = (obligations.annotate(computed_status=obligation_status_case(day)).order_by()
            .values_list("pk", "assignment_id", "computed_status", "due_on",
                         "effective_submitted_on"))
    return {pk: (assignment_id, ObligationState(
        status=ObligationStatus(status), due_on=due_on,
        days_overdue=obligation_days_overdue(status, day=day, due_on=due_on,
                                             effective_submitted_on=submitted_on),
        effective_submitted_on=submitted_on))
        for pk, assignment_id, status, due_on, submitted_on in rows}

"""One status rule, three forms: generated histories agree in every form.

Hypothesis writes a history into the `published` directive through the services (due
date edits, extensions, submissions, accepts, returns with a resubmission deadline,
a completion claim, withdrawal), each step on a random day and hour in
Asia/Ho_Chi_Minh. Then, for "today" (the day of the last step or later), every
obligation and assignment of the directive must have the same status, days overdue
and "overdue" in:

- the Python rule (statuses.rule, replayed from the dated facts);
- the ORM form (statuses.orm: the status CASE, each status's Q, the overdue Q) and the
  raw-SQL form (statuses.sql) over the stored columns;
- the status-count table (statuses.keys: counted rows rolled up), whose figures
  (counts by status, "overdue", "due") must equal the roll-up of the Python states.
"""

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assignments import counts
from assignments.models import Assignment, AssignmentStatus, ObligationStatus, ReportObligation
from assignments.selectors import assignment_states, obligation_states, obligation_states_stored
from assignments.selectors.figures import count_rows, obligation_figures_of, unit_rate_rows
from assignments.services import deadline_edit, extension_approve, extension_request_create
from assignments.statuses import (
    CountedTally,
    assignment_is_overdue,
    assignment_overdue_q,
    assignment_rollup,
    assignment_rollup_weighted,
    assignment_status_case,
    assignment_status_q,
    counted_state,
    obligation_is_overdue,
    obligation_overdue_q,
    obligation_rollup,
    obligation_status_case,
    obligation_status_q,
)
from assignments.statuses import sql as status_sql
from assignments.statuses.orm import assignment_days_overdue, obligation_days_overdue
from directives.services import item_withdraw
from reports.selectors import on_time_rates
from reports.services import report_accept, report_create, report_return, report_submit
from reports.summaries import directive_summary
from tests.conftest import at, travel
from tracker import tx
from tracker.errors import DomainError
from tracker.policy import SYSTEM
from tracker.timeutil import local_date

pytestmark = pytest.mark.django_db

START = dt.date(2021, 9, 10)  # the day `published` is published

# Weighted: a withdrawal ends most of a history, so it comes up less often.
ACTIONS = ("submit", "submit", "submit", "complete", "accept", "accept", "return", "return",
           "edit_due", "extend", "withdraw")

step = st.tuples(
    st.sampled_from(ACTIONS),
    st.integers(min_value=0, max_value=1),  # which item: continuous (0) or fixed (1)
    st.integers(min_value=0, max_value=30),  # days after the previous step
    st.sampled_from([0, 7, 12, 23]),  # hour of the day (local)
    st.integers(min_value=-40, max_value=120),  # a date offset the step may use
)


def _obligation(world, which: int) -> ReportObligation:
    item = world.continuous if which == 0 else world.fixed
    return (ReportObligation.objects.filter(assignment__item=item,
                                            assignment__unit=world.district_a)
            .exclude(state=ReportObligation.State.WITHDRAWN).order_by("due_on", "id").first()
            or ReportObligation.objects.filter(assignment__item=item,
                                               assignment__unit=world.district_a)
            .order_by("due_on", "id").first())


def _run(world, action: str, which: int, day: dt.date, offset: int) -> None:
    obligation = _obligation(world, which)
    reporter, reviewer = world.reporter_a, world.reviewer
    if action in ("submit", "complete"):
        report = report_create(obligation=obligation, author=reporter,
                               results_text="Đã triển khai.", completed=action == "complete")
        report_submit(report=report, actor=reporter)
    elif action in ("accept", "return"):
        report = obligation.reports.filter(status="submitted").first()
        if report is None:
            return
        if action == "accept":
            report_accept(report=report, actor=reviewer)
        else:
            report_return(report=report, actor=reviewer, comment="Bổ sung.",
                          resubmit_by=day + dt.timedelta(days=abs(offset) % 15))
    elif action == "edit_due":
        deadline_edit(obligation=obligation, actor=reviewer, reason="Điều chỉnh.",
                      new_due_on=max(START, obligation.due_on + dt.timedelta(days=offset)))
    elif action == "extend":
        request = extension_request_create(
            assignment=obligation.assignment, obligation=obligation, actor=reporter,
            reason="Xin gia hạn.", requested_due_on=obligation.due_on
            + dt.timedelta(days=abs(offset) + 1))
        extension_approve(request=request, actor=reviewer)
    else:
        item = world.continuous if which == 0 else world.fixed
        item_withdraw(item=item, actor=reviewer, reason="Rút.")


def _write_history(world, steps) -> dt.date:
    """Apply the steps in order (a step the rules refuse changes nothing), each at a later
    moment than the one before; the day of the last."""
    moment = at(START, 9)
    for action, which, gap, hour, offset in steps:
        chosen = at(local_date(moment) + dt.timedelta(days=gap), hour, 30)
        moment = max(chosen, moment + dt.timedelta(minutes=1))
        day = local_date(moment)
        with time_machine.travel(moment, tick=False), transaction.atomic():
            try:
                _run(world, action, which, day, offset)
            except DomainError:
                pass
    return local_date(moment)


def _raw_statuses(sql_case: str, table: str, day: dt.date) -> dict[int, str]:
    alias = "o" if table == "assignments_reportobligation" else "a"
    join = ("JOIN assignments_assignment a ON a.id = o.assignment_id "
            "JOIN directives_responsibilityitem i ON i.id = a.item_id" if alias == "o"
            else "JOIN directives_responsibilityitem i ON i.id = a.item_id")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {alias}.id, {sql_case} FROM {table} {alias} {join}",  # noqa: S608
                       {"day": connection.ops.adapt_datefield_value(day)})
        return dict(cursor.fetchall())


def _raw_overdue_obligations(day: dt.date) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT o.id FROM assignments_reportobligation o "  # noqa: S608
                       f"WHERE {status_sql.OBLIGATION_OVERDUE}",
                       {"day": connection.ops.adapt_datefield_value(day)})
        return {row[0] for row in cursor.fetchall()}


def _check_obligations(day: dt.date) -> None:
    qs = ReportObligation.objects.all()
    rule = obligation_states(qs, day)
    assert set(rule) == set(qs.values_list("pk", flat=True))
    rows = qs.annotate(s=obligation_status_case(day)).values(
        "pk", "s", "due_on", "effective_submitted_on")
    for row in rows:
        state = rule[row["pk"]]
        assert row["s"] == state.status, (row, state)
        assert obligation_days_overdue(row["s"], day=day, due_on=row["due_on"],
                                       effective_submitted_on=row["effective_submitted_on"]
                                       ) == state.days_overdue, (row, state)
    for status in ObligationStatus:
        picked = set(qs.filter(obligation_status_q(status, day)).values_list("pk", flat=True))
        assert picked == {pk for pk, s in rule.items() if s.status == status}, status
    overdue = {pk for pk, s in rule.items() if obligation_is_overdue(s)}
    assert set(qs.filter(obligation_overdue_q(day)).values_list("pk", flat=True)) == overdue
    assert _raw_overdue_obligations(day) == overdue
    raw = _raw_statuses(status_sql.OBLIGATION_STORED_STATUS, "assignments_reportobligation", day)
    assert raw == {pk: s.status for pk, s in rule.items()}
    # The matrix's reader of today's cells (the same CASE, read into states).
    stored = obligation_states_stored(qs, day)
    assert {pk: state for pk, (_a, state) in stored.items()} == rule
    assert {pk: a for pk, (a, _s) in stored.items()} == dict(qs.values_list("pk", "assignment_id"))


def _check_assignments(day: dt.date) -> None:
    qs = Assignment.objects.all()
    rule = assignment_states(qs, day)
    rows = qs.annotate(s=assignment_status_case(day)).values(
        "pk", "s", "current_due_on", "completed_on")
    for row in rows:
        state = rule[row["pk"]]
        assert row["s"] == state.status, (row, state)
        assert assignment_days_overdue(row["s"], day=day, current_due_on=row["current_due_on"],
                                       completed_on=row["completed_on"]) == state.days_overdue
    for status in AssignmentStatus:
        picked = set(qs.filter(assignment_status_q(status, day)).values_list("pk", flat=True))
        assert picked == {pk for pk, s in rule.items() if s.status == status}, status
    overdue = {pk for pk, s in rule.items() if assignment_is_overdue(s)}
    assert set(qs.filter(assignment_overdue_q(day)).values_list("pk", flat=True)) == overdue
    raw = _raw_statuses(status_sql.ASSIGNMENT_STORED_STATUS, "assignments_assignment", day)
    assert raw == {pk: s.status for pk, s in rule.items()}


def _check_counts(directive, day: dt.date) -> None:
    assert counts.differences([directive.pk]) == []
    rows, _units, overdue_rows = counts.directive_summary_rows(directive.pk, day)
    tally = CountedTally(day)
    for _section, _unit, kind, bucket, due_on, n, late in rows:
        tally.add(kind, (None,), bucket, due_on, late, n)
    o_states = list(obligation_states(ReportObligation.objects.all(), day).values())
    a_states = list(assignment_states(Assignment.objects.all(), day).values())
    from_rule = obligation_rollup(o_states, day)
    assert tally.obligations(None) == from_rule
    assert tally.assignments(None) == assignment_rollup(a_states, day)
    # One figure, "overdue": the counted figure, the overdue rows and the Q agree.
    overdue = set(ReportObligation.objects.filter(obligation_overdue_q(day))
                  .values_list("pk", flat=True))
    assert from_rule["overdue_count"] == len(overdue)
    assert {row[0] for row in overdue_rows} == overdue
    # The dashboard's unit bars: the rates' figures summed per unit in SQL
    # (statuses.counted_rates_q) are the rule's (on_time_rates) over that unit's rows,
    # on the day and on the next due dates (where "due by the day" turns).
    turns = sorted(set(ReportObligation.objects.filter(
        state=ReportObligation.State.NOT_SUBMITTED, due_on__gte=day)
        .values_list("due_on", flat=True)))[:2]
    for on in (day, *turns):
        states = obligation_states(ReportObligation.objects.all(), on)
        per_unit: dict[int, list] = {}
        for pk, unit in ReportObligation.objects.values_list("pk", "assignment__unit_id"):
            per_unit.setdefault(unit, []).append(states[pk])
        expected = {unit: tuple(on_time_rates(group, on)[k]
                                for k in ("due", "on_time", "late", "overdue"))
                    for unit, group in per_unit.items()}
        summed = {unit: tuple(numbers)
                  for unit, *numbers in unit_rate_rows(SYSTEM, [directive.pk], on)}
        assert summed == expected, on
        # The tiles: the counted rows summed by how their due dates fall against the day
        # give the rule's roll-ups (most days overdue included).
        listed = [{"id": directive.pk, "supervising_unit_id": directive.supervising_unit_id}]
        assert obligation_figures_of(SYSTEM, listed, on) == obligation_rollup(
            list(states.values()), on), on
        a_pairs = [(counted_state(kind, bucket, due_on, late, on), n)
                   for _d, kind, bucket, due_on, n, late
                   in count_rows(SYSTEM, listed, per_directive=False, day=on, kind="a")]
        assert assignment_rollup_weighted(a_pairs, on) == assignment_rollup(
            list(assignment_states(Assignment.objects.all(), on).values()), on), on


@settings(max_examples=50, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=1, max_size=12), later=st.integers(0, 200))
def test_generated_histories_agree_in_every_form(published, steps, later):
    with tx.batch():  # several outer services in one test transaction
        last = _write_history(published, steps)
        day = last + dt.timedelta(days=later)
        with travel(day, 10):
            _check_obligations(day)
            _check_assignments(day)
            _check_counts(published.directive, day)
            summary = directive_summary(directive=published.directive, day=day, user=SYSTEM)
            replayed = directive_summary(directive=published.directive, day=day, replay=True,
                                         user=SYSTEM)
            assert summary["obligations"] == replayed["obligations"]
            assert summary["assignments"] == replayed["assignments"]
        transaction.set_rollback(True)


def test_the_units_sums_read_raw_give_ints_and_nothing_for_no_directive(db):
    """`figures._plain_rows` reads the per-unit sums without the ORM's converters: the driver's
    values must be ints on SQLite and PostgreSQL, and a filter that cannot match gives no rows."""
    import datetime as dt

    from django.db.models import Sum

    from assignments.models import StatusCount
    from assignments.selectors.figures import _plain_rows
    from tests.factories import DirectiveFactory

    directive = DirectiveFactory()
    for unit_key, day, n in ((0, 1, 5), (11, 2, 2), (11, 3, 3), (12, 2, 4)):
        StatusCount.objects.create(directive=directive, section_key=0, unit_key=unit_key, kind="o",
                                   bucket="not_submitted", due_on=dt.date(2026, 3, day), n=n)
    nothing = StatusCount.objects.filter(directive_id__in=[]).values_list("unit_key")
    assert _plain_rows(nothing) == []
    rows = _plain_rows(StatusCount.objects.exclude(unit_key=0).values("unit_key")
                       .annotate(total=Sum("n")).order_by("unit_key")
                       .values_list("unit_key", "total"))
    assert [tuple(row) for row in rows] == [(11, 5), (12, 4)]
    assert all(type(v) is int for row in rows for v in row)
    StatusCount.objects.filter(directive=directive).delete()  # made by hand, not by the writers

"""One writer per status (issue 14): the obligation and assignment workflows are tables
read by `assignments.obligations`, the only code that writes a state; the services
views and the API call own their transaction (durable)."""

import re
from pathlib import Path

import pytest
from django.db import transaction

from assignments import obligations
from assignments.models import Assignment, ReportObligation
from assignments.services import (
    deadline_edit,
    extension_approve,
    extension_reject,
    extension_request_create,
    item_assign,
    unit_merge,
)
from directives.importing import import_create
from directives.services import directive_close, directive_publish, item_withdraw
from reports.models import ProgressReport, Review
from reports.selectors import awaiting_review, review_queue
from reports.services import report_accept, report_return, report_submit
from tests.assignments.helpers import (
    accept,
    assignment_for,
    lead_of,
    only_obligation,
    send_back,
    submit,
)
from tracker import tx
from tracker.errors import TransitionError
from tracker.events import events_for
from tracker.models import Event, EventVerb

O = ReportObligation.State  # noqa: E741
A = Assignment.State


# --- the tables ----------------------------------------------------------------------

def _illegal(table, states):
    return [(a, b) for a in states.values for b in states.values if (a, b) not in table]


@pytest.mark.parametrize(("current", "target"), _illegal(obligations.OBLIGATION_TRANSITIONS, O))
def test_the_obligation_table_refuses_every_change_it_does_not_list(current, target):
    with pytest.raises(TransitionError) as err:
        obligations.obligation_check(current, target, None,
                                     {"withdrawn_at": 1, "accepted_at": 1, "resubmit_by": 1})
    assert err.value.field == "state"
    assert str(O(target).label) in str(err.value.message)
    if current != O.WITHDRAWN:
        assert str(O(current).label) in str(err.value.message)


@pytest.mark.parametrize(("current", "target"), _illegal(obligations.ASSIGNMENT_TRANSITIONS, A))
def test_the_assignment_table_refuses_every_change_it_does_not_list(current, target):
    with pytest.raises(TransitionError) as err:
        obligations.assignment_check(current, target, None,
                                     {"withdrawn_at": 1, "completed_on": 1, "completed_at": 1})
    assert err.value.field == "state"
    assert str(A(target).label) in str(err.value.message)


@pytest.mark.parametrize(("table", "check"), [
    (obligations.OBLIGATION_TRANSITIONS, obligations.obligation_check),
    (obligations.ASSIGNMENT_TRANSITIONS, obligations.assignment_check),
])
def test_a_listed_change_needs_the_dates_of_its_new_state(table, check):
    for current, target in table:
        with pytest.raises(TransitionError, match="Thiếu dữ liệu"):
            check(current, target, None, {})


def test_every_state_is_reachable_and_the_tables_name_real_states():
    for table, states, start in ((obligations.OBLIGATION_TRANSITIONS, O, O.NOT_SUBMITTED),
                                 (obligations.ASSIGNMENT_TRANSITIONS, A, A.OPEN)):
        assert {s for pair in table for s in pair} <= set(states.values)
        assert {b for _a, b in table} | {start} == set(states.values)


@pytest.mark.django_db
def test_the_writer_refuses_a_change_not_in_the_table_and_writes_nothing(published):
    obligation = only_obligation(assignment_for(published.continuous, published.district_a))
    events = Event.objects.count()
    with pytest.raises(TransitionError) as err, transaction.atomic():
        obligations.obligation_transition(
            obligation=obligation, to=O.ACCEPTED, actor=published.reviewer,
            verb=EventVerb.ACCEPTED, at=obligation.created_at, accepted_at=obligation.created_at)
    assert "không thể chuyển sang" in str(err.value.message)
    obligation.refresh_from_db()
    assert obligation.state == O.NOT_SUBMITTED and obligation.accepted_at is None
    assert Event.objects.count() == events


@pytest.mark.django_db
def test_the_writer_writes_the_state_its_fields_and_the_event(published):
    obligation = only_obligation(assignment_for(published.continuous, published.district_a))
    moment = obligation.created_at
    event = obligations.obligation_transition(
        obligation=obligation, to=O.SUBMITTED, actor=published.reporter_a,
        verb=EventVerb.SUBMITTED, at=moment, first_submitted_at=moment,
        effective_submitted_on=moment.date())
    obligation.refresh_from_db()
    assert obligation.state == O.SUBMITTED and obligation.first_submitted_at == moment
    assert (event.verb, event.from_status, event.to_status) == ("submitted", "not_submitted",
                                                                 "submitted")
    assert event.target_id == obligation.pk


# --- a withdrawn item's submitted report ----------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("decide", [accept, send_back], ids=["accept", "return"])
def test_a_report_of_a_withdrawn_item_can_be_neither_accepted_nor_returned(published, decide):
    lead = lead_of(published.fixed)
    report = submit(only_obligation(lead), published.reporter_a)
    item_withdraw(item=published.fixed, actor=published.reviewer, reason="Đã có đề án khác")
    with pytest.raises(TransitionError) as err:
        decide(report, published.reviewer)
    assert err.value.field == "obligation"
    assert "đã rút" in str(err.value.message)
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED
    assert not Review.objects.filter(report=report).exists()
    assert only_obligation(lead).state == O.WITHDRAWN


@pytest.mark.django_db
def test_a_withdrawn_items_report_leaves_the_review_queue(published):
    waiting = submit(only_obligation(assignment_for(published.continuous,
                                                    published.district_a)),
                     published.reporter_a)
    orphan = submit(only_obligation(lead_of(published.fixed)), published.reporter_a)
    assert set(awaiting_review(ProgressReport.objects.all())) == {waiting, orphan}
    item_withdraw(item=published.fixed, actor=published.reviewer, reason="Đã có đề án khác")
    assert set(awaiting_review(ProgressReport.objects.all())) == {waiting}
    # The board's queue page and its figures read the same rule.
    assert set(review_queue(published.reviewer)) == {waiting}


@pytest.mark.django_db
def test_withdrawing_an_item_records_each_assignment_it_ends(published):
    ids = set(published.fixed.assignments.values_list("pk", flat=True))
    item_withdraw(item=published.fixed, actor=published.reviewer, reason="Đã có đề án khác")
    ended = {e.target_id for e in Event.objects.filter(verb=EventVerb.WITHDRAWN_WITH_ITEM)}
    assert ended == ids
    for assignment in Assignment.objects.filter(pk__in=ids):
        event = events_for(assignment).get(verb=EventVerb.WITHDRAWN_WITH_ITEM)
        assert (event.from_status, event.to_status) == (A.OPEN, A.WITHDRAWN)
        assert event.actor == published.reviewer


# --- durable outer services -----------------------------------------------------------

OUTER = [report_submit, report_accept, report_return, directive_publish, directive_close,
         item_withdraw, item_assign, deadline_edit, extension_request_create,
         extension_approve, extension_reject, unit_merge, import_create]


@pytest.mark.django_db
@pytest.mark.parametrize("service", OUTER, ids=[s.__name__ for s in OUTER])
def test_an_outer_service_cannot_run_inside_another_transaction(service):
    assert getattr(service, "outer_service", False)
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        service()  # refused on entry, before its arguments are looked at


@pytest.mark.django_db
def test_a_batch_runs_outer_services_as_one_transaction(published):
    obligation = only_obligation(assignment_for(published.continuous, published.district_a))
    with tx.batch():
        report = submit(obligation, published.reporter_a)
        accept(report, published.reviewer)
        transaction.set_rollback(True)
    obligation.refresh_from_db()
    assert obligation.state == O.NOT_SUBMITTED
    assert not ProgressReport.objects.filter(obligation=obligation).exists()


# --- nothing else writes a state -------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
WRITER = ROOT / "assignments" / "obligations.py"
STATE_WRITES = [
    re.compile(r"\.state\s*=(?!=)(?!\s*['\"])"),  # not the SQL "o.state = 'accepted'"
    re.compile(r"\.update\((?:[^()]|\([^()]*\))*\bstate\s*=", re.S),
    re.compile(r"""setattr\([^,]+,\s*["']state["']"""),
]
# Matches that are not a row's state: (file, the start of the matched text).
NOT_A_STATE = {("reports/selectors.py", "cell.update(")}  # a dict of a page's cells


def _production_files():
    for app in ("assignments", "directives", "reports", "tracker", "config"):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_only_the_writer_writes_an_obligation_or_assignment_state():
    offenders = []
    for path in _production_files():
        if path == WRITER:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in STATE_WRITES:
            for match in pattern.finditer(text):
                name = str(path.relative_to(ROOT))
                start = text.rfind("\n", 0, match.start()) + 1
                if any(name == f and text[start:match.end()].strip().startswith(s)
                       for f, s in NOT_A_STATE):
                    continue
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{name}:{line}")
    assert offenders == [], f"state written outside assignments/obligations.py: {offenders}"


def test_the_guard_sees_a_state_write():
    samples = ["obligation.state = ReportObligation.State.ACCEPTED",
               "qs.update(withdrawn_at=moment, state=ReportObligation.State.WITHDRAWN)",
               "qs.update(\n    state=X,\n    at=now())"]
    for sample in samples:
        assert any(p.search(sample) for p in STATE_WRITES), sample
    for sample in ["if obligation.state == O.SUBMITTED:", "WHEN o.state = 'accepted' THEN"]:
        assert not any(p.search(sample) for p in STATE_WRITES), sample


def test_no_event_verb_is_a_bare_string_in_production_code():
    bare = re.compile(r"""verb\s*=\s*["']""")
    offenders = [str(path.relative_to(ROOT)) for path in _production_files()
                 if "bench" not in path.parts and bare.search(path.read_text(encoding="utf-8"))]
    assert offenders == []

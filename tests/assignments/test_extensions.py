"""Extensions: only the board moves deadlines; timeliness uses the current approved date."""

import datetime as dt

import pytest

from assignments.models import AssignmentStatus as A
from assignments.models import DeadlineChange, ExtensionRequest
from assignments.models import ObligationStatus as O
from assignments.services import (
    deadline_edit,
    extension_approve,
    extension_reject,
    extension_request_create,
)
from tests.assignments.helpers import (
    a_state,
    accept,
    assignment_for,
    lead_of,
    o_state,
    only_obligation,
    submit,
)
from tests.conftest import travel
from tracker.errors import DomainError, NotAllowed, TransitionError
from tracker.events import events_for

pytestmark = pytest.mark.django_db

NEW_DUE = dt.date(2022, 1, 31)


@pytest.fixture
def lead(published):
    return lead_of(published.fixed)


def _ask(world, lead, day="2021-12-28", due=NEW_DUE, user=None):
    with travel(day):
        return extension_request_create(assignment=lead, actor=user or world.reporter_a,
                                        requested_due_on=due, reason="Chờ số liệu cơ sở")


def _approve(world, request, day="2022-01-03", **kwargs):
    with travel(day):
        return extension_approve(request=request, actor=world.reviewer, **kwargs)


def test_approval_moves_obligation_and_deliverable_keeping_the_original(published, lead):
    request = _ask(published, lead)
    assert request.status == ExtensionRequest.Status.PENDING
    assert request.current_due_on == dt.date(2021, 12, 31)
    request = _approve(published, request, note="Đồng ý")
    assert request.status == ExtensionRequest.Status.APPROVED
    assert request.approved_due_on == NEW_DUE
    assert request.decided_by == published.reviewer

    obligation = only_obligation(lead)
    lead.refresh_from_db()
    assert (obligation.original_due_on, obligation.due_on) == (dt.date(2021, 12, 31), NEW_DUE)
    assert (lead.original_due_on, lead.current_due_on) == (dt.date(2021, 12, 31), NEW_DUE)
    changes = DeadlineChange.objects.filter(assignment=lead)
    assert changes.count() == 2
    assert {c.source for c in changes} == {DeadlineChange.Source.EXTENSION}
    event = events_for(request).get(verb="approved")
    assert (event.from_status, event.to_status, event.actor) == (
        "pending", "approved", published.reviewer)
    assert events_for(request).filter(verb="requested", actor=published.reporter_a).exists()


def test_board_may_approve_a_different_date(published, lead):
    request = _approve(published, _ask(published, lead), approved_due_on=dt.date(2022, 1, 15))
    assert request.approved_due_on == dt.date(2022, 1, 15)
    assert only_obligation(lead).due_on == dt.date(2022, 1, 15)


def test_timeliness_uses_the_approved_date(published, lead):
    _approve(published, _ask(published, lead))
    obligation = only_obligation(lead)
    with travel("2022-01-20"):
        report = submit(obligation, published.reporter_a, completed=True)
    with travel("2022-01-21"):
        accept(report, published.reviewer)
    assert o_state(obligation, "2022-01-21").status == O.ACCEPTED_ON_TIME
    state = a_state(lead, "2022-01-21")
    assert (state.status, state.due_on) == (A.DONE_ON_TIME, NEW_DUE)


def test_as_of_before_the_approval_uses_the_old_date(published, lead):
    _approve(published, _ask(published, lead))
    obligation = only_obligation(lead)
    before = o_state(obligation, "2022-01-02")
    assert (before.status, before.due_on, before.days_overdue) == (
        O.OVERDUE, dt.date(2021, 12, 31), 2)
    state = a_state(lead, "2022-01-02")
    assert (state.status, state.days_overdue) == (A.IN_PROGRESS_OVERDUE, 2)
    after = o_state(obligation, "2022-01-03")
    assert (after.status, after.due_on, after.days_overdue) == (O.PENDING, NEW_DUE, 0)
    assert a_state(lead, "2022-01-03").status == A.IN_PROGRESS_ON_TIME
    assert o_state(obligation, "2022-02-03").days_overdue == 3


def test_reject_keeps_the_date_and_allows_a_new_request(published, lead):
    request = _ask(published, lead)
    with travel("2022-01-03"), pytest.raises(DomainError) as err:
        extension_reject(request=request, actor=published.reviewer, note=" ")
    assert err.value.field == "note"
    with travel("2022-01-03"):
        request = extension_reject(request=request, actor=published.reviewer,
                                   note="Không có lý do chính đáng")
    assert request.status == ExtensionRequest.Status.REJECTED
    assert only_obligation(lead).due_on == dt.date(2021, 12, 31)
    assert not DeadlineChange.objects.exists()
    assert events_for(request).filter(verb="rejected", to_status="rejected").exists()
    again = _ask(published, lead, day="2022-01-04")
    assert again.status == ExtensionRequest.Status.PENDING


def test_only_one_pending_request_per_obligation(published, lead):
    _ask(published, lead)
    with pytest.raises(TransitionError) as err:
        _ask(published, lead, due=dt.date(2022, 2, 28), user=published.head_a)
    assert err.value.field == "obligation"
    assert "đang chờ" in str(err.value)


def test_decided_request_cannot_be_decided_again(published, lead):
    request = _approve(published, _ask(published, lead))
    with pytest.raises(TransitionError):
        _approve(published, request, day="2022-01-04")
    with travel("2022-01-04"), pytest.raises(TransitionError):
        extension_reject(request=request, actor=published.reviewer, note="Không")


@pytest.mark.parametrize("who", ["reporter_a", "head_a", "leader", "reporter_b"])
def test_a_unit_or_leader_cannot_approve(published, lead, who):
    request = _ask(published, lead)
    with travel("2022-01-03"), pytest.raises(NotAllowed):
        extension_approve(request=request, actor=getattr(published, who))
    request.refresh_from_db()
    assert request.status == ExtensionRequest.Status.PENDING


@pytest.mark.parametrize("who", ["reviewer", "leader", "reporter_b", "reporter_youth"])
def test_only_the_assigned_unit_may_request(published, lead, who):
    with pytest.raises(NotAllowed):
        _ask(published, lead, user=getattr(published, who))
    assert not ExtensionRequest.objects.exists()


def test_requested_date_must_be_later_and_reason_given(published, lead):
    with pytest.raises(DomainError) as err:
        _ask(published, lead, due=dt.date(2021, 12, 31))
    assert err.value.field == "requested_due_on"
    with travel("2021-12-28"), pytest.raises(DomainError) as err:
        extension_request_create(assignment=lead, actor=published.reporter_a,
                                 requested_due_on=NEW_DUE, reason="  ")
    assert err.value.field == "reason"


def test_no_extension_on_an_accepted_obligation(published, lead):
    with travel("2021-12-20"):
        report = submit(only_obligation(lead), published.reporter_a)
    with travel("2021-12-21"):
        accept(report, published.reviewer)
    with pytest.raises(TransitionError) as err:
        extension_request_create(assignment=lead, actor=published.reporter_a,
                                 obligation=only_obligation(lead), requested_due_on=NEW_DUE,
                                 reason="Chờ số liệu")
    assert err.value.field == "obligation"
    with pytest.raises(DomainError) as err:  # nothing left open to extend
        _ask(published, lead)
    assert err.value.field == "obligation"


def test_no_approval_once_the_report_is_in(published, lead):
    request = _ask(published, lead)
    with travel("2021-12-29"):
        submit(only_obligation(lead), published.reporter_a)
    with pytest.raises(TransitionError):
        _approve(published, request)
    assert only_obligation(lead).due_on == dt.date(2021, 12, 31)


def test_periodic_report_extension_leaves_the_continuous_assignment_alone(published):
    assignment = assignment_for(published.continuous, published.district_b)
    with travel("2021-12-10"):
        request = extension_request_create(assignment=assignment, actor=published.reporter_b,
                                           requested_due_on=dt.date(2021, 12, 25),
                                           reason="Đại hội chi bộ")
    _approve(published, request, day="2021-12-11")
    assert only_obligation(assignment).due_on == dt.date(2021, 12, 25)
    assignment.refresh_from_db()
    assert assignment.current_due_on is None
    assert o_state(only_obligation(assignment), "2021-12-20").status == O.PENDING


def test_board_edit_of_a_deadline_is_logged_and_dated(published, lead):
    obligation = only_obligation(lead)
    with pytest.raises(NotAllowed):
        deadline_edit(obligation=obligation, actor=published.head_a,
                      new_due_on=dt.date(2022, 3, 1), reason="Tự gia hạn")
    with pytest.raises(DomainError) as err:
        deadline_edit(obligation=obligation, actor=published.reviewer,
                      new_due_on=dt.date(2022, 3, 1), reason="")
    assert err.value.field == "reason"
    with travel("2022-01-05"):
        deadline_edit(obligation=obligation, actor=published.reviewer,
                      new_due_on=dt.date(2022, 3, 1), reason="Theo kết luận của Thường trực")
    lead.refresh_from_db()
    assert lead.current_due_on == dt.date(2022, 3, 1)
    assert DeadlineChange.objects.filter(source=DeadlineChange.Source.EDIT).count() == 2
    assert events_for(obligation).filter(verb="due_date_changed",
                                         actor=published.reviewer).exists()
    assert a_state(lead, "2022-01-04").status == A.IN_PROGRESS_OVERDUE
    assert a_state(lead, "2022-01-05").status == A.IN_PROGRESS_ON_TIME

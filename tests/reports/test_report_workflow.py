"""The report workflow: draft → submitted → accepted / returned, with versions, events,
notifications after commit, the resubmission grace and who may do what."""

import datetime as dt

import pytest

from assignments.models import ObligationStatus as O
from assignments.models import ReportObligation
from directives.services import item_withdraw
from reports.models import ProgressReport, Review
from reports.services import (
    report_accept,
    report_create,
    report_return,
    report_submit,
    report_update,
)
from tests.assignments.helpers import (
    accept,
    assignment_for,
    draft,
    lead_of,
    o_state,
    only_obligation,
    send_back,
    submit,
)
from tests.conftest import travel
from tracker.errors import ConflictError, DomainError, NotAllowed, TransitionError
from tracker.events import events_for
from tracker.models import Holiday, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def obligation(published):
    """District A's semi-annual report on the continuous item, due 15/12/2021 (Wed)."""
    return only_obligation(assignment_for(published.continuous, published.district_a))


# --- the resubmission grace ----------------------------------------------------------

def test_return_gives_five_working_days_by_default(published, obligation):
    with travel("2021-12-10"):  # Friday
        report = submit(obligation, published.reporter_a)
        send_back(report, published.reviewer)
    obligation.refresh_from_db()
    assert obligation.state == ReportObligation.State.RETURNED
    assert obligation.resubmit_by == dt.date(2021, 12, 17)
    assert Review.objects.get(report=report).resubmit_by == dt.date(2021, 12, 17)


def test_resubmission_deadline_skips_holidays_and_honours_working_saturdays(published,
                                                                            obligation):
    Holiday.objects.create(date=dt.date(2021, 12, 13), name="Nghỉ bù")
    Holiday.objects.create(date=dt.date(2021, 12, 14), name="Nghỉ lễ")
    Holiday.objects.create(date=dt.date(2021, 12, 18), name="Làm bù",
                           kind=Holiday.Kind.WORKING_DAY)
    with travel("2021-12-10"):
        report = submit(obligation, published.reporter_a)
        send_back(report, published.reviewer)
    obligation.refresh_from_db()
    # Mon 13 and Tue 14 off; Wed 15, Thu 16, Fri 17, Sat 18 (working), Mon 20.
    assert obligation.resubmit_by == dt.date(2021, 12, 20)


def test_resubmitted_within_grace_keeps_the_first_submission_timeliness(published,
                                                                        obligation):
    with travel("2021-12-10"):
        first = submit(obligation, published.reporter_a)
        send_back(first, published.reviewer)
    with travel("2021-12-17", hour=16):  # after the due date, within the grace
        second = submit(obligation, published.reporter_a)
    with travel("2021-12-20"):
        accept(second, published.reviewer)
    assert second.version == 2
    obligation.refresh_from_db()
    assert obligation.effective_submitted_on == dt.date(2021, 12, 10)
    state = o_state(obligation, "2021-12-20")
    assert (state.status, state.days_overdue) == (O.ACCEPTED_ON_TIME, 0)
    assert o_state(obligation, "2021-12-16").status == O.RETURNED


def test_resubmitted_after_grace_is_judged_by_the_resubmission_date(published, obligation):
    with travel("2021-12-10"):
        first = submit(obligation, published.reporter_a)
        send_back(first, published.reviewer)
    with travel("2021-12-21"):
        second = submit(obligation, published.reporter_a)
    with travel("2021-12-22"):
        accept(second, published.reviewer)
    obligation.refresh_from_db()
    assert obligation.effective_submitted_on == dt.date(2021, 12, 21)
    assert obligation.first_submitted_at.date() == dt.date(2021, 12, 10)
    state = o_state(obligation, "2021-12-22")
    assert (state.status, state.days_overdue) == (O.ACCEPTED_LATE, 6)


def test_board_may_set_its_own_resubmission_date(published, obligation):
    with travel("2021-12-10"):
        report = submit(obligation, published.reporter_a)
        with pytest.raises(DomainError) as err:
            send_back(report, published.reviewer, resubmit_by=dt.date(2021, 12, 9))
        assert err.value.field == "resubmit_by"
        send_back(report, published.reviewer, resubmit_by=dt.date(2021, 12, 31))
    obligation.refresh_from_db()
    assert obligation.resubmit_by == dt.date(2021, 12, 31)


def test_new_version_after_return_copies_the_last_text(published, obligation):
    with travel("2021-12-10"):
        first = submit(obligation, published.reporter_a, progress_percent=40,
                       proposals_text="Đề nghị hỗ trợ kinh phí")
        send_back(first, published.reviewer)
    with travel("2021-12-13"):
        second = report_create(obligation=obligation, author=published.head_a)
    assert (second.version, second.status) == (2, ProgressReport.Status.DRAFT)
    assert (second.progress_percent, second.proposals_text) == (40, "Đề nghị hỗ trợ kinh phí")
    first.refresh_from_db()
    assert first.status == ProgressReport.Status.RETURNED


# --- illegal transitions -----------------------------------------------------------

def _assert_refused(err, field):
    assert err.value.field == field
    assert str(err.value)  # a message for the user, in Vietnamese
    assert err.value.status_code in (400, 409)


def test_submit_twice_is_refused(published, obligation):
    report = submit(obligation, published.reporter_a)
    with pytest.raises(TransitionError) as err:
        report_submit(report=report, actor=published.reporter_a)
    _assert_refused(err, "status")
    assert "Chờ thẩm định" in str(err.value)


def test_accept_or_return_a_draft_is_refused(published, obligation):
    report = draft(obligation, published.reporter_a)
    with pytest.raises(TransitionError) as err:
        report_accept(report=report, actor=published.reviewer)
    _assert_refused(err, "status")
    assert "Bản nháp" in str(err.value)
    with pytest.raises(TransitionError):
        report_return(report=report, actor=published.reviewer, comment="Thiếu số liệu")
    assert not Review.objects.exists()


def test_accept_twice_or_return_after_accept_is_refused(published, obligation):
    report = accept(submit(obligation, published.reporter_a), published.reviewer)
    with pytest.raises(TransitionError):
        report_accept(report=report, actor=published.reviewer)
    with pytest.raises(TransitionError):
        report_return(report=report, actor=published.reviewer, comment="Sai")
    assert Review.objects.count() == 1


def test_return_without_comment_is_refused(published, obligation):
    report = submit(obligation, published.reporter_a)
    with pytest.raises(DomainError) as err:
        report_return(report=report, actor=published.reviewer, comment="   ")
    _assert_refused(err, "comment")
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED


def test_a_submitted_report_cannot_be_edited(published, obligation):
    report = submit(obligation, published.reporter_a)
    with pytest.raises(TransitionError) as err:
        report_update(report=report, actor=published.reporter_a, results_text="Sửa sau khi nộp")
    _assert_refused(err, "status")


def test_only_one_live_report_per_obligation(published, obligation):
    draft(obligation, published.reporter_a)
    with pytest.raises(TransitionError) as err:
        draft(obligation, published.head_a)
    _assert_refused(err, "obligation")


def test_no_new_report_once_accepted(published, obligation):
    accept(submit(obligation, published.reporter_a), published.reviewer)
    with pytest.raises(TransitionError) as err:
        draft(obligation, published.reporter_a)
    _assert_refused(err, "obligation")


def test_no_report_on_a_withdrawn_item(published):
    lead = lead_of(published.fixed)
    item_withdraw(item=published.fixed, actor=published.reviewer, reason="Đã có đề án khác")
    with pytest.raises(TransitionError) as err:
        draft(only_obligation(lead), published.reporter_a)
    _assert_refused(err, "obligation")


def test_a_draft_left_open_cannot_be_submitted_after_withdrawal(published):
    lead = lead_of(published.fixed)
    report = draft(only_obligation(lead), published.reporter_a)
    item_withdraw(item=published.fixed, actor=published.reviewer, reason="Đã có đề án khác")
    with pytest.raises(TransitionError):
        report_submit(report=report, actor=published.reporter_a)
    assert only_obligation(lead).state == ReportObligation.State.WITHDRAWN


@pytest.mark.parametrize(("fields", "field"), [
    ({"results_text": ""}, "text"),
    ({"progress_percent": 101}, "progress_percent"),
    ({"status": "accepted"}, "status"),
])
def test_bad_report_content_is_refused_with_the_field(published, obligation, fields, field):
    with pytest.raises(DomainError) as err:
        submit(obligation, published.reporter_a, **fields)
    _assert_refused(err, field)


def test_stale_edit_is_a_conflict(published, obligation):
    report = draft(obligation, published.reporter_a)
    report_update(report=report, actor=published.head_a, expected_version=1,
                  results_text="Bản của trưởng đơn vị")
    with pytest.raises(ConflictError):
        report_update(report=report, actor=published.reporter_a, expected_version=1,
                      results_text="Bản cũ")


# --- events and notifications ------------------------------------------------------

def test_every_state_change_writes_an_event(published, obligation):
    with travel("2021-12-10"):
        first = submit(obligation, published.reporter_a)
        send_back(first, published.reviewer, comment="Bổ sung kết quả cụ thể")
    with travel("2021-12-13"):
        second = submit(obligation, published.head_a)
        accept(second, published.reviewer, comment="Đạt")
    rows = list(events_for(first).order_by("at", "id")
                .values_list("verb", "actor__username", "from_status", "to_status", "note"))
    assert rows == [
        ("created", "huyen-a", "", "draft", ""),
        ("submitted", "huyen-a", "draft", "submitted", ""),
        ("returned", "danvan", "submitted", "returned", "Bổ sung kết quả cụ thể"),
    ]
    verbs = list(events_for(second).order_by("at", "id").values_list("verb", "actor__username"))
    assert verbs == [("created", "truong-a"), ("submitted", "truong-a"), ("accepted", "danvan")]
    submitted = events_for(second).get(verb="submitted")
    assert submitted.data["effective_submitted_on"] == "2021-12-10"
    assert submitted.data["obligation_from"] == "returned"


def test_submit_tells_the_board_with_the_submission_itself(published, obligation,
                                                           django_capture_on_commit_callbacks):
    # An outbox: the notice is written in the submission's transaction, no callback needed.
    with django_capture_on_commit_callbacks(execute=False):
        submit(obligation, published.reporter_a)
    (note,) = Notification.objects.filter(kind="report_submitted")
    assert note.recipient == published.reviewer
    assert "Huyện ủy A" in note.title and "6 tháng cuối năm 2021" in note.title
    assert note.text.startswith("06-CT/TU: ") and note.link.startswith("/")


def test_return_and_accept_tell_the_unit(published, obligation,
                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(obligation, published.reporter_a)
    with django_capture_on_commit_callbacks(execute=True):
        send_back(report, published.reviewer)
    returned = Notification.objects.filter(kind="report_returned")
    assert {n.recipient for n in returned} == {published.reporter_a, published.head_a}
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(obligation, published.reporter_a)
    with django_capture_on_commit_callbacks(execute=True):
        accept(report, published.reviewer)
    accepted = Notification.objects.filter(kind="report_accepted")
    assert {n.recipient for n in accepted} == {published.reporter_a, published.head_a}
    assert not Notification.objects.filter(recipient=published.reporter_b,
                                           kind__startswith="report_").exists()


def test_a_refused_change_sends_nothing(published, obligation,
                                        django_capture_on_commit_callbacks):
    report = submit(obligation, published.reporter_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(DomainError):
            report_return(report=report, actor=published.reviewer, comment="")
    assert callbacks == []


# --- who may do what ----------------------------------------------------------------

@pytest.mark.parametrize("who", ["reporter_b", "reporter_youth", "reviewer", "leader"])
def test_only_the_assigned_unit_writes_its_report(published, obligation, who):
    with pytest.raises(NotAllowed):
        draft(obligation, getattr(published, who))
    assert not ProgressReport.objects.exists()


def test_another_unit_cannot_edit_or_submit(published, obligation):
    report = draft(obligation, published.reporter_a)
    with pytest.raises(NotAllowed):
        report_update(report=report, actor=published.reporter_b, results_text="Của huyện B")
    with pytest.raises(NotAllowed):
        report_submit(report=report, actor=published.reporter_b)
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.DRAFT


@pytest.mark.parametrize("who", ["reporter_a", "head_a", "leader", "reporter_b"])
def test_only_the_board_reviews(published, obligation, who):
    report = submit(obligation, published.reporter_a)
    actor = getattr(published, who)
    with pytest.raises(NotAllowed):
        report_accept(report=report, actor=actor)
    with pytest.raises(NotAllowed):
        report_return(report=report, actor=actor, comment="Trả lại")
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED


def test_a_reviewer_of_another_board_cannot_review(published, obligation):
    from tests.factories import MembershipFactory, UnitFactory, UserFactory
    from tracker.models import Membership

    other = UserFactory(username="bantuyengiao")
    MembershipFactory(user=other, unit=UnitFactory(code="btg"), role=Membership.Role.REVIEWER)
    report = submit(obligation, published.reporter_a)
    with pytest.raises(NotAllowed):
        report_accept(report=report, actor=other)

"""The board's "remind now" goes through the same reminder log as the sweep."""

import pytest
from django.urls import reverse

from assignments.models import ReminderDispatch, ReportObligation
from assignments.reminders.sweep import remind_now
from tests.conftest import travel
from tracker.errors import NotAllowed, TransitionError
from tracker.models import Event, Notification

pytestmark = pytest.mark.django_db


def _open_obligation(world):
    return ReportObligation.objects.filter(assignment__unit=world.district_a,
                                           state="not_submitted").first()


def test_remind_now_records_and_sends_once_a_day(published):
    obligation = _open_obligation(published)
    with travel("2022-01-05"):
        assert remind_now(obligation=obligation, actor=published.reviewer) == 1
        rows = ReminderDispatch.objects.filter(obligation=obligation)
        assert rows.count() == 1
        row = rows.get()
        assert row.step == "manual@2022-01-05" and row.status == "sent"
        assert row.recipient == published.reporter_a
        note = Notification.objects.get(recipient=published.reporter_a, kind="reminder")
        assert note.link
        with pytest.raises(TransitionError):
            remind_now(obligation=obligation, actor=published.reviewer)
    assert Event.objects.filter(verb="reminded", actor=published.reviewer).count() == 1
    with travel("2022-01-06"):
        assert remind_now(obligation=obligation, actor=published.reviewer) == 1


@pytest.mark.writes_around_services  # withdraws by hand
def test_only_the_board_reminds_and_only_open_work(published):
    obligation = _open_obligation(published)
    with pytest.raises(NotAllowed):
        remind_now(obligation=obligation, actor=published.reporter_a)
    with pytest.raises(NotAllowed):
        remind_now(obligation=obligation, actor=published.leader)
    ReportObligation.objects.filter(pk=obligation.pk).update(state="withdrawn")
    with pytest.raises(TransitionError):
        remind_now(obligation=obligation, actor=published.reviewer)


def test_remind_now_button(client, published):
    obligation = _open_obligation(published)
    client.force_login(published.reviewer)
    response = client.post(reverse("web:remind-now", args=[obligation.pk]), follow=True)
    assert response.status_code == 200
    assert "Đã gửi nhắc nhở" in response.content.decode()
    assert ReminderDispatch.objects.filter(obligation=obligation).count() == 1

"""Each e-mail's deliveries are committed before the next e-mail is sent, and each
message carries a stable Message-ID (tracker.channels; the killed-worker test in
test_worker_killed.py does this with a real worker and SMTP)."""

import pytest
from django.core import mail

from tests.factories import UserFactory
from tracker import channels
from tracker.models import Notification, NotificationDelivery

pytestmark = pytest.mark.django_db(transaction=True)


class Crash(BaseException):
    """The process dies (not an error the run would handle)."""


def _people(n):
    people = [UserFactory(username=f"p{i}", email=f"p{i}@example.org") for i in range(n)]
    notes = [Notification.objects.create(recipient=p, kind="test", title=f"T{i}")
             for i, p in enumerate(people)]
    channels.deliveries_create(notes)
    return people


def test_a_crash_after_three_messages_leaves_them_committed(settings, monkeypatch):
    settings.SITE_URL = "https://theodoi.example.vn"
    _people(6)
    send = channels.EmailChannel.send_many
    calls = []

    def dying(self, notifications, **kwargs):
        if len(calls) == 3:
            raise Crash
        calls.append(kwargs["message_id"])
        send(self, notifications, **kwargs)

    monkeypatch.setattr(channels.EmailChannel, "send_many", dying)
    with pytest.raises(Crash):
        channels.deliveries_send_pending()
    emails = NotificationDelivery.objects.filter(channel="email")
    assert emails.filter(status="sent").count() == 3  # before: 0, all sent again
    assert len(mail.outbox) == 3
    monkeypatch.setattr(channels.EmailChannel, "send_many", send)
    assert channels.deliveries_send_pending()["sent"] == 3
    assert len(mail.outbox) == 6 and not emails.exclude(status="sent").exists()
    ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert ids[:3] == calls and len(set(ids)) == 6
    first = emails.order_by("notification_id").first()
    assert ids[0] == f"<delivery-{first.pk}.{first.notification_id}@theodoi.example.vn>"
    assert mail.outbox[0].message()["Message-ID"] == ids[0]


def test_a_resend_of_the_same_deliveries_has_the_same_message_id():
    person = _people(1)[0]
    more = Notification.objects.create(recipient=person, kind="test", title="T+")
    channels.deliveries_create([more])
    rows = list(NotificationDelivery.objects.filter(channel="email").order_by(
        "notification_id"))
    assert channels.message_id(rows) == channels.message_id(list(rows))
    assert channels.message_id(rows) != channels.message_id(rows[:1])
    channels.deliveries_send_pending()
    (message,) = mail.outbox  # one e-mail for both
    assert message.extra_headers["Message-ID"] == channels.message_id(rows)

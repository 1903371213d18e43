"""Two beat processes at once: the reminder sweep runs in two processes released at the
same instant, on the same day (one recipient per transaction, with a pause in each, so
that they overlap while writing), three times along the ladder (an ordinary rung, the
overdue escalations, a Monday with the weekly digests). Nobody is reminded twice.

What keeps it so: the dispatch key (obligation, step, recipient) is unique in PostgreSQL
(reminder_dispatch_unique, reminder_digest_unique); each batch records its rows with
insert-or-ignore and counts them, and writes its notifications only if it recorded them
all; the mail is sent from rows locked with SKIP LOCKED. Each process mails an SMTP sink
here, so an e-mail sent twice by the two would show.
"""

import threading
import time
from collections import Counter

import pytest

from assignments.models import ReminderDispatch
from tests.assignments.reminders.test_worker_killed import Sink
from tests.faults.processes import sweep_process, tally
from tests.figures import figures
from tracker import channels
from tracker.models import Notification, NotificationDelivery

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

MOMENTS = ["2021-12-08T07:30:00+07:00", "2021-12-24T07:30:00+07:00",
           "2021-12-27T07:30:00+07:00"]


@pytest.fixture
def sink():
    server = Sink(delay=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_two_sweeps_in_two_processes_at_once_remind_each_person_once(
        postgres, ladder_world, sink):
    channels.deliveries_send_pending()  # the publication's notices, out of the way
    reminders = Notification.objects.filter(kind=Notification.Kind.REMINDER)
    twice = {"notifications": 0, "e-mails": 0}
    overlapped = 0  # rounds where both planned the same rungs (the second was not late)
    for moment in MOMENTS:
        rows_before, notes_before = ReminderDispatch.objects.count(), reminders.count()
        mail_before = len(sink.messages)
        start_at = f"{time.time() + 6:.3f}"  # both released at once, Django loaded
        # One recipient a transaction and a pause in each: the two overlap in writing.
        pair = [sweep_process(moment, sink.server_address[1], "--start-at", start_at,
                              "--batch", "1", "--pause", "0.3")
                for _ in range(2)]
        results = [tally(p) for p in pair]
        rows = ReminderDispatch.objects.count() - rows_before
        new = reminders.order_by("id")[notes_before:]
        new_notes = [n.recipient_id for n in new]
        owed_mail = set(NotificationDelivery.objects.filter(
            channel="email", notification__in=[n.pk for n in new])
            .values_list("notification__recipient__email", flat=True))
        messages = [m["To"] for m in sink.messages[mail_before:]]
        print(f"\n  {moment}: planned {[r['steps_due'] for r in results]}, "
              f"claimed {[r['claimed'] for r in results]}, "
              f"notifications {[r['notifications'] for r in results]}, "
              f"{len(messages)} e-mails")
        overlapped += all(r["steps_due"] for r in results)
        assert rows > 0 and sum(r["claimed"] for r in results) == rows
        assert not ReminderDispatch.objects.exclude(status="sent").exists()
        assert len(new_notes) == sum(r["notifications"] for r in results) > 0
        twice["notifications"] += len(new_notes) - len(set(new_notes))
        twice["e-mails"] += len(messages) - len(set(messages))
        assert set(messages) == owed_mail  # each person with an address: one e-mail
    keys = Counter(ReminderDispatch.objects.values_list("obligation_id", "step",
                                                        "recipient_id"))
    assert max(keys.values()) == 1
    assert not NotificationDelivery.objects.filter(status="pending").exists()
    figures("Faults")["reminders twice, two sweeps at once (notifications)"] = \
        twice["notifications"]
    figures("Faults")["reminders twice, two sweeps at once (e-mails)"] = twice["e-mails"]
    assert twice == {"notifications": 0, "e-mails": 0}
    assert overlapped, "the two sweeps never overlapped"

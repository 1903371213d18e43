"""A sweep killed halfway (SIGKILL) and run again: nothing lost, nothing twice.

The sweep runs in a process of its own (tests/faults/sweep_process.py) on this test's
PostgreSQL database, mailing an SMTP sink here. It is killed either while writing (one
recipient per transaction, a pause before each commit: killed once the first recipient's
notification is committed, the second's in flight) or while mailing (the sink answers
each message slowly: killed while it waits for the first answer). A second sweep then
runs to the end. Against a reference (the same sweep run in-process and rolled back):
every dispatch row owed exists once and is sent, one notification per person, one
e-mail per person with an address — at most the message in flight at the kill twice,
with the same Message-ID — and a third sweep finds nothing left.
"""

import datetime as dt
import signal
import threading
from collections import Counter

import pytest
from django.db import transaction

from assignments.models import ReminderDispatch
from assignments.reminders.sweep import reminders_sweep
from tests.assignments.reminders.test_worker_killed import Sink
from tests.faults.processes import sweep_process, tally, wait_for
from tests.figures import figures
from tracker import channels
from tracker.models import Notification, NotificationDelivery

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

MOMENT = "2021-12-24T07:30:00+07:00"


class _Rollback(Exception):
    pass


def reference() -> dict:
    """What one whole sweep at MOMENT records, run in-process and rolled back."""
    found = {}
    try:
        with transaction.atomic():
            result = reminders_sweep(now=dt.datetime.fromisoformat(MOMENT), deliver=False)
            found["keys"] = set(ReminderDispatch.objects.values_list(
                "obligation_id", "step", "recipient_id"))
            found["recipients"] = set(Notification.objects.filter(
                kind=Notification.Kind.REMINDER).values_list("recipient_id", flat=True))
            found["notifications"] = result.notifications
            raise _Rollback
    except _Rollback:
        pass
    assert not ReminderDispatch.objects.exists()
    return found


@pytest.fixture
def sink(request):
    server = Sink(delay=request.param)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


reminders = Notification.objects.filter(kind=Notification.Kind.REMINDER)


@pytest.mark.parametrize(("sink", "killed_while"), [(0, "writing"), (0.6, "mailing")],
                         ids=["while-writing", "while-mailing"],
                         indirect=["sink"])
def test_a_sweep_killed_halfway_and_rerun_loses_nothing_and_repeats_nothing(
        postgres, ladder_world, sink, killed_while):
    channels.deliveries_send_pending()  # the publication's notices, out of the way
    expected = reference()
    assert len(expected["keys"]) >= 4 and expected["notifications"] >= 3
    port = sink.server_address[1]
    if killed_while == "writing":
        first = sweep_process(MOMENT, port, "--batch", "1", "--pause", "1.0")
        wait_for(lambda: reminders.exists(), 60, "a first recipient committed", first)
    else:
        first = sweep_process(MOMENT, port)
        wait_for(lambda: len(sink.messages) >= 1, 60, "a first message at the sink", first)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    at_kill = {"notifications": reminders.count(), "messages": len(sink.messages),
               "rows": ReminderDispatch.objects.count()}
    assert 0 < at_kill["notifications"] <= expected["notifications"]

    rerun = tally(sweep_process(MOMENT, port))
    third = tally(sweep_process(MOMENT, port))

    keys = Counter(ReminderDispatch.objects.values_list("obligation_id", "step",
                                                        "recipient_id"))
    people = Counter(reminders.values_list("recipient_id", flat=True))
    owed_mail = set(NotificationDelivery.objects.filter(
        channel="email", notification__kind=Notification.Kind.REMINDER)
        .values_list("notification__recipient__email", flat=True))
    sent_to = Counter(m["To"] for m in sink.messages)
    ids = {m["Message-ID"] for m in sink.messages}
    twice = {"rows": sum(keys.values()) - len(keys),
             "notifications": sum(people.values()) - len(people),
             "e-mails": sum(sent_to.values()) - len(sent_to)}
    print(f"\n  killed while {killed_while} with {at_kill}; the rerun claimed "
          f"{rerun['claimed']} ({rerun['notifications']} notifications); twice: {twice}")
    figures("Faults")[f"reminders twice, sweep killed while {killed_while} and rerun"] = \
        twice["notifications"] + twice["rows"]
    figures("Faults")[f"e-mails twice, sweep killed while {killed_while} and rerun"] = \
        twice["e-mails"]
    assert set(keys) == expected["keys"] and set(people) == expected["recipients"]
    assert not ReminderDispatch.objects.exclude(status="sent").exists()
    assert twice["rows"] == twice["notifications"] == 0
    assert set(sent_to) == owed_mail  # none lost
    assert twice["e-mails"] <= (1 if killed_while == "mailing" else 0)
    assert len(ids) == len(sent_to)  # a message sent again has the same Message-ID
    assert not NotificationDelivery.objects.filter(status="pending").exists()
    assert (third["claimed"], third["notifications"]) == (0, 0)

"""A real Celery worker on Redis: the sweep, after-commit enqueueing, a broker outage.

Redis is CELERY_TEST_BROKER_URL (default redis://127.0.0.1:6379/15). Unreachable, these
tests are skipped with the reason; under CI=true that is a failure. "Redis stopped" is
simulated by pointing the app at a closed port (CELERY_TEST_CLOSED_BROKER_URL).
"""

import logging
import time

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from rest_framework.test import APIClient

from assignments.models import ReminderDispatch
from assignments.tasks import reminders_sweep
from tests.assignments.helpers import draft
from tests.brokers import KEY_PREFIX
from tests.conftest import at
from tracker import notify
from tracker.models import Notification, NotificationDelivery

from .conftest import CLOSED_BROKER_URL

pytestmark = [pytest.mark.celery_redis, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout: float = 30.0, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {message}")


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def flag_note(user, title: str) -> Notification:
    """A committed notification with a pending email: the worker sending it is our marker
    that everything enqueued before it has run (solo pool, one queue, FIFO)."""
    with transaction.atomic():
        note = Notification.objects.create(recipient=user, kind="test", title=title)
        notify.deliveries_schedule([note])
    return note


def test_the_beat_task_runs_the_sweep_on_a_worker_and_reruns_send_nothing(ladder_world,
                                                                          worker):
    w = ladder_world
    with time_machine.travel(at("2021-12-24", 7, 30), tick=True):
        reminders_sweep.delay()
        wait_for(lambda: len(mails_to("a@example.org")) == 1, message="the reminder email")
        rows = ReminderDispatch.objects.count()
        assert rows and not ReminderDispatch.objects.exclude(status="sent").exists()
        notes = Notification.objects.filter(kind="reminder").count()
        # A second beat, a rerun, an overlapping delivery: nothing more goes out.
        reminders_sweep.delay()
        reminders_sweep.delay()
        flag_note(w.leader, "marker")
        wait_for(lambda: mails_to("lanhdao@example.org")
                 and any(m.subject == "marker" for m in mails_to("lanhdao@example.org")),
                 message="the marker email")
    assert ReminderDispatch.objects.count() == rows
    assert Notification.objects.filter(kind="reminder").count() == notes
    assert len(mails_to("a@example.org")) == 1
    assert len(mails_to("danvan@example.org")) == 1


def test_a_rolled_back_transaction_enqueues_nothing(ladder_world, worker, broker):
    import redis

    w = ladder_world
    client = redis.Redis.from_url(broker.app.conf.broker_url)
    with pytest.raises(RuntimeError), transaction.atomic():
        ghost = Notification.objects.create(recipient=w.reporter_a, kind="test", title="ghost")
        notify.deliveries_schedule([ghost])
        raise RuntimeError("rolled back")
    assert client.llen(KEY_PREFIX + "celery") == 0  # this run's queue (tests/brokers.py)
    flag_note(w.reporter_a, "kept")
    wait_for(lambda: mails_to("a@example.org"), message="the committed email")
    assert [m.subject for m in mail.outbox] == ["kept"]
    assert not Notification.objects.filter(title="ghost").exists()


def test_with_redis_down_units_submit_and_the_board_reviews_then_nothing_is_lost(
        ladder_world, broker, redis_url, caplog):
    from celery.contrib.testing.worker import start_worker

    from tracker import notify

    w = ladder_world
    notify._broker_down_until.clear()
    reporter, reviewer = APIClient(), APIClient()
    reporter.force_authenticate(w.reporter_a)
    reviewer.force_authenticate(w.reviewer)
    broker.use(CLOSED_BROKER_URL)  # "Redis stopped"
    with time_machine.travel(at("2021-12-10", 9), tick=True), \
            caplog.at_level(logging.INFO, logger="tracker.notify"):
        report = draft(w.half, w.reporter_a)
        response = reporter.post(f"/api/v1/reports/{report.pk}/submit/")
        assert response.status_code == 200, response.content
        response = reviewer.post(f"/api/v1/reports/{report.pk}/return/",
                                 {"comment": "Bổ sung số liệu."}, format="json")
        assert response.status_code == 200, response.content
    # The requests waited for the stopped broker once, not once per task: after the first
    # failed publish, every other task of both requests was left for the sweep at once.
    messages = [r.getMessage() for r in caplog.records if r.name == "tracker.notify"]
    tried = [m for m in messages if m.startswith("broker unavailable")]
    skipped = [m for m in messages if m.startswith("broker marked unavailable")]
    assert len(tried) == 1 and skipped, messages
    # The work is recorded: notifications exist, their emails wait as pending deliveries.
    pending = NotificationDelivery.objects.filter(channel="email", status="pending")
    assert set(pending.values_list("notification__recipient__username", flat=True)) == {
        "danvan", "huyen-a", "truong-a"}
    assert mail.outbox == []
    # Redis is back: the next sweep (beat, every 15 minutes) delivers what was owed, once.
    broker.use(redis_url)
    with start_worker(broker.app, pool="solo", perform_ping_check=False, loglevel="WARNING",
                      shutdown_timeout=20), \
            time_machine.travel(at("2021-12-10", 9, 15), tick=True):
        reminders_sweep.delay()
        wait_for(lambda: not pending.exists(), message="pending deliveries to go out")
        reminders_sweep.delay()
        flag_note(w.leader, "marker")
        wait_for(lambda: mails_to("lanhdao@example.org"), message="the marker email")
        # A sweep that met a locked table (SQLite's test database, written by this test's
        # thread at the same moment) is retried by Celery 10 s or so later, as in
        # production: wait for every e-mail owed, not for the first try.
        emails = NotificationDelivery.objects.filter(channel="email")
        wait_for(lambda: not emails.exclude(status="sent").exists(), timeout=60,
                 message="every email owed to go out (a locked sweep retried)")
    # Each person's notices went in one email, with that day's reminders if they had any.
    for address, title in [
            ("a@example.org", "Báo cáo bị trả lại, cần nộp lại: 6 tháng cuối năm 2021"),
            ("danvan@example.org",
             "Báo cáo mới chờ thẩm định: Huyện ủy A — 6 tháng cuối năm 2021"),
            ("head-a@example.org", "Báo cáo bị trả lại, cần nộp lại: 6 tháng cuối năm 2021")]:
        (message,) = mails_to(address)
        assert message.subject == title or f"■ {title}" in message.body, message.body
    # Every email owed went out, once.
    assert not emails.exclude(status="sent").exists()
    sweep_mail = [m for m in mail.outbox if m.subject != "marker"]
    assert len(sweep_mail) == len({m.to[0] for m in sweep_mail})  # one a person


def test_decisions_reach_each_person_in_one_email_a_short_while_after(ladder_world, worker,
                                                                       settings):
    """Two reports submitted a moment apart: the reviewer gets one e-mail naming both, from
    the delayed run the first submission scheduled, long before the 15-minute catch-up."""
    from tests.assignments.helpers import submit

    settings.TRACKER_NOTICE_EMAIL_DELAY_SECONDS = 3
    w = ladder_world
    with time_machine.travel(at("2021-12-10", 9, 0), tick=True):
        submit(w.half, w.reporter_a)
        submit(w.plan, w.reporter_a)
        assert mails_to("danvan@example.org") == []  # nothing at once
        wait_for(lambda: mails_to("danvan@example.org"), timeout=30,
                 message="the reviewer's e-mail")
        time.sleep(settings.TRACKER_NOTICE_EMAIL_DELAY_SECONDS + 1)  # the second run
    [message] = mails_to("danvan@example.org")
    assert message.body.count("6 tháng cuối năm 2021") >= 1
    notes = Notification.objects.filter(recipient=w.reviewer, kind="report_submitted")
    assert notes.count() == 2
    assert not NotificationDelivery.objects.filter(notification__in=notes,
                                                   channel="email").exclude(status="sent")

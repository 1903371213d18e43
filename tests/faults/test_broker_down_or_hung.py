"""Redis stopped, and Redis hung: 20 submissions each, timed, then the mail they left
pending goes out exactly once when Redis is back.

The project's Celery app is pointed at the broker with the settings' own Redis options
(timeouts, no publish retry); "stopped" is a closed port, "hung" a socket on loopback
that accepts connections and never answers. Before each submission tracker.notify's
"broker down" pause is cleared, so every submission pays the full publish timeout (the
worst case: many web processes, each finding out for itself). Then the app goes back to
the real Redis (CELERY_TEST_FAULTS_BROKER_URL, default redis://127.0.0.1:6379/12, with
this run's own key prefix: tests/brokers.py), a real Celery worker (solo pool, in a
thread) runs tracker.deliveries_send_pending, and every person owed mail gets exactly one message.
"""

import math
import os
import time

import pytest
from django.core import mail
from rest_framework.test import APIClient

from reports.models import ProgressReport
from tests.assignments.helpers import draft, send_back
from tests.brokers import CLOSED_BROKER_URL, redis_clear, redis_or_skip
from tests.figures import figures
from tracker import channels, notify
from tracker.models import NotificationDelivery

pytestmark = [pytest.mark.celery_redis, pytest.mark.postgres_only,
              pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("CELERY_TEST_FAULTS_BROKER_URL", "redis://127.0.0.1:6379/12")
SUBMISSIONS = 20
BOUND_SECONDS = 1.5


@pytest.fixture
def redis_db():
    redis_clear(redis_or_skip(REDIS_URL))
    yield REDIS_URL
    redis_clear(REDIS_URL)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def submissions(world) -> list[float]:
    """SUBMISSIONS submissions of the unit's report through the API, each returned by the
    board before the next draft (not timed); the seconds each submission took."""
    client = APIClient()
    client.force_authenticate(world.reporter_a)
    seconds = []
    for _ in range(SUBMISSIONS):
        report = draft(world.half, world.reporter_a)
        client.get(f"/api/v1/reports/{report.pk}/")
        notify._broker_down_until.clear()  # each submission finds the broker out for itself
        started = time.monotonic()
        response = client.post(f"/api/v1/reports/{report.pk}/submit/")
        seconds.append(time.monotonic() - started)
        assert response.status_code == 200, response.content
        send_back(ProgressReport.objects.get(pk=report.pk), world.reviewer)
    return seconds


def mail_goes_out_once_redis_is_back(world, broker_at, redis_url) -> dict:
    from celery.contrib.testing.worker import start_worker

    from tracker.tasks import deliveries_send_pending

    emails = NotificationDelivery.objects.filter(channel="email")
    owed = set(emails.values_list("notification__recipient__email", flat=True))
    assert emails.filter(status="pending").count() >= 2 * SUBMISSIONS  # all left pending
    assert mail.outbox == []
    app = broker_at(redis_url)
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING",
                      shutdown_timeout=20):
        for _ in range(2):  # twice: the second run finds nothing left to send
            deliveries_send_pending.delay()
        deadline = time.monotonic() + 60
        while emails.filter(status="pending").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
    again = channels.deliveries_send_pending()  # a third run, in-process
    recipients = [m.to[0] for m in mail.outbox]
    assert not emails.exclude(status="sent").exists()
    assert sorted(recipients) == sorted(owed), recipients  # each person owed: one message
    assert again["sent"] == 0 and len(mail.outbox) == len(owed)
    return {"messages": len(recipients), "duplicates": len(recipients) - len(set(recipients))}


def record(name: str, seconds: list[float], sent: dict) -> None:
    worst = p95(seconds)
    print(f"\n  Redis {name}: {SUBMISSIONS} submissions, p95 {worst:.3f} s, max "
          f"{max(seconds):.3f} s; then {sent['messages']} messages, "
          f"{sent['duplicates']} sent twice")
    found = figures("Faults")
    found[f"submission p95 ms, Redis {name}"] = round(worst * 1000)
    found[f"e-mails sent twice after Redis {name}"] = sent["duplicates"]
    assert worst < BOUND_SECONDS, seconds


def test_redis_stopped_submissions_stay_fast_and_mail_goes_out_once_after(
        postgres, ladder_world, broker_at, redis_db):
    broker_at(CLOSED_BROKER_URL)
    seconds = submissions(ladder_world)
    sent = mail_goes_out_once_redis_is_back(ladder_world, broker_at, redis_db)
    record("stopped", seconds, sent)


def test_redis_hung_submissions_stay_fast_and_mail_goes_out_once_after(
        postgres, ladder_world, broker_at, hung_broker, redis_db):
    broker_at(hung_broker.url)
    seconds = submissions(ladder_world)
    assert len(hung_broker.held) >= SUBMISSIONS, "the submissions never tried the broker"
    sent = mail_goes_out_once_redis_is_back(ladder_world, broker_at, redis_db)
    record("hung", seconds, sent)

"""A unit submits its report while the broker is down, hung or not even importable.

The broker is configured exactly as the settings configure a Redis broker (timeouts,
publish retries); only its address changes: a closed port ("Redis stopped"), a local
socket that accepts connections and never answers ("Redis hung"), or the Redis transport
failing to import (a fresh install without one of its dependencies). Each time the
submission answers 2xx, the report is committed, its e-mails wait as pending deliveries
for the next sweep, and the unit is not kept waiting.
"""

import sys
import time

import kombu.transport
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assignments.models import ReportObligation
from tests.assignments.helpers import draft
from tests.brokers import CLOSED_BROKER_URL
from tracker.models import NotificationDelivery

from .conftest import travel

pytestmark = pytest.mark.django_db(transaction=True)

SUBMISSION_BOUND_SECONDS = 1.5


def submit_through_the_api(world) -> tuple[object, float]:
    client = APIClient()
    client.force_authenticate(world.reporter_a)
    report = draft(world.half, world.reporter_a)
    client.get(f"/api/v1/reports/{report.pk}/")  # warm the process up; time the submission
    started = time.monotonic()
    response = client.post(f"/api/v1/reports/{report.pk}/submit/")
    return report, response, time.monotonic() - started


def assert_committed_and_left_pending(world, report, response, seconds):
    print(f"\n  submission answered {response.status_code} in {seconds:.3f} s")  # pytest -s
    assert 200 <= response.status_code < 300, response.content
    report.refresh_from_db()
    world.half.refresh_from_db()
    assert report.submitted_at is not None
    assert world.half.state == ReportObligation.State.SUBMITTED
    pending = NotificationDelivery.objects.filter(channel="email", status="pending")
    assert set(pending.values_list("notification__recipient__username", flat=True)) == {
        "danvan"}
    assert seconds < SUBMISSION_BOUND_SECONDS, seconds


def test_with_redis_stopped_a_unit_submits_and_the_email_waits_for_the_sweep(
        ladder_world, broker_at):
    broker_at(CLOSED_BROKER_URL)
    report, response, seconds = submit_through_the_api(ladder_world)
    assert_committed_and_left_pending(ladder_world, report, response, seconds)


def test_with_redis_hung_a_unit_submits_within_the_bound(ladder_world, broker_at,
                                                          hung_broker):
    broker_at(hung_broker.url)
    report, response, seconds = submit_through_the_api(ladder_world)
    assert hung_broker.held, "the submission never tried the hung broker"
    assert_committed_and_left_pending(ladder_world, report, response, seconds)


def test_with_the_redis_transport_not_importable_a_unit_still_submits(
        ladder_world, broker_at, monkeypatch):
    """A fresh install missing a dependency of kombu's Redis transport (`packaging`)."""
    for name in [m for m in sys.modules if m == "kombu.transport.redis"
                 or m == "packaging" or m.startswith("packaging.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "packaging", None)  # import packaging -> ImportError
    monkeypatch.setattr(kombu.transport, "_transport_cache", {})
    broker_at("redis://127.0.0.1:6379/3")
    report, response, seconds = submit_through_the_api(ladder_world)
    assert_committed_and_left_pending(ladder_world, report, response, seconds)


def test_what_waited_while_redis_was_stopped_goes_out_with_the_next_beat_cycle(
        ladder_world, broker_at, client, settings):
    """The submission's e-mail and a large export requested during the outage are both
    left pending; the next run of the beat schedule sends the one and runs the other."""
    from django.core import mail

    from config.celery import app
    from reports.models import ExportJob
    from tracker.schedule import SCHEDULE

    world = ladder_world
    settings.TRACKER_EXPORT_SYNC_MAX_ROWS = 1
    broker_at(CLOSED_BROKER_URL)
    with travel("2021-12-10", 9):
        report, response, _seconds = submit_through_the_api(world)
        assert response.status_code == 200
        client.force_login(world.reviewer)
        response = client.get(reverse("exports:list", args=["obligations"]),
                              {"format": "xlsx"})
        assert response.status_code == 302
    job = ExportJob.objects.get(requested_by=world.reviewer)
    assert job.status == ExportJob.Status.PENDING
    assert NotificationDelivery.objects.filter(status="pending", channel="email").exists()
    assert mail.outbox == []
    # Redis is back; beat runs its schedule (here each entry's task, in-process).
    with travel("2021-12-10", 9, 20):
        app.loader.import_default_modules()  # what a worker imports on start
        for task_name, _crontab, _description in SCHEDULE.values():
            app.tasks[task_name].apply(throw=True)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.total_rows >= 2
    assert not NotificationDelivery.objects.filter(status="pending", channel="email").exists()
    assert "danvan@example.org" in [m.to[0] for m in mail.outbox]

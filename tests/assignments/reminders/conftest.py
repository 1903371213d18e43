"""Fixtures for the reminder tests: the calendar, a published directive, Redis workers."""

import datetime as dt
import os

import pytest
from django.core import mail

from assignments.models import ReportObligation
from tests.brokers import (  # noqa: F401  (re-exported for the tests; fixtures)
    CLOSED_BROKER_URL,
    broker_at,
    hung_broker,
    redis_clear,
    redis_or_skip,
    redis_reachable,
    with_run_prefix,
)
from tests.conftest import at, travel  # noqa: F401  (re-exported for the tests)

REDIS_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def ladder_world(published):
    """The published world, its two obligations of the second half of 2021 (continuous
    item, due 15/12/2021 and the joint deliverable, due 31/12/2021) for district A."""
    obligations = ReportObligation.objects.filter(assignment__unit=published.district_a)
    published.half = obligations.get(period__label="6 tháng cuối năm 2021")
    published.plan = obligations.get(assignment__item=published.fixed)
    assert published.half.due_on == dt.date(2021, 12, 15)
    assert published.plan.due_on == dt.date(2021, 12, 31)
    for user, email in ((published.reporter_a, "a@example.org"),
                        (published.head_a, "head-a@example.org"),
                        (published.reviewer, "danvan@example.org"),
                        (published.leader, "lanhdao@example.org")):
        user.email = email
        user.save(update_fields=["email"])
    mail.outbox = []
    return published


@pytest.fixture
def redis_url():
    return redis_or_skip(REDIS_URL)


class BrokerSwitch:
    """Point the project's Celery app at a broker for the scope of a test."""

    def __init__(self, app):
        self.app = app
        self.saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager",
                                               "broker_transport_options")}

    def _drop_connections(self) -> None:
        # Not app.close(): that also unregisters the app, and shared tasks imported later
        # would no longer bind to it.
        from kombu import pools

        pools.reset()  # kombu's process-wide producer/connection pools
        self.app._pool = None
        self.app.amqp._producer_pool = None

    def use(self, url: str) -> None:
        self._drop_connections()
        self.app.conf.broker_url = url
        self.app.conf.broker_transport_options = with_run_prefix({
            "socket_connect_timeout": 1, "socket_timeout": 5, "max_retries": 1,
            "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5})
        self.app.conf.task_always_eager = False

    def restore(self) -> None:
        self._drop_connections()
        self.app.conf.update(self.saved)


@pytest.fixture
def broker(redis_url):
    from config.celery import app

    redis_clear(redis_url)
    switch = BrokerSwitch(app)
    switch.use(redis_url)
    yield switch
    switch.restore()
    redis_clear(redis_url)


@pytest.fixture
def worker(broker):
    """A real Celery worker (solo pool, in a thread) consuming the Redis broker."""
    from celery.contrib.testing.worker import start_worker

    with start_worker(broker.app, pool="solo", perform_ping_check=False, loglevel="WARNING",
                      shutdown_timeout=20) as started:
        yield started

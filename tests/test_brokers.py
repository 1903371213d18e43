"""Two test runs on one Redis database never meet: each publishes under its own key
prefix and clears only its own keys (tests/brokers.py)."""

import redis

from tests.assignments.reminders.conftest import REDIS_URL
from tests.brokers import (  # noqa: F401  (broker_at: a fixture)
    KEY_PREFIX,
    broker_at,
    redis_clear,
    redis_or_skip,
)


def test_a_run_publishes_under_its_own_prefix_and_clears_only_its_keys(broker_at):  # noqa: F811
    url = redis_or_skip(REDIS_URL)
    client = redis.Redis.from_url(url)
    theirs = "tracker-test-another-run:celery"
    client.rpush(theirs, "another run's message")
    try:
        app = broker_at(url)
        queue = app.conf.task_default_queue
        app.send_task("tracker.holidays_sync")
        assert client.llen(f"{KEY_PREFIX}{queue}") == 1
        assert redis_clear(url) >= 1
        assert not client.exists(f"{KEY_PREFIX}{queue}")
        assert client.llen(theirs) == 1
    finally:
        client.delete(theirs)

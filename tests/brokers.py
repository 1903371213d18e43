"""The tests' Redis brokers in one place: this run's own keys, a stopped and a hung
broker, and pointing the project's Celery app at one of them.

Every test run (one pytest process) prefixes the Redis keys it uses with its own
KEY_PREFIX (kombu's `global_keyprefix`, the setting CELERY_BROKER_KEY_PREFIX for a
worker in a process of its own), so that two runs on one Redis server (CI and a session,
two sessions) never take each other's messages, and clearing removes this run's keys
only, never the database (no FLUSHDB).
"""

import os
import secrets
import socket
import threading

import pytest
from django.conf import settings

KEY_PREFIX = f"tracker-test-{os.getpid()}-{secrets.token_hex(4)}:"
# A port nothing listens on: "Redis stopped".
CLOSED_BROKER_URL = os.environ.get("CELERY_TEST_CLOSED_BROKER_URL",
                                   "redis://127.0.0.1:6390/15")


def redis_reachable(url: str) -> str | None:
    """None when Redis answers, else the reason it does not."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except Exception as exc:  # any failure means "not reachable" here
        return f"{type(exc).__name__}: {exc}"
    return None


def redis_or_skip(url: str) -> str:
    """The URL when Redis answers; else skip (fail under CI=true)."""
    reason = redis_reachable(url)
    if reason is not None:
        message = f"Redis at {url} unreachable ({reason})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message}: required under CI=true")
        pytest.skip(message)
    return url


def with_run_prefix(options: dict) -> dict:
    """Transport options that keep this run's keys apart."""
    return {**options, "global_keyprefix": KEY_PREFIX}


def redis_clear(url: str) -> int:
    """Delete this run's keys (and only them) in the Redis database at `url`."""
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{KEY_PREFIX}*", count=500))
    return client.delete(*keys) if keys else 0


class HungBroker:
    """A TCP server that accepts every connection and never sends a byte."""

    def __init__(self):
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        self.held: list[socket.socket] = []
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/3"

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                conn, _addr = self.server.accept()
            except OSError:
                return
            self.held.append(conn)  # read nothing, answer nothing

    def close(self) -> None:
        self.closed.set()
        self.server.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def broker_at():
    """Point the project's Celery app at a broker URL with the settings' Redis options
    (and this run's key prefix); returns the app. Restored afterwards."""
    from kombu import pools

    from config.celery import app
    from tracker import notify

    keys = ("broker_url", "task_always_eager", "broker_transport_options",
            "broker_connection_timeout", "task_publish_retry", "task_publish_retry_policy")
    saved = {k: app.conf[k] for k in keys}

    def drop() -> None:
        # Not app.close(): that also unregisters the app, and shared tasks imported later
        # would no longer bind to it.
        notify._broker_down_until.clear()
        pools.reset()  # kombu's process-wide producer/connection pools
        app._pool = None
        app.amqp._producer_pool = None

    def use(url: str):
        drop()
        app.conf.broker_url = url
        app.conf.broker_transport_options = with_run_prefix(
            settings.CELERY_REDIS_TRANSPORT_OPTIONS)
        app.conf.broker_connection_timeout = settings.CELERY_BROKER_CONNECTION_TIMEOUT
        app.conf.task_publish_retry = settings.CELERY_TASK_PUBLISH_RETRY
        app.conf.task_publish_retry_policy = settings.CELERY_TASK_PUBLISH_RETRY_POLICY
        app.conf.task_always_eager = False
        return app

    yield use
    drop()
    app.conf.update(saved)


@pytest.fixture
def hung_broker():
    hung = HungBroker()
    yield hung
    hung.close()

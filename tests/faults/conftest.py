"""Fixtures of the fault tests: PostgreSQL only, Redis where a test needs it."""

import os

import pytest
from django.db import connection

from tests.assignments.reminders.conftest import ladder_world, redis_reachable  # noqa: F401


@pytest.fixture
def postgres():
    """Skip (fail under CI=true) unless the test database is PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("a fault test on PostgreSQL only")


def redis_or_skip(url: str) -> str:
    reason = redis_reachable(url)
    if reason is not None:
        message = f"Redis at {url} unreachable ({reason})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message}: required under CI=true")
        pytest.skip(message)
    return url


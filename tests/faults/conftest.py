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


@pytest.fixture(scope="session", autouse=True)
def _knox_table_out_of_the_flush(django_db_setup, django_db_blocker):
    """knox's own token table is created by its migrations, but its model is swapped out
    (KNOX_TOKEN_MODEL = accounts.DeviceToken), so Django's flush after a transactional
    test leaves it out, and PostgreSQL refuses to TRUNCATE auth_user, which it references.
    Nothing uses that table: drop it from the test database."""
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS knox_authtoken")

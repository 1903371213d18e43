"""Fixtures of the fault tests: PostgreSQL only, Redis where a test needs it."""

import pytest
from django.db import connection

from tests.assignments.reminders.conftest import ladder_world  # noqa: F401
from tests.brokers import broker_at, hung_broker  # noqa: F401  (fixtures)


@pytest.fixture
def postgres():
    """Skip (fail under CI=true) unless the test database is PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("a fault test on PostgreSQL only")

"""API test helpers: clients per user, the demo loaded once per module."""

import datetime as dt

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

DEMO_DAY = dt.date(2026, 11, 27)
DEMO_PASSWORD = "demo-pass-1"


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


@pytest.fixture
def api():
    """api(user) → an APIClient signed in as `user` (None: anonymous)."""
    return client_for


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data (load_demo) committed once for the module, flushed afterwards."""
    from tests.conftest import travel

    with django_db_blocker.unblock():
        from tracker.demo.loader import load_demo

        with travel(DEMO_DAY, 7):
            result = load_demo(password=DEMO_PASSWORD, today=DEMO_DAY)
        yield result
        call_command("flush", interactive=False, verbosity=0)

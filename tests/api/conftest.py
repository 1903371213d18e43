"""API test helpers: clients per user. The demo is tests/demo.py's `demo` fixture."""

import pytest
from rest_framework.test import APIClient


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


@pytest.fixture
def api():
    """api(user) → an APIClient signed in as `user` (None: anonymous)."""
    return client_for

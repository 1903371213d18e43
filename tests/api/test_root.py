"""The API's entry point lists where each resource lives."""

from rest_framework.test import APIClient


def test_root_lists_resources_without_login(db):
    response = APIClient().get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    assert body["obligations"].endswith("/api/v1/obligations/")
    assert body["auth_token"].endswith("/api/v1/auth/token/")
    assert body["docs"].endswith("/api/docs/")
    # The resources themselves still need a login.
    assert APIClient().get(body["obligations"]).status_code == 401

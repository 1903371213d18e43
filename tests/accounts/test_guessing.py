"""Lockouts (django-axes, with the per-IP limit across user names of
tracker.accounts.lockout) and the security log (logger "tracker.security")."""

import logging

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client, override_settings
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
V1 = "/api/v1"
PASSWORD = "secret-pass-123"


@pytest.fixture
def axes_on():
    cache.clear()
    with override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5,
                           AXES_IP_USERNAME_LIMIT=4):
        yield
    AccessAttempt.objects.all().delete()
    cache.clear()


def token_login(username, password, ip="10.0.0.7"):
    client = APIClient(REMOTE_ADDR=ip)
    client.raise_request_exception = False
    return client.post(f"{V1}/auth/token/", {"username": username, "password": password},
                       format="json")


def test_one_ip_trying_many_user_names_is_locked_out_for_all(axes_on):
    UserFactory(username="real")
    for name in ("an", "binh", "chi"):
        assert token_login(name, "guess").status_code == 400
    response = token_login("dung", "guess")  # the 4th user name from this IP
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    # Now even a right password from that IP waits, with Retry-After (the cool-off).
    response = token_login("real", PASSWORD)
    assert response.status_code == 429 and "token" not in response.json()
    assert response["Content-Type"].startswith("application/json")
    assert int(response["Retry-After"]) == 15 * 60
    # Another IP is not concerned.
    assert token_login("real", PASSWORD, ip="10.0.0.8").status_code == 200


def test_password_spraying_at_the_default_limits(settings):
    """The figure of the README: one IP sprays one guess over 100 user names with the
    shipped limits (40 names). The 40th name is locked out, and every later attempt from
    that IP, a right password included, gets 429; another IP still signs in."""
    cache.clear()
    settings.AXES_ENABLED = True
    UserFactory(username="real")
    try:
        answers = [token_login(f"user{n:03d}", "Matkhau@2025").status_code for n in range(100)]
        assert answers[:39] == [400] * 39
        assert answers[39:] == [429] * 61
        assert token_login("real", PASSWORD).status_code == 429
        assert token_login("real", PASSWORD, ip="10.0.0.8").status_code == 200
    finally:
        AccessAttempt.objects.all().delete()
        cache.clear()


def test_a_few_mistakes_of_different_people_behind_one_ip_do_not_lock(axes_on):
    UserFactory(username="real")
    for name in ("an", "binh", "chi"):
        assert token_login(name, "guess").status_code == 400
    assert token_login("real", PASSWORD).status_code == 200


def test_the_web_login_is_locked_out_by_ip_too(axes_on):
    for name in ("an", "binh", "chi", "dung"):
        Client(REMOTE_ADDR="10.0.0.9").post("/dang-nhap/", {"username": name,
                                                            "password": "x"})
    UserFactory(username="real")
    response = Client(REMOTE_ADDR="10.0.0.9").post("/dang-nhap/", {"username": "real",
                                                                   "password": PASSWORD})
    assert response.status_code == 429


def _security(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "tracker.security"]


def test_sign_ins_failures_lockouts_and_sign_outs_are_logged(axes_on, caplog):
    caplog.set_level(logging.INFO, logger="tracker.security")
    UserFactory(username="lan")
    web = Client(REMOTE_ADDR="10.1.1.1")
    web.post("/dang-nhap/", {"username": "lan", "password": PASSWORD})
    web.post("/dang-xuat/")
    Client(REMOTE_ADDR="10.1.1.2").post("/dang-nhap/", {"username": "lan",
                                                        "password": "wrong"})
    key = token_login("lan", PASSWORD, ip="10.1.1.3").json()["token"]
    api = APIClient(REMOTE_ADDR="10.1.1.3")
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    api.post(f"{V1}/auth/logout/")
    for name in ("a1", "a2", "a3", "a4"):
        token_login(name, "guess", ip="10.1.1.4")
    lines = _security(caplog)
    expected = [
        "event=login outcome=success user=lan ip=10.1.1.1 path=/dang-nhap/ method=session",
        "event=logout outcome=success user=lan ip=10.1.1.1 path=/dang-xuat/ method=session",
        "event=login outcome=failure user=lan ip=10.1.1.2 path=/dang-nhap/",
        "event=logout outcome=success user=lan ip=10.1.1.3 path=/api/v1/auth/logout/ "
        "method=token",
        "event=login outcome=failure user=a1 ip=10.1.1.4 path=/api/v1/auth/token/",
        "event=lockout outcome=locked_out user=a4 ip=10.1.1.4 path=/api/v1/auth/token/",
    ]
    for line in expected:
        assert line in lines, (line, lines)
    token_lines = [x for x in lines if "method=token" in x and "event=login" in x]
    assert len(token_lines) == 1
    assert token_lines[0].startswith("event=login outcome=success user=lan ip=10.1.1.3")
    assert all(PASSWORD not in x and key not in x and "wrong" not in x for x in lines)
    assert sum("outcome=failure" in x for x in lines) >= 4
    records = [r for r in caplog.records if r.name == "tracker.security"]
    assert all(r.created for r in records)  # when: the record's time


def test_password_change_revocation_is_logged(caplog):
    caplog.set_level(logging.INFO, logger="tracker.security")
    user = UserFactory(username="mai")
    token_login("mai", PASSWORD)
    user.set_password("An0ther-secret-9")
    user.save()
    assert ("event=tokens_revoked outcome=success user=mai ip=- reason=password_changed "
            "tokens=1") in _security(caplog)

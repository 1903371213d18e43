"""API tokens (tracker.accounts, django-rest-knox): per device, hashed, expiring when idle
and at a maximum age, listed and revoked by their holder, revoked by a password change
or a deactivation; web sessions idle out."""

import datetime as dt
from io import StringIO
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tracker.accounts.models import DeviceToken

pytestmark = pytest.mark.django_db
V1 = "/api/v1"
PASSWORD = "secret-pass-123"  # tests.factories.UserFactory
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def sign_in(username, device="") -> dict:
    body = {"username": username, "password": PASSWORD}
    if device:
        body["device"] = device
    response = APIClient().post(f"{V1}/auth/token/", body, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def with_key(key) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def works(key) -> bool:
    status = with_key(key).get(f"{V1}/notifications/").status_code
    assert status in (200, 401), status
    return status == 200


def test_the_lifetime_settings_are_knox_auto_refresh_with_a_maximum():
    knox = settings.REST_KNOX
    assert knox["AUTO_REFRESH"] is True
    assert knox["TOKEN_TTL"] == dt.timedelta(hours=8)
    assert knox["AUTO_REFRESH_MAX_TTL"] == dt.timedelta(days=30)
    from config.settings import base

    assert base.SESSION_COOKIE_AGE == 30 * 60 and base.SESSION_SAVE_EVERY_REQUEST


def test_only_a_hash_of_the_key_is_stored():
    user = UserFactory(username="hash")
    body = sign_in("hash", device="Laptop")
    stored = DeviceToken.objects.get(user=user)
    assert body["token"] not in (stored.digest, stored.token_key)
    assert stored.name == "Laptop" and body["id"] == stored.digest[:16]
    assert set(body) == {"token", "user", "username", "id", "expiry"}


def test_a_token_expires_after_eight_idle_hours():
    UserFactory(username="idle")
    with time_machine.travel(T0, tick=False) as clock:
        key = sign_in("idle")["token"]
        clock.shift(dt.timedelta(hours=7, minutes=59))
        assert works(key)  # used: the idle window starts again
        clock.shift(dt.timedelta(hours=7, minutes=59))
        assert works(key)
        clock.shift(dt.timedelta(hours=8, minutes=1))
        assert not works(key)
    assert not DeviceToken.objects.filter(user__username="idle").exists()


def test_a_token_in_daily_use_ends_thirty_days_after_sign_in():
    UserFactory(username="busy")
    with time_machine.travel(T0, tick=False) as clock:
        key = sign_in("busy")["token"]
        used = 0
        while works(key):
            used += 1
            clock.shift(dt.timedelta(hours=6))
        lived = timezone.now() - T0
    assert dt.timedelta(days=30) <= lived <= dt.timedelta(days=30, hours=6), lived
    assert used == 121  # every 6 hours for 30 days, the first call included


def test_several_devices_are_listed_and_revoked_one_by_one():
    UserFactory(username="multi")
    phone = sign_in("multi", device="Điện thoại")
    laptop = sign_in("multi", device="Laptop")
    tablet = sign_in("multi", device="Máy tính bảng")
    rows = with_key(laptop["token"]).get(f"{V1}/auth/tokens/").json()
    assert {r["name"] for r in rows} == {"Điện thoại", "Laptop", "Máy tính bảng"}
    assert [r["name"] for r in rows if r["current"]] == ["Laptop"]
    assert all(set(r) == {"id", "name", "created", "expiry", "current"} for r in rows)
    assert all(r["id"] not in (phone["token"], laptop["token"]) for r in rows)

    assert with_key(laptop["token"]).delete(f"{V1}/auth/tokens/{phone['id']}/").status_code == 204
    assert not works(phone["token"]) and works(laptop["token"]) and works(tablet["token"])
    # Another user's token is not found.
    UserFactory(username="other")
    other = sign_in("other")
    assert with_key(laptop["token"]).delete(
        f"{V1}/auth/tokens/{other['id']}/").status_code == 404
    assert works(other["token"])

    assert with_key(laptop["token"]).post(f"{V1}/auth/logout/").status_code == 204
    assert not works(laptop["token"]) and works(tablet["token"])
    again = sign_in("multi")
    assert with_key(again["token"]).post(f"{V1}/auth/logout-all/").status_code == 204
    assert not works(again["token"]) and not works(tablet["token"])
    assert works(other["token"])


def _tokens(username, n=3) -> list[str]:
    return [sign_in(username, device=f"d{i}")["token"] for i in range(n)]


def test_a_password_change_on_the_web_ends_every_other_session_and_token():
    user = UserFactory(username="webpw")
    keys = _tokens("webpw")
    changer, other = Client(), Client()
    assert changer.login(username="webpw", password=PASSWORD)
    assert other.login(username="webpw", password=PASSWORD)
    response = changer.post("/mat-khau/", {"old_password": PASSWORD,
                                          "new_password1": "An0ther-secret-9",
                                          "new_password2": "An0ther-secret-9"})
    assert response.status_code == 302, response.content[:300]
    revoked = sum(not works(k) for k in keys)
    assert revoked == len(keys)
    assert not DeviceToken.objects.filter(user=user).exists()
    assert changer.get("/tai-khoan/thiet-bi/").status_code == 200  # kept
    assert other.get("/tai-khoan/thiet-bi/").status_code == 302  # signed out


def test_a_password_change_in_the_admin_or_the_command_revokes_every_token():
    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    user = UserFactory(username="target")
    keys = _tokens("target")
    elsewhere = Client()
    assert elsewhere.login(username="target", password=PASSWORD)
    client = Client()
    client.force_login(admin_user)
    response = client.post(f"/admin/auth/user/{user.pk}/password/",
                           {"password1": "An0ther-secret-9", "password2": "An0ther-secret-9",
                            "usable_password": "true"})
    assert response.status_code == 302, response.content[:500]
    assert not any(works(k) for k in keys)
    assert elsewhere.get("/tai-khoan/thiet-bi/").status_code == 302  # signed out

    keys = [sign_in_with("target", "An0ther-secret-9") for _ in range(2)]
    with mock.patch("getpass.getpass", return_value="Th1rd-secret-42"):
        call_command("changepassword", "target", stdout=StringIO())
    assert not any(works(k) for k in keys)


def sign_in_with(username, password) -> str:
    response = APIClient().post(f"{V1}/auth/token/", {"username": username,
                                                       "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_deactivation_revokes_every_token_and_session():
    user = UserFactory(username="leaving")
    keys = _tokens("leaving")
    web = Client()
    assert web.login(username="leaving", password=PASSWORD)
    user.is_active = False
    user.save()
    assert not any(works(k) for k in keys)
    assert not DeviceToken.objects.filter(user=user).exists()
    assert web.get("/tai-khoan/thiet-bi/").status_code == 302


def test_other_saves_of_the_user_keep_the_tokens():
    user = UserFactory(username="stays")
    key = sign_in("stays")["token"]
    user.first_name = "Lan"
    user.save()
    user.save(update_fields=["last_login"])
    assert works(key)


def test_a_web_session_ends_after_thirty_idle_minutes(settings):
    from config.settings import base

    settings.SESSION_COOKIE_AGE = base.SESSION_COOKIE_AGE  # the suite's own is longer
    settings.SESSION_SAVE_EVERY_REQUEST = base.SESSION_SAVE_EVERY_REQUEST
    UserFactory(username="sess")
    web = Client()
    with time_machine.travel(T0, tick=False) as clock:
        assert web.login(username="sess", password=PASSWORD)
        clock.shift(dt.timedelta(minutes=29))
        assert web.get("/tai-khoan/thiet-bi/").status_code == 200  # renews
        clock.shift(dt.timedelta(minutes=29))
        assert web.get("/tai-khoan/thiet-bi/").status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        assert web.get("/tai-khoan/thiet-bi/").status_code == 302


def test_the_devices_page_lists_and_revokes():
    user = UserFactory(username="page")
    phone = sign_in("page", device="Điện thoại của Lan")
    laptop = sign_in("page", device="Laptop")
    web = Client()
    web.force_login(user)
    page = web.get("/tai-khoan/thiet-bi/")
    assert page.status_code == 200
    assert "Điện thoại của Lan" in page.content.decode()
    assert phone["token"] not in page.content.decode()
    assert web.post("/tai-khoan/thiet-bi/", {"token": phone["id"]}).status_code == 302
    assert not works(phone["token"]) and works(laptop["token"])
    assert web.post("/tai-khoan/thiet-bi/", {"revoke_all": "1"}).status_code == 302
    assert not works(laptop["token"])
    assert "tai-khoan/thiet-bi/" in web.get("/mat-khau/").content.decode()


def test_expired_tokens_are_purged_by_the_nightly_task_and_the_command():
    """knox deletes an expired token only when it is presented again: a token left on a
    lost device would stay in the table for ever without the purge."""
    from tracker import tasks
    from tracker.schedule import SCHEDULE

    UserFactory(username="gone")
    UserFactory(username="kept")
    with time_machine.travel(T0, tick=False) as clock:
        sign_in("gone", "Old phone")
        sign_in("gone", "Old laptop")
        clock.shift(dt.timedelta(hours=7))
        kept = sign_in("kept")["token"]
        clock.shift(dt.timedelta(hours=2))  # the first two are 9 h idle, the third 2 h
        assert tasks.tokens_purge_expired.delay().get() == 2
        assert not DeviceToken.objects.filter(user__username="gone").exists()
        assert works(kept)
        clock.shift(dt.timedelta(days=31))
        out = StringIO()
        call_command("purge_expired_tokens", stdout=out)
        assert out.getvalue().strip() == "1 expired tokens deleted."
    assert not DeviceToken.objects.exists()
    scheduled = {task for task, _fields, _text in SCHEDULE.values()}
    assert tasks.tokens_purge_expired.name == "tracker.tokens_purge_expired"
    assert tasks.tokens_purge_expired.name in scheduled

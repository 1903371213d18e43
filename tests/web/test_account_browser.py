"""A unit's reporter signs in on two devices, opens "Thiết bị đăng nhập" from the
password page and signs the other device out, in a real browser: at laptop width, on a
phone, and in English. Screenshots go to tests/artifacts/."""

import pytest

from tests.web.conftest import LAPTOP, PHONE
from tests.web.conftest import browser_session as _session
from tests.web.conftest import screenshot as _shot
from tracker.accounts.models import DeviceToken
from tracker.accounts.tokens import issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("viewport", "locale", "name"), [
    (LAPTOP, "vi-VN", "account-devices-1366"),
    (PHONE, "vi-VN", "account-devices-390"),
    (LAPTOP, "en-GB", "account-devices-en"),
])
def test_a_reporter_signs_out_a_lost_phone(chromium, live_server, demo_today, artifacts,
                                           viewport, locale, name):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="thanhuy")
    issue(user, name="Điện thoại cũ")
    context, page = _session(chromium, live_server, "thanhuy", viewport=viewport)
    page.goto(f"{live_server.url}/mat-khau/")
    if locale.startswith("en"):
        page.click("button[value=en]")
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").first.inner_text() != "Đổi mật khẩu"
    page.click("a[href$='/tai-khoan/thiet-bi/']")
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Điện thoại cũ").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    _shot(page, artifacts, name)
    before = DeviceToken.objects.filter(user=user).count()
    row = page.locator("li.device", has_text="Điện thoại cũ")
    row.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert DeviceToken.objects.filter(user=user).count() == before - 1
    assert not page.get_by_text("Điện thoại cũ").count()
    context.close()

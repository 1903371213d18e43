"""The bell after a decision, in a real browser on the demo.

thanhuy (Kon Tum) asks for more time; danvan (the board) sees the request in the bell
and approves it on the extensions page; thanhuy's bell then shows the approval: a
title naming the new date, a short text and a link that opens the report's page and
marks the notice read — on a laptop, on a phone, in Vietnamese and in English (the notice
itself in English too). Screenshots go to tests/artifacts/.
"""

import datetime as dt

import pytest

from assignments.models import ExtensionRequest
from assignments.services import extension_request_create
from tests.web.test_browser import LAPTOP, PHONE, _open_obligation, _session, _shot
from tracker.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_approved_extension_reaches_the_reporter_bell(chromium, live_server, demo_today,
                                                          artifacts):
    from django.contrib.auth import get_user_model

    obligation = _open_obligation("thanhuy-kontum")
    thanhuy = get_user_model().objects.get(username="thanhuy")
    wanted = obligation.due_on + dt.timedelta(days=20)
    request = extension_request_create(assignment=obligation.assignment, actor=thanhuy,
                                       requested_due_on=wanted,
                                       reason="Chờ số liệu của các xã sau sáp nhập")

    # The board's bell has the request, with a link to the extensions page.
    board_ctx, board = _session(chromium, live_server, "danvan", viewport=LAPTOP)
    board.goto(f"{live_server.url}/thong-bao/")
    first = board.locator("li.note").first
    assert "Đề nghị gia hạn chờ quyết định" in first.locator(".note-title").inner_text()
    assert "Chờ số liệu của các xã" in first.locator(".note-text").inner_text()
    _shot(board, artifacts, "notify-01-board-bell", full_page=False)
    first.locator(".note-title a").click()
    board.wait_for_load_state("networkidle")
    assert board.url.endswith("/gia-han/")
    card = board.locator(".ext-card", has=board.locator(
        f"form[action='/gia-han/{request.pk}/chap-thuan/']"))
    card.locator("button.btn-ok").click()
    board.wait_for_load_state("networkidle")
    request.refresh_from_db()
    assert request.status == ExtensionRequest.Status.APPROVED
    board_ctx.close()

    # The reporter's bell: title with the new date, short text, a link to the report.
    day = f"{wanted:%d/%m/%Y}"
    rep_ctx, rep = _session(chromium, live_server, "thanhuy", viewport=LAPTOP)
    assert rep.locator(".bell [data-unread]").count() == 1
    rep.goto(f"{live_server.url}/thong-bao/")
    first = rep.locator("li.note").first
    assert f"Đã chấp thuận gia hạn đến {day}" in first.locator(".note-title").inner_text()
    assert f"Hạn báo cáo mới: {day}" in first.locator(".note-text").inner_text()
    assert "http://" not in rep.locator("main").inner_text()
    _shot(rep, artifacts, "notify-02-reporter-bell-1366", full_page=False)
    first.locator(".note-title a").click()
    rep.wait_for_load_state("networkidle")
    assert rep.url == f"{live_server.url}/yeu-cau/{obligation.pk}/"
    assert day in rep.locator("main").inner_text()
    approval = Notification.objects.get(kind="extension_approved", recipient=thanhuy)
    assert approval.read_at is not None  # opening it from its title marked it read

    # In English, the page and the notice are English.
    rep.goto(f"{live_server.url}/thong-bao/")
    rep.click("form.lang button[value=en]")
    rep.wait_for_load_state("networkidle")
    assert rep.locator("h1").inner_text() == "Notifications"
    first = rep.locator("li.note").first
    assert f"Extension approved until {day}" in first.locator(".note-title").inner_text()
    assert f"New due date: {day}" in first.locator(".note-text").inner_text()
    assert "Đã chấp thuận" not in rep.locator("main").inner_text()
    _shot(rep, artifacts, "notify-03-reporter-bell-english", full_page=False)
    rep_ctx.close()

    # On a phone, in Vietnamese and in English.
    phone_ctx, phone = _session(chromium, live_server, "thanhuy", viewport=PHONE)
    phone.goto(f"{live_server.url}/thong-bao/")
    note = phone.locator("li.note").first
    assert note.locator(".note-title a").is_visible()
    assert f"Đã chấp thuận gia hạn đến {day}" in note.locator(".note-title").inner_text()
    box = phone.locator("main").bounding_box()
    assert box["width"] <= PHONE["width"]
    _shot(phone, artifacts, "notify-04-reporter-bell-390", full_page=False)
    phone_ctx.add_cookies([{"name": "django_language", "value": "en",
                            "url": live_server.url}])
    phone.goto(f"{live_server.url}/thong-bao/")
    note = phone.locator("li.note").first
    assert f"Extension approved until {day}" in note.locator(".note-title").inner_text()
    assert phone.locator("main").bounding_box()["width"] <= PHONE["width"]
    _shot(phone, artifacts, "notify-05-reporter-bell-390-english", full_page=False)
    phone_ctx.close()

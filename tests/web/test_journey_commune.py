"""The 2025 story in a real browser (issue 17): the reporter of a commune that took over
a district (phuongkontum, Đảng ủy phường Kon Tum since 1/7/2025) signs in, sees its own
work, opens an obligation, saves a draft and submits it; a reporter of a dissolved unit
(thanhuy, Thành ủy Kon Tum) keeps the login, reads the clear read-only message and its
old unit's obligations, and cannot submit. Screenshots (1366 px and 390 px) go to
tests/artifacts/."""

import pytest
from django.test import Client

from assignments.models import ReportObligation
from reports.models import ProgressReport
from tests.demo import _load_demo_day
from tests.web.conftest import LAPTOP, PHONE, click_for_new_page
from tests.web.conftest import browser_session as _session
from tests.web.conftest import screenshot as _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STRANDED = "Đơn vị của bạn"  # the start of the read-only message (templates/base.html)


@pytest.fixture
def demo_2025_live(demo_images, transactional_db):
    """The demo with the 2025 story (tests/demo.py's `demo_2025` image), committed for one
    transactional test (live server); transactional_db empties the database after it."""
    return demo_images.install(("demo day", "2025"), lambda: _load_demo_day(story=True))


def _open(unit_code: str) -> ReportObligation:
    return (ReportObligation.objects
            .filter(unit__code=unit_code, state=ReportObligation.State.NOT_SUBMITTED,
                    reports__isnull=True)
            .order_by("due_on", "assignment__item__order").first())


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "390"])
def test_the_commune_reporter_submits_and_the_dissolved_units_reader_cannot(
        chromium, live_server, demo_2025_live, artifacts, viewport):
    width = viewport["width"]
    obligation = _open("du-p-kontum")
    assert obligation is not None
    url = live_server.url

    ctx, page = _session(chromium, live_server, "phuongkontum", viewport=viewport)
    assert "/viec-cua-toi/" in page.url
    assert page.locator("h1").inner_text() == "Việc của tôi"
    assert "phường Kon Tum" in page.inner_text("main")
    assert STRANDED not in page.inner_text("body")
    assert page.locator(f"a[href='/yeu-cau/{obligation.pk}/']").count() >= 1
    _shot(page, artifacts, f"commune-01-my-work-{width}")
    page.locator(f"a[href='/yeu-cau/{obligation.pk}/']").first.click()
    page.wait_for_url(f"**/yeu-cau/{obligation.pk}/")
    page.locator("textarea[name=results_text]").wait_for()
    page.fill("textarea[name=leadership_text]", "Đảng ủy phường quán triệt chỉ thị đến các "
                                                "chi bộ khu dân cư.")
    page.fill("textarea[name=results_text]", "Tổ chức 3 hội nghị cho 280 đảng viên.")
    progress = page.locator("input[name=progress_percent]")
    if progress.count():
        progress.fill("50")
    click_for_new_page(page, "button[value=save]")
    assert page.locator(".msg-success").inner_text() == "Đã lưu bản nháp."
    _shot(page, artifacts, f"commune-02-draft-{width}")
    click_for_new_page(page, "button[value=submit]")
    assert "Đã nộp báo cáo" in page.locator(".msg-success").inner_text()
    report = ProgressReport.objects.get(obligation=obligation, version=1)
    assert report.status == ProgressReport.Status.SUBMITTED
    assert report.obligation.unit.code == "du-p-kontum"
    _shot(page, artifacts, f"commune-03-submitted-{width}")
    ctx.close()

    # Thành ủy Kon Tum ended on 1/7/2025: its reporter reads, and does nothing else.
    old = _open("thanhuy-kontum")
    assert old is not None
    ctx, page = _session(chromium, live_server, "thanhuy", viewport=viewport)
    message = page.locator(".msg-warning", has_text=STRANDED)
    message.wait_for()
    assert "không thể thao tác" in message.inner_text()
    # Its old unit's open obligations are listed for reading, not as work to submit.
    assert "cần nộp" not in page.locator(".page-head").inner_text()
    assert "chỉ xem" in page.locator(".page-head").inner_text()
    _shot(page, artifacts, f"commune-04-dissolved-home-{width}")
    page.goto(f"{url}/yeu-cau/{old.pk}/")
    page.locator("main h1").wait_for()
    assert page.locator(".msg-warning", has_text=STRANDED).count() == 1
    assert page.locator("button[value=submit]").count() == 0
    assert page.locator("button[value=save]").count() == 0
    _shot(page, artifacts, f"commune-05-dissolved-obligation-{width}")
    ctx.close()

    # Nor by hand: the form's POST is refused and nothing is written.
    client = Client()
    client.force_login(old.assignment.unit.memberships.get(user__username="thanhuy").user)
    answer = client.post(f"/yeu-cau/{old.pk}/", {
        "action": "submit", "leadership_text": "x", "results_text": "y",
        "progress_percent": "10"})
    assert answer.status_code in (400, 403)
    assert not ProgressReport.objects.filter(obligation=old).exists()

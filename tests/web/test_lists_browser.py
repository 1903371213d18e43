"""Lists in a real browser, on the demo: the board reviewer filters the review queue,
sorts it, goes Back, and exports exactly the filtered rows; the leader drills from a
dashboard tile to the list behind its number, in English, on a laptop and on a phone.
Screenshots go to tests/artifacts/ (lists-*.png)."""

import csv
import io
import re

import pytest

from tests.web.conftest import LAPTOP, PHONE
from tests.web.conftest import browser_session as _session
from tests.web.conftest import screenshot as _shot


def _english(chromium, live_server, username, viewport):
    context, page = _session(chromium, live_server, username, viewport=viewport,
                             locale="en-US")
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    return context, page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _count(page) -> int:
    """The list's row count as its pager says it ("1–3 of 3"), 0 when empty."""
    pager = page.locator(".pager .muted").first.inner_text()
    found = re.search(r"(\d+)\s*$", pager.replace(".", ""))
    return int(found.group(1)) if found else 0


def test_board_filters_sorts_and_exports_the_review_queue(chromium, live_server, demo_today,
                                                          artifacts, no_csp_violations):
    context, page = _english(chromium, live_server, "danvan", LAPTOP)
    page.goto(f"{live_server.url}/tham-dinh/")
    everything = _count(page)
    assert everything > 0
    unit = page.locator(".unit-name").first.inner_text()
    page.fill("input[name=q]", unit.split()[-1])
    page.click("form.list-filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "q=" in page.url and "to_review=true" not in page.url.split("?")[0]
    filtered = _count(page)
    assert 0 < filtered <= everything
    assert all(unit.split()[-1].lower() in text.lower()
               for text in page.locator(".work-link").all_inner_texts())
    _shot(page, artifacts, "lists-01-review-queue-filtered-en")
    page.locator(".list-sort a").nth(1).click()  # sort by unit
    page.wait_for_load_state("networkidle")
    assert "sort=unit" in page.url and "q=" in page.url
    page.go_back()
    page.wait_for_load_state("networkidle")
    assert "sort=unit" not in page.url and "q=" in page.url
    _shot(page, artifacts, "lists-01-review-queue-filtered-en")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    body = open(download_info.value.path(), "rb").read().decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(body)))) - 1 == filtered
    context.close()
    phone, page = _english(chromium, live_server, "danvan", PHONE)
    page.goto(f"{live_server.url}/tham-dinh/?waited_days_min=0")
    assert page.locator(".work-link").count() > 0
    _shot(page, artifacts, "lists-02-review-queue-phone-en")
    phone.close()


@pytest.mark.parametrize(("viewport", "name"), [(LAPTOP, "laptop"), (PHONE, "phone")])
def test_leader_drills_from_a_tile_to_its_list(chromium, live_server, demo_today, artifacts,
                                               no_csp_violations, viewport, name):
    context, page = _english(chromium, live_server, "lanhdao", viewport)
    page.goto(f"{live_server.url}/tong-quan/")
    tile = page.locator(".tile.tone-overdue a.tile-link")
    number = int(tile.locator(".tile-num").inner_text().replace(".", ""))
    tile.click()
    page.wait_for_load_state("networkidle")
    assert "/yeu-cau-bao-cao/" in page.url and "overdue=true" in page.url
    assert _count(page) == number
    assert page.locator("h1").inner_text() != ""
    if number:
        # Every row shown is overdue: its days overdue are a number.
        days = page.locator("td.num strong").all_inner_texts()
        assert days and all(int(d) > 0 for d in days)
    _shot(page, artifacts, f"lists-03-drill-overdue-{name}-en")
    # The table reads as cards on a phone: the first cell is not squeezed to one word.
    if viewport is PHONE and number:
        cell = page.locator("table.list-table tbody tr td").nth(1)
        assert cell.bounding_box()["width"] > 300
    page.go_back()
    page.wait_for_load_state("networkidle")
    assert "/tong-quan/" in page.url
    context.close()

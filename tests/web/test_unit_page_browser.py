"""The unit page and the compliance matrix in a real browser, on the demo: the board
member goes from the dashboard's unit bar to the unit page, checks that a tile's number
is the row count of the list it opens, filters the page's obligations, then narrows the
matrix to a unit group and reads a cell's name; the reporter finds their unit under
"Đơn vị", and another unit's page is 404. At 1366 px, 390 px (tables as cards) and on
A4 (tests/artifacts/unitpage-*.png, unitpage-*.pdf, to look at)."""

import re

import pytest

from assignments.models import ReportObligation
from tests.web.conftest import LAPTOP, PHONE
from tests.web.conftest import browser_session as _session
from tests.web.conftest import screenshot as _shot
from tracker.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _count(page) -> int:
    pager = page.locator(".pager .muted").first.inner_text()
    found = re.search(r"(\d+)\s*$", pager.replace(".", ""))
    return int(found.group(1)) if found else 0


def _a4(page, artifacts, name):
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    _shot(page, artifacts, f"{name}-a4")
    page.pdf(path=str(artifacts / f"{name}.pdf"), format="A4", print_background=True,
             margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"})
    page.emulate_media(media="screen")


def test_board_member_opens_a_unit_from_the_dashboard_and_filters_the_matrix(
        chromium, live_server, demo_today, artifacts, no_csp_violations):
    context, page = _session(chromium, live_server, "danvan", viewport=LAPTOP)
    page.goto(f"{live_server.url}/tong-quan/")
    label = page.locator(".hbars .bar-label").first
    name = label.inner_text()
    label.click()
    page.wait_for_load_state("load")
    assert re.search(r"/don-vi/\d+/$", page.url)
    unit = Unit.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))
    assert page.locator("h1").inner_text() == unit.name and name == unit.display_name
    assert page.locator(".columns .col").count() > 0  # the on-time rate by period
    _shot(page, artifacts, "unitpage-board-1366")
    _a4(page, artifacts, "unitpage-board")
    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    # Tables are cards on a phone: each value under its column's name.
    assert page.locator("main table.list-table thead").first.bounding_box()["height"] <= 2
    _shot(page, artifacts, "unitpage-board-390")
    page.set_viewport_size(LAPTOP)
    # The overdue tile opens the list behind it: the same number.
    overdue = int(page.locator(".tile.tone-overdue .tile-num").inner_text().replace(".", ""))
    page.locator(".tile.tone-overdue a").click()
    page.wait_for_load_state("load")
    assert "/yeu-cau-bao-cao/" in page.url and f"unit={unit.pk}" in page.url
    assert _count(page) == overdue
    page.go_back()
    page.wait_for_load_state("load")
    # Filter the page's obligations by status: the URL keeps it, every row says it.
    page.locator("details.filter-more summary").click()
    page.select_option("select[name=status]", "overdue")
    page.click("form.list-filters button[type=submit]")
    page.wait_for_load_state("load")
    assert "status=overdue" in page.url and f"/don-vi/{unit.pk}/" in page.url
    badges = page.locator("section[aria-labelledby=h-obligations] tbody .badge").all_inner_texts()
    assert badges and set(badges) == {"Chưa nộp, quá hạn"}
    # The matrix: narrow it to a group of units; the filter is in the URL.
    directive = (ReportObligation.objects.filter(assignment__unit__code="thanhuy-kontum")
                 .order_by("-due_on").first().assignment.item.directive)
    page.goto(f"{live_server.url}/van-ban/{directive.pk}/ma-tran/")
    rows_all = page.locator("table.matrix tbody tr").count()
    with page.expect_navigation():  # the drop-down submits its form (data-autosubmit)
        page.select_option("#id_group", label="Các đoàn thể chính trị - xã hội tỉnh")
    assert "group=" in page.url
    rows = page.locator("table.matrix tbody tr").count()
    assert 0 < rows < rows_all
    cell = page.locator("td.cell a[aria-label]").first
    text = cell.get_attribute("aria-label")
    assert " — " in text and ": " in text and "hạn " in text
    assert cell.locator("xpath=..").get_attribute("title") == text
    assert cell.inner_text().strip()  # a shape, not colour alone
    _shot(page, artifacts, "unitpage-matrix-group-1366")
    _a4(page, artifacts, "unitpage-matrix-group")
    page.set_viewport_size(PHONE)
    page.reload()
    _shot(page, artifacts, "unitpage-matrix-group-390")
    context.close()


def test_reporter_finds_their_unit_and_no_other(chromium, live_server, demo_today, artifacts,
                                                 no_csp_violations):
    own = Unit.objects.get(code="thanhuy-kontum")
    other = Unit.objects.get(code="btv-tinhdoan")
    context, page = _session(chromium, live_server, "thanhuy", viewport=PHONE)
    page.goto(f"{live_server.url}/viec-cua-toi/")
    page.click("[data-toggle-nav]")
    page.get_by_role("link", name="Đơn vị", exact=True).click()
    page.wait_for_load_state("load")
    names = page.locator("main tbody td:first-child a").all_inner_texts()
    assert own.name in names and other.name not in names
    page.get_by_role("link", name=own.name, exact=True).click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == own.name
    assert page.locator("section[aria-labelledby=h-obligations] tbody tr").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    _shot(page, artifacts, "unitpage-reporter-390")
    page.set_viewport_size(LAPTOP)
    _shot(page, artifacts, "unitpage-reporter-1366")
    response = page.goto(f"{live_server.url}/don-vi/{other.pk}/")
    assert response.status == 404
    # In English too.
    page.goto(f"{live_server.url}/don-vi/{own.pk}/")
    page.click("form.lang button[name=language][value=en]")
    page.wait_for_load_state("load")
    assert page.locator("#h-trend").inner_text() == "On-time rate by reporting period"
    _shot(page, artifacts, "unitpage-reporter-en-1366")
    context.close()

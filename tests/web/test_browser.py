"""Each role's main journey in a real browser, on the demo, in Vietnamese.

Reporter (thanhuy) submits → board (danvan) returns → reporter resubmits → board
accepts → leader (lanhdao) sees the numbers move. Plus: a script in a report is
rendered inert, and a foreign URL answers 404. Screenshots go to tests/artifacts/.
"""

import pytest

from assignments.models import ReportObligation
from reports.models import ProgressReport
from tests.web.conftest import LAPTOP, PHONE, click_for_new_page
from tests.web.conftest import browser_session as _session
from tests.web.conftest import screenshot as _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def _tile(page, label: str) -> str:
    tile = page.locator(".tile", has=page.locator(".tile-label", has_text=label)).first
    return tile.locator(".tile-num").inner_text().strip()


def _open_obligation(unit_code: str) -> ReportObligation:
    return (ReportObligation.objects
            .filter(assignment__unit__code=unit_code,
                    state=ReportObligation.State.NOT_SUBMITTED)
            .order_by("-due_on", "assignment__item__order").first())


def test_journey_submit_return_resubmit_accept(chromium, live_server, demo_today, artifacts):
    obligation = _open_obligation("thanhuy-kontum")
    assert obligation is not None

    # The login page, as a new user first sees it.
    context = chromium.new_context(viewport=LAPTOP, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert "/dang-nhap/" in page.url
    assert page.locator("h1").inner_text() == "Theo dõi thực hiện chỉ thị"
    _shot(page, artifacts, "01-login")
    context.close()

    # The leader's figures before.
    leader_ctx, leader = _session(chromium, live_server, "lanhdao")
    assert "/tong-quan/" in leader.url
    waiting_before = int(_tile(leader, "Báo cáo chờ thẩm định"))
    _shot(leader, artifacts, "02-leader-dashboard")

    # Reporter: my work, write, attach evidence, submit.
    rep_ctx, rep = _session(chromium, live_server, "thanhuy")
    assert "/viec-cua-toi/" in rep.url
    assert rep.locator("h1").inner_text() == "Việc của tôi"
    assert rep.locator(".work").count() > 0
    _shot(rep, artifacts, "03-reporter-my-work")
    rep.click(f"a[href='/yeu-cau/{obligation.pk}/']")
    rep.fill("textarea[name=leadership_text]", "Ban Thường vụ Thành ủy ban hành kế hoạch "
                                               "và tổ chức hội nghị quán triệt.")
    rep.fill("textarea[name=results_text]", "Tổ chức 6 hội nghị cho 540 cán bộ, đảng viên.")
    rep.fill("input[name=progress_percent]", "60")
    rep.set_input_files("input[name=evidence]", files=[{
        "name": "bien-ban-hoi-nghi.pdf", "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n% demo evidence\n"}])
    click_for_new_page(rep, "button[value=save]")
    assert rep.locator(".msg-success").inner_text() == "Đã lưu bản nháp."
    assert rep.locator(".files a", has_text="bien-ban-hoi-nghi.pdf").count() == 1
    _shot(rep, artifacts, "04-reporter-writes-report")
    click_for_new_page(rep, "button[value=submit]")
    assert "Đã nộp báo cáo" in rep.locator(".msg-success").inner_text()
    report = ProgressReport.objects.get(obligation=obligation, version=1)
    assert report.status == ProgressReport.Status.SUBMITTED

    leader.reload()
    assert int(_tile(leader, "Báo cáo chờ thẩm định")) == waiting_before + 1

    # Board: the review queue, return with a comment and a deadline.
    board_ctx, board = _session(chromium, live_server, "danvan")
    board.goto(f"{live_server.url}/tham-dinh/")
    assert board.locator(f"a[href='/bao-cao/{report.pk}/']").count() == 1
    _shot(board, artifacts, "05-board-review-queue")
    board.click(f"a[href='/bao-cao/{report.pk}/']")
    assert "Tổ chức 6 hội nghị" in board.locator("article.report").inner_text()
    _shot(board, artifacts, "06-board-report-detail")
    board.fill("form[action$='/tra-lai/'] textarea[name=comment]",
               "Đề nghị bổ sung số liệu vùng đồng bào dân tộc thiểu số.")
    board.click("form[action$='/tra-lai/'] button[type=submit]")
    assert "Đã trả lại báo cáo" in board.locator(".msg-success").inner_text()
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.RETURNED

    # Reporter: sees the comment (bell and page), resubmits a new version.
    rep.goto(f"{live_server.url}/viec-cua-toi/")
    assert int(rep.locator(".bell .count").inner_text()) >= 1
    rep.click(".bell")
    rep.wait_for_url("**/thong-bao/**")
    rep.locator(".note.unread", has_text="bị trả lại").first.wait_for()
    _shot(rep, artifacts, "07-reporter-notifications")
    rep.locator(".note.unread", has_text="bị trả lại").first.locator("button[name=open]").click()
    rep.wait_for_url(f"**/bao-cao/{report.pk}/")
    rep.click("a.btn:has-text('Lập báo cáo nộp lại')")
    rep.wait_for_url(f"**/yeu-cau/{obligation.pk}/")
    callout = rep.locator(".callout-returned")
    assert "vùng đồng bào dân tộc thiểu số" in callout.inner_text()
    assert rep.locator("textarea[name=results_text]").input_value().startswith("Tổ chức 6")
    _shot(rep, artifacts, "08-reporter-returned")
    rep.fill("textarea[name=results_text]", "Tổ chức 6 hội nghị cho 540 cán bộ, đảng viên; "
                                            "vùng đồng bào DTTS: 4 hội nghị, 310 người.")
    click_for_new_page(rep, "button[value=submit]")
    assert "Đã nộp báo cáo" in rep.locator(".msg-success").inner_text()
    second = ProgressReport.objects.get(obligation=obligation, version=2)
    assert second.status == ProgressReport.Status.SUBMITTED

    # Board accepts the new version.
    board.goto(f"{live_server.url}/bao-cao/{second.pk}/")
    board.click("form[action$='/chap-nhan/'] button[type=submit]")
    assert "Đã chấp nhận" in board.locator(".msg-success").inner_text()
    obligation.refresh_from_db()
    assert obligation.state == ReportObligation.State.ACCEPTED

    # The matrix shows the cell; the directive page shows its sections.
    directive = obligation.assignment.item.directive
    board.goto(f"{live_server.url}/van-ban/{directive.pk}/ma-tran/?period={obligation.period_id}")
    cell = board.locator(f"a[href='/bao-cao/{second.pk}/']")
    assert cell.count() == 1
    _shot(board, artifacts, "09-board-matrix")
    board.goto(f"{live_server.url}/van-ban/{directive.pk}/")
    assert board.locator(".section").count() == 4
    _shot(board, artifacts, "10-board-directive")
    board.goto(f"{live_server.url}/gia-han/")
    assert board.locator(".ext-card").count() >= 1
    _shot(board, artifacts, "11-board-extensions")

    # The leader's numbers moved back: nothing more waiting, the accepted report counted.
    leader.reload()
    assert int(_tile(leader, "Báo cáo chờ thẩm định")) == waiting_before
    leader.goto(f"{live_server.url}/tong-quan/?as_of=01/01/2023")
    assert "01/01/2023" in leader.locator(".page-head").inner_text()
    leader.goto(f"{live_server.url}/tong-quan/")
    _shot(leader, artifacts, "12-leader-dashboard-after")
    leader.emulate_media(media="print")
    _shot(leader, artifacts, "13-leader-dashboard-print")
    assert leader.locator(".topbar").is_hidden()

    # The reporter's page on a phone.
    phone_ctx, phone = _session(chromium, live_server, "thanhuy", viewport=PHONE)
    _shot(phone, artifacts, "14-phone-my-work")
    phone.click("[data-toggle-nav]")
    assert phone.locator("#mainnav a", has_text="Đã gửi").is_visible()
    phone.click("#mainnav a:has-text('Đã gửi')")
    # A click starts the navigation without waiting for it: wait for the page's table.
    phone.wait_for_url("**/lich-su/")
    phone.locator("table.history-table").wait_for()
    assert phone.locator("table.history-table tbody tr").count() >= 1
    phone.goto(f"{live_server.url}/van-ban/{directive.pk}/")
    _shot(phone, artifacts, "18-phone-directive", full_page=False)

    # Sign out, and switch the language.
    rep.click(".usermenu summary")
    rep.click("text=Đăng xuất")
    rep.wait_for_url("**/dang-nhap/**")
    rep.click("button[value=en]")
    rep.locator("html[lang=en]").wait_for()
    assert rep.locator("h1").inner_text() == "Directive Tracker"
    _shot(rep, artifacts, "17-login-english")
    for ctx in (leader_ctx, rep_ctx, board_ctx, phone_ctx):
        ctx.close()


def test_script_in_report_is_inert_and_foreign_url_is_404(chromium, live_server, demo_today,
                                                           artifacts):
    obligation = _open_obligation("thanhuy-kontum")
    payload = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'

    rep_ctx, rep = _session(chromium, live_server, "thanhuy")
    rep.goto(f"{live_server.url}/yeu-cau/{obligation.pk}/")
    rep.fill("textarea[name=results_text]", payload)
    click_for_new_page(rep, "button[value=submit]")
    assert "Đã nộp báo cáo" in rep.locator(".msg-success").inner_text()
    report = ProgressReport.objects.get(obligation=obligation, status="submitted")

    board_ctx, board = _session(chromium, live_server, "danvan")
    board.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    assert board.evaluate("window.__xss") is None
    assert payload in board.locator("article.report").inner_text()
    assert board.locator("article.report img[src=x]").count() == 0
    _shot(board, artifacts, "15-xss-inert")

    # Tỉnh đoàn opening Thành ủy's obligation and report: not found.
    other_ctx, other = _session(chromium, live_server, "tinhdoan")
    for path in (f"/yeu-cau/{obligation.pk}/", f"/bao-cao/{report.pk}/"):
        response = other.goto(f"{live_server.url}{path}")
        assert response.status == 404
    # Tỉnh đoàn's own work is there.
    other.goto(f"{live_server.url}/viec-cua-toi/")
    assert other.locator("h1").inner_text() == "Việc của tôi"
    _shot(other, artifacts, "16-tinhdoan-my-work")
    for ctx in (rep_ctx, board_ctx, other_ctx):
        ctx.close()

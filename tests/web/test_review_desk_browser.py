"""The board's review desk in a real browser, on the demo.

The reviewer (danvan) opens the queue (how long each report has waited), takes a report,
returns it; the unit's reporter answers in the thread and resubmits with a corrected
text and the signed minutes as a PDF; the reviewer sees what changed since the first
version, previews the PDF's pages inline, answers in the thread, and accepts the report
from the queue with the bulk action. Screenshots (tests/artifacts/desk-*.png) at 1366 px,
390 px and in English.
"""

import pytest
from fpdf import FPDF

from reports.models import ProgressReport, ReportComment
from tests.web.conftest import PHONE, click_for_new_page
from tests.web.conftest import browser_session as _session
from tests.web.conftest import screenshot as _shot
from tracker.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _minutes_pdf() -> bytes:
    pdf = FPDF()
    for title in ("BIEN BAN HOI NGHI", "DANH SACH THAM DU"):
        pdf.add_page()
        pdf.set_font("helvetica", size=18)
        pdf.cell(text=title)
        pdf.ln(12)
        pdf.set_font("helvetica", size=11)
        for n in range(20):
            pdf.cell(text=f"{n + 1}. Noi dung dong {n + 1} cua bien ban")
            pdf.ln(7)
    return bytes(pdf.output())


def test_reviewer_takes_returns_compares_previews_and_bulk_accepts(chromium, live_server,
                                                                   demo_today, artifacts):
    report = (ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED,
                                            board__code="bdv-tu",
                                            unit__code__in=["thanhuy-kontum", "btv-tinhdoan"])
              .order_by("submitted_at").first())
    assert report is not None, "the demo has a submitted report of a demo reporter's unit"
    reporter = Membership.objects.get(unit_id=report.unit_id, role=Membership.Role.REPORTER,
                                      user__username__in=["thanhuy", "tinhdoan"]).user
    board_ctx, board = _session(chromium, live_server, "danvan")

    # The queue: each report's wait, a box to tick.
    board.goto(f"{live_server.url}/tham-dinh/")
    row = board.locator("li.work", has=board.locator(f"input[value='{report.pk}']"))
    assert "chờ" in row.inner_text() and "ngày" in row.inner_text()
    _shot(board, artifacts, "desk-01-queue")

    # Take it, then return it.
    board.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    board.click("form.claim button[value=claim]")
    assert "Bạn đã nhận thẩm định" in board.locator(".msg-success").inner_text()
    assert "Bạn đang thẩm định báo cáo này" in board.locator(".review-box").inner_text()
    board.fill("form[action$='/tra-lai/'] textarea[name=comment]",
               "Bổ sung số hội nghị đã tổ chức và biên bản có chữ ký.")
    board.click("form[action$='/tra-lai/'] button[type=submit]")
    assert "Đã trả lại báo cáo" in board.locator(".msg-success").inner_text()

    # The unit answers in the thread and resubmits with the minutes.
    rep_ctx, rep = _session(chromium, live_server, reporter.username)
    rep.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    rep.fill("textarea[name='thread-body']", "Đơn vị sẽ gửi biên bản có chữ ký trong hôm nay.")
    rep.click("#thread button[type=submit]")
    assert "Đã gửi trao đổi" in rep.locator(".msg-success").inner_text()
    rep.goto(f"{live_server.url}/yeu-cau/{report.obligation_id}/")
    rep.fill("textarea[name=results_text]",
             "Tổ chức 12 hội nghị quán triệt với 1.450 lượt đảng viên tham dự.")
    rep.set_input_files("input[name=evidence]", files=[{
        "name": "bien-ban-hoi-nghi.pdf", "mimeType": "application/pdf",
        "buffer": _minutes_pdf()}])
    click_for_new_page(rep, "button[value=submit]")
    assert "Đã nộp báo cáo" in rep.locator(".msg-success").inner_text()
    second = ProgressReport.objects.get(obligation_id=report.obligation_id,
                                        version=report.version + 1)

    # The reviewer: the changes, the PDF's pages, the thread.
    board.goto(f"{live_server.url}/bao-cao/{second.pk}/")
    changes = board.locator("details.changes")
    assert f"Thay đổi so với lần {report.version}" in changes.inner_text()
    assert changes.locator("ins", has_text="1.450").count() == 1
    preview = board.locator("ul.files li", has_text="bien-ban-hoi-nghi.pdf").locator(
        "details.preview")
    preview.locator("summary").click()
    first_page = preview.locator("img").first
    first_page.scroll_into_view_if_needed()
    board.wait_for_function(
        "img => img.complete && img.naturalWidth > 500", arg=first_page.element_handle())
    assert "Trang 1/2" in preview.inner_text()
    assert "Đơn vị sẽ gửi biên bản" in board.locator("#thread").inner_text()
    board.fill("textarea[name='thread-body']", "Ban đã nhận biên bản.")
    board.click("#thread button[type=submit]")
    _shot(board, artifacts, "desk-02-changes-preview-thread")
    assert [c.side for c in ReportComment.objects.filter(report=report)] == ["unit"]
    assert [c.side for c in ReportComment.objects.filter(report=second)] == ["board"]
    thread = board.locator("#thread").inner_text()
    assert thread.index("Đơn vị sẽ gửi") < thread.index("Ban đã nhận biên bản")

    phone_ctx, phone = _session(chromium, live_server, "danvan", viewport=PHONE)
    phone.goto(f"{live_server.url}/bao-cao/{second.pk}/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the report page scrolls sideways at 390 px ({width})"
    _shot(phone, artifacts, "desk-03-phone")

    en_ctx, en = _session(chromium, live_server, "danvan")
    en.goto(f"{live_server.url}/bao-cao/{second.pk}/")
    en.click("form.lang button[value=en]")
    en.wait_for_load_state("networkidle")
    en.goto(f"{live_server.url}/bao-cao/{second.pk}/")
    text = en.locator("main").inner_text()
    assert f"Changes since version {report.version}" in text and "Thread" in text
    _shot(en, artifacts, "desk-04-english")

    # Accept from the queue with the bulk action.
    board.goto(f"{live_server.url}/tham-dinh/")
    board.check(f"input[name=reports][value='{second.pk}']")
    board.click("#bulk button[type=submit]")
    assert "Đã chấp nhận 1 báo cáo" in board.locator(".msg-success").inner_text()
    second.refresh_from_db()
    assert second.status == ProgressReport.Status.ACCEPTED
    for ctx in (board_ctx, rep_ctx, phone_ctx, en_ctx):
        ctx.close()


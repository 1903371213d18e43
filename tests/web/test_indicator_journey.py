"""The Youth Union reports the gathering indicators in a real browser, on the demo.

Tỉnh đoàn (tinhdoan) writes its report on the item measured by indicators with "trong đó"
rows, attaches the minutes and saves a draft → submits → the board (danvan) returns it →
Tỉnh đoàn corrects one figure, keeps the minutes it sent (carried forward, not uploaded
again), adds a photo, takes off a file attached by mistake and resubmits → the board sees
the files of that version and accepts. The figures then appear in the directive summary
(API), on the leader's dashboard and in the consolidated report (DOCX and XLSX).
Screenshots go to tests/artifacts/ (ind-*.png).
"""

import io
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from assignments.models import ReportObligation
from devtools.demo.loader import INDICATOR_ITEM_ORDER
from reports.models import Indicator, IndicatorValue, ProgressReport
from tests.web.conftest import PHONE, click_for_new_page
from tests.web.conftest import browser_session as _session
from tests.web.conftest import screenshot as _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINUTES = b"%PDF-1.4\n% bien ban hoi nghi tap hop thanh nien\n"
PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# What Tỉnh đoàn reports this period: {indicator code: {breakdown: value}}.
FIGURES = {
    "eligible": {"": 120_400, "dn_ngoai_nha_nuoc": 9_630, "vung_dtts": 62_610,
                 "vung_ton_giao": 25_280},
    "gathered": {"": 93_870, "dn_ngoai_nha_nuoc": 4_420, "vung_dtts": 45_170,
                 "vung_ton_giao": 16_150},
    "admitted": {"": 2_315, "dn_ngoai_nha_nuoc": 212, "vung_dtts": 1_104,
                 "vung_ton_giao": 388},
}
# The indicators in the form's order (they share their breakdown labels).
_ORDER = {"eligible": 0, "gathered": 1, "admitted": 2}
# After the return: the number gathered in ethnic-minority areas, corrected.
CORRECTED = 46_020


def _box(page, indicator: Indicator, label: str):
    """The figure box of an indicator's total ("") or of one of its "trong đó" rows."""
    fieldset = page.locator("fieldset.indicators")
    text = (f"{indicator.name} ({indicator.unit_of_measure})" if label == ""
            else f"— {label} ({indicator.unit_of_measure})")
    field = fieldset.locator(".field", has=page.locator("label", has_text=text))
    # The three indicators share their breakdown labels: take this indicator's n-th row.
    return field.nth(0 if label == "" else _ORDER[indicator.code]).locator("input")


def _expected(code: str, breakdown: str) -> int:
    if code == "gathered" and breakdown == "vung_dtts":
        return CORRECTED
    return FIGURES[code][breakdown]


def _files(page) -> list[str]:
    return [t.strip() for t in page.locator(".evidence-box ul.files li a").all_inner_texts()]


def test_youth_union_reports_indicators_returned_resubmitted_accepted(
        chromium, live_server, demo_today, artifacts):
    obligation = (ReportObligation.objects
                  .filter(assignment__unit__code="btv-tinhdoan",
                          assignment__item__order=INDICATOR_ITEM_ORDER,
                          state=ReportObligation.State.NOT_SUBMITTED)
                  .select_related("assignment__item__directive", "period")
                  .order_by("-due_on").first())
    assert obligation is not None
    directive = obligation.assignment.item.directive
    indicators = {i.code: i for i in Indicator.objects.filter(directive=directive)}
    labels = indicators["eligible"].breakdown_labels()
    # Tỉnh đoàn's figures from its last accepted report, which the new ones replace in the
    # totals ("latest" indicators): read straight from the rows.
    previous = {(v.indicator.code, v.breakdown): v.reported_value
                for v in IndicatorValue.objects.filter(
                    report__obligation__assignment__unit__code="btv-tinhdoan",
                    report__status=ProgressReport.Status.ACCEPTED,
                    indicator__directive=directive)
                .order_by("report__obligation__period__starts_on", "report__decided_at")
                .select_related("indicator")}

    board_ctx, board = _session(chromium, live_server, "danvan")
    summary_url = f"{live_server.url}/api/v1/directives/{directive.pk}/summary/"
    before = {i["code"]: i for i in board.request.get(summary_url).json()["indicators"]}

    # Tỉnh đoàn writes the report: text, every figure and its "trong đó" rows, the minutes.
    rep_ctx, rep = _session(chromium, live_server, "tinhdoan")
    rep.goto(f"{live_server.url}/yeu-cau/{obligation.pk}/")
    assert rep.locator("fieldset.indicators").count() == 1
    figures_text = rep.locator("fieldset.indicators").inner_text()
    assert "— Doanh nghiệp ngoài nhà nước (người)" in figures_text
    assert "['" not in figures_text and "dn_ngoai_nha_nuoc" not in figures_text
    rep.fill("textarea[name=leadership_text]",
             "Ban Thường vụ Tỉnh đoàn ban hành kế hoạch tập hợp thanh niên công nhân.")
    rep.fill("textarea[name=results_text]",
             "Tập hợp 93.870 thanh niên; thành lập 14 chi đoàn trong doanh nghiệp.")
    for code, figures in FIGURES.items():
        for breakdown, value in figures.items():
            label = labels.get(breakdown, "")
            _box(rep, indicators[code], label).fill(str(value))
    rep.set_input_files("input[name=evidence]", files=[{
        "name": "bien-ban-tap-hop.pdf", "mimeType": "application/pdf", "buffer": MINUTES}])
    click_for_new_page(rep, "button[value=save]")
    assert rep.locator(".msg-success").inner_text() == "Đã lưu bản nháp."
    assert _files(rep) == ["bien-ban-tap-hop.pdf"]
    assert _box(rep, indicators["gathered"], labels["vung_dtts"]).input_value() == "45170"
    _shot(rep, artifacts, "ind-01-reporter-draft-with-breakdowns")
    click_for_new_page(rep, "button[value=submit]")
    assert "Đã nộp báo cáo" in rep.locator(".msg-success").inner_text()
    first = ProgressReport.objects.get(obligation=obligation, version=1)
    assert first.status == ProgressReport.Status.SUBMITTED

    # The board reads the figures and the minutes, and returns the report.
    board.goto(f"{live_server.url}/bao-cao/{first.pk}/")
    assert board.locator("ul.files a", has_text="bien-ban-tap-hop.pdf").count() == 1
    _shot(board, artifacts, "ind-02-board-reads-first-version")
    board.fill("form[action$='/tra-lai/'] textarea[name=comment]",
               "Số thanh niên vùng đồng bào DTTS đã tập hợp chưa khớp với báo cáo huyện.")
    board.click("form[action$='/tra-lai/'] button[type=submit]")
    assert "Đã trả lại báo cáo" in board.locator(".msg-success").inner_text()

    # Tỉnh đoàn: the new version keeps the figures and the minutes sent before.
    rep.goto(f"{live_server.url}/yeu-cau/{obligation.pk}/")
    assert "chưa khớp" in rep.locator(".callout-returned").inner_text()
    box = rep.locator(".evidence-box")
    assert "được giữ trong bản nộp lại" in box.inner_text()
    assert _files(rep) == ["bien-ban-tap-hop.pdf"]
    assert _box(rep, indicators["gathered"], labels["vung_dtts"]).input_value() == "45170"
    _shot(rep, artifacts, "ind-03-reporter-returned")
    _box(rep, indicators["gathered"], labels["vung_dtts"]).fill(str(CORRECTED))
    rep.set_input_files("input[name=evidence]", files=[{
        "name": "nham-tep.txt", "mimeType": "text/plain", "buffer": b"tep dinh kem nham"}])
    click_for_new_page(rep, "button[value=save]")
    assert rep.locator(".msg-success").inner_text() == "Đã lưu bản nháp."
    assert sorted(_files(rep)) == ["bien-ban-tap-hop.pdf", "nham-tep.txt"]
    carried = rep.locator(".evidence-box li", has_text="bien-ban-tap-hop.pdf")
    assert "đã gửi ở lần trước" in carried.inner_text()
    # The file attached by mistake is taken off; a photo is added.
    rep.locator(".evidence-box li", has_text="nham-tep.txt").locator("button").click()
    assert "Đã gỡ tệp" in rep.locator(".msg-success").inner_text()
    assert _files(rep) == ["bien-ban-tap-hop.pdf"]
    rep.set_input_files("input[name=evidence]", files=[{
        "name": "anh-ra-mat-chi-doan.png", "mimeType": "image/png", "buffer": PHOTO}])
    click_for_new_page(rep, "button[value=save]")
    assert sorted(_files(rep)) == ["anh-ra-mat-chi-doan.png", "bien-ban-tap-hop.pdf"]
    _shot(rep, artifacts, "ind-04-reporter-resubmission-files")
    click_for_new_page(rep, "button[value=submit]")
    assert "Đã nộp báo cáo" in rep.locator(".msg-success").inner_text()
    second = ProgressReport.objects.get(obligation=obligation, version=2)
    assert second.status == ProgressReport.Status.SUBMITTED

    # The board sees this version's files (the minutes, carried; the photo) and accepts.
    board.goto(f"{live_server.url}/bao-cao/{second.pk}/")
    files = board.locator("ul.files").first
    assert "Không có tệp đính kèm" not in files.inner_text()
    assert sorted(t.strip() for t in files.locator("a").all_inner_texts()) == \
        ["anh-ra-mat-chi-doan.png", "bien-ban-tap-hop.pdf"]
    minutes = board.request.get(
        live_server.url + files.locator("a", has_text="bien-ban-tap-hop.pdf")
        .get_attribute("href"))
    assert minutes.ok and minutes.body() == MINUTES
    _shot(board, artifacts, "ind-05-board-reviews-resubmission")
    board.click("form[action$='/chap-nhan/'] button[type=submit]")
    assert "Đã chấp nhận" in board.locator(".msg-success").inner_text()
    second.refresh_from_db()
    assert second.status == ProgressReport.Status.ACCEPTED
    assert sorted(e.original_name for e in second.evidence.all()) == \
        ["anh-ra-mat-chi-doan.png", "bien-ban-tap-hop.pdf"]
    # The first version still shows what it was sent with, and nothing more.
    assert [e.original_name for e in first.evidence.all()] == ["bien-ban-tap-hop.pdf"]

    # The directive summary (API): Tỉnh đoàn's figures, and the totals moved by exactly
    # the difference from its previous figures.
    after = {i["code"]: i for i in board.request.get(summary_url).json()["indicators"]}
    unit_id = obligation.assignment.unit_id
    for code in ("eligible", "gathered"):  # "latest" indicators
        mine = next(u for u in after[code]["units"] if u["unit"] == unit_id)
        assert Decimal(str(mine["reported"])) == _expected(code, "")
        for breakdown in ("", *labels):
            old = previous.get((code, breakdown), Decimal(0))
            total_before = (before[code]["reported"] if breakdown == "" else next(
                b["reported"] for b in before[code]["breakdowns"] if b["code"] == breakdown))
            total_after = (after[code]["reported"] if breakdown == "" else next(
                b["reported"] for b in after[code]["breakdowns"] if b["code"] == breakdown))
            assert Decimal(str(total_after)) - Decimal(str(total_before or 0)) == \
                _expected(code, breakdown) - old, (code, breakdown)
    # "admitted" adds up every accepted report: it grew by this report's figures.
    assert Decimal(str(after["admitted"]["reported"])) - \
        Decimal(str(before["admitted"]["reported"])) == FIGURES["admitted"][""]

    # The leader's dashboard: Tỉnh đoàn's row under "Theo đơn vị".
    leader_ctx, leader = _session(chromium, live_server, "lanhdao")
    leader.goto(f"{live_server.url}/tong-quan/")
    card = leader.locator("section.indicators")
    gathered_row = card.locator("tr", has=leader.locator("strong",
                                                          has_text=indicators["gathered"].name))
    assert gathered_row.locator("td.num").first.inner_text().replace(".", "").replace(
        ",", "") == str(int(after["gathered"]["reported"]))
    # (the table itself sits in a details that is open on a laptop, folded on a phone)
    details = card.locator("details:not(.fold)").nth(0)
    details.locator("summary").click()
    youth = details.locator("tr", has_text="Tỉnh đoàn")
    assert youth.locator("td.num").first.inner_text().replace(".", "").replace(",", "") == \
        str(FIGURES["gathered"][""])
    _shot(leader, artifacts, "ind-06-leader-dashboard-indicators")

    # The consolidated report: Tỉnh đoàn's line and its "trong đó" lines, in both formats.
    report_url = f"{live_server.url}/api/v1/directives/{directive.pk}/report/"
    docx = board.request.get(report_url + "?format=docx")
    assert docx.ok
    rows = [[c.text.strip() for c in r.cells]
            for t in Document(io.BytesIO(docx.body())).tables for r in t.rows]
    xlsx = board.request.get(report_url + "?format=xlsx")
    assert xlsx.ok
    book = load_workbook(io.BytesIO(xlsx.body()), read_only=True)
    cells = [[c for c in row] for ws in book.worksheets for row in ws.iter_rows(values_only=True)]
    for table, as_number in ((rows, _docx_number), (cells, _xlsx_number)):
        # Bảng 4: the unit's line, followed by its "trong đó" lines.
        youth_at = next(n for n, r in enumerate(table[:-1]) if r and str(r[0]).strip()
                        in ("Ban Thường vụ Tỉnh đoàn", "Tỉnh đoàn")
                        and "trong đó" in str(table[n + 1][0]))
        lines = {"": table[youth_at]}
        for offset, (code, label) in enumerate(labels.items(), start=1):
            line = table[youth_at + offset]
            assert label in str(line[0])
            lines[code] = line
        for breakdown, line in lines.items():
            numbers = [as_number(v) for v in line[1:]]
            # The rate columns: eligible, gathered, rate, target, against; then admitted.
            assert numbers[0] == _expected("eligible", breakdown), (breakdown, line)
            assert numbers[1] == _expected("gathered", breakdown), (breakdown, line)

    # In English on a phone, the reporter's page after acceptance.
    for ctx in (rep_ctx, board_ctx, leader_ctx):
        ctx.close()
    en_ctx, en = _session(chromium, live_server, "tinhdoan", viewport=PHONE, locale="en-US")
    en.goto(f"{live_server.url}/bao-cao/{second.pk}/")
    en.click("button[value=en]")
    assert en.locator("html").get_attribute("lang") == "en"
    assert "Indicator" in en.locator("article.report").inner_text()
    assert en.locator("ul.files a", has_text="bien-ban-tap-hop.pdf").count() == 1
    _shot(en, artifacts, "ind-07-reporter-accepted-phone")
    en_ctx.close()


def _docx_number(text) -> Decimal | None:
    text = str(text or "").strip().replace(".", "").replace(",", ".")
    try:
        return Decimal(text) if text else None
    except ArithmeticError:
        return None


def _xlsx_number(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None

"""The consolidated report: its figures agree with the summary for the same day."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from directives.models import Directive
from reports.consolidated import consolidated_report, unit_as_of
from reports.documents import OBLIGATION_COLUMNS, render_docx, render_xlsx
from reports.exports import consolidated_export
from reports.indicators import indicator_summary
from reports.summaries import directive_summary
from tracker.models import Event, Unit
from tracker.policy import SYSTEM

pytestmark = pytest.mark.django_db

DAYS = [dt.date(2021, 12, 31), dt.date(2023, 12, 31), dt.date(2026, 11, 27)]


@pytest.fixture
def directive(demo):
    """The demo's directive (tests/demo.py's `demo`, as of 27/11/2026, once for the module)."""
    return Directive.objects.get(number="06-CT/TU")


def _table_1(document: Document) -> list[str]:
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Phạm vi")
    return [c.text for c in table.rows[1].cells]


@pytest.mark.parametrize("day", DAYS)
def test_docx_figures_match_the_summary(directive, day):
    summary = directive_summary(directive=directive, day=day, user=SYSTEM)
    report = consolidated_report(directive=directive, day=day, user=SYSTEM)
    document = Document(io.BytesIO(render_docx(report)))
    row = _table_1(document)
    o = summary["obligations"]
    expected = [str(o["due"]), *[str(o["counts"][v]) for v, _l in OBLIGATION_COLUMNS]]
    # Numbers are printed Vietnamese style (1.234): compare digits only.
    assert [cell.replace(".", "") for cell in row[1:8]] == expected
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"Tính đến ngày {day:%d/%m/%Y}" in text
    assert f"chưa nộp quá hạn {o['counts']['overdue']} lượt" in text


def test_docx_layout_follows_the_party_format(directive):
    document = Document(io.BytesIO(render_docx(
        consolidated_report(directive=directive, day=dt.date(2023, 12, 31), user=SYSTEM,
                            issued_on=dt.date(2023, 12, 31)))))
    header = document.tables[0]
    left, right = (c.text for c in header.rows[0].cells)
    assert "TỈNH ỦY KON TUM" in left and "BAN DÂN VẬN" in left and "Số" in left
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in right
    assert "Kon Tum, ngày 31 tháng 12 năm 2023" in right
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    for heading in ("I. TÌNH HÌNH, KẾT QUẢ THỰC HIỆN", "II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN",
                    "III. BÀI HỌC KINH NGHIỆM",
                    "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI",
                    "V. ĐỀ XUẤT, KIẾN NGHỊ", "PHỤ LỤC SỐ LIỆU"):
        assert heading in texts
    assert texts[texts.index("BÁO CÁO") + 1].startswith(
        "kết quả thực hiện Chỉ thị số 06-CT/TU, ngày 07/9/2021")
    section = document.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_snapshot_is_stable_for_a_past_day(directive):
    """A past day's report does not change as later work is done."""
    from reports.models import ProgressReport
    from reports.services import report_accept

    before = directive_summary(directive=directive, day=dt.date(2023, 12, 31), user=SYSTEM)
    waiting = ProgressReport.objects.filter(status="submitted").first()
    report_accept(report=waiting, actor=directive.supervising_unit.memberships.first().user)
    after = directive_summary(directive=directive, day=dt.date(2023, 12, 31), user=SYSTEM)
    assert before["obligations"] == after["obligations"]
    assert before["assignments"] == after["assignments"]


def test_indicators_are_totalled_against_targets(directive):
    rows = {r["code"]: r for r in indicator_summary(directive=directive,
                                                    day=dt.date(2026, 11, 27), user=SYSTEM)}
    gathered, eligible = rows["gathered"], rows["eligible"]
    assert len(gathered["units"]) == 6
    assert gathered["reported"] == sum(u["reported"] for u in gathered["units"])
    assert gathered["rate"] == pytest.approx(100 * gathered["reported"] / eligible["reported"],
                                             abs=0.01)
    assert gathered["target_rate"] == 85.0
    assert {b["code"] for b in gathered["breakdowns"]} == {
        "dn_ngoai_nha_nuoc", "vung_dtts", "vung_ton_giao"}
    early = {r["code"]: r
             for r in indicator_summary(directive=directive, day=dt.date(2022, 12, 31),
                                        user=SYSTEM)}
    assert rows["admitted"]["reported"] > early["admitted"]["reported"]  # sum over time


def test_xlsx_has_the_appendix_tables_and_is_formula_safe(directive):
    workbook = load_workbook(io.BytesIO(render_xlsx(
        consolidated_report(directive=directive, day=dt.date(2026, 11, 27), user=SYSTEM))))
    assert workbook.sheetnames[:3] == ["Bảng 1", "Bảng 2", "Bảng 3"]
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value.startswith("="))


def test_export_is_logged_and_scoped(directive):
    reviewer = Unit.objects.get(code="bdv-tu").memberships.first().user
    data, filename, content_type = consolidated_export(
        directive=directive, day=dt.date(2023, 12, 31), fmt="docx", actor=reviewer)
    assert filename == "bao-cao-06-CT-TU-20231231.docx" and data[:2] == b"PK"
    assert Event.objects.filter(verb="exported", actor=reviewer).exists()
    # A unit's own export only carries its own units.
    reporter = Unit.objects.get(code="btv-tinhdoan").memberships.get(role="reporter").user
    mine = consolidated_report(directive=directive, day=dt.date(2023, 12, 31), user=reporter)
    assert {u["code"] for u in mine.summary["units"]} == {"btv-tinhdoan"}


def test_issuing_body_follows_the_registry_as_of_the_day(directive):
    board = Unit.objects.get(code="bdv-tu")
    merged = Unit.objects.create(code="btgdv-test", name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
                                 kind="advisory_board")
    Unit.objects.filter(pk=board.pk).update(successor=merged, dissolved_on=dt.date(2025, 3, 1))
    board.refresh_from_db()
    assert unit_as_of(board, dt.date(2024, 12, 31)).name == "Ban Dân vận Tỉnh ủy"
    assert unit_as_of(board, dt.date(2025, 6, 30)).name == merged.name
    Unit.objects.filter(pk=board.pk).update(successor=None, dissolved_on=None)


def test_export_report_command(directive, tmp_path):
    out = tmp_path / "r.docx"
    call_command("export_report", "06-CT/TU", "--as-of", "2023-12-31", "--format", "docx",
                 "-o", str(out))
    assert out.read_bytes()[:2] == b"PK"
    out_x = tmp_path / "r.xlsx"
    call_command("export_report", "06-CT/TU", "--as-of", "2023-12-31", "--format", "xlsx",
                 "-o", str(out_x))
    assert load_workbook(out_x).sheetnames[0] == "Bảng 1"

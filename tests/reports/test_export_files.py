"""Exports that open well: each file is opened with openpyxl / python-docx and its
layout checked: frozen, filtered, printable headers; real dates, numbers and rates;
tables whose header repeats and whose titles stay with them; the signing date is the
day the board issues the report."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from openpyxl import load_workbook

from assignments.models import ReportObligation
from reports import services
from reports.consolidated import consolidated_report
from reports.documents import render_docx, render_xlsx
from reports.sheets import DATE_FORMAT, DATETIME_FORMAT, PERCENT_FORMAT
from tests.conftest import client_for, travel
from tracker.policy import SYSTEM

pytestmark = pytest.mark.django_db

LONG = "Tăng cường công tác dân vận của cả hệ thống chính trị trong tình hình mới " * 3


@pytest.fixture
def reported(published):
    """District A sent (and the board accepted) its H2/2021 report at 40 %; district B
    sent nothing, so it is overdue at the end of 2022."""
    world = published
    first = ReportObligation.objects.filter(
        assignment__unit=world.district_a, assignment__item=world.continuous
    ).order_by("due_on").first()
    with travel("2021-12-10"):
        report = services.report_create(obligation=first, author=world.reporter_a,
                                        results_text=LONG, progress_percent=40)
        services.report_submit(report=report, actor=world.reporter_a)
    with travel("2021-12-12"):
        services.report_accept(report=report, actor=world.reviewer)
    return world


def _xlsx(response):
    assert response.status_code == 200, response.content[:300]
    return load_workbook(io.BytesIO(response.content))


def _header_map(sheet, row: int = 1) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[row]}


def _assert_printable(sheet, header_row: int, columns: int, rows: int) -> None:
    assert sheet.freeze_panes == f"A{header_row + 1}"
    last = sheet.cell(row=header_row, column=columns).column_letter
    assert sheet.auto_filter.ref == f"A{header_row}:{last}{header_row + rows}"
    assert sheet.print_title_rows == f"${header_row}:${header_row}"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0


def test_list_xlsx_opens_frozen_filtered_and_typed(client, reported):
    client.force_login(reported.reviewer)
    sheet = _xlsx(client.get(reverse("exports:list", args=["obligations"]),
                             {"format": "xlsx", "as_of": "31/12/2022"})).active
    columns = _header_map(sheet)
    rows = sheet.max_row - 1
    assert rows >= 2
    _assert_printable(sheet, 1, len(columns), rows)
    due = sheet.cell(row=2, column=columns["Hạn hiện tại"])
    assert due.is_date and due.number_format == DATE_FORMAT
    assert isinstance(due.value, dt.datetime)  # openpyxl reads a date cell back as one
    overdue = [sheet.cell(row=r, column=columns["Số ngày quá hạn"]).value
               for r in range(2, sheet.max_row + 1)]
    assert any(isinstance(v, int) and v > 0 for v in overdue)  # a number, not text
    # The unit column is wider than the default (8.43) as its names are longer.
    unit_letter = sheet.cell(row=1, column=columns["Đơn vị"]).column_letter
    assert sheet.column_dimensions[unit_letter].width > 10


def test_report_list_has_percent_and_local_times_and_wraps_long_text(client, reported):
    client.force_login(reported.reviewer)
    sheet = _xlsx(client.get(reverse("exports:list", args=["reports"]),
                             {"format": "xlsx"})).active
    columns = _header_map(sheet)
    progress = sheet.cell(row=2, column=columns["Tiến độ (%)"])
    assert progress.value == pytest.approx(0.4) and progress.number_format == PERCENT_FORMAT
    submitted = sheet.cell(row=2, column=columns["Nộp lúc"])
    assert submitted.is_date and submitted.number_format == DATETIME_FORMAT
    assert submitted.value.date() == dt.date(2021, 12, 10)  # local wall time, no zone
    results = sheet.cell(row=2, column=columns["Kết quả"])
    letter = results.column_letter
    assert sheet.column_dimensions[letter].width == 60  # capped, then wrapped
    assert results.alignment.wrap_text
    _assert_printable(sheet, 1, len(columns), 1)


def test_csv_has_a_bom_and_dd_mm_yyyy_dates(client, reported):
    client.force_login(reported.reviewer)
    response = client.get(reverse("exports:list", args=["obligations"]), {"format": "csv"})
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Vietnamese right
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    due = rows[1][rows[0].index("Hạn hiện tại")]
    assert dt.datetime.strptime(due, "%d/%m/%Y")  # noqa: DTZ007 - a calendar day
    assert "Huyện ủy A" in {row[3] for row in rows[1:]}


def test_consolidated_xlsx_sheets_are_typed_and_printable(reported):
    report = consolidated_report(directive=reported.directive, day=dt.date(2022, 12, 31),
                                 user=SYSTEM)
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))
    table_1 = workbook["Bảng 1"]
    header = _header_map(table_1, 3)
    _assert_printable(table_1, 3, len(header), table_1.max_row - 3)
    rate = table_1.cell(row=4, column=header["Tỷ lệ đã nộp (%)"])
    expected = report.summary["obligations"]["submitted_rate"]
    assert rate.number_format == PERCENT_FORMAT
    assert rate.value == pytest.approx(float(expected) / 100)
    due = table_1.cell(row=4, column=header["Đến hạn"])
    assert due.value == report.summary["obligations"]["due"] and isinstance(due.value, int)
    overdue = workbook["Bảng 5"]
    header_5 = _header_map(overdue, 3)
    first_due = overdue.cell(row=4, column=header_5["Hạn sớm nhất"])
    assert first_due.is_date and first_due.number_format == DATE_FORMAT


def _appendix_tables(document):
    return [t for t in document.tables if "Table Grid" in (t.style.name if t.style else "")]


def test_docx_tables_repeat_headers_keep_titles_and_right_align_numbers(reported):
    report = consolidated_report(directive=reported.directive, day=dt.date(2022, 12, 31),
                                 user=SYSTEM, issued_on=dt.date(2023, 1, 9))
    document = Document(io.BytesIO(render_docx(report)))
    tables = _appendix_tables(document)
    assert len(tables) >= 5
    for table in tables:
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        for row in table.rows[1:]:
            texts = sum(len(c.text) for c in row.cells)
            if texts < 400:
                assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    table_1 = next(t for t in tables if t.rows[0].cells[0].text == "Phạm vi")
    due = table_1.rows[1].cells[1].paragraphs[0]
    assert due.text == str(report.summary["obligations"]["due"])
    assert due.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table_1.rows[1].cells[0].paragraphs[0].alignment != WD_ALIGN_PARAGRAPH.RIGHT
    titles = [p for p in document.paragraphs if p.text.startswith("Bảng ")]
    assert len(titles) == len(tables)
    assert all(p.paragraph_format.keep_with_next for p in titles)
    headings = [p for p in document.paragraphs if p.text.startswith(("I. ", "II. ", "V. "))]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)


def test_docx_is_signed_on_its_issue_day_not_the_as_of_day(reported):
    report = consolidated_report(directive=reported.directive, day=dt.date(2022, 12, 31),
                                 user=SYSTEM, issued_on=dt.date(2023, 1, 9))
    document = Document(io.BytesIO(render_docx(report)))
    right = document.tables[0].rows[0].cells[1].text
    assert "ngày 09 tháng 01 năm 2023" in right and "31 tháng 12" not in right
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Tính đến ngày 31/12/2022" in text  # the figures stay as of the day asked


def test_issue_day_defaults_to_today_in_vietnam(client, reported):
    client.force_login(reported.reviewer)
    url = reverse("exports:report", args=[reported.directive.pk])
    with travel("2023-01-10", hour=0, minute=30):  # still the 9th in UTC
        response = client.get(url, {"format": "docx", "as_of": "31/12/2022"})
    assert response.status_code == 200
    right = Document(io.BytesIO(response.content)).tables[0].rows[0].cells[1].text
    assert "ngày 10 tháng 01 năm 2023" in right


def test_the_page_form_takes_and_checks_the_issue_day(client, reported):
    client.force_login(reported.reviewer)
    url = reverse("exports:report", args=[reported.directive.pk])
    good = client.get(url, {"format": "docx", "as_of": "31/12/2022",
                            "issued_on": "05/01/2023"})
    assert good.status_code == 200
    right = Document(io.BytesIO(good.content)).tables[0].rows[0].cells[1].text
    assert "ngày 05 tháng 01 năm 2023" in right
    malformed = client.get(url, {"format": "docx", "issued_on": "31/02/2023"})
    assert malformed.status_code == 400
    assert 'id="id_issued_on"' in malformed.content.decode()
    assert malformed.context["form"].errors.keys() == {"issued_on"}
    early = client.get(url, {"format": "docx", "as_of": "31/12/2022",
                             "issued_on": "30/12/2022"})
    assert early.status_code == 400
    assert "31/12/2022" in early.context["form"].errors["issued_on"][0]
    page = client.get(reverse("web:directive-detail", args=[reported.directive.pk]))
    assert 'name="issued_on"' in page.content.decode()


def test_the_api_takes_and_checks_the_issue_day(reported):
    api = client_for(reported.reviewer)
    url = f"/api/v1/directives/{reported.directive.pk}/report/"
    good = api.get(url, {"format": "docx", "as_of": "2022-12-31", "issued_on": "2023-01-05"})
    assert good.status_code == 200
    right = Document(io.BytesIO(good.content)).tables[0].rows[0].cells[1].text
    assert "ngày 05 tháng 01 năm 2023" in right
    for params in ({"issued_on": "2023-02-31"}, {"issued_on": "hôm nay"},
                   {"as_of": "2022-12-31", "issued_on": "2022-12-30"}):
        bad = api.get(url, {"format": "docx", **params})
        assert bad.status_code == 400, params
        assert list(bad.json()["errors"]) == ["issued_on"], bad.json()
    assert list(api.get(url, {"format": "pdf"}).json()["errors"]) == ["format"]

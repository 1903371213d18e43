"""One control character must not take the consolidated report down.

Text pasted from Word or typed through the API can carry control characters
(U+0000–U+001F other than tab, newline and carriage return, and U+007F). XML
cannot hold them, so python-docx and openpyxl refuse them and every export that
printed such a text answered 500 for the board, the leaders and the units alike.

Two stories: a unit and the board type them through the API (they are cleaned on
the way in), and rows stored before the fix still hold them (the writers clean
them on the way out).
"""

import datetime as dt
import io

import pytest
from django.db import connection
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from rest_framework.test import APIClient

from assignments.models import Assignment, ExtensionRequest, ReportObligation
from directives.models import Section
from reports.models import ProgressReport, Review
from tests.conftest import travel
from tracker.appendonly import log_purge

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
DAY = dt.date(2022, 1, 20)
# A bell, a unit separator, a terminal escape, DEL and Word's manual line break (VT).
DIRTY = "Kết quả quán\x07 triệt\x1f nghị quyết\x1b[0m\x7f\x0bdòng hai"


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def _ok(response, what: str):
    assert response.status_code in (200, 201), (what, response.status_code,
                                                 response.content[:500])
    return response.json()


def _control_free(text: str) -> bool:
    return not any((ord(ch) < 32 and ch not in "\t\n\r") or ord(ch) == 0x7F for ch in text)


def _everything_in(docx_bytes: bytes) -> str:
    document = Document(io.BytesIO(docx_bytes))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def _cells_of(xlsx_bytes: bytes) -> str:
    workbook = load_workbook(io.BytesIO(xlsx_bytes))
    return "\n".join(str(value) for sheet in workbook.worksheets
                     for row in sheet.iter_rows(values_only=True) for value in row
                     if value is not None)


@pytest.fixture
def dirty_story(published):
    """The board adds a section with a dirty addressee and an item in it; district A
    reports with dirty parts, the board accepts with a dirty comment; district A asks
    for more time with a dirty reason and the board approves. All through the API."""
    w = published
    board, unit = _client(w.reviewer), _client(w.reporter_a)
    with travel("2022-01-05"):
        section = _ok(board.post(f"{V1}/directives/{w.directive.pk}/sections/",
                                 {"addressee": "Các huyện ủy\x0b" + DIRTY}, format="json"),
                      "section")
        _ok(board.post(f"{V1}/items/", {"directive": w.directive.pk, "section": section["id"],
                                        "content": "Nhiệm vụ\x01 mới " + DIRTY},
                       format="json"), "item")
        obligation = ReportObligation.objects.filter(
            assignment__unit=w.district_a, assignment__item=w.continuous).order_by(
            "due_on").first()
        report = _ok(unit.post(f"{V1}/reports/", {
            "obligation": obligation.pk, "text": "Tóm tắt\x02 " + DIRTY,
            "leadership_text": "Lãnh đạo\x03 " + DIRTY, "results_text": DIRTY,
            "shortcomings_text": "Hạn chế\x0c " + DIRTY, "next_steps_text": "Tiếp\x1e " + DIRTY,
            "proposals_text": "Kiến nghị\x08 " + DIRTY, "progress_percent": 50,
        }, format="json"), "report")
        _ok(unit.post(f"{V1}/reports/{report['id']}/submit/"), "submit")
        _ok(board.post(f"{V1}/reports/{report['id']}/accept/",
                       {"comment": "Đạt\x0e " + DIRTY}, format="json"), "accept")
        fixed = Assignment.objects.get(item=w.fixed, unit=w.district_a)
        asked = _ok(unit.post(f"{V1}/extension-requests/", {
            "assignment": fixed.pk, "requested_due_on": "2022-03-31",
            "reason": "Chờ\x15 sơ kết " + DIRTY}, format="json"), "extension")
        _ok(board.post(f"{V1}/extension-requests/{asked['id']}/approve/",
                       {"note": "Đồng ý\x10"}, format="json"), "approve")
    w.report_id = report["id"]
    return w


def _readers(w):
    return {"board": w.reviewer, "leader": w.leader, "unit": w.reporter_a}


def _download_everything(w) -> None:
    """Every export that prints these texts: 200 and a file that opens, for each reader."""
    for who, user in _readers(w).items():
        api = _client(user)
        for fmt in ("docx", "xlsx"):
            response = api.get(f"{V1}/directives/{w.directive.pk}/report/",
                               {"as_of": DAY.isoformat(), "format": fmt})
            assert response.status_code == 200, (who, fmt, response.content[:300])
            text = (_everything_in if fmt == "docx" else _cells_of)(response.content)
            assert _control_free(text), (who, fmt)
            assert "Kết quả quán triệt nghị quyết" in text, (who, fmt)

            page = _client(user)
            page.force_login(user)
            response = page.get(reverse("exports:report", args=[w.directive.pk]),
                                {"as_of": f"{DAY:%d/%m/%Y}", "format": fmt})
            assert response.status_code == 200, (who, "page", fmt)
            (_everything_in if fmt == "docx" else _cells_of)(response.content)

        page = _client(user)
        page.force_login(user)
        listing = page.get(reverse("exports:list", args=["reports"]), {"format": "xlsx"})
        assert listing.status_code == 200, (who, "reports list")
        body = (b"".join(listing.streaming_content) if listing.streaming
                else listing.content)
        cells = _cells_of(body)
        assert "Kết quả quán triệt nghị quyết" in cells and _control_free(cells), who


def test_text_typed_with_control_characters_is_stored_clean(dirty_story):
    w = dirty_story
    with travel(DAY):
        report = ProgressReport.objects.get(pk=w.report_id)
    stored = [Section.objects.get(directive=w.directive).addressee,
              w.directive.items.get(content__startswith="Nhiệm vụ").content,
              report.text, report.leadership_text, report.results_text,
              report.shortcomings_text, report.next_steps_text, report.proposals_text,
              Review.objects.get(report=report).comment,
              ExtensionRequest.objects.get().reason, ExtensionRequest.objects.get().decision_note]
    assert all(_control_free(text) for text in stored), stored
    # Word's manual line break and page break become line breaks; the rest is dropped.
    assert report.results_text == "Kết quả quán triệt nghị quyết[0m\ndòng hai"
    assert Review.objects.get(report=report).comment.startswith("Đạt ")


def test_every_export_opens_for_every_reader_after_dirty_input(dirty_story):
    with travel(DAY, 10):
        _download_everything(dirty_story)


def test_rows_stored_before_the_fix_still_export(dirty_story):
    """Rows written before the cleaning existed (raw SQL, past every field) still export:
    the writers strip what XML cannot hold."""
    w = dirty_story
    dirty = "Kết quả quán\x07 triệt\x1f nghị quyết\x00\x7f\x0bdòng hai"
    tables = [
        (Section._meta.db_table, "addressee", Section.objects.get(directive=w.directive).pk),
        (ProgressReport._meta.db_table, "results_text", w.report_id),
        (ProgressReport._meta.db_table, "leadership_text", w.report_id),
        (ProgressReport._meta.db_table, "text", w.report_id),
        (ProgressReport._meta.db_table, "unit_name", w.report_id),
        (Review._meta.db_table, "comment", Review.objects.get().pk),
        (ExtensionRequest._meta.db_table, "reason", ExtensionRequest.objects.get().pk),
        (w.district_a._meta.db_table, "name", w.district_a.pk),
    ]
    if connection.vendor == "postgresql":  # PostgreSQL text cannot hold NUL at all
        dirty = dirty.replace("\x00", "")
    # Rows from before the log was append-only too (a review, a decided request): written
    # past the guard and PostgreSQL's trigger, as only a data migration could.
    with log_purge(), connection.cursor() as cursor:
        for table, column, pk in tables:
            cursor.execute(f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s',  # noqa: S608
                           [dirty, pk])
    assert ProgressReport.objects.get(pk=w.report_id).results_text == dirty
    with travel(DAY, 10):
        _download_everything(w)

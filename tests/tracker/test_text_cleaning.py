"""Text is kept one way, however it arrives: composed Vietnamese (NFC) and no control
characters (tab, newline and carriage return stay).

Word and macOS paste Vietnamese decomposed (NFD): "Ủy" as U+0055 U+031B U+0309. It
looks the same on screen but matches no search and sorts apart. Control characters
(a bell, Word's manual line break, an escape) cannot be written to DOCX/XLSX at all.
The rule lives in tracker.text; the model fields (tracker.fields) apply it to every
write path (pages, API, admin, services, update(), bulk_create()), the importer at
its entry.
"""

import datetime as dt
import unicodedata

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from assignments.models import ReportObligation
from directives.importing import import_preview
from directives.models import Section
from reports.models import Indicator, ProgressReport
from tests.conftest import travel
from tracker.models import Holiday, Unit
from tracker.text import clean_text

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
COMPOSED = "Ban Thường vụ Tỉnh ủy quán triệt Nghị quyết"
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


def _stored(model, pk: int, column: str) -> str:
    """The value as the database holds it (past any Python-side conversion)."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{model._meta.db_table}" WHERE id = %s',  # noqa: S608
                       [pk])
        return cursor.fetchone()[0]


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.mark.parametrize(("typed", "kept"), [
    ("Bell\x07 and escape\x1b[1m and DEL\x7f", "Bell and escape[1m and DEL"),
    ("NUL\x00 and unit separator\x1f", "NUL and unit separator"),
    ("Word line break\x0bpage break\x0cnext", "Word line break\npage break\nnext"),
    ("tab\tnewline\ncarriage return\r\n", "tab\tnewline\ncarriage return\r\n"),
    (DECOMPOSED, COMPOSED),
    ("Không thay đổi: emoji 📄, 中文, «»", "Không thay đổi: emoji 📄, 中文, «»"),
])
def test_the_one_rule(typed, kept):
    assert clean_text(typed) == kept
    assert clean_text(kept) == kept  # cleaning twice changes nothing


def test_vietnamese_pasted_decomposed_through_the_api_is_stored_composed(published):
    w = published
    obligation = ReportObligation.objects.filter(
        assignment__unit=w.district_a, assignment__item=w.continuous).order_by("due_on").first()
    with travel("2021-12-10"):
        section = _client(w.reviewer).post(f"{V1}/directives/{w.directive.pk}/sections/",
                                           {"addressee": DECOMPOSED}, format="json")
        report = _client(w.reporter_a).post(f"{V1}/reports/", {
            "obligation": obligation.pk, "results_text": DECOMPOSED + "\x07"}, format="json")
    assert section.status_code == 201 and report.status_code == 201, report.content
    assert section.json()["addressee"] == COMPOSED
    assert report.json()["results_text"] == COMPOSED
    assert _stored(Section, section.json()["id"], "addressee") == COMPOSED
    assert _stored(ProgressReport, report.json()["id"], "results_text") == COMPOSED
    # A search typed composed finds the text that was pasted decomposed.
    assert ProgressReport.objects.filter(results_text__contains="Tỉnh ủy").count() == 1


def test_the_report_page_stores_what_was_pasted_clean(published, client):
    w = published
    obligation = ReportObligation.objects.get(assignment__unit=w.district_a,
                                              assignment__item=w.continuous)
    client.force_login(w.reporter_a)
    with travel("2021-12-10"):
        response = client.post(reverse("web:obligation-detail", args=[obligation.pk]), {
            "text": "", "leadership_text": "Đã quán\x0b triệt\x1f.",
            "results_text": DECOMPOSED, "shortcomings_text": "", "next_steps_text": "",
            "proposals_text": "", "progress_percent": "50", "action": "save"})
    assert response.status_code == 302
    report = ProgressReport.objects.get(obligation=obligation)
    assert _stored(ProgressReport, report.pk, "leadership_text") == "Đã quán\n triệt."
    assert _stored(ProgressReport, report.pk, "results_text") == COMPOSED


def test_update_bulk_create_and_save_are_cleaned_alike(world):
    """Services, scripts and data fixes that write with update() or bulk_create() get the
    same rule as a form: no write path goes around it."""
    Unit.objects.filter(pk=world.district_a.pk).update(name="Huyện ủy\x07 A " + DECOMPOSED)
    assert _stored(Unit, world.district_a.pk, "name") == "Huyện ủy A " + COMPOSED

    Holiday.objects.bulk_create([Holiday(date=dt.date(2030, 9, 2),
                                         name="Quốc khánh\x1b " + DECOMPOSED)])
    holiday = Holiday.objects.get(date=dt.date(2030, 9, 2))
    assert _stored(Holiday, holiday.pk, "name") == "Quốc khánh " + COMPOSED

    unit = world.youth
    unit.short_name = "Tỉnh đoàn\x7f"
    unit.save()
    assert unit.short_name == "Tỉnh đoàn"  # the instance holds what was stored
    assert _stored(Unit, unit.pk, "short_name") == "Tỉnh đoàn"

    unit.name = "Tỉnh\x01 đoàn"
    unit.full_clean(exclude=["code"])  # the admin validates the cleaned value
    assert unit.name == "Tỉnh đoàn"


def test_json_texts_are_cleaned_too(world):
    """Indicator breakdown labels are printed in the report's tables; unit aliases are
    matched by the importer."""
    indicator = Indicator.objects.create(
        directive=world.directive, code="tap-hop", name="Tập hợp\x07 " + DECOMPOSED,
        unit_of_measure="người", breakdowns=[["dtts", "Vùng\x0b dân tộc " + DECOMPOSED]])
    Unit.objects.filter(pk=world.youth.pk).update(aliases=["Tỉnh\x1f đoàn", DECOMPOSED])
    indicator.refresh_from_db()
    world.youth.refresh_from_db()
    assert indicator.name == "Tập hợp " + COMPOSED
    assert indicator.breakdowns == [["dtts", "Vùng\n dân tộc " + COMPOSED]]
    assert world.youth.aliases == ["Tỉnh đoàn", COMPOSED]


def test_the_importer_reads_control_characters_and_decomposed_text_clean(world):
    text = unicodedata.normalize("NFD", (
        "Ban Thường vụ Tỉnh ủy yêu cầu:\n"
        "1. Các huyện ủy tăng cường\x07 quán triệt\x1b, hoàn thành trước ngày 31/12/2023.\n"
        "Giao Ban Dân vận Tỉnh ủy theo dõi, đôn đốc việc thực hiện.\n"))
    preview = import_preview(text=text)
    content = preview["sections"][0]["items"][0]["text"]
    assert content.startswith("Các huyện ủy tăng cường quán triệt, hoàn thành")
    assert unicodedata.is_normalized("NFC", content)

"""POST /api/v1/directives/import/ and the export endpoints."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from docx import Document as DocxDocument
from openpyxl import load_workbook
from rest_framework.test import APIClient

from directives.models import Directive
from reports.models import ExportJob

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[2] / "devtools" / "demo" / "chi-thi-06-CT-TU-kon-tum.txt"


@pytest.fixture
def users(demo_units):
    return demo_units


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_dry_run_gives_the_preview_and_stores_nothing(users):
    response = client_for(users["danvan"]).post(
        "/api/v1/directives/import/?dry_run=true", {"text": SEED.read_text(encoding="utf-8")},
        format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["directive"]["number"] == "06-CT/TU"
    assert [len(s["items"]) for s in body["sections"]] == [4, 2, 7, 1]
    assert body["sections"][0]["items"][0]["line"] == 19
    assert {"line", "text", "lead", "cooperating", "deadline", "cadence", "confidence"} <= set(
        body["sections"][0]["items"][0])
    assert not Directive.objects.exists()


def test_upload_creates_and_publishes(users):
    doc = DocxDocument()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        doc.add_paragraph(line)
    buffer = io.BytesIO()
    doc.save(buffer)
    upload = SimpleUploadedFile("chi-thi.docx", buffer.getvalue())
    response = client_for(users["danvan"]).post(
        "/api/v1/directives/import/", {"file": upload, "publish": "true"}, format="multipart")
    assert response.status_code == 201, response.content
    directive = Directive.objects.get(pk=response.json()["id"])
    assert directive.status == "active" and directive.items.count() == 14


def test_a_corrected_preview_is_created(users):
    client = client_for(users["danvan"])
    preview = client.post("/api/v1/directives/import/?dry_run=true",
                          {"text": SEED.read_text(encoding="utf-8")}, format="json").json()
    preview["sections"][3]["items"][0]["text"] = "Ban Dân vận theo dõi, đôn đốc (đã sửa)."
    response = client.post("/api/v1/directives/import/", {"preview": preview}, format="json")
    assert response.status_code == 201
    assert Directive.objects.get().items.get(order=14).content.endswith("(đã sửa).")


@pytest.mark.parametrize("payload, field", [
    ({}, "text"),
    ({"text": "Không có nhiệm vụ nào ở đây."}, "text"),
    ({"file": SimpleUploadedFile("x.bin", b"\x00\xff" * 100)}, "file"),
])
def test_bad_input_is_400_with_the_field(users, payload, field):
    response = client_for(users["danvan"]).post("/api/v1/directives/import/?dry_run=true",
                                                payload, format="multipart")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_units_and_leaders_cannot_import(users):
    text = {"text": SEED.read_text(encoding="utf-8")}
    assert client_for(users["thanhuy"]).post("/api/v1/directives/import/?dry_run=true", text,
                                             format="json").status_code == 403
    assert client_for(users["lanhdao"]).post("/api/v1/directives/import/", text,
                                             format="json").status_code == 403


def test_consolidated_report_and_export_jobs(users, django_capture_on_commit_callbacks):
    board = client_for(users["danvan"])
    created = board.post("/api/v1/directives/import/",
                         {"text": SEED.read_text(encoding="utf-8"), "publish": True},
                         format="json").json()
    report = board.get(f"/api/v1/directives/{created['id']}/report/?format=docx")
    assert report.status_code == 200 and report["X-Content-Type-Options"] == "nosniff"
    assert report.content[:2] == b"PK"
    xlsx = board.get(f"/api/v1/directives/{created['id']}/report/?format=xlsx&as_of=2022-01-01")
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames[0] == "Bảng 1"
    assert board.get(f"/api/v1/directives/{created['id']}/report/?format=pdf").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        job = board.post("/api/v1/exports/", {"kind": "obligations", "format": "csv",
                                              "filters": {"unit": [
                                                  str(users["thanhuy"].memberships.get()
                                                      .unit_id)]}},
                         format="json")
    assert job.status_code == 202
    detail = board.get(f"/api/v1/exports/{job.json()['id']}/").json()
    assert detail["status"] == "done" and detail["progress"] == 100
    download = board.get(detail["download"])
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert "Thành ủy Kon Tum" in text and "Huyện ủy Đắk Glei" not in text
    # Someone else's job is not found.
    assert client_for(users["thanhuy"]).get(f"/api/v1/exports/{detail['id']}/").status_code \
        == 404
    bad = board.post("/api/v1/exports/", {"kind": "everything"}, format="json")
    assert bad.status_code == 400 and "kind" in bad.json()["errors"]
    assert ExportJob.objects.count() == 1


@override_settings(CELERY_TASK_ALWAYS_EAGER=True)
def test_unit_export_is_scoped(users, django_capture_on_commit_callbacks):
    board = client_for(users["danvan"])
    board.post("/api/v1/directives/import/", {"text": SEED.read_text(encoding="utf-8"),
                                              "publish": True}, format="json")
    unit = client_for(users["tinhdoan"])
    with django_capture_on_commit_callbacks(execute=True):
        job = unit.post("/api/v1/exports/", {"kind": "assignments", "format": "xlsx"},
                        format="json").json()
    sheet = load_workbook(io.BytesIO(b"".join(
        unit.get(f"/api/v1/exports/{job['id']}/download/").streaming_content))).active
    units = {row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert units == {"Ban Thường vụ Tỉnh đoàn"}

"""A reporter attaches evidence: the file must be what its name says.

A Windows program renamed .pdf, a PDF whose first bytes are also an HTML page, an HTML
page named .png and a plain zip named .docx are refused with a message on the `file`
field, through the API and on the report page; genuine PDF, PNG, DOCX and XLSX files are
accepted, stored with the type their content proved and served back as downloads that a
browser may not sniff.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from assignments.models import ReportObligation
from reports.models import Evidence, ProgressReport
from reports.services import ALLOWED_EVIDENCE_TYPES as EVIDENCE_TYPES
from tests.conftest import client_for, travel
from tests.evidence_files import genuine_docx, genuine_pdf, genuine_png, genuine_xlsx
from tests.scene import DAY, build_scene
from tracker.uploads import UploadRejected, verify_upload

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


# --- files as a reporter might send them ----------------------------------------------

def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", "<html><script>alert(1)</script></html>")
        archive.writestr("word/document.xml", "<not-office/>")
    return out.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + \
    b"This program cannot be run in DOS mode.\r\n" + b"\x00" * 200
POLYGLOT = (b"%PDF-1.4\n<html><body><script>document.title='owned'</script>"
            b"</body></html>\n%%EOF\n")
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"

DISGUISED = [
    pytest.param("bien-ban.pdf", EXE, id="exe-named-pdf"),
    pytest.param("bien-ban.pdf", POLYGLOT, id="pdf-html-polyglot"),
    pytest.param("anh-hoi-nghi.png", HTML, id="html-named-png"),
    pytest.param("bao-cao.docx", plain_zip(), id="zip-named-docx"),
]
GENUINE = [
    pytest.param("bien-ban.pdf", genuine_pdf(), "application/pdf", id="pdf"),
    pytest.param("anh-hoi-nghi.png", genuine_png(), "image/png", id="png"),
    pytest.param("bao-cao.docx", genuine_docx(), EVIDENCE_TYPES[".docx"], id="docx"),
    pytest.param("so-lieu.xlsx", genuine_xlsx(), EVIDENCE_TYPES[".xlsx"], id="xlsx"),
]


# --- through the API --------------------------------------------------------------------

@pytest.fixture
def scene(world):
    return build_scene(world)


@pytest.mark.parametrize("name, content", DISGUISED)
def test_api_refuses_a_file_whose_content_is_not_its_extension(scene, world, name, content):
    draft = scene.own.objects["draft_report"]
    before = Evidence.objects.count()
    with travel(DAY):
        response = client_for(world.reporter_a).post(
            f"{V1}/reports/{draft.pk}/evidence/",
            # The browser's claimed type matches the name: only the bytes tell the truth.
            {"file": SimpleUploadedFile(name, content, "application/pdf")}, format="multipart")
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"errors", "code", "detail"}
    assert body["errors"]["file"] and all(isinstance(m, str) for m in body["errors"]["file"])
    assert Evidence.objects.count() == before


@pytest.mark.parametrize("name, content, content_type", GENUINE)
def test_api_accepts_genuine_files_and_serves_them_safely(scene, world, name, content,
                                                          content_type):
    draft = scene.own.objects["draft_report"]
    client = client_for(world.reporter_a)
    with travel(DAY):
        response = client.post(f"{V1}/reports/{draft.pk}/evidence/",
                               {"file": SimpleUploadedFile(name, content,
                                                           "application/octet-stream")},
                               format="multipart")
        assert response.status_code == 201, response.content
        evidence = Evidence.objects.get(pk=response.json()["id"])
        assert evidence.content_type == content_type and evidence.size == len(content)
        download = client.get(f"{V1}/reports/{draft.pk}/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == content_type
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == content


# --- on the report page -----------------------------------------------------------------

def _report_post(**extra):
    data = {"text": "", "leadership_text": "Đã quán triệt.", "results_text": "Kết quả tốt.",
            "shortcomings_text": "", "next_steps_text": "", "proposals_text": "",
            "progress_percent": "50", "action": "save"}
    data.update(extra)
    return data


@pytest.fixture
def report_page(published, client):
    obligation = ReportObligation.objects.get(assignment__unit=published.district_a,
                                              assignment__item=published.continuous)
    client.force_login(published.reporter_a)
    return obligation, reverse("web:obligation-detail", args=[obligation.pk])


@pytest.mark.parametrize("name, content", DISGUISED)
def test_report_page_refuses_a_disguised_file_with_a_message(report_page, client, name,
                                                             content):
    obligation, url = report_page
    with travel("2021-12-10"):
        response = client.post(url, _report_post(evidence=SimpleUploadedFile(name, content)))
    assert response.status_code == 400
    page = response.content.decode()
    assert "tệp đính kèm chưa được nhận" in page
    assert ("không đúng định dạng" in page or "chứa mã HTML" in page)
    assert not Evidence.objects.filter(report__obligation=obligation).exists()


@pytest.mark.parametrize("name, content, content_type", GENUINE)
def test_report_page_accepts_genuine_files(report_page, client, name, content, content_type):
    obligation, url = report_page
    with travel("2021-12-10"):
        response = client.post(url, _report_post(evidence=SimpleUploadedFile(name, content)))
    assert response.status_code == 302
    evidence = ProgressReport.objects.get(obligation=obligation).evidence.get()
    assert evidence.content_type == content_type


# --- the rule itself, for the formats the pages above do not send ------------------------

def _odf(mimetype: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>",
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


@pytest.mark.parametrize("name, content, ok", [
    ("bien-ban.odt", _odf("application/vnd.oasis.opendocument.text"), True),
    ("bien-ban.odt", _odf("application/vnd.oasis.opendocument.spreadsheet"), False),
    ("so-lieu.ods", _odf("application/vnd.oasis.opendocument.spreadsheet"), True),
    ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024, True),
    ("cu.doc", EXE, False),
    ("anh.jpg", genuine_png(), False),
    ("ghi-chu.txt", "Ghi chú cuộc họp.".encode(), True),
    ("ghi-chu.txt", EXE, False),
    ("so-lieu.xlsx", genuine_docx(), False),
])
def test_each_extension_has_its_content_rule(name, content, ok):
    upload = io.BytesIO(content)
    if ok:
        verified = verify_upload(upload, filename=name, allowed=EVIDENCE_TYPES)
        assert verified.content_type == EVIDENCE_TYPES[verified.extension]
        assert upload.tell() == 0
    else:
        with pytest.raises(UploadRejected):
            verify_upload(upload, filename=name, allowed=EVIDENCE_TYPES)


def test_the_refusal_reads_in_english_too(scene, world):
    draft = scene.own.objects["draft_report"]
    # The middleware switches this thread to English; put the test's language back after.
    with travel(DAY), translation.override(translation.get_language()):
        response = client_for(world.reporter_a).post(
            f"{V1}/reports/{draft.pk}/evidence/",
            {"file": SimpleUploadedFile("bien-ban.pdf", EXE)}, format="multipart",
            HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"]["file"] == [
        "The file's content is not a valid .pdf file (it may have been renamed)."]
    assert response.json()["code"] == "content_mismatch"

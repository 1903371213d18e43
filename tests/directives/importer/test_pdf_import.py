"""A PDF through the web page, the API and `import_directive`: the same preview as the
.txt, read as a background job with progress; bad PDFs a 400 on `file`, never a 500."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from directives.models import Directive, ImportJob
from tests.directives.importer.pdf_samples import (
    corrupt_pdf,
    encrypted_pdf,
    many_pages_pdf,
    scanned_pdf,
    text_pdf,
)
from tests.directives.importer.test_pdf import needs_ocr

pytestmark = pytest.mark.django_db
SEED_PATH = Path(__file__).resolve().parents[3] / "devtools" / "demo" / "chi-thi-06-CT-TU-kon-tum.txt"
SEED = SEED_PATH.read_text(encoding="utf-8")
IMPORT = "/api/v1/directives/import/"


@pytest.fixture
def users(demo_units):
    return demo_units


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _shape(preview: dict) -> list:
    return [(s["addressee"], s["units"], [(i["text"], i["lead"], i["cooperating"],
                                           i["deadline"], i["cadence"]) for i in s["items"]])
            for s in preview["sections"]]


def _text_preview(user) -> dict:
    response = api(user).post(f"{IMPORT}?dry_run=true", {"text": SEED}, format="json")
    assert response.status_code == 200
    return response.json()


def test_api_pdf_is_a_job_with_progress_then_the_same_preview(
        users, django_capture_on_commit_callbacks):
    client = api(users["danvan"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{IMPORT}?dry_run=true",
                               {"file": SimpleUploadedFile("chi-thi-06.pdf", text_pdf(SEED),
                                                           "application/pdf")},
                               format="multipart")
    assert response.status_code == 202, response.content
    job = response.json()
    assert job["url"] == f"{IMPORT}jobs/{job['id']}/" == response["Location"]
    assert job["pages_total"] >= 3 and job["status"] == "pending"
    # The embedded (eager) worker ran it on commit: the resource now has the preview.
    polled = client.get(job["url"])
    assert polled.status_code == 200
    state = polled.json()
    assert state["status"] == "done"
    assert state["pages_done"] == state["pages_total"] == job["pages_total"]
    assert state["ocr_pages"] == 0 and state["percent"] == 100
    assert _shape(state["preview"]) == _shape(_text_preview(users["danvan"]))
    stored = ImportJob.objects.get(pk=job["id"])
    assert bytes(stored.data) == b""  # the upload is not kept once read
    # The board creates it from the preview, as after a .txt dry run.
    created = client.post(IMPORT, {"preview": state["preview"], "text": state["text"]},
                          format="json")
    assert created.status_code == 201, created.content
    assert Directive.objects.get(pk=created.json()["id"]).items.count() == 14


def test_api_job_is_only_its_uploaders(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = api(users["danvan"]).post(IMPORT, {"file": SimpleUploadedFile(
            "a.pdf", text_pdf(SEED[:3000]))}, format="multipart").json()
    assert api(users["thanhuy"]).get(job["url"]).status_code == 404
    assert APIClient().get(job["url"]).status_code in (401, 403)


@pytest.mark.parametrize(("make", "code"), [
    (lambda: encrypted_pdf(SEED[:800]), "pdf_encrypted"),
    (lambda: corrupt_pdf(SEED), "pdf_corrupt"),
    (lambda: many_pages_pdf(51), "too_many_pages"),
    (lambda: b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024), "too_large"),
])
def test_api_bad_pdf_is_a_400_on_file(users, make, code):
    response = api(users["danvan"]).post(
        f"{IMPORT}?dry_run=true", {"file": SimpleUploadedFile("x.pdf", make())},
        format="multipart")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == code, body
    assert body["errors"]["file"] and isinstance(body["errors"]["file"], list), body
    assert not ImportJob.objects.exists()


def test_api_scan_without_tesseract_is_a_400_saying_what_to_install(users, tmp_path):
    with override_settings(IMPORT_OCR_COMMAND=str(tmp_path / "missing" / "tesseract")):
        response = api(users["danvan"]).post(
            f"{IMPORT}?dry_run=true",
            {"file": SimpleUploadedFile("scan.pdf", scanned_pdf("Ban Thường vụ Tỉnh ủy."))},
            format="multipart")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "ocr_unavailable"
    message = " ".join(response.json()["errors"]["file"])
    assert "tesseract-ocr" in message and "tesseract-ocr-vie" in message


def test_web_pdf_upload_shows_progress_then_the_review(
        client, users, django_capture_on_commit_callbacks):
    client.force_login(users["danvan"])
    upload = SimpleUploadedFile("chi-thi-06.pdf", text_pdf(SEED), "application/pdf")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("importer:start"), {"file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("importer:job", args=[job.pk])
    # Before the worker runs: the progress page and its JSON.
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "<progress" in html and "chi-thi-06.pdf" in html
    assert f'data-poll-url="{reverse("importer:job-status", args=[job.pk])}"' in html
    state = client.get(reverse("importer:job-status", args=[job.pk])).json()
    assert (state["status"], state["pages_done"], state["pages_total"]) == (
        "pending", 0, job.pages_total)
    assert "next" not in state
    for callback in callbacks:  # the worker picks the job up
        callback()
    state = client.get(reverse("importer:job-status", args=[job.pk])).json()
    assert state["status"] == "done" and state["pages_done"] == job.pages_total
    assert state["next"] == reverse("importer:job", args=[job.pk])
    review = client.get(state["next"], follow=True)
    assert review.redirect_chain[-1][0] == reverse("importer:review")
    assert review.content.decode().count('class="item import-item"') == 14


def test_web_bad_pdf_is_a_400_on_the_file_field(client, users):
    client.force_login(users["danvan"])
    response = client.post(reverse("importer:start"),
                           {"file": SimpleUploadedFile("mat.pdf", encrypted_pdf(SEED[:500]))})
    assert response.status_code == 400
    assert "mật khẩu" in response.context["form"].errors["file"][0]
    assert not ImportJob.objects.exists()


def test_web_job_of_another_user_is_not_found(client, users, django_capture_on_commit_callbacks):
    client.force_login(users["danvan"])
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("importer:start"),
                    {"file": SimpleUploadedFile("a.pdf", text_pdf(SEED[:2000]))})
    job = ImportJob.objects.get()
    client.force_login(users["thanhuy"])  # a board member of another unit, or not board
    assert client.get(reverse("importer:job-status", args=[job.pk])).status_code in (403, 404)
    assert client.get(reverse("importer:job", args=[job.pk])).status_code in (403, 404)


def test_command_reads_a_pdf_like_its_text(users, tmp_path):
    pdf = tmp_path / "chi-thi-06.pdf"
    pdf.write_bytes(text_pdf(SEED))
    out, err = StringIO(), StringIO()
    call_command("import_directive", str(pdf), "--dry-run", "--json", stdout=out, stderr=err)
    txt = StringIO()
    call_command("import_directive", str(SEED_PATH), "--dry-run", "--json", stdout=txt)
    assert _shape(json.loads(out.getvalue())) == _shape(json.loads(txt.getvalue()))
    assert "page 1/" in err.getvalue()


def test_command_refuses_an_encrypted_pdf(users, tmp_path):
    pdf = tmp_path / "mat.pdf"
    pdf.write_bytes(encrypted_pdf(SEED[:500]))
    with pytest.raises(CommandError, match="mật khẩu"):
        call_command("import_directive", str(pdf), "--dry-run", stdout=StringIO(),
                     stderr=StringIO())


@needs_ocr
def test_api_scanned_pdf_counts_its_ocr_pages(users, django_capture_on_commit_callbacks):
    text = "\n".join(SEED.splitlines()[:20])  # the opening and the first duty
    with django_capture_on_commit_callbacks(execute=True):
        job = api(users["danvan"]).post(
            IMPORT, {"file": SimpleUploadedFile("scan.pdf", scanned_pdf(text, pages=2))},
            format="multipart").json()
    state = api(users["danvan"]).get(job["url"]).json()
    assert (state["status"], state["pages_done"], state["ocr_pages"]) == ("done", 2, 2)
    assert "Ban Thường vụ Tỉnh ủy" in state["text"], state
    items = [i["text"] for s in state["preview"]["sections"] for i in s["items"]]
    assert any(i.startswith("Tăng cường quán triệt, nâng cao nhận thức") for i in items), items


def test_web_job_that_fails_shows_why_on_the_file_field(
        client, users, django_capture_on_commit_callbacks):
    client.force_login(users["danvan"])
    no_duty = text_pdf("Lịch công tác tuần 12\nSáng thứ Hai, lãnh đạo cơ quan họp giao ban.", header=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("importer:start"),
                               {"file": SimpleUploadedFile("thong-bao.pdf", no_duty)})
    job = ImportJob.objects.get()
    state = client.get(reverse("importer:job-status", args=[job.pk])).json()
    assert state["status"] == "failed" and state["error"]["field"] == "file"
    assert state["next"] == response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 400
    assert state["error"]["message"] in page.content.decode()
    assert "directive_import" not in client.session


@pytest.mark.parametrize(("make", "english"), [
    (lambda: encrypted_pdf(SEED[:800]), "The PDF is password-protected (encrypted)."),
    (lambda: many_pages_pdf(51), "The PDF has 51 pages, over the limit of 50 pages."),
])
def test_api_refusals_read_in_the_readers_language(users, make, english):
    client = api(users["danvan"])
    response = client.post(f"{IMPORT}?dry_run=true", {"file": SimpleUploadedFile("x.pdf", make())},
                           format="multipart", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content
    assert any(m.startswith(english) for m in response.json()["errors"]["file"]), response.json()
    response = client.post(f"{IMPORT}?dry_run=true", {"text": "Lịch công tác tuần."},
                           format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["errors"]["text"] == [
        "No duty was found in the text: it needs a body given a task and the task itself."]


def test_a_failed_job_reads_in_the_language_of_whoever_looks(
        client, users, django_capture_on_commit_callbacks):
    client.force_login(users["danvan"])
    no_duty = text_pdf("Lịch công tác tuần 12\nSáng thứ Hai, lãnh đạo cơ quan họp giao ban.", header=None)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("importer:start"), {"file": SimpleUploadedFile("t.pdf", no_duty)})
    job = ImportJob.objects.get()
    url = reverse("importer:job-status", args=[job.pk])
    vietnamese = client.get(url).json()["error"]["message"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).json()["error"]["message"]
    assert vietnamese.startswith("Không tìm thấy nhiệm vụ nào")
    assert english.startswith("No duty was found in the text")


@override_settings(SESSION_SAVE_EVERY_REQUEST=True)  # as in production: every page renews
def test_the_progress_poll_neither_rewrites_nor_renews_the_session(
        client, users, django_capture_on_commit_callbacks):
    from django.contrib.sessions.models import Session

    client.force_login(users["danvan"])
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("importer:start"),
                    {"file": SimpleUploadedFile("a.pdf", text_pdf(SEED[:2000]))})
    job = ImportJob.objects.get()
    session = Session.objects.get(pk=client.session.session_key)
    later = timezone.now() + dt.timedelta(minutes=1)  # (a job is stale after 2 minutes)
    with time_machine.travel(later, tick=False):
        for _ in range(3):
            poll = client.get(reverse("importer:job-status", args=[job.pk]))
            assert poll.status_code == 200 and poll.json()["status"] == "pending"
            assert settings.SESSION_COOKIE_NAME not in poll.cookies
        assert Session.objects.get(pk=session.pk).expire_date == session.expire_date
        # Any other page renews the session (the idle timeout starts again).
        page = client.get(reverse("importer:job", args=[job.pk]))
        assert settings.SESSION_COOKIE_NAME in page.cookies
    assert Session.objects.get(pk=session.pk).expire_date > session.expire_date

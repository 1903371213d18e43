"""In a real browser: a reporter attaches a program renamed .pdf and is told why it was
refused (Vietnamese, English, phone); the board uploads a .docx zip bomb on the import
page and is told at once. Screenshots go to tests/artifacts/."""

import pytest

from tests.directives.importer.bombs import docx_bomb
from tests.reports.test_evidence_types import EXE
from tests.web.test_browser import LAPTOP, PHONE, _open_obligation, _session, _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _attach_exe(page):
    page.fill("textarea[name=leadership_text]", "Đã quán triệt.")
    page.fill("textarea[name=results_text]", "Tổ chức hội nghị.")
    page.set_input_files("input[name=evidence]", files=[{
        "name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": EXE}])
    page.click("button[value=save]")
    page.wait_for_load_state("networkidle")


VARIANTS = [
    ("vi-VN", LAPTOP, "không đúng định dạng .pdf", "uploads-01-evidence-refused"),
    ("vi-VN", PHONE, "không đúng định dạng .pdf", "uploads-02-evidence-refused-phone"),
    ("en-US", LAPTOP, "not a valid .pdf file", "uploads-03-evidence-refused-en"),
]


def test_disguised_uploads_are_refused_with_a_message(chromium, live_server, demo_today, artifacts):
    # The reporter, on a laptop, on a phone, and in English.
    obligation = _open_obligation("thanhuy-kontum")
    for locale, viewport, expected, shot in VARIANTS:
        context, page = _session(chromium, live_server, "thanhuy", viewport=viewport)
        if locale != "vi-VN":
            context.add_cookies([{"name": "django_language", "value": "en",
                                  "url": live_server.url}])
        page.goto(f"{live_server.url}/yeu-cau/{obligation.pk}/")
        _attach_exe(page)
        assert expected in page.content()
        _shot(page, artifacts, shot)
        context.close()

    # The board, importing a directive from a .docx zip bomb.
    context, page = _session(chromium, live_server, "danvan")
    page.goto(f"{live_server.url}/nhap-van-ban/")
    page.set_input_files("input[name=file]", files=[{
        "name": "chi-thi.docx", "buffer": docx_bomb(300),
        "mimeType": "application/vnd.openxmlformats-officedocument."
                    "wordprocessingml.document"}])
    page.click("button.btn-primary[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "bom nén" in page.content()
    _shot(page, artifacts, "uploads-04-import-zip-bomb-refused")
    context.close()

"""In a real browser, as a board member: upload a scanned PDF, watch the progress bar as a
Celery worker reads it page by page (OCR), then land on the preview. Laptop and phone;
screenshots go to tests/artifacts/ (pdf-import-*.png)."""

from pathlib import Path

import pytest

from directives.importer.pdf import open_pdf
from tests.directives.importer.pdf_samples import scanned_pdf
from tests.directives.importer.test_pdf import needs_ocr
from tests.web.conftest import LAPTOP, PHONE, browser_session, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEED = (Path(__file__).resolve().parents[2] / "devtools" / "demo"
        / "chi-thi-06-CT-TU-kon-tum.txt").read_text(encoding="utf-8")


@pytest.fixture
def worker():
    """A real Celery worker (in a thread, on the in-memory broker) instead of eager runs,
    so the page sees the job pending, running, then done — as with `make run`."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=60):
            yield
    finally:
        app.conf.task_always_eager = eager


@needs_ocr
@pytest.mark.timeout(300)
@pytest.mark.parametrize(("viewport", "name"), [(LAPTOP, "laptop"), (PHONE, "phone")])
def test_scanned_pdf_upload_shows_progress_then_the_preview(
        chromium, live_server, demo_today, artifacts, worker, viewport, name):
    scan = scanned_pdf(SEED)  # the whole directive, scanned
    with open_pdf(scan) as pdf:
        pages = pdf.page_count
    assert pages >= 2
    context, page = browser_session(chromium, live_server, "danvan", viewport=viewport)
    page.goto(f"{live_server.url}/nhap-van-ban/")
    page.set_input_files("input[name=file]", files=[{
        "name": "chi-thi-06-scan.pdf", "mimeType": "application/pdf", "buffer": scan}])
    page.click("button.btn-primary[type=submit]")
    page.wait_for_url("**/doc-tep/**")
    bar = page.locator("progress#import-progress-bar")
    assert bar.is_visible()
    assert "chi-thi-06-scan.pdf" in page.content()
    # The bar moves as pages are read: wait for a page done but not the last one.
    page.wait_for_function(
        "() => { const b = document.querySelector('progress'); "
        "return b && b.value >= 1 && b.value < b.max; }", timeout=120_000)
    label = page.locator("[data-poll-label]").inner_text()
    assert f"/{pages} trang" in label, label
    screenshot(page, artifacts, f"pdf-import-01-progress-{name}")
    page.wait_for_url("**/xem-truoc/", timeout=180_000)
    html = page.content()
    assert "06-CT/TU" in html
    assert html.count('class="item import-item"') == 14  # as from the .txt
    screenshot(page, artifacts, f"pdf-import-02-preview-{name}")
    context.close()

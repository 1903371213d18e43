"""The board uploads a directive as .docx: a zip bomb is refused from the sizes the zip
declares, before any part of it is inflated or parsed.

The bomb is a genuine python-docx document whose word/document.xml declares 300 MB
while the file weighs about 340 KB. Reading it used to cost seconds and hundreds of MB
before python-docx gave up; now the refusal is immediate and allocates next to nothing
(tracemalloc sees every bytes object zipfile or python-docx would build).
"""

import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from directives.importer import ImportInputError, read_upload
from directives.models import Directive
from tests.directives.importer.bombs import docx_bomb, docx_with_body

# Far below the 300 MB the bomb declares, far above what a refusal needs.
PEAK_BOUND = 24 * 1024 * 1024


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = docx_bomb(300)
    assert len(data) < 2 * 1024 * 1024  # passes the 2 MB upload limit
    return data


class Peak:
    def __enter__(self):
        tracemalloc.start()
        return self

    def __exit__(self, *exc):
        self.bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def test_reader_refuses_the_bomb_before_inflating_it(bomb):
    with Peak() as peak, pytest.raises(ImportInputError) as refused:
        read_upload(bomb, "chi-thi.docx")
    assert refused.value.field == "file" and refused.value.code == "zip_bomb"
    assert "bom nén" in refused.value.message
    assert peak.bytes < PEAK_BOUND, f"peak {peak.bytes / 1e6:.1f} MB"


def test_a_docx_with_more_text_than_the_importer_takes_is_refused_while_streaming():
    """Under the zip check (31 MB inflated, 0.3 MB deflated) but 16 times the text the
    importer takes: refused as its body streams by, before python-docx builds a tree of
    it (that tree cost 300 MB of memory, scripts/bench_import_memory.py)."""
    line = "Tăng cường sự lãnh đạo của Đảng đối với công tác dân vận. " * 8
    paragraph = f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>".encode()
    data = docx_with_body(paragraph, (31 * 1024 * 1024) // len(paragraph))
    assert len(data) < 2 * 1024 * 1024
    with Peak() as peak, pytest.raises(ImportInputError) as refused:
        read_upload(data, "chi-thi.docx")
    assert refused.value.field == "file" and refused.value.code == "too_large"
    assert peak.bytes < PEAK_BOUND, f"peak {peak.bytes / 1e6:.1f} MB"


def test_a_docx_of_ordinary_size_still_reads():
    paragraph = "<w:p><w:r><w:t>Tăng cường công tác dân vận.</w:t></w:r></w:p>".encode()
    assert read_upload(docx_with_body(paragraph, 3), "chi-thi.docx").count(
        "Tăng cường công tác dân vận.") == 3


@pytest.mark.django_db
def test_api_import_refuses_the_bomb_with_a_400(bomb, demo_units):
    users = demo_units
    client = APIClient()
    client.force_authenticate(users["danvan"])
    with Peak() as peak:
        response = client.post("/api/v1/directives/import/?dry_run=true",
                               {"file": SimpleUploadedFile("chi-thi.docx", bomb)},
                               format="multipart")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "zip_bomb" and body["errors"]["file"]
    assert peak.bytes < PEAK_BOUND, f"peak {peak.bytes / 1e6:.1f} MB"
    assert not Directive.objects.exists()


@pytest.mark.django_db
def test_import_page_refuses_the_bomb_with_a_message(bomb, client, demo_units):
    users = demo_units
    client.force_login(users["danvan"])
    with Peak() as peak:
        response = client.post(reverse("importer:start"),
                               {"file": SimpleUploadedFile("chi-thi.docx", bomb)})
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert any("bom nén" in e for e in errors)
    assert peak.bytes < PEAK_BOUND, f"peak {peak.bytes / 1e6:.1f} MB"

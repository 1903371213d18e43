"""The official consolidated report is Vietnamese whatever the reader's UI language."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from docx import Document

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_docx_from_an_english_session_is_the_vietnamese_report(client, published):
    client.force_login(published.reviewer)
    url = reverse("exports:report", args=[published.directive.pk])
    vietnamese = _text(client.get(url, {"as_of": "31/12/2021", "format": "docx"}).content)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("web:directive-detail", args=[published.directive.pk]))
    assert page.content.decode().count('lang="en"') == 1  # the UI is English
    english = _text(client.get(url, {"as_of": "31/12/2021", "format": "docx"}).content)
    assert "Chỉ thị" in english and "Directive" not in english
    assert english == vietnamese

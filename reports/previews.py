"""Inline previews of evidence files on the review page: a PDF's pages and a photo,
always as a PNG that this module draws (the browser never renders the uploaded bytes).

A PDF page is rendered by PDFium (pypdfium2, as the importer does) one page at a time; a
JPEG or PNG is decoded by Pillow with its decompression-bomb guard and scaled down.
Other types (Word, Excel…) have no preview: they are downloaded."""

from __future__ import annotations

import io
from dataclasses import dataclass

from directives.importer.pdf import PDFIUM
from tracker.uploads import JPEG, PDF, PNG

from .models import Evidence

PREVIEW_WIDTH = 1000  # pixels; enough to read an A4 page on the review page
MAX_PREVIEW_PAGES = 20  # the first pages of a long PDF; the rest by download
MAX_SOURCE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000


class NoPreview(Exception):
    """The file has no preview (its type, a broken file, a page out of range)."""


@dataclass(frozen=True)
class Preview:
    png: bytes
    page: int
    pages: int


def previewable(evidence: Evidence) -> bool:
    return evidence.content_type in (PDF, JPEG, PNG)


def page_count(evidence: Evidence) -> int:
    """How many preview pages the file has (0: none), from the row: the count stored
    at upload (`Evidence.page_count`). A row stored before that column existed is
    counted once here and the count kept, so no later view opens the file."""
    if evidence.content_type not in (PDF, JPEG, PNG) or evidence.size > MAX_SOURCE_BYTES:
        return 0
    if evidence.page_count is None:
        evidence.page_count = count_pages(evidence)
        type(evidence).objects.filter(pk=evidence.pk).update(page_count=evidence.page_count)
    return min(evidence.page_count, MAX_PREVIEW_PAGES)


def count_pages(evidence: Evidence) -> int:
    """The stored file's number of pages: a PDF's pages (0 when it cannot be read), 1 for
    a photo, 0 for any other type. Opens the file: called when it is stored."""
    if evidence.content_type in (JPEG, PNG):
        return 1
    if evidence.content_type != PDF:
        return 0
    try:
        data = _read(evidence)
    except NoPreview:
        return 0
    with PDFIUM:  # PDFium is not thread-safe (directives.importer.pdf.PDFIUM)
        try:
            document = _open_pdf(data)
        except NoPreview:
            return 0
        try:
            return len(document)
        finally:
            document.close()


def render_preview(evidence: Evidence, page: int = 1) -> Preview:
    """The PNG of `page` (1-based) of the file; NoPreview when there is none."""
    if evidence.content_type == PDF:
        return _pdf_page(evidence, page)
    if evidence.content_type in (JPEG, PNG) and page == 1:
        return Preview(png=_image_png(evidence), page=1, pages=1)
    raise NoPreview


def _read(evidence: Evidence) -> bytes:
    if evidence.size > MAX_SOURCE_BYTES:
        raise NoPreview
    try:
        with evidence.file.open("rb") as handle:
            return handle.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:  # the file is missing from storage
        raise NoPreview from exc


def _open_pdf(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise NoPreview from exc


def _pdf_page(evidence: Evidence, page: int) -> Preview:
    data = _read(evidence)
    with PDFIUM:  # one PDFium call at a time in the process
        return _render(_open_pdf(data), page)


def _render(document, page: int) -> Preview:
    try:
        pages = min(len(document), MAX_PREVIEW_PAGES)
        if not 1 <= page <= pages:
            raise NoPreview
        pdf_page = document[page - 1]
        try:
            width = pdf_page.get_width() or 1
            bitmap = pdf_page.render(scale=min(PREVIEW_WIDTH / width, 3.0))
            try:
                image = bitmap.to_pil()
                return Preview(png=_png(image), page=page, pages=pages)
            finally:
                bitmap.close()
        finally:
            pdf_page.close()
    finally:
        document.close()


def _image_png(evidence: Evidence) -> bytes:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(_read(evidence))) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise NoPreview
            image.thumbnail((PREVIEW_WIDTH, PREVIEW_WIDTH * 2))
            return _png(image.convert("RGB"))
    except (OSError, Image.DecompressionBombError, ValueError) as exc:
        raise NoPreview from exc


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()

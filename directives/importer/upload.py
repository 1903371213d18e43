"""Reading an uploaded file (.txt, .docx or .pdf) into text, with clear errors."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Callable

from tracker.text import clean_text
from tracker.uploads import DOCX, PDF, UploadRejected, ZipLimits, verify_upload

from .model import ImportInputError, gettext_noop
from .pdf import MAX_PDF_BYTES, OcrConfig, read_pdf

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# A directive's .docx is text: its parts may not inflate past 32 MB (a 2 MB file at 16:1),
# judged from the sizes the zip declares before python-docx reads a byte of them.
DOCX_ZIP_LIMITS = ZipLimits(max_members=500, max_total_bytes=32 * 1024 * 1024)
# ... and its body is read as a stream first (iterparse, each element dropped once read):
# more text than the importer takes (directives.importing.MAX_TEXT_BYTES), or more XML
# elements than a document of that text needs, is refused before python-docx builds the
# whole tree (31 MB of XML cost 300 MB of memory in scripts/bench_import_memory.py).
DOCX_MAX_TEXT_BYTES = 2 * 1024 * 1024  # of UTF-8
DOCX_MAX_ELEMENTS = 500_000
_W_TEXT = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
_FIELD = "file"


ENCODING_UNKNOWN = gettext_noop("Không nhận ra bảng mã của tệp. Hãy lưu lại tệp theo mã UTF-8.")
DOCX_BROKEN = gettext_noop("Tệp .docx bị hỏng hoặc không đúng định dạng Word.")


def _fail(message: str, code: str, **params) -> ImportInputError:
    return ImportInputError(_FIELD, message, code, params)


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters: not a text file."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(sample) // 50)


def _plausible_text(text: str) -> bool:
    """Most characters are letters, digits, spaces or common punctuation."""
    if not text:
        return False
    good = sum(1 for c in text if c.isalnum() or c.isspace() or c in ".,;:!?()[]\"'“”‘’-–—/%&*+|…")
    return good / len(text) >= 0.9


def decode_text(data: bytes) -> str:
    """Decode text bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _fail(gettext_noop("Tệp UTF-16 bị lỗi mã hóa, không đọc được."),
                        "encoding") from exc
    if _looks_binary(data):
        raise _fail(gettext_noop("Tệp không phải văn bản (dữ liệu nhị phân). Hãy tải lên tệp "
                                 ".txt hoặc .docx."), "binary")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError as exc:
        raise _fail(ENCODING_UNKNOWN, "encoding") from exc
    if not _plausible_text(text):
        raise _fail(ENCODING_UNKNOWN, "encoding")
    return text


def _docx_text(data: bytes) -> str:
    """Paragraphs and table rows of a .docx, in document order; rows become '| a | b |' lines."""
    try:
        from docx import Document  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise _fail(gettext_noop("Máy chủ chưa hỗ trợ đọc tệp .docx."),
                    "docx_unsupported") from exc
    try:
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _fail(DOCX_BROKEN, "invalid_docx") from exc
    except Exception as exc:  # python-docx raises several internal errors on junk
        raise _fail(DOCX_BROKEN, "invalid_docx") from exc
    out: list[str] = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, doc).text)
        elif tag == "tbl":
            for row in Table(child, doc).rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    cells.append(
                        " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                    )
                out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def _check_docx(data: bytes) -> None:
    """A real Word document, and no zip bomb: refused from the zip's declared sizes."""
    try:
        verify_upload(io.BytesIO(data), filename="upload.docx", allowed={".docx": DOCX},
                      zip_limits=DOCX_ZIP_LIMITS)
    except UploadRejected as exc:
        if exc.code in ("content_mismatch", "invalid_zip"):
            raise _fail(DOCX_BROKEN, "invalid_docx") from exc
        raise _fail(exc.message, exc.code, **exc.params) from exc
    _check_docx_body(data)


def _check_docx_body(data: bytes) -> None:
    """Count the body's text and elements without keeping them (bounded memory)."""
    from lxml import etree

    size = elements = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, \
                archive.open("word/document.xml") as part:
            for _event, element in etree.iterparse(part, events=("end",),
                                                   resolve_entities=False, no_network=True):
                elements += 1
                if element.tag == _W_TEXT:
                    size += len((element.text or "").encode("utf-8"))
                element.clear(keep_tail=True)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]  # the siblings read before it
                if size > DOCX_MAX_TEXT_BYTES or elements > DOCX_MAX_ELEMENTS:
                    raise _fail(gettext_noop("Văn bản quá lớn (tối đa 2 MB)."), "too_large")
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise _fail(DOCX_BROKEN, "invalid_docx") from exc


def is_pdf(data: bytes, filename: str) -> bool:
    """The upload is (or claims to be) a PDF: by its name or its first bytes."""
    return (filename or "").lower().endswith(".pdf") or data[:1024].lstrip().startswith(b"%PDF-")


def check_pdf_upload(data: bytes) -> None:
    """A PDF's bytes are a PDF (no HTML polyglot) and within the size limit."""
    if len(data) > MAX_PDF_BYTES:
        raise _fail(gettext_noop("Tệp PDF quá lớn (tối đa %(mb)s MB)."), "too_large",
                    mb=MAX_PDF_BYTES // (1024 * 1024))
    try:
        verify_upload(io.BytesIO(data), filename="upload.pdf", allowed={".pdf": PDF})
    except UploadRejected as exc:
        if exc.code == "content_mismatch":
            raise _fail(gettext_noop("Tệp không phải PDF hoặc đã bị hỏng."),
                        "pdf_corrupt") from exc
        raise _fail(exc.message, exc.code, **exc.params) from exc


def read_upload(data: bytes, filename: str, *, ocr: OcrConfig | None = None,
                on_page: Callable[[int, int, bool], None] | None = None) -> str:
    """Text of an uploaded .txt, .docx or .pdf file.

    A PDF (up to 20 MB and 50 pages) is read page by page (`on_page(done, total, ocr)`
    after each); its scanned pages need `ocr` (Tesseract), else ``ocr_unavailable``.
    Raises :class:`ImportInputError` (field ``file``) for an empty, oversized
    (over 2 MB for .txt/.docx), binary, wrongly encoded, encrypted, corrupt or
    unsupported file.
    """
    name = (filename or "").lower()
    if not data:
        raise _fail(gettext_noop("Tệp trống."), "empty")
    if is_pdf(data, filename):
        check_pdf_upload(data)
        return clean_text(read_pdf(data, ocr=ocr, on_page=on_page))
    if len(data) > MAX_UPLOAD_BYTES:
        raise _fail(gettext_noop("Tệp quá lớn (tối đa 2 MB)."), "too_large")
    if name.endswith((".doc", ".odt", ".rtf")):
        raise _fail(gettext_noop("Chỉ hỗ trợ tệp .txt, .docx hoặc .pdf."), "unsupported_format")
    if name.endswith(".docx") or data.startswith(b"PK\x03\x04"):
        if not data.startswith(b"PK\x03\x04"):
            raise _fail(DOCX_BROKEN, "invalid_docx")
        _check_docx(data)
        text = _docx_text(data)
    else:
        text = decode_text(data)
    text = clean_text(text.replace("\ufeff", ""))
    if not text.strip():
        raise _fail(gettext_noop("Tệp không có nội dung."), "empty")
    return text

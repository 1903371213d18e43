"""Reading uploads and refusing bad input with a field, a Vietnamese message and a code."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from docx import Document

from directives.importer import ImportInputError, parse_directive, read_upload

DATA = Path(__file__).parent / "data"
SEED = (DATA / "chi-thi-06-CT-TU-kon-tum.txt").read_text(encoding="utf-8")


def _error(call) -> ImportInputError:
    with pytest.raises(ImportInputError) as info:
        call()
    err = info.value
    assert err.field in ("file", "text") and err.message and err.code
    assert err.as_dict() == {"field": err.field, "message": err.message, "code": err.code}
    return err


def test_utf8_with_and_without_bom() -> None:
    assert read_upload(SEED.encode("utf-8"), "a.txt") == SEED
    assert read_upload(b"\xef\xbb\xbf" + SEED.encode("utf-8"), "a.txt") == SEED


def test_utf16_with_bom() -> None:
    assert read_upload(SEED.encode("utf-16"), "a.txt") == SEED
    assert read_upload(b"\xfe\xff" + SEED.encode("utf-16-be"), "a.txt") == SEED


def _cp1258(text: str) -> bytes:
    """Encode like Vietnamese Windows software: base letters, tones as combining marks."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
        out += base.encode("cp1258") + "".join(c for c in d if c in tones).encode("cp1258")
    return out


def test_windows_1258_fallback() -> None:
    text = "Ban Thường vụ Tỉnh ủy yêu cầu:\nBan Dân vận Tỉnh ủy chủ trì, theo dõi, đôn đốc việc thực hiện.\n"
    data = _cp1258(text)
    assert data != text.encode("utf-8")
    assert read_upload(data, "cu.txt") == text


def test_docx_paragraphs_and_tables_in_order() -> None:
    doc = Document()
    doc.add_paragraph("Ban Thường vụ Tỉnh ủy yêu cầu:")
    doc.add_paragraph(
        "Ban Dân vận Tỉnh ủy chủ trì, phối hợp với các cơ quan liên quan theo dõi việc thực hiện."
    )
    table = doc.add_table(rows=2, cols=3)
    for cell, value in zip(
        table.rows[0].cells, ["Nội dung", "Cơ quan chủ trì", "Thời gian"], strict=True
    ):
        cell.text = value
    for cell, value in zip(
        table.rows[1].cells,
        ["Tổ chức hội nghị", "Ban Tuyên giáo Tỉnh ủy", "Quý IV/2021"],
        strict=True,
    ):
        cell.text = value
    doc.add_paragraph("Hết.")
    buf = io.BytesIO()
    doc.save(buf)
    text = read_upload(buf.getvalue(), "chi-thi.docx")
    assert text.splitlines() == [
        "Ban Thường vụ Tỉnh ủy yêu cầu:",
        "Ban Dân vận Tỉnh ủy chủ trì, phối hợp với các cơ quan liên quan theo dõi việc thực hiện.",
        "| Nội dung | Cơ quan chủ trì | Thời gian |",
        "| Tổ chức hội nghị | Ban Tuyên giáo Tỉnh ủy | Quý IV/2021 |",
        "Hết.",
    ]
    result = parse_directive(text)
    assert [len(s.items) for s in result.sections] == [1, 1]


def test_empty_file() -> None:
    assert _error(lambda: read_upload(b"", "a.txt")).code == "empty"
    assert _error(lambda: read_upload(b"  \n\r\n ", "a.txt")).code == "empty"


def test_binary_bytes() -> None:
    err = _error(lambda: read_upload(bytes(range(256)) * 4, "a.txt"))
    assert (err.field, err.code) == ("file", "binary")


def test_oversized_file() -> None:
    err = _error(lambda: read_upload(b"a" * (2 * 1024 * 1024 + 1), "a.txt"))
    assert err.code == "too_large" and "2 MB" in err.message


def test_undecodable_bytes() -> None:
    # 0x81, 0x8D, 0x8F, 0x90 are undefined in Windows-1258 and invalid UTF-8.
    err = _error(
        lambda: read_upload("Chỉ thị ".encode()[:-1] + b"\x81\x8d\x8f\x90 abc", "a.txt")
    )
    assert err.code == "encoding"


def test_broken_docx_and_unsupported_format() -> None:
    assert (
        _error(lambda: read_upload(b"PK\x03\x04 not really a zip", "a.docx")).code == "invalid_docx"
    )
    assert _error(lambda: read_upload(b"%PDF-1.4", "a.pdf")).code == "pdf_corrupt"
    assert _error(lambda: read_upload(b"{\\rtf1 van ban}", "a.rtf")).code == "unsupported_format"


def test_empty_text_to_parse() -> None:
    err = _error(lambda: parse_directive("   \n"))
    assert (err.field, err.code) == ("text", "empty")


def test_text_without_any_duty() -> None:
    text = "Hôm nay trời đẹp.\nNhân dân vui vẻ đón Tết.\n\nnCoV\nnCoV\n"
    err = _error(lambda: parse_directive(text))
    assert (err.field, err.code) == ("text", "no_items")
    assert "nhiệm vụ" in err.message


def test_page_chrome_only_has_no_duty() -> None:
    chrome = "\n".join(SEED.splitlines()[50:])
    assert _error(lambda: parse_directive(chrome)).code == "no_items"


def test_no_django_import() -> None:
    import subprocess
    import sys

    code = "import sys, directives.importer as m; m.parse_directive; assert 'django' not in sys.modules"
    root = Path(__file__).resolve().parents[3]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)  # noqa: S603

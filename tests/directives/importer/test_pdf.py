"""Reading PDFs: text layer (wrapped lines, running headers, page numbers, tables), scans
by OCR, and the refusals (encrypted, corrupt, oversized, too many pages, no Tesseract).

The PDFs are built here (tests/directives/importer/pdf_samples.py). OCR tests need the
Debian packages tesseract-ocr and tesseract-ocr-vie (`make test` installs them); without
them they skip with the reason, except under CI=true where they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from directives.importer import ImportInputError, parse_directive, read_upload
from directives.importer.pdf import (
    Line,
    OcrConfig,
    PageText,
    assemble,
    open_pdf,
    read_pdf,
)
from tests.directives.importer.pdf_samples import (
    HEADER,
    corrupt_pdf,
    encrypted_pdf,
    many_pages_pdf,
    scanned_pdf,
    text_pdf,
)

DATA = Path(__file__).parent / "data"
SEED = (DATA / "chi-thi-06-CT-TU-kon-tum.txt").read_text(encoding="utf-8")
TABLE_PLAN = (DATA / "ke-hoach-45-KH-table-synthetic.txt").read_text(encoding="utf-8")


def _tesseract_with_vie() -> bool:
    if shutil.which("tesseract") is None:
        return False
    done = subprocess.run(["tesseract", "--list-langs"], capture_output=True, check=False)  # noqa: S607
    return "vie" in (done.stdout + done.stderr).decode().split()


HAS_OCR = _tesseract_with_vie()
needs_ocr = pytest.mark.skipif(
    not HAS_OCR and os.environ.get("CI") != "true",
    reason="Tesseract with Vietnamese data is not installed (apt-get install tesseract-ocr "
           "tesseract-ocr-vie, or `make test`); under CI=true this test runs and fails")


def _shape(preview) -> list[tuple]:
    """What the board reviews, without line numbers (a PDF's lines are not the .txt's)."""
    return [(s["addressee"], tuple(s["units"]), s["assignment_mode"],
             tuple((i["text"], tuple(i["lead"]), tuple(i["cooperating"]), i["deadline"],
                    i["cadence"]) for i in s["items"]))
            for s in preview.as_dict()["sections"]]


def _error(call) -> ImportInputError:
    with pytest.raises(ImportInputError) as info:
        call()
    assert info.value.field == "file" and info.value.message
    return info.value


# --------------------------------------------------------------------------- text layer


def test_text_pdf_gives_the_same_preview_as_the_text() -> None:
    data = text_pdf(SEED)
    with open_pdf(data) as pdf:
        assert pdf.page_count >= 3  # running header and page numbers on every page
    text = read_upload(data, "chi-thi-06.pdf")
    assert HEADER not in text
    assert "Trang 2" not in text and "Trang 3" not in text
    from_pdf, from_text = parse_directive(text), parse_directive(SEED)
    assert _shape(from_pdf) == _shape(from_text)
    assert sum(len(s["items"]) for s in from_pdf.as_dict()["sections"]) == 14
    assert from_pdf.as_dict()["directive"]["number"] == "06-CT/TU"


def test_wrapped_lines_become_paragraphs_across_a_page_break() -> None:
    text = read_pdf(text_pdf(SEED))
    lines = text.splitlines()
    # Each paragraph of the source is one line again, even the one split by a page break.
    for paragraph in SEED.splitlines():
        if len(paragraph) > 200 and "Đồng chí" not in paragraph and "mod_" not in paragraph:
            assert paragraph.strip() in lines, paragraph[:60]


def test_table_rows_read_as_rows_and_the_plan_previews_as_its_text() -> None:
    text = read_pdf(text_pdf(TABLE_PLAN))
    assert ("| 1 | Tổ chức hội nghị quán triệt Chỉ thị số 06-CT/TU | Ban Tuyên giáo Tỉnh ủy "
            "| Ban Dân vận Tỉnh ủy | Quý IV/2021 |") in text.splitlines()
    assert _shape(parse_directive(text)) == _shape(parse_directive(TABLE_PLAN))


def test_two_column_heading_read_column_by_column() -> None:
    lines = TABLE_PLAN.splitlines()
    heading = (lines[0:4], [lines[4], "", "", lines[5]])  # as an official document sets it
    assert heading == (["TỈNH ỦY KON TUM", "BAN DÂN VẬN", "*", "Số 45-KH/BDVTU"],
                       ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "", "Kon Tum, ngày 20 tháng 10 năm 2021"])
    text = read_pdf(text_pdf("\n".join(lines[6:]), heading=heading))
    assert text.splitlines()[:6] == lines[:6]
    from_pdf = parse_directive(text).as_dict()
    from_text = parse_directive(TABLE_PLAN).as_dict()
    for key in ("number", "kind", "issued_on", "issuer", "title"):
        assert from_pdf["directive"][key] == from_text["directive"][key], key
    assert _shape(parse_directive(text)) == _shape(parse_directive(TABLE_PLAN))


def test_hyphenation_markers_and_headings() -> None:
    page = PageText(1, [
        Line("II. NHIỆM VỤ CỤ THỂ"),
        Line("1. Ủy ban nhân dân tỉnh chỉ đạo các sở, ngành tăng cư-", full=True),
        Line("ờng kiểm tra, giám sát việc thực hiện, báo cáo kết quả", full=True),
        Line("trước ngày 15/12/2026."),
        Line("a) Sở Nội vụ chủ trì, phối hợp với các sở, ngành liên quan", full=True),
        Line("hướng dẫn thực hiện;"),
        Line("- Sở Tài chính bố trí kinh phí", full=True),
        Line("Ủy ban nhân dân các huyện, thành phố thực hiện.", full=False),
    ])
    assert assemble([page]).splitlines() == [
        "II. NHIỆM VỤ CỤ THỂ",
        "1. Ủy ban nhân dân tỉnh chỉ đạo các sở, ngành tăng cường kiểm tra, giám sát việc "
        "thực hiện, báo cáo kết quả trước ngày 15/12/2026.",
        "a) Sở Nội vụ chủ trì, phối hợp với các sở, ngành liên quan hướng dẫn thực hiện;",
        # a full line that does not end a sentence continues a clause
        "- Sở Tài chính bố trí kinh phí Ủy ban nhân dân các huyện, thành phố thực hiện.",
    ]
    # "kinh tế -" (a spaced dash) is not hyphenation
    spaced = PageText(1, [Line("phát triển kinh tế -", full=True), Line("xã hội của tỉnh.")])
    assert assemble([spaced]) == "phát triển kinh tế - xã hội của tỉnh."


def test_running_header_and_page_numbers_removed_only_when_repeated() -> None:
    pages = [PageText(n, [Line(f"TỈNH ỦY KON TUM - Chỉ thị 06-CT/TU - trang {n}"),
                          Line(f"Nội dung phần {part}."), Line(f"- {n} -")])
             for n, part in ((1, "một"), (2, "hai"), (3, "ba"))]
    assert assemble(pages).splitlines() == ["Nội dung phần một.", "Nội dung phần hai.",
                                            "Nội dung phần ba."]
    single = [PageText(1, [Line("TỈNH ỦY KON TUM"), Line("Số 06-CT/TU")])]
    assert assemble(single).splitlines() == ["TỈNH ỦY KON TUM", "Số 06-CT/TU"]


# --------------------------------------------------------------------------- refusals


def test_encrypted_pdf_refused() -> None:
    err = _error(lambda: read_upload(encrypted_pdf(SEED[:500]), "mat.pdf"))
    assert err.code == "pdf_encrypted" and "mật khẩu" in err.message


def test_corrupt_pdf_refused() -> None:
    assert _error(lambda: read_upload(corrupt_pdf(SEED), "hong.pdf")).code == "pdf_corrupt"
    assert _error(lambda: read_upload(b"%PDF-1.7\n<<garbage>>\n", "x.pdf")).code == "pdf_corrupt"
    # an HTML page named .pdf, or a PDF/HTML polyglot
    assert _error(lambda: read_upload(b"<html><body>x</body></html>", "x.pdf")).code in (
        "pdf_corrupt", "html_content")
    polyglot = b"%PDF-1.4\n<html><script>alert(1)</script>" + b" " * 100
    assert _error(lambda: read_upload(polyglot, "x.pdf")).code == "html_content"


def test_too_many_pages_refused() -> None:
    assert len(read_pdf(many_pages_pdf(50))) > 0
    err = _error(lambda: read_upload(many_pages_pdf(51), "dai.pdf"))
    assert err.code == "too_many_pages" and "51" in err.message and "50" in err.message


def test_too_large_refused() -> None:
    data = text_pdf(SEED[:2000])
    big = data + b"%" + b"0" * (20 * 1024 * 1024 - len(data))  # 20 MB + 1 byte
    assert len(big) == 20 * 1024 * 1024 + 1
    assert _error(lambda: read_upload(big, "lon.pdf")).code == "too_large"


# --------------------------------------------------------------------------- OCR

SCAN_TEXT = "\n".join(SEED.splitlines()[:14])


def test_scan_without_tesseract_answers_what_to_install(tmp_path) -> None:
    scan = scanned_pdf("Ban Thường vụ Tỉnh ủy yêu cầu.")
    err = _error(lambda: read_upload(scan, "scan.pdf",
                                     ocr=OcrConfig(command=str(tmp_path / "no-tesseract"))))
    assert err.code == "ocr_unavailable"
    assert "tesseract-ocr" in err.message and "tesseract-ocr-vie" in err.message
    # no OCR configured at all (the pure reader without Tesseract)
    assert _error(lambda: read_upload(scan, "scan.pdf")).code == "ocr_unavailable"


@needs_ocr
def test_scan_without_vietnamese_data_answers_what_to_install(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))  # a tessdata folder without vie
    scan = scanned_pdf("Ban Thường vụ Tỉnh ủy yêu cầu.")
    err = _error(lambda: read_upload(scan, "scan.pdf", ocr=OcrConfig()))
    assert err.code == "ocr_unavailable" and "tesseract-ocr-vie" in err.message


@needs_ocr
def test_scanned_pdf_read_by_ocr_with_vietnamese_marks() -> None:
    scan = scanned_pdf(SCAN_TEXT)
    with open_pdf(scan) as pdf:
        page = pdf.document[0]
        textpage = page.get_textpage()
        assert textpage.get_text_range().strip() == ""  # no text layer: a real scan
        textpage.close()
        page.close()
    seen = []
    text = read_upload(scan, "scan.pdf", ocr=OcrConfig(),
                       on_page=lambda done, total, ocr: seen.append((done, total, ocr)))
    assert seen == [(1, 1, True)]
    for phrase in ("Ban Thường vụ Tỉnh ủy", "Chỉ thị số 06-CT/TU",
                   "tập hợp quần chúng vào các đoàn thể chính trị - xã hội",
                   "Mặt trận Tổ quốc", "đồng bào dân tộc thiểu số"):
        assert phrase in text, phrase
    # wrapped lines of the scan are joined: the long paragraph is one line
    assert any(line.startswith("Chỉ thị nêu rõ:") and line.endswith("ngày càng tăng.")
               for line in text.splitlines())


@needs_ocr
def test_scanned_directive_previews_like_its_text() -> None:
    scan = scanned_pdf(SEED)
    text = read_upload(scan, "scan.pdf", ocr=OcrConfig())
    preview = parse_directive(text).as_dict()
    assert preview["directive"]["number"] == "06-CT/TU"
    counts = [len(s["items"]) for s in preview["sections"]]
    assert counts == [len(s["items"]) for s in parse_directive(SEED).as_dict()["sections"]]

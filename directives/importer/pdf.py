"""Reading a PDF into the text the parser reads, page by page, in bounded memory.

Pure Python (no Django). Two kinds of pages:

* pages with a text layer are read with PDFium (pypdfium2): text runs are grouped into
  lines by position, ruled tables are read cell by cell from their drawn borders and
  become ``| a | b |`` rows (the parser's table path, as for .docx);
* pages without one (scans) are rendered at ~300 dpi, one page at a time, and read by
  Tesseract (``tesseract`` binary with the Vietnamese data ``vie``); the bitmap is freed
  before the next page is rendered.

Then, over the whole document: running headers and footers repeated across pages and
page numbers are removed, end-of-line hyphenation is undone and wrapped lines are joined
into paragraphs, keeping numbered, lettered and dashed markers and headings as line starts.

    pdf = open_pdf(data)                 # ImportInputError: too_large, pdf_corrupt, …
    pages = [read_page(pdf, i, ocr) for i in range(pdf.page_count)]
    text = assemble(pages)

or ``read_pdf(data, ocr=OcrConfig(...), on_page=callback)`` for all of it.
"""

from __future__ import annotations

import ctypes
import os
import re
import subprocess
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .model import ImportInputError, gettext_noop

MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 50
# A page with fewer letters than this in its text layer is read by OCR (a scan, maybe
# with a stamp's or a scanner's few words).
MIN_TEXT_LETTERS = 20
_FIELD = "file"

OCR_MISSING = gettext_noop("Máy chủ chưa cài Tesseract OCR để đọc văn bản scan. Hãy cài các gói "
               "tesseract-ocr và tesseract-ocr-vie (apt-get install tesseract-ocr "
               "tesseract-ocr-vie) hoặc tải lên bản PDF có lớp chữ.")
OCR_NO_VIE = gettext_noop("Tesseract OCR chưa có dữ liệu tiếng Việt. Hãy cài gói tesseract-ocr-vie "
              "(apt-get install tesseract-ocr-vie).")


# PDFium is not thread-safe: no two threads may call it at once, not even on different
# documents (pypdfium2's documentation, "Incompatibility with Threading"); a threaded web
# server rendering two pages at once crashed the process. Every PDFium call of the
# product (opening, reading or rendering a page, closing) holds this lock; the OCR
# subprocess runs outside it.
PDFIUM = threading.RLock()


def _fail(message: str, code: str, **params) -> ImportInputError:
    return ImportInputError(_FIELD, message, code, params)


@dataclass(frozen=True)
class OcrConfig:
    """How scanned pages are read: the tesseract binary, its language and the resolution."""

    command: str = "tesseract"
    lang: str = "vie"
    dpi: int = 300
    timeout: float = 120.0  # seconds per page
    threads: int = 1  # OMP_THREAD_LIMIT: one page at a time on a small shared machine


@dataclass
class Line:
    """One line of a page: its text, whether it runs to the right margin, its position."""

    text: str
    full: bool = False
    top: float = 0.0  # distance from the page's top, as a fraction of its height
    is_row: bool = False  # a table row ('| a | b |'), never joined
    # Geometry says a new paragraph starts here (a wider gap above, or an indent): True;
    # it says the line follows on (same spacing, flush left): False; unknown: None.
    breaks: bool | None = None
    keep: bool = False  # a piece of a column layout: a line of its own, never joined


@dataclass
class PageText:
    number: int  # 1-based
    lines: list[Line] = field(default_factory=list)
    ocr: bool = False


# --------------------------------------------------------------------------- opening


class PdfSource:
    """An opened PDF (pypdfium2 document) with its page count; close() when done."""

    def __init__(self, document) -> None:
        self.document = document
        self.page_count = len(document)

    def close(self) -> None:
        with PDFIUM:
            self.document.close()

    def __enter__(self) -> PdfSource:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_pdf(data: bytes, *, max_bytes: int = MAX_PDF_BYTES,
             max_pages: int = MAX_PDF_PAGES) -> PdfSource:
    """Open a PDF from its bytes; refuses an oversized, encrypted, corrupt or long one."""
    with PDFIUM:
        return _open_pdf(data, max_bytes=max_bytes, max_pages=max_pages)


def _open_pdf(data: bytes, *, max_bytes: int, max_pages: int) -> PdfSource:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    if len(data) > max_bytes:
        raise _fail(gettext_noop("Tệp PDF quá lớn (tối đa %(mb)s MB)."), "too_large",
                    mb=max_bytes // (1024 * 1024))
    if not data.lstrip()[:1024].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise _fail(gettext_noop("Tệp không phải PDF hoặc đã bị hỏng."), "pdf_corrupt")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise _fail(gettext_noop("Tệp PDF được đặt mật khẩu (mã hóa). Hãy gỡ mật khẩu rồi "
                                     "tải lên lại."), "pdf_encrypted") from exc
        raise _fail(gettext_noop("Tệp PDF bị hỏng, không đọc được."), "pdf_corrupt") from exc
    try:
        count = len(document)
    except Exception as exc:  # pragma: no cover - PDFium answered a broken page tree
        document.close()
        raise _fail(gettext_noop("Tệp PDF bị hỏng, không đọc được."), "pdf_corrupt") from exc
    if count == 0:
        document.close()
        raise _fail(gettext_noop("Tệp PDF không có trang nào."), "pdf_corrupt")
    if count > max_pages:
        document.close()
        raise _fail(gettext_noop("Tệp PDF có %(count)s trang, quá giới hạn %(max)s trang."),
                    "too_many_pages", count=count, max=max_pages)
    return PdfSource(document)


# --------------------------------------------------------------------------- OCR


def ocr_check(config: OcrConfig) -> None:
    """Tesseract is there and has the language; else ImportInputError `ocr_unavailable`."""
    try:
        done = subprocess.run(  # noqa: S603 - the command is the configured binary
            [config.command, "--list-langs"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise _fail(OCR_MISSING, "ocr_unavailable") from exc
    langs = {line.strip() for line in (done.stdout + done.stderr).decode(
        "utf-8", "replace").splitlines()}
    if done.returncode != 0:
        raise _fail(OCR_MISSING, "ocr_unavailable")
    if config.lang not in langs:
        raise _fail(OCR_NO_VIE if config.lang == "vie" else OCR_MISSING, "ocr_unavailable")


def _page_pgm(page, dpi: int) -> bytes:
    """The page rendered in grey at `dpi`, as a binary PGM; the bitmap is freed here."""
    import pypdfium2.raw as pdfium_c

    bitmap = page.render(scale=dpi / 72, force_bitmap_format=pdfium_c.FPDFBitmap_Gray)
    try:
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        raw = ctypes.string_at(bitmap.buffer, stride * height)
    finally:
        bitmap.close()
    if stride != width:
        raw = b"".join(raw[row * stride: row * stride + width] for row in range(height))
    return b"P5\n%d %d\n255\n" % (width, height) + raw


def ocr_page(page, config: OcrConfig) -> str:
    """Text of one page rendered and read by Tesseract (stdin PGM -> stdout text)."""
    with PDFIUM:
        image = _page_pgm(page, config.dpi)
    return ocr_image(image, config)


def ocr_image(image: bytes, config: OcrConfig) -> str:
    """Text of a rendered page (binary PGM) by Tesseract; no PDFium call here."""
    env = {**os.environ, "OMP_THREAD_LIMIT": str(config.threads)}
    try:
        done = subprocess.run(  # noqa: S603 - the configured binary, fixed arguments
            [config.command, "stdin", "stdout", "-l", config.lang, "--psm", "4"],
            input=image, capture_output=True, timeout=config.timeout, check=False, env=env)
    except OSError as exc:  # missing or not executable
        raise _fail(OCR_MISSING, "ocr_unavailable") from exc
    except subprocess.TimeoutExpired as exc:
        raise _fail(gettext_noop("Đọc trang scan quá lâu (OCR quá thời gian cho phép)."),
                    "ocr_timeout") from exc
    finally:
        del image
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace")
        if "Failed loading language" in message or "Error opening data file" in message:
            raise _fail(OCR_NO_VIE, "ocr_unavailable")
        raise _fail(gettext_noop("Không đọc được trang scan bằng OCR."), "ocr_failed")
    return done.stdout.decode("utf-8", "replace")


def _ocr_lines(text: str) -> list[Line]:
    raw = [line.strip() for line in text.replace("\f", "\n").splitlines()]
    widest = max((len(line) for line in raw), default=0)
    out: list[Line] = []
    count = len(raw)
    for index, line in enumerate(raw):
        if not line:
            if out and out[-1].text:
                out.append(Line(""))
            continue
        out.append(Line(line, full=widest > 0 and len(line) >= 0.8 * widest,
                        top=index / max(count, 1)))
    return out


# --------------------------------------------------------------------------- text layer


def _clusters(values: Iterable[float], tolerance: float) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > tolerance:
            out.append(value)
    return out


@dataclass
class _Table:
    left: float
    bottom: float
    right: float
    top: float
    xs: list[float]
    ys: list[float]  # descending (PDF y grows upwards)

    def holds(self, x: float, y: float) -> bool:
        return self.left - 1 <= x <= self.right + 1 and self.bottom - 1 <= y <= self.top + 1


def _rules(page) -> list[tuple[float, float, float, float]]:
    """Bounding boxes of the page's drawn paths (borders, lines, filled cells)."""
    import pypdfium2.raw as pdfium_c

    boxes = []
    for index, obj in enumerate(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH],
                                                 max_depth=3)):
        if index > 4000:  # a drawing, not a table: read as text
            return []
        left, bottom, right, top = obj.get_bounds()
        boxes.append((left, bottom, right, top))
    return boxes


def _tables(page) -> list[_Table]:
    """Ruled tables: groups of touching path boxes forming at least 2 columns and 2 rows."""
    boxes = _rules(page)
    if not boxes:
        return []
    groups: list[list[tuple[float, float, float, float]]] = []
    spans: list[list[float]] = []
    for box in sorted(boxes, key=lambda b: -b[3]):
        for index, (left, bottom, right, top) in enumerate(spans):
            if (box[0] <= right + 2 and box[2] >= left - 2
                    and box[1] <= top + 2 and box[3] >= bottom - 2):
                groups[index].append(box)
                spans[index] = [min(left, box[0]), min(bottom, box[1]),
                                max(right, box[2]), max(top, box[3])]
                break
        else:
            groups.append([box])
            spans.append(list(box))
    tables = []
    for group, (left, bottom, right, top) in zip(groups, spans, strict=True):
        xs = _clusters([x for b in group for x in (b[0], b[2])], 3)
        ys = _clusters([y for b in group for y in (b[1], b[3])], 3)
        if len(xs) >= 3 and len(ys) >= 3 and right - left > 100:
            tables.append(_Table(left, bottom, right, top, xs, sorted(ys, reverse=True)))
    return tables


def _cell_text(text: str) -> str:
    parts = [p.strip() for p in re.split(r"[\r\n]+", text) if p.strip()]
    return _join_wrapped(parts) if parts else ""


def _table_rows(textpage, table: _Table) -> list[tuple[float, str]]:
    rows = []
    for upper, lower in zip(table.ys, table.ys[1:], strict=False):
        cells = [_cell_text(textpage.get_text_bounded(left + 0.5, lower + 0.5,
                                                      right - 0.5, upper - 0.5))
                 for left, right in zip(table.xs, table.xs[1:], strict=False)]
        if any(cells):
            rows.append((upper, "| " + " | ".join(cells) + " |"))
    return rows


def _text_layer_lines(page, textpage) -> list[Line]:
    width, height = page.get_size()
    tables = _tables(page)
    runs = []  # (top, bottom, left, right, text)
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        if any(t.holds((left + right) / 2, (top + bottom) / 2) for t in tables):
            continue
        text = textpage.get_text_bounded(left, bottom, right, top)
        text = " ".join(text.split())
        if text:
            runs.append((top, bottom, left, right, text))
    runs.sort(key=lambda r: (-r[0], r[2]))
    grouped: list[list[tuple]] = []
    for run in runs:
        if grouped:
            last = grouped[-1][0]
            overlap = min(last[0], run[0]) - max(last[1], run[1])
            if overlap > 0.5 * min(last[0] - last[1], run[0] - run[1]):
                grouped[-1].append(run)
                continue
        grouped.append([run])
    placed: list[tuple[float, Line, float, float]] = []
    pieces: list[list[tuple[float, float, str]]] = []
    for group in grouped:
        group.sort(key=lambda r: r[2])
        text = " ".join(r[4] for r in group)
        top = max(r[0] for r in group)
        placed.append((top, Line(text, top=(height - top) / height), group[0][2],
                       max(r[3] for r in group)))
        pieces.append(_pieces(group))
    _mark_geometry(placed, width)
    lines = _columns(placed, pieces, height)
    rows = [(upper, Line(row, top=(height - upper) / height, is_row=True))
            for table in tables for upper, row in _table_rows(textpage, table)]
    merged = sorted(lines + rows, key=lambda item: -item[0])
    return [line for _top, line in merged]


def _pieces(group: list[tuple]) -> list[tuple[float, float, str]]:
    """A line's runs cut where a gap is far wider than a space (two columns side by side,
    as the two header blocks of an official document): (left, right, text) pieces."""
    out: list[list] = []
    for top, bottom, left, right, text in group:
        if out and left - out[-1][1] > 2.5 * (top - bottom):
            out.append([left, right, text])
        elif out:
            out[-1][1] = right
            out[-1][2] = f"{out[-1][2]} {text}"
        else:
            out.append([left, right, text])
    return [(left, right, text) for left, right, text in out]


def _columns(placed: list[tuple[float, Line, float, float]],
             pieces: list[list[tuple[float, float, str]]],
             height: float) -> list[tuple[float, Line]]:
    """Lines in reading order. A line of two columns becomes two lines; at the top of a
    page, a block of such lines (the issuer and the national motto side by side, then
    the number and the place and date) is read left column first, then the right one."""
    if not placed:
        return []
    left_edge = min(p[2] for p in placed)
    right_edge = max(p[3] for p in placed)
    mid = (left_edge + right_edge) / 2
    slack = 0.03 * (right_edge - left_edge)
    def spans(parts) -> bool:
        return any(left < mid - slack and right > mid + slack for left, right, _t in parts)

    # The block starts within the page's first lines (after a running header, say).
    start = next((i for i, parts in enumerate(pieces[:4]) if not spans(parts)), 0)
    end = start
    while end < len(pieces) and not spans(pieces[end]):
        end += 1
    # ... and ends with its last line of two columns (number | place and date).
    while end > start and len(pieces[end - 1]) < 2:
        end -= 1
    out: list[tuple[float, Line]] = []
    block = range(start, end)
    if block:
        columns = ([(placed[i][0], text) for i in block
                    for _left, right, text in pieces[i] if right <= mid + slack],
                   [(placed[i][0], text) for i in block
                    for _left, right, text in pieces[i] if right > mid + slack])
        first_top = placed[start][0]
        for order, (top, text) in enumerate(columns[0] + columns[1]):
            # in this order, where the block stood
            out.append((first_top - order * 1e-4, Line(text, top=(height - top) / height,
                                                       keep=True)))
    for index, ((top, line, _left, _right), parts) in enumerate(zip(placed, pieces,
                                                                    strict=True)):
        if index in block:
            continue
        if len(parts) == 1:
            out.append((top, line))
            continue
        for order, (_l, _r, text) in enumerate(parts):
            out.append((top - order * 0.001, Line(text, top=line.top, keep=True)))
    return out


def _mark_geometry(placed: list[tuple[float, Line, float, float]], width: float) -> None:
    """Set each line's `full` (runs to the right margin) and `breaks` (a paragraph starts:
    a gap wider than the usual line spacing, or a first-line indent)."""
    if not placed:
        return
    right_edge = max(p[3] for p in placed)
    left_edge = min(p[2] for p in placed)
    text_width = max(right_edge - left_edge, 1)
    gaps = [above[0] - below[0] for above, below in zip(placed, placed[1:], strict=False)]
    usual = sorted(gaps)[len(gaps) // 2] if gaps else 0
    for index, (_top, line, left, right) in enumerate(placed):
        line.full = right >= right_edge - 0.12 * text_width
        if index == 0 or usual <= 0:
            continue
        gap = gaps[index - 1]
        line.breaks = gap > 1.35 * usual or left > left_edge + 0.03 * text_width


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def read_page(pdf: PdfSource, index: int, ocr: OcrConfig | None) -> PageText:
    """One page's lines: from its text layer, or by OCR when it has none (a scan)."""
    import pypdfium2 as pdfium

    with PDFIUM:
        try:
            page = pdf.document[index]
        except pdfium.PdfiumError as exc:
            raise _fail(gettext_noop("Trang %(page)s của tệp PDF bị hỏng."), "pdf_corrupt",
                        page=index + 1) from exc
        try:
            textpage = page.get_textpage()
            try:
                if _letters(textpage.get_text_range()) >= MIN_TEXT_LETTERS:
                    return PageText(index + 1, _text_layer_lines(page, textpage))
            finally:
                textpage.close()
            if ocr is None:
                raise _fail(OCR_MISSING, "ocr_unavailable")
            image = _page_pgm(page, ocr.dpi)
        finally:
            page.close()
    return PageText(index + 1, _ocr_lines(ocr_image(image, ocr)), ocr=True)


def page_needs_ocr(pdf: PdfSource, index: int) -> bool:
    """The page has no usable text layer (a scan)."""
    with PDFIUM:
        page = pdf.document[index]
        try:
            textpage = page.get_textpage()
            try:
                return _letters(textpage.get_text_range()) < MIN_TEXT_LETTERS
            finally:
                textpage.close()
        finally:
            page.close()


# --------------------------------------------------------------------------- assembling

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:trang|page)?\s*\d{1,3}(?:\s*(?:/|trên|of)\s*\d{1,3})?(?:\s*[-–—])?$",
    re.IGNORECASE)
# Line starts the parser reads as structure: never joined to the line above.
_MARKER = re.compile(
    r"^(?:"
    r"\d{1,3}(?:\.\d{1,3})*[.)/]?\s"           # 1. 1.2. 1)
    r"|[a-zđ][).]\s"                            # a) b.
    r"|[IVXLC]{1,6}[.)]\s"                      # II.
    r"|[-–—+•·*▪○●]\s?"                         # dashes and bullets
    r"|(?:điều|chương|phần|mục|bước|nơi nhận|kính gửi|căn cứ)\b"
    r"|\|"                                      # a table row
    r")", re.IGNORECASE)
_SENTENCE_END = (".", "!", "?", ":", ";", "…")
_HYPHENS = ("-", "\u00ad", "\x02")


def _is_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _starts_lower(text: str) -> bool:
    first = next((c for c in text if c.isalnum()), "")
    return first.isalpha() and first.islower()


def _joins(above: Line, below: Line) -> bool:
    """`below` continues the paragraph of `above` (a wrapped line)."""
    if not above.text or not below.text or above.is_row or below.is_row \
            or above.keep or below.keep:
        return False
    if _MARKER.match(below.text) or _is_heading(below.text) or _is_heading(above.text):
        return False
    if below.breaks:
        return False
    ends = above.text.rstrip()
    if _starts_lower(below.text):
        return above.full or not ends.endswith((":", ";"))
    if not above.full:
        return False
    # A full line that does not end a sentence wraps; one that does, wraps only when the
    # layout shows no new paragraph (same spacing, no indent).
    return not ends.endswith(_SENTENCE_END) or below.breaks is False


def _glue(above: str, below: str) -> str:
    above = above.rstrip()
    if above.endswith(_HYPHENS) and len(above) > 1 and above[-2].isalpha() \
            and _starts_lower(below):
        return above[:-1] + below.lstrip()  # end-of-line hyphenation undone
    return f"{above} {below.lstrip()}"


def _join_wrapped(parts: list[str]) -> str:
    text = parts[0]
    for part in parts[1:]:
        text = _glue(text, part)
    return text


def _running_key(text: str, number: int) -> str:
    """A line as compared across pages: case and spacing aside, its page number as '#'."""
    return re.sub(rf"(?<!\d){number}(?!\d)", "#", " ".join(text.lower().split()))


EDGE_LINES = 3  # lines at a page's top and bottom where running headers/footers sit


def strip_running(pages: list[PageText]) -> list[list[Line]]:
    """Each page's lines without page numbers and headers/footers repeated across pages."""
    edges: Counter[str] = Counter()
    for page in pages:
        body = [line for line in page.lines if line.text]
        keys = {_running_key(line.text, page.number)
                for line in body[:EDGE_LINES] + body[-EDGE_LINES:] if not line.is_row}
        edges.update(keys)
    repeated = {key for key, n in edges.items()
                if len(pages) >= 2 and n >= max(2, (len(pages) + 1) // 2)}
    out = []
    for page in pages:
        body = [line for line in page.lines if line.text or line.text == ""]
        texts = [index for index, line in enumerate(body) if line.text]
        edge = set(texts[:EDGE_LINES] + texts[-EDGE_LINES:])
        kept = []
        for index, line in enumerate(body):
            if index in edge and not line.is_row and (
                    _PAGE_NUMBER.match(line.text.strip())
                    or _running_key(line.text, page.number) in repeated):
                continue
            kept.append(line)
        first = next((line for line in kept if line.text), None)
        if first is not None:
            first.breaks = None  # its gap is to a header or to the page's top: unknown
        out.append(kept)
    return out


def assemble(pages: list[PageText]) -> str:
    """The document's text: running headers/footers and page numbers removed, wrapped
    lines joined into paragraphs (across page breaks too), hyphenation undone."""
    lines = [line for page in strip_running(pages) for line in page]
    out: list[Line] = []
    for line in lines:
        text = line.text.strip()
        if not text:
            if out and out[-1].text:
                out.append(Line(""))
            continue
        if line.breaks and out and out[-1].text and not out[-1].is_row:
            out.append(Line(""))  # the paragraph gap the layout shows
        line = Line(text, full=line.full, top=line.top, is_row=line.is_row,
                    breaks=line.breaks, keep=line.keep)
        previous = out[-1] if out and out[-1].text else None
        if previous is not None and _joins(previous, line):
            previous.text = _glue(previous.text, text)
            previous.full = line.full
            continue
        out.append(line)
    return "\n".join(line.text for line in out).strip()


def read_pdf(data: bytes, *, ocr: OcrConfig | None = None,
             on_page: Callable[[int, int, bool], None] | None = None,
             max_bytes: int = MAX_PDF_BYTES, max_pages: int = MAX_PDF_PAGES) -> str:
    """The text of a PDF. `on_page(done, total, ocr)` is called after each page.

    Raises ImportInputError (field ``file``): too_large, too_many_pages, pdf_encrypted,
    pdf_corrupt, ocr_unavailable (a scanned page and no Tesseract with `vie`), ocr_failed.
    """
    with open_pdf(data, max_bytes=max_bytes, max_pages=max_pages) as pdf:
        checked = False
        pages = []
        for index in range(pdf.page_count):
            if ocr is not None and not checked and page_needs_ocr(pdf, index):
                ocr_check(ocr)
                checked = True
            page = read_page(pdf, index, ocr)
            pages.append(page)
            if on_page is not None:
                on_page(index + 1, pdf.page_count, page.ocr)
    text = assemble(pages)
    if not text.strip():
        raise _fail(gettext_noop("Tệp PDF không có chữ đọc được."), "empty")
    return text

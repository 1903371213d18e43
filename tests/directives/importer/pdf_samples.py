"""PDFs built for the tests: a directive's text laid out on A4 pages (wrapped lines,
running header, page numbers, ruled tables), the same as a scan (pages as images only),
an encrypted one, a corrupt one and one with too many pages.

fpdf2 writes the PDFs and Pillow draws the scans with DejaVu Sans (Vietnamese glyphs).
"""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
HEADER = "TỈNH ỦY KON TUM — Văn bản số hóa"


class _Pages(FPDF):
    def __init__(self, header: str | None, footer: bool) -> None:
        super().__init__(format="A4")
        self.running_header = header
        self.page_footer = footer
        self.add_font("dv", "", str(FONT))
        self.add_font("dv", "B", str(FONT_BOLD))
        self.set_auto_page_break(True, margin=22)
        self.set_margins(25, 20, 20)

    def header(self) -> None:
        if self.running_header:
            self.set_font("dv", size=8)
            self.set_y(8)
            self.cell(0, 5, self.running_header, align="C")
            self.set_y(20)

    def footer(self) -> None:
        if self.page_footer:
            self.set_font("dv", size=9)
            self.set_y(-14)
            self.cell(0, 5, f"Trang {self.page_no()}", align="C")


def _rows(block: list[str]) -> list[list[str]]:
    rows = []
    for line in block:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if all(set(c) <= set("-: ") for c in cells):  # the markdown separator row
            continue
        rows.append(cells)
    return rows


def text_pdf(text: str, *, header: str | None = HEADER, footer: bool = True,
             size: float = 12.5, min_pages: int = 0,
             heading: tuple[list[str], list[str]] | None = None) -> bytes:
    """`text` laid out on A4: each source line a wrapped paragraph, '| a | b |' lines a
    ruled table, blank lines a gap; repeated to fill at least `min_pages` pages. With
    `heading`, page 1 opens with two columns side by side, no borders (the issuer and
    number on the left, the national motto and place and date on the right)."""
    pdf = _Pages(header, footer)
    pdf.add_page()
    if heading is not None:
        pdf.set_font("dv", size=size - 1)
        left, right = heading
        half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
        for index in range(max(len(left), len(right))):
            for column, lines in enumerate((left, right)):
                if index < len(lines) and lines[index]:
                    pdf.set_xy(pdf.l_margin + column * half, pdf.get_y())
                    pdf.cell(half, 6, lines[index], align="C")
            pdf.ln(6)
        pdf.ln(4)
    lines = text.splitlines()
    while True:
        index = 0
        while index < len(lines):
            line = lines[index]
            if line.lstrip().startswith("|"):
                block = []
                while index < len(lines) and lines[index].lstrip().startswith("|"):
                    block.append(lines[index])
                    index += 1
                rows = _rows(block)
                pdf.set_font("dv", size=size - 2)
                with pdf.table(first_row_as_headings=False, line_height=5.5) as table:
                    for cells in rows:
                        row = table.row()
                        for cell in cells:
                            row.cell(cell)
                pdf.ln(2)
                continue
            pdf.set_font("dv", size=size)
            if line.strip():
                pdf.multi_cell(0, 6.5, line.strip(), new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.ln(3)
            index += 1
        if pdf.page_no() >= min_pages:
            break
        pdf.ln(6)
    return bytes(pdf.output())


def _page_images(text: str, dpi: int, width_mm: float = 210, height_mm: float = 297):
    """The text drawn as black on white A4 images at `dpi` (a scanner's output)."""
    from PIL import Image, ImageDraw, ImageFont

    px = lambda mm: int(mm / 25.4 * dpi)  # noqa: E731
    font = ImageFont.truetype(str(FONT), size=int(12 / 72 * dpi))
    width, height = px(width_mm), px(height_mm)
    margin_x, margin_y = px(25), px(20)
    line_height = int(font.size * 1.45)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    y = margin_y
    for paragraph in text.splitlines():
        words = paragraph.split()
        if not words:
            y += line_height // 2
            continue
        current = ""
        for word in words:
            trial = f"{current} {word}".strip()
            if draw.textlength(trial, font=font) > width - 2 * margin_x and current:
                draw.text((margin_x, y), current, font=font, fill=0)
                y += line_height
                current = word
                if y > height - margin_y - line_height:
                    yield image
                    image = Image.new("L", (width, height), 255)
                    draw = ImageDraw.Draw(image)
                    y = margin_y
            else:
                current = trial
        draw.text((margin_x, y), current, font=font, fill=0)
        y += line_height
        if y > height - margin_y - line_height:
            yield image
            image = Image.new("L", (width, height), 255)
            draw = ImageDraw.Draw(image)
            y = margin_y
    yield image


def scanned_pdf(text: str, *, dpi: int = 200, pages: int | None = None,
                jpeg_quality: int = 60, grain: float = 0) -> bytes:
    """`text` as a scan: each page a JPEG image, no text layer. With `pages`, the pages'
    images are repeated to that many pages (a long scan for limits and benchmarks); with
    `grain`, each page gets its own scanner noise (sigma), so pages weigh what real scans
    weigh and no two are the same image."""
    from PIL import Image, ImageChops

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    images = list(_page_images(text, dpi))
    if pages is not None:
        images = [images[i % len(images)] for i in range(pages)]
    for image in images:
        if grain:
            noise = Image.effect_noise(image.size, grain)
            image = ImageChops.add(image, noise, scale=1.0, offset=-128)
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=jpeg_quality)
        pdf.add_page()
        pdf.image(buffer, x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


def encrypted_pdf(text: str) -> bytes:
    pdf = _Pages(None, False)
    pdf.set_encryption(owner_password="chu-so-huu", user_password="mat-khau")
    pdf.add_page()
    pdf.set_font("dv", size=12)
    pdf.multi_cell(0, 6.5, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def corrupt_pdf(text: str) -> bytes:
    """A PDF's header and the start of its body, cut in the middle (a broken download)."""
    whole = text_pdf(text)
    return whole[: len(whole) // 3]


def many_pages_pdf(pages: int) -> bytes:
    pdf = _Pages(None, True)
    pdf.set_font("dv", size=12)
    for number in range(pages):
        pdf.add_page()
        pdf.cell(0, 10, f"Mục {number + 101}: các cơ quan, đơn vị triển khai thực hiện.")
    return bytes(pdf.output())

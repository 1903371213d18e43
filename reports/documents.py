"""Rendering the consolidated report: DOCX in the Party's format, XLSX of its figures."""

import datetime as dt
import io
from decimal import Decimal

from django.conf import settings
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook

from assignments.models import AssignmentStatus, ObligationStatus

from .consolidated import Consolidated
from .safe_cells import export_text
from .sheets import Percent, Plain, write_table

FONT = "Times New Roman"
EDIT_HINT = "[Nội dung do Ban biên tập, bổ sung trước khi trình ký.]"

OBLIGATION_COLUMNS = [
    (ObligationStatus.ACCEPTED_ON_TIME, "Đạt, đúng hạn"),
    (ObligationStatus.ACCEPTED_LATE, "Đạt, nộp muộn"),
    (ObligationStatus.SUBMITTED, "Chờ thẩm định"),
    (ObligationStatus.RETURNED, "Trả lại"),
    (ObligationStatus.PENDING, "Chưa nộp, còn hạn"),
    (ObligationStatus.OVERDUE, "Chưa nộp, quá hạn"),
]
ASSIGNMENT_COLUMNS = [
    (AssignmentStatus.DONE_ON_TIME, "Hoàn thành đúng hạn"),
    (AssignmentStatus.DONE_LATE, "Hoàn thành quá hạn"),
    (AssignmentStatus.IN_PROGRESS_ON_TIME, "Đang thực hiện, trong hạn"),
    (AssignmentStatus.IN_PROGRESS_OVERDUE, "Chưa hoàn thành, quá hạn"),
    (AssignmentStatus.ONGOING, "Thường xuyên"),
    (AssignmentStatus.WITHDRAWN, "Đã rút"),
]


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Plain):
        return str(int(value))
    if isinstance(value, float | Decimal):
        value = float(value)
        text = f"{value:,.1f}" if value % 1 else f"{value:,.0f}"
        return text.replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value)


def _date_line(c: Consolidated) -> str:
    """Place and date of signing: the day the board issues the report, not the as-of day."""
    d = c.issued_on
    return f"{c.place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


# --- DOCX -----------------------------------------------------------------------

def _style(doc: Document, size: int) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(size)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(3)


def _run(paragraph, text: str):
    """Every text of the document goes in through here (see safe_cells.export_text)."""
    return paragraph.add_run(export_text(text))


def _para(container, text: str = "", *, bold=False, italic=False, size=None, upper=False,
          align=None, underline=False, indent=True, space_after=None, keep=False):
    """A paragraph; `keep` keeps it on the page of the next one (headings, table titles)."""
    paragraph = container.add_paragraph()
    if keep:
        paragraph.paragraph_format.keep_with_next = True
    if align is not None:
        paragraph.alignment = align
    elif indent:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(10)
    if space_after is not None:
        paragraph.paragraph_format.space_after = Pt(space_after)
    run = _run(paragraph, text.upper() if upper else text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    return paragraph


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _page_numbers_from_page_two(section) -> None:
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _header(doc: Document, c: Consolidated) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(75), Mm(90)
    center = WD_ALIGN_PARAGRAPH.CENTER
    left.paragraphs[0].text = ""
    _para(left, c.superior_body, size=14, upper=True, align=center, space_after=0)
    _para(left, c.issuing_body.replace(" Tỉnh ủy", "").replace(" Tỉnh uỷ", ""), bold=True,
          size=14, upper=True, align=center, space_after=0)
    _para(left, "*", align=center, space_after=0)
    _para(left, f"Số {c.number}", size=14, align=center)
    _para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, size=15, align=center, underline=True,
          space_after=6)
    _para(right, _date_line(c), italic=True, size=14, align=center)


def _statistics_sentence(c: Consolidated) -> str:
    o = c.summary["obligations"]
    counts = o["counts"]
    submitted = (counts["submitted"] + counts["returned"] + counts["accepted_on_time"]
                 + counts["accepted_late"])
    text = (f"Tính đến ngày {c.day:%d/%m/%Y}, có {_fmt(o['due'])} lượt báo cáo đến hạn; "
            f"đã nộp {_fmt(submitted)} lượt ({_fmt(o['submitted_rate'])}%), trong đó đạt yêu "
            f"cầu đúng hạn {_fmt(counts['accepted_on_time'])} lượt "
            f"({_fmt(o['on_time_rate'])}%), đạt nhưng nộp muộn "
            f"{_fmt(counts['accepted_late'])} lượt, đang chờ thẩm định "
            f"{_fmt(counts['submitted'])} lượt, bị trả lại {_fmt(counts['returned'])} lượt; "
            f"chưa nộp quá hạn {_fmt(counts['overdue'])} lượt.")
    a = c.summary["assignments"]
    ac = a["counts"]
    text += (f" Về nhiệm vụ có thời hạn: {_fmt(a['due'])} nhiệm vụ đến hạn, hoàn thành đúng "
             f"hạn {_fmt(ac['done_on_time'])}, hoàn thành quá hạn {_fmt(ac['done_late'])}, "
             f"chưa hoàn thành quá hạn {_fmt(ac['in_progress_overdue'])}; "
             f"{_fmt(ac['ongoing'])} nhiệm vụ thường xuyên.")
    return text


def _unit_texts(doc, entries, empty: str) -> None:
    if not entries:
        _para(doc, empty, italic=True)
    for entry in entries:
        paragraph = _para(doc, "")
        _run(paragraph, f"- {entry.unit}: ").bold = True
        _run(paragraph, entry.text)


SHORT_ROW = 400  # characters: a row up to this long is never split across pages


def _row_flag(row, name: str) -> None:
    """Set a w:trPr flag (w:tblHeader, w:cantSplit) on a table row."""
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement(f"w:{name}")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _table(doc, header: list[str], rows: list[list], widths: list[int] | None = None):
    """A bordered table: its header row repeats on every page it runs over, a short row
    is not split across pages, text reads left and numbers (and dates) right."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _row_flag(table.rows[0], "tblHeader")
    _row_flag(table.rows[0], "cantSplit")
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        run = _run(cell.paragraphs[0], text)
        run.bold = True
        run.font.size = Pt(11)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for values in rows:
        row = table.add_row()
        if sum(len(str(v)) for v in values if v is not None) <= SHORT_ROW:
            _row_flag(row, "cantSplit")
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = ""
            text = value if isinstance(value, str) else _fmt(value)
            run = _run(cell.paragraphs[0], text)
            run.font.size = Pt(11)
            if not isinstance(value, str):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Mm(width)
    return table


def _indicator_rows(c: Consolidated) -> tuple[list[str], list[list]]:
    """Per organisation: the REPORT-FORMAT columns, with "trong đó" sub-rows."""
    rate_rows = [r for r in c.indicators if r.indicator.denominator_id]
    others = [r for r in c.indicators if not r.indicator.denominator_id
              and all(r.indicator.pk != x.indicator.denominator_id for x in rate_rows)]
    header = ["Đơn vị"]
    for row in rate_rows:
        base = next((r for r in c.indicators if r.indicator.pk == row.indicator.denominator_id),
                    None)
        header += [base.indicator.name if base else "", row.indicator.name, "Tỷ lệ (%)",
                   "Chỉ tiêu (%)", "So với chỉ tiêu (%)"]
    header += [r.indicator.name for r in others]
    position = {pk: index for index, pk in enumerate(c.units)}  # organisational order
    unit_ids = sorted({u for r in c.indicators for u in r.per_unit},
                      key=lambda u: position.get(u, len(position)))
    labels = next((r.breakdowns for r in c.indicators if r.breakdowns), {})

    def line(name: str, unit_id: int | None, key: str) -> list:
        values: list = [name]
        for row in rate_rows:
            base = next((r for r in c.indicators
                         if r.indicator.pk == row.indicator.denominator_id), None)
            source = (lambda r: r.total) if unit_id is None else (
                lambda r: r.per_unit.get(unit_id, {}))
            num = source(row).get(key)
            den = source(base).get(key) if base else None
            rate = (100 * num.reported / den.reported).quantize(Decimal("0.1")) if (
                num and den and num.reported is not None and den.reported) else None
            target = (row.indicator.target_rate if unit_id is None else
                      getattr(row.unit_targets.get(unit_id), "target_rate", None))
            target = target if key == "" else None
            against = (100 * rate / target).quantize(Decimal("0.1")) if (rate and target) else None
            values += [den.reported if den else None, num.reported if num else None,
                       _percent(rate), _percent(target), _percent(against)]
        for row in others:
            figures = row.total if unit_id is None else row.per_unit.get(unit_id, {})
            figure = figures.get(key)
            values.append(figure.reported if figure else None)
        return values

    rows = []
    for unit_id in unit_ids:
        rows.append(line(c.units.get(unit_id, "?"), unit_id, ""))
        for code, label in labels.items():
            rows.append(line(f"   trong đó: {label}", unit_id, code))
    rows.append(line("Tổng cộng", None, ""))
    for code, label in labels.items():
        rows.append(line(f"   trong đó: {label}", None, code))
    return header, rows


def render_docx(c: Consolidated) -> bytes:
    """The report in the layout of REPORT-FORMAT.md (A4, Times New Roman)."""
    layout = settings.TRACKER_REPORT
    doc = Document()
    _style(doc, layout["body_size"])
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(layout["margin_top"]), Mm(
        layout["margin_bottom"])
    section.left_margin, section.right_margin = Mm(layout["margin_left"]), Mm(
        layout["margin_right"])
    _page_numbers_from_page_two(section)
    _header(doc, c)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "BÁO CÁO", bold=True, size=16, align=center, space_after=0)
    _para(doc, c.subject, bold=True, size=14, align=center, space_after=0)
    if c.period is not None:
        _para(doc, f"({c.period.label})", italic=True, align=center, space_after=0)
    _para(doc, "-----", align=center)
    _para(doc, c.opening)

    _para(doc, "I. TÌNH HÌNH, KẾT QUẢ THỰC HIỆN", bold=True, keep=True)
    _para(doc, "1. Công tác lãnh đạo, chỉ đạo, quán triệt, tuyên truyền", bold=True, keep=True)
    _unit_texts(doc, c.leadership, "Chưa có báo cáo được chấp nhận.")
    _para(doc, "2. Kết quả thực hiện các nhiệm vụ, giải pháp", bold=True, keep=True)
    for s_index, part in enumerate(c.sections, start=1):
        _para(doc, f"2.{s_index}. {part.addressee or 'Nhiệm vụ chung'}", bold=True, keep=True,
              italic=True)
        for i_index, item in enumerate(part.items):
            letter = chr(ord("a") + i_index) if i_index < 26 else str(i_index + 1)
            _para(doc, f"{letter}) {item.content}", italic=True, keep=True)
            _unit_texts(doc, item.results, "Chưa có báo cáo được chấp nhận cho nhiệm vụ này.")
    if c.indicators:
        _para(doc, "Kết quả các chỉ tiêu (chi tiết tại Phụ lục, Bảng 4):", italic=True)
        for row in c.indicators:
            total = row.total.get("")
            text = f"- {row.indicator.name}: {_fmt(total.reported if total else None)} " \
                   f"{row.indicator.unit_of_measure}"
            if row.rate.get("") is not None:
                text += f", đạt tỷ lệ {_fmt(row.rate[''])}%"
            if row.indicator.target_rate:
                text += f" (chỉ tiêu {_fmt(row.indicator.target_rate)}%)"
            if total and total.verified is not None:
                text += f"; số thẩm định {_fmt(total.verified)}"
            _para(doc, text + ".")
    _para(doc, "3. Công tác kiểm tra, giám sát, sơ kết", bold=True, keep=True)
    _para(doc, _statistics_sentence(c))
    if c.overdue:
        units = {}
        for row in c.overdue:
            units[row["unit_name"]] = max(units.get(row["unit_name"], 0), row["days_overdue"])
        _para(doc, "Các đơn vị còn báo cáo quá hạn: " + "; ".join(
            f"{name} (chậm nhất {days} ngày)" for name, days in units.items()) + ".")
    if c.extensions:
        _para(doc, "Ban đã xem xét, đồng ý gia hạn " + "; ".join(
            f"{e['unit']} (nhiệm vụ {e['item']}: từ {e['from']:%d/%m/%Y} đến "
            f"{e['to']:%d/%m/%Y})" for e in c.extensions) + ".")
    _para(doc, "4. Đánh giá chung", bold=True, keep=True)
    _para(doc, EDIT_HINT, italic=True)

    _para(doc, "II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN", bold=True, keep=True)
    _unit_texts(doc, c.shortcomings, "Các đơn vị chưa nêu hạn chế.")
    _para(doc, "Nguyên nhân khách quan, chủ quan: " + EDIT_HINT, italic=True)
    _para(doc, "III. BÀI HỌC KINH NGHIỆM", bold=True, keep=True)
    _para(doc, EDIT_HINT, italic=True)
    _para(doc, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI", bold=True, keep=True)
    _unit_texts(doc, c.next_steps, "Các đơn vị chưa nêu phương hướng.")
    _para(doc, EDIT_HINT, italic=True)
    _para(doc, "V. ĐỀ XUẤT, KIẾN NGHỊ", bold=True, keep=True)
    _unit_texts(doc, c.proposals, "Các đơn vị chưa có đề xuất, kiến nghị.")
    _para(doc, EDIT_HINT, italic=True)

    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    left, right = sign.rows[0].cells
    left.paragraphs[0].text = ""
    _para(left, "Nơi nhận:", bold=True, italic=True, underline=True, size=12, indent=False,
          space_after=0)
    for recipient in c.recipients:
        _para(left, f"- {recipient}", size=11, indent=False, space_after=0)
    right.paragraphs[0].text = ""
    _para(right, c.signer_title, bold=True, size=14, align=center, space_after=48)
    _para(right, c.signer_name or "", bold=True, size=14, align=center)

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _appendix(doc, c)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _appendix(doc, c: Consolidated) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    landscape = doc.add_section()
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Mm(297), Mm(210)
    _para(doc, "PHỤ LỤC SỐ LIỆU", bold=True, size=14, align=center, space_after=0, keep=True)
    _para(doc, f"(Kèm theo Báo cáo kết quả thực hiện {c.directive.number}, số liệu tính đến "
               f"ngày {c.day:%d/%m/%Y})", italic=True, align=center, keep=True)
    for title, rows in _appendix_tables(c):
        _para(doc, title, bold=True, indent=False, keep=True)
        header, body = rows
        _table(doc, header, body)
        _para(doc, "")


def _percent(value) -> Percent | None:
    return None if value is None else Percent(str(value))


def _overdue_by_unit(c: Consolidated) -> list[list]:
    """One row per late unit (organisational order): how many, how late, which items."""
    position = {name: index for index, name in enumerate(c.units.values())}
    units: dict[str, dict] = {}
    for row in c.overdue:
        entry = units.setdefault(row["unit_name"], {"count": 0, "days": 0, "due": None,
                                                    "items": set()})
        entry["count"] += 1
        entry["days"] = max(entry["days"], row["days_overdue"])
        entry["due"] = min(entry["due"] or row["due_on"], row["due_on"])
        entry["items"].add(row["item_order"])
    return [[name, e["count"], e["days"], dt.date.fromisoformat(e["due"]),
             ", ".join(str(i) for i in sorted(e["items"]))]
            for name, e in sorted(units.items(), key=lambda kv: position.get(kv[0], 0))]


def _appendix_tables(c: Consolidated):
    s = c.summary
    o_header = ["Phạm vi", "Đến hạn", *[label for _v, label in OBLIGATION_COLUMNS],
                "Tỷ lệ đã nộp (%)", "Tỷ lệ đúng hạn (%)"]

    def o_row(name, rollup):
        return [name, rollup["due"], *[rollup["counts"][v] for v, _l in OBLIGATION_COLUMNS],
                _percent(rollup["submitted_rate"]), _percent(rollup["on_time_rate"])]

    yield "Bảng 1. Tình hình báo cáo (lượt báo cáo)", (
        o_header, [o_row("Toàn bộ", s["obligations"])]
        + [o_row(f"Phần {sec['order']}: {sec['addressee'][:60]}", sec["obligations"])
           for sec in s["sections"]])
    a_header = ["Phạm vi", "Đến hạn", *[label for _v, label in ASSIGNMENT_COLUMNS],
                "Tỷ lệ hoàn thành đúng hạn (%)"]
    yield "Bảng 2. Tình hình thực hiện nhiệm vụ", (a_header, [
        ["Toàn bộ", s["assignments"]["due"],
         *[s["assignments"]["counts"][v] for v, _l in ASSIGNMENT_COLUMNS],
         _percent(s["assignments"]["done_on_time_rate"])]])
    yield "Bảng 3. Tình hình báo cáo theo đơn vị (theo thứ tự tổ chức)", (
        o_header, [o_row(u["name"], u["obligations"]) for u in s["units"]])
    if c.indicators:
        yield "Bảng 4. Kết quả tập hợp quần chúng và các chỉ tiêu", _indicator_rows(c)
    yield "Bảng 5. Đơn vị có báo cáo quá hạn chưa nộp", (
        ["Đơn vị", "Số báo cáo quá hạn", "Quá hạn lâu nhất (ngày)", "Hạn sớm nhất",
         "Nhiệm vụ"],
        _overdue_by_unit(c) or [["—", "—", "—", "—", "—"]])
    yield "Bảng 6. Gia hạn đã chấp thuận", (
        ["Đơn vị", "Nhiệm vụ", "Hạn cũ", "Hạn mới", "Lý do"],
        [[e["unit"], Plain(e["item"]), e["from"], e["to"], e["reason"]]
         for e in c.extensions] or [["—", "—", "—", "—", "—"]])


# --- XLSX -----------------------------------------------------------------------

def render_xlsx(c: Consolidated) -> bytes:
    """The report's figures (the appendix tables) as a workbook, one sheet per table,
    laid out by `reports.sheets` (typed cells, frozen filtered header, A4 landscape)."""
    workbook = Workbook(write_only=True)
    for title, (header, rows) in _appendix_tables(c):
        sheet = workbook.create_sheet(title=title.split(".")[0])  # "Bảng 5", as in the DOCX
        write_table(sheet, header, rows, titles=[
            title, f"{c.directive.number} — số liệu tính đến {c.day:%d/%m/%Y}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

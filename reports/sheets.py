"""How every workbook the product writes opens and prints (list exports and the
consolidated report's figures).

One sheet = optional title lines, one header row, then data rows. The header row is
frozen, carries the autofilter over the data and repeats on each printed page; pages
are A4 landscape, fitted to one page wide; columns are as wide as their content (up
to a cap, longer text wraps). Values keep their type: a date is an Excel date shown
dd/mm/yyyy, a number a number, a rate (`Percent`) a fraction shown with a % format.
Text still goes through `safe_cell` (no formulas, no control characters).

Sheets are write-only (streamed): widths are measured on the first `SAMPLE_ROWS` rows,
so a 100,000-row export does not have to be held in memory.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from itertools import chain, islice

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from tracker.timeutil import LOCAL_TZ

from .safe_cells import safe_cell

FONT = "Times New Roman"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"
PERCENT_FORMAT = "0.0%"
MIN_WIDTH = 6
MAX_WIDTH = 60
SAMPLE_ROWS = 1000
A4 = 9  # ECMA-376 paperSize


class Percent(Decimal):
    """A rate in percentage points (75.5 means 75,5 %): a number in DOCX, a % cell in XLSX."""


class Plain(int):
    """A whole number shown without thousands separators (an id, an item's order)."""


def typed_cell(sheet, value, *, bold: bool = False, italic: bool = False,
               wrap: bool = False) -> WriteOnlyCell:
    """A cell holding `value` as Excel should see it (date, number, %, safe text)."""
    number_format = None
    if isinstance(value, Percent):
        value, number_format = float(value) / 100, PERCENT_FORMAT
    elif isinstance(value, dt.datetime):
        if value.tzinfo is not None:  # Excel has no time zones: local wall time
            value = value.astimezone(LOCAL_TZ).replace(tzinfo=None)
        number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        number_format = DATE_FORMAT
    elif isinstance(value, bool):
        value = "Có" if value else "Không"
    elif isinstance(value, Plain):
        value = int(value)
    elif isinstance(value, int):
        number_format = INTEGER_FORMAT
    elif isinstance(value, float | Decimal):
        value = float(value)
        number_format = DECIMAL_FORMAT if value % 1 else INTEGER_FORMAT
    else:
        value = safe_cell(value)
    cell = WriteOnlyCell(sheet, value=value)
    if number_format:
        cell.number_format = number_format
    if bold or italic:
        cell.font = Font(name=FONT, bold=bold, italic=italic)
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def display_width(value) -> int:
    """About how many characters `value` takes once formatted."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, Percent):
        return len(f"{value:.1f}") + 2
    if isinstance(value, float | Decimal):
        return len(f"{float(value):,.1f}")
    if isinstance(value, Plain):
        return len(str(int(value)))
    if isinstance(value, int) and not isinstance(value, bool):
        return len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_table(sheet, header: list[str], rows: Iterable[list],
                titles: Iterable[str] = ()) -> int:
    """Write title lines, the header and every row to a fresh write-only `sheet`, laid out
    as the module says. Returns the number of data rows."""
    titles = list(titles)
    rows = iter(rows)
    sample = list(islice(rows, SAMPLE_ROWS))
    widths = [display_width(h) + 3 for h in header]  # + the filter button
    for row in sample:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], display_width(value) + 1)
    widths = [min(MAX_WIDTH, max(MIN_WIDTH, w)) for w in widths]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages tall as it takes
    header_row = len(titles) + 1
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"

    for title in titles:
        sheet.append([typed_cell(sheet, title, bold=True)])
    sheet.append([typed_cell(sheet, h, bold=True, wrap=True) for h in header])
    count = 0
    for row in chain(sample, rows):
        sheet.append([typed_cell(sheet, v, wrap=display_width(v) > widths[i])
                      for i, v in enumerate(row)])
        count += 1
    last = get_column_letter(max(1, len(header)))
    sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + count}"
    return count

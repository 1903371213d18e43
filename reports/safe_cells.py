"""What every export writer (DOCX, XLSX, CSV) puts in a file: text XML can hold, cells
that cannot run.

`export_text` is the one helper the writers call on every text they write: rows
stored before text was cleaned on the way in (tracker.fields) may still hold control
characters, which python-docx and openpyxl refuse ("All strings must be XML
compatible") — one of them would take the whole report down.
"""

from django.utils.functional import Promise

from tracker.text import clean_text

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def export_text(value):
    """Text as it may be written to a file (NFC, no control characters); others pass."""
    if isinstance(value, Promise):  # lazy translations
        value = str(value)
    return clean_text(value)


def safe_cell(value):
    """A spreadsheet cell: export_text, and text starting like a formula gets a leading
    apostrophe; other values pass."""
    value = export_text(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value

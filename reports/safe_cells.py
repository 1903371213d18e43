"""Spreadsheet cells that cannot run: guard against formula (CSV/DDE) injection."""

from django.utils.functional import Promise

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value):
    """Text starting like a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, Promise):  # lazy translations
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value

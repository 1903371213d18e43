"""Text as the tracker keeps it: NFC, and nothing that XML (DOCX/XLSX) cannot hold.

One rule for every text on the way in (model fields in tracker.fields, the importer)
and on the way out (the export writers, for rows stored before the rule existed):

* control characters U+0000–U+001F other than tab, newline and carriage return, and
  U+007F, are removed; Word's manual line break (U+000B) and page break (U+000C)
  become a newline, so the lines the author wrote stay apart;
* what XML 1.0 cannot hold at all (lone surrogates, U+FFFE, U+FFFF) is removed too;
* Vietnamese is stored composed (NFC): Word and macOS paste it decomposed (NFD),
  which looks the same but neither matches a search nor sorts with the rest.

Pure Python, no Django: the importer (directives.importer) uses it as well.
"""

import re
import unicodedata
from typing import Any

_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: Any) -> Any:
    """`value` in NFC without control characters (tab, newline, return kept).

    Anything that is not a string (None, numbers, lazy translations) passes unchanged.
    """
    if not isinstance(value, str):
        return value
    if _UNWANTED.search(value):
        value = _UNWANTED.sub("", value.translate(_BREAKS))
    if not value.isascii():
        value = unicodedata.normalize("NFC", value)
    return value


def clean_data(value: Any) -> Any:
    """clean_text applied to every string in JSON-like data, dictionary keys included."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_data(key): clean_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_data(item) for item in value]
    if isinstance(value, tuple):
        return tuple(clean_data(item) for item in value)
    return value

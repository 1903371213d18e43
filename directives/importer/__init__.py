"""Directive text importer: turns a directive's text into a draft breakdown.

Pure Python (no Django). Public API::

    parse_directive(text, registry=None) -> ImportResult   # .as_dict() is the preview contract
    read_upload(data, filename, ocr=None, on_page=None) -> str  # .txt/.docx/.pdf -> text
    pdf.read_pdf(data, ocr=OcrConfig(), on_page=...) -> str     # PDF, scans by Tesseract
    load_registry_json(path) -> Registry

Errors on bad input are :class:`ImportInputError` (``field``, ``message``, ``code``).
"""

from .model import (
    ImportInputError,
    ImportResult,
    Registry,
    RegistryGroup,
    RegistryUnit,
    load_registry_json,
    registry_from_dict,
)
from .parser import parse_directive
from .upload import read_upload

__all__ = [
    "ImportInputError",
    "ImportResult",
    "Registry",
    "RegistryGroup",
    "RegistryUnit",
    "load_registry_json",
    "parse_directive",
    "read_upload",
    "registry_from_dict",
]

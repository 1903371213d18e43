"""Helpers of the layout-rule tests: a text with the tags a labeller might give its lines, read
by the repairs and the labelled walk (model-independent)."""

from __future__ import annotations

from directives.importer.repair import labelled_walk, repair_tags
from directives.importer.walker import Reading, Walker, read_text

# A duty, the recipients' list and a signature (lines 1–10): what an annex follows.
SIGNED = (
    "1. Sở Tài chính chủ trì rà soát kinh phí.\n"  # 1
    "\n"
    "Nơi nhận:\n"  # 3
    "- Như trên;\n"
    "- Lưu: VT.\n"
    "\n"
    "KT. GIÁM ĐỐC\n"  # 7
    "PHÓ GIÁM ĐỐC\n"
    "Nguyễn Văn A\n"
    "\n"
)


def padded(text: str, tags: list[str]) -> tuple[Reading, list[str]]:
    """The text read, and the tags given for its lines (the blank line after the last "\n" too)."""
    reading = read_text(text)
    assert len(reading.lines) - len(tags) in (0, 1), reading.lines
    return reading, tags + ["OTHER"] * (len(reading.lines) - len(tags))


def walked(text: str, tags: list[str]) -> Walker:
    return labelled_walk(*padded(text, tags))


def repaired(text: str, tags: list[str]) -> list[str]:
    return repair_tags(*padded(text, tags))[: len(tags)]

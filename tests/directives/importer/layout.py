"""Helpers of the layout-rule tests: a text with the tags a labeller might give its lines, read
by the repairs and the labelled walk (model-independent)."""

from __future__ import annotations

from directives.importer.repair import labelled_walk, repair_tags
from directives.importer.walker import Reading, Walker, read_text


def padded(text: str, tags: list[str]) -> tuple[Reading, list[str]]:
    """The text read, and the tags given for its lines (the blank line after the last "\n" too)."""
    reading = read_text(text)
    assert len(reading.lines) - len(tags) in (0, 1), reading.lines
    return reading, tags + ["OTHER"] * (len(reading.lines) - len(tags))


def walked(text: str, tags: list[str]) -> Walker:
    return labelled_walk(*padded(text, tags))


def repaired(text: str, tags: list[str]) -> list[str]:
    return repair_tags(*padded(text, tags))[: len(tags)]

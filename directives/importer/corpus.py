"""Labelled documents for evaluation and training.

Two kinds of breakdowns are read:

* ``tests/directives/importer/data/*.expected.json``: the tuned cases, text in
  the same folder (``source``);
* ``tests/directives/importer/corpus/*.labels.json``: the development corpus;
  the text is in the same folder (``source``) or in the shared documents
  folder (``shared_source``, a path under ``$TRACKER_SHARED_DIR`` or the
  ``shared`` folder beside the project root).

A breakdown may cover only part of its text (``"partial": true`` with
``covered_lines``: ``[first, last]``, a list of such ranges, or ``"a-b"``
strings); scoring and training then only look at those lines.

Gold line tags (one per line, see :data:`TAGS`) are derived from the
sections and items: the line naming an addressee is ``SECTION`` (or
``SECTION_ITEM`` when it carries the duty too), a duty's first line is
``ITEM``, the lines that run straight on from a duty (no blank line between)
are ``ITEM_CONT`` (unless they open a numbered, lettered or roman entry: a
topic heading) and everything else is ``OTHER``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .structure import plain, split_marker

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TESTS_DIR = PROJECT_ROOT / "tests" / "directives" / "importer"
DATA_DIR = TESTS_DIR / "data"
CORPUS_DIR = TESTS_DIR / "corpus"

CONT_ALL = False
TAGS = ("SECTION", "SECTION_ITEM", "ITEM", "ITEM_CONT", "OTHER")


def shared_dir() -> Path | None:
    """The shared documents folder: $TRACKER_SHARED_DIR, else ``shared`` beside the project root."""
    env = os.environ.get("TRACKER_SHARED_DIR")
    for candidate in ([Path(env)] if env else []) + [PROJECT_ROOT.parent / "shared"]:
        if candidate.is_dir():
            return candidate
    return None


@dataclass
class LabelledDoc:
    """One hand-made breakdown with its text."""

    name: str
    path: Path
    shape: str
    text: str
    labels: dict[str, Any]
    registry: Path | None = None
    covered: list[tuple[int, int]] = field(default_factory=list)  # empty = whole text

    def covers(self, line: int) -> bool:
        return not self.covered or any(a <= line <= b for a, b in self.covered)

    @property
    def section_lines(self) -> list[int]:
        return [s["line"] for s in self.labels["sections"] if self.covers(s["line"])]

    @property
    def items(self) -> list[dict[str, Any]]:
        return [
            i for s in self.labels["sections"] for i in s.get("items", []) if self.covers(i["line"])
        ]


def _ranges(value: Any) -> list[tuple[int, int]]:
    """Covered line ranges from ``[a, b]``, ``[[a, b], ...]``, ``"a-b"`` or a list of those."""
    if value is None:
        return []
    if isinstance(value, str):
        parts = [p for p in value.replace(" ", "").split(",") if p]
        out = []
        for p in parts:
            a, _, b = p.partition("-")
            out.append((int(a), int(b or a)))
        return out
    if isinstance(value, dict):
        return [(int(value["from"]), int(value["to"]))]
    if len(value) == 2 and all(isinstance(v, int) for v in value):
        return [(value[0], value[1])]
    out = []
    for v in value:
        out.extend(_ranges(v))
    return out


def load_doc(path: Path) -> LabelledDoc | None:
    """Read one breakdown; None when its text is in the shared folder and that is absent."""
    labels = json.loads(path.read_text(encoding="utf-8"))
    if labels.get("shared_source"):
        base = shared_dir()
        if base is None or not (base / labels["shared_source"]).is_file():
            return None
        source = base / labels["shared_source"]
    else:
        source = path.parent / labels["source"]
    text = source.read_text(encoding="utf-8")
    name = path.name.removesuffix(".expected.json").removesuffix(".labels.json")
    covered = (
        _ranges(labels.get("covered_lines"))
        if labels.get("partial") or labels.get("covered_lines")
        else []
    )
    return LabelledDoc(
        name=name,
        path=path,
        shape=labels.get("shape") or "tuned",
        text=text,
        labels=labels,
        registry=path.parent / labels["registry"] if labels.get("registry") else None,
        covered=covered,
    )


def label_files(targets: list[str] | None = None) -> list[Path]:
    """Breakdown files from folders and/or file paths (default: data/ and corpus/)."""
    paths: list[Path] = []
    for target in targets or [str(DATA_DIR), str(CORPUS_DIR)]:
        p = Path(target)
        if p.is_dir():
            paths.extend(sorted(p.glob("*.expected.json")) + sorted(p.glob("*.labels.json")))
        elif p.is_file():
            paths.append(p)
    return paths


def load_docs(targets: list[str] | None = None) -> tuple[list[LabelledDoc], int]:
    """(documents, number skipped because the shared corpus is not found), in name order."""
    docs: list[LabelledDoc] = []
    skipped = 0
    for path in label_files(targets):
        doc = load_doc(path)
        if doc is None:
            skipped += 1
        else:
            docs.append(doc)
    docs.sort(key=lambda d: (d.name, str(d.path)))
    return docs, skipped


def gold_tags(doc: LabelledDoc, lines: list[str], noise: set[int] | None = None) -> list[str]:
    """One tag per line (index = line number - 1) from the breakdown (``noise``: chrome lines)."""
    tags = ["OTHER"] * len(lines)
    sections = set(doc.section_lines)
    items = {i["line"] for i in doc.items}
    for no in range(1, len(lines) + 1):
        if no in sections:
            tags[no - 1] = "SECTION_ITEM" if no in items else "SECTION"
        elif no in items:
            tags[no - 1] = "ITEM"
        elif (
            no > 1
            and lines[no - 1].strip()
            and lines[no - 2].strip()
            and no not in (noise or set())
            and tags[no - 2] in ("ITEM", "SECTION_ITEM", "ITEM_CONT")
            and (CONT_ALL or split_marker(plain(lines[no - 1])).kind in (None, "dash", "plus"))
        ):
            tags[no - 1] = "ITEM_CONT"
    return tags

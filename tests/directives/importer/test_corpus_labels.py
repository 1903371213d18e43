"""Every hand-made breakdown in corpus/*.labels.json is well formed and points at real lines.

The labelled texts of the shared corpus are not copied into the project: they are read
from $TRACKER_SHARED_DIR or from the ``shared`` folder beside the project root. When
that folder is absent the text checks are skipped with a visible reason.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest

from directives.importer.normalize import fold

CORPUS = Path(__file__).parent / "corpus"
LABELS = sorted(CORPUS.glob("*.labels.json"))
PROJECT_ROOT = Path(__file__).resolve().parents[3]

SHAPES = {"party", "news", "plan", "plan_table", "letter", "pm_order", "decision", "pdf_text"}
KINDS = {"chi_thi", "nghi_quyet", "ket_luan", "ke_hoach", "quyet_dinh", "thong_tri", "cong_van"}
MODES = {"each", "joint"}
DEADLINE_MODES = {"fixed", "periodic", "continuous"}
CADENCES = {"one_off", "annual", "semi_annual", "quarterly", "monthly"}
REQUIRED = ("origin", "shape", "labelled", "note", "directive", "sections")
# How many lines after an item's line its starts_with may still begin (hard wraps).
LOOKAHEAD = 3
_MARKUP = re.compile(r"[*_\\`|]")
_SPACE = re.compile(r"\s+")


def _shared_dir() -> Path:
    env = os.environ.get("TRACKER_SHARED_DIR")
    return Path(env) if env else PROJECT_ROOT.parent / "shared"


def _squash(text: str) -> str:
    """Folded text without markdown marks, with single spaces."""
    return _SPACE.sub(" ", _MARKUP.sub(" ", fold(text))).strip()


def _text_lines(label: dict, path: Path) -> list[str]:
    if "shared_source" in label:
        source = _shared_dir() / label["shared_source"]
        if not source.is_file():
            pytest.skip(f"shared corpus text not found: {source} (set TRACKER_SHARED_DIR)")
    else:
        source = path.parent / label["source"]
        assert source.is_file(), f"{path.name}: local source {label['source']} is missing"
    return source.read_text(encoding="utf-8").split("\n")


def test_the_corpus_has_labelled_documents() -> None:
    assert LABELS, "no *.labels.json in tests/directives/importer/corpus"


@pytest.fixture(params=LABELS, ids=lambda p: p.name.removesuffix(".labels.json"))
def labelled(request: pytest.FixtureRequest) -> tuple[Path, dict]:
    path: Path = request.param
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_label_file_has_the_required_keys_and_values(labelled: tuple[Path, dict]) -> None:
    path, label = labelled
    name = path.name
    for key in REQUIRED:
        assert key in label, f"{name}: missing key {key!r}"
    assert ("shared_source" in label) != ("source" in label), f"{name}: exactly one of shared_source/source"
    if "shared_source" in label:
        assert name == Path(label["shared_source"]).stem + ".labels.json", f"{name}: file name must follow the source"
    assert label["shape"] in SHAPES, f"{name}: unknown shape {label['shape']!r}"
    assert label["labelled"] == "by hand"
    assert label["note"].strip()
    directive = label["directive"]
    assert set(directive) == {"number", "kind", "issued_on"}, f"{name}: directive keys"
    assert directive["kind"] is None or directive["kind"] in KINDS, f"{name}: kind {directive['kind']!r}"
    if directive["issued_on"] is not None:
        dt.date.fromisoformat(directive["issued_on"])
    if not label["sections"]:
        assert "no assignment" in label["note"].lower() or "negative" in label["note"].lower(), (
            f"{name}: an empty breakdown must say in its note that the text has no assignments"
        )
    for section in label["sections"]:
        assert set(section) == {"line", "addressee", "assignment_mode", "items"}, f"{name}: section keys {sorted(section)}"
        assert section["assignment_mode"] in MODES, f"{name}: line {section['line']}: assignment_mode"
        assert section["addressee"] is None or section["addressee"].strip(), f"{name}: empty addressee"
        assert section["items"], f"{name}: section at line {section['line']} has no items"
        for item in section["items"]:
            where = f"{name}: item at line {item.get('line')}"
            assert {"line", "starts_with"} <= set(item), where
            assert item["starts_with"].strip(), where
            if "deadline" in item:
                dt.date.fromisoformat(item["deadline"])
            if "deadline_mode" in item:
                assert item["deadline_mode"] in DEADLINE_MODES, where
            if item.get("deadline_mode") == "periodic":
                assert item.get("cadence") in CADENCES - {"one_off"}, f"{where}: periodic needs a cadence"
            if "cadence" in item:
                assert item["cadence"] in CADENCES, where


def test_sections_and_items_are_in_text_order(labelled: tuple[Path, dict]) -> None:
    path, label = labelled
    section_lines = [s["line"] for s in label["sections"]]
    assert section_lines == sorted(section_lines), f"{path.name}: sections not sorted by line"
    previous = 0
    for section in label["sections"]:
        item_lines = [i["line"] for i in section["items"]]
        assert item_lines == sorted(item_lines), f"{path.name}: items of line {section['line']} not sorted"
        assert item_lines[0] >= section["line"], f"{path.name}: item before its section at {section['line']}"
        assert item_lines[0] > previous or item_lines[0] == section["line"], (
            f"{path.name}: section at {section['line']} overlaps the one before"
        )
        previous = item_lines[-1]


def test_lines_exist_and_items_start_where_labelled(labelled: tuple[Path, dict]) -> None:
    path, label = labelled
    lines = _text_lines(label, path)
    count = len(lines)
    name = path.name
    if label.get("partial"):
        assert "covered_lines" in label, f"{name}: a partial breakdown needs covered_lines"
        first, last = label["covered_lines"]
        assert 1 <= first <= last <= count, f"{name}: covered_lines outside the text"
        outside = [s["line"] for s in label["sections"] if not first <= s["line"] <= last]
        assert not outside, f"{name}: sections outside covered_lines: {outside}"
    for line in label.get("not_items", []):
        assert 1 <= line <= count, f"{name}: not_items line {line} outside the text ({count} lines)"
    labelled_lines = set()
    for section in label["sections"]:
        assert 1 <= section["line"] <= count, f"{name}: section line {section['line']} outside the text"
        for item in section["items"]:
            line = item["line"]
            assert 1 <= line <= count, f"{name}: item line {line} outside the text"
            assert line not in labelled_lines, f"{name}: two items on line {line}"
            labelled_lines.add(line)
            window = _squash(" ".join(lines[line - 1 : line - 1 + LOOKAHEAD + 1]))
            wanted = _squash(item["starts_with"])
            assert wanted in window, f"{name}: line {line} does not hold {item['starts_with']!r}"
    clash = labelled_lines & set(label.get("not_items", []))
    assert not clash, f"{name}: lines both items and not_items: {sorted(clash)}"

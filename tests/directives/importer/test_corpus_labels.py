"""Every hand-made breakdown in corpus/*.labels.json is well formed and points at real text.

The labels name either a shared raw text (``shared_source``, read from $TRACKER_SHARED_DIR or
the ``shared`` folder beside the project root) or a text in the same folder (``source``).
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest

from directives.importer.normalize import fold

CORPUS = Path(__file__).parent / "corpus"
LABELS = sorted(CORPUS.glob("*.labels.json"))
PROJECT_ROOT = Path(__file__).resolve().parents[3]

SHAPES = {"party", "news", "plan", "plan_table", "letter", "pm_order", "decision", "pdf_text"}
MODES = {"each", "joint"}
DEADLINE_MODES = {"fixed", "periodic", "continuous"}
KINDS = {
    None,
    "chi_thi",
    "nghi_quyet",
    "ket_luan",
    "ke_hoach",
    "quyet_dinh",
    "thong_tri",
    "cong_van",
}
CADENCES = {"one_off", "annual", "semi_annual", "quarterly", "monthly"}
# An item's opening words may wrap onto the next lines (PDF text, flattened table cells).
LOOKAHEAD = 3
RUN_IN_LEAD = 6


def _shared_dir() -> Path | None:
    env = os.environ.get("TRACKER_SHARED_DIR")
    candidates = [Path(env)] if env else []
    candidates.append(PROJECT_ROOT.parent / "shared")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None


def _flat(text: str) -> str:
    """Folded text without markdown marks, escapes and repeated whitespace."""
    text = re.sub(r"[*_\\|#>`]", " ", text)
    return " ".join(fold(text).split())


def _text_of(labels: dict) -> str:
    if "source" in labels:
        return (CORPUS / labels["source"]).read_text(encoding="utf-8")
    shared = _shared_dir()
    if shared is None:
        pytest.skip(
            "shared corpus texts absent: set TRACKER_SHARED_DIR or put `shared/` beside the project"
        )
    path = shared / labels["shared_source"]
    if not path.is_file():
        pytest.skip(f"shared text {labels['shared_source']} absent from {shared}")
    return path.read_text(encoding="utf-8")


@pytest.fixture(params=LABELS, ids=lambda p: p.name.removesuffix(".labels.json"))
def labelled(request: pytest.FixtureRequest) -> tuple[dict, list[str]]:
    labels = json.loads(request.param.read_text(encoding="utf-8"))
    return labels, _text_of(labels).splitlines()


def test_there_are_labelled_documents() -> None:
    assert LABELS, "no corpus/*.labels.json found"


@pytest.mark.parametrize("path", LABELS, ids=lambda p: p.name.removesuffix(".labels.json"))
def test_labels_have_the_required_keys(path: Path) -> None:
    labels = json.loads(path.read_text(encoding="utf-8"))
    assert ("shared_source" in labels) != ("source" in labels), (
        "exactly one of shared_source/source"
    )
    if "source" in labels:
        assert (CORPUS / labels["source"]).is_file(), labels["source"]
    for key in ("origin", "shape", "labelled", "note", "directive", "sections"):
        assert key in labels, key
    assert labels["shape"] in SHAPES
    assert labels["origin"].strip() and labels["note"].strip()
    assert set(labels["directive"]) >= {"number", "kind", "issued_on"}
    assert labels["directive"]["kind"] in KINDS
    if labels["directive"]["issued_on"]:
        date.fromisoformat(labels["directive"]["issued_on"])
    if not labels["sections"]:
        assert "no" in labels["note"].lower() or "negative" in labels["note"].lower()
    if labels.get("partial"):
        first, last = labels["covered_lines"]
        assert 1 <= first <= last
    for section in labels["sections"]:
        assert isinstance(section["line"], int)
        assert section["addressee"] is None or section["addressee"].strip()
        assert section["assignment_mode"] in MODES
        assert section["items"], f"section at line {section['line']} has no items"
        for item in section["items"]:
            assert isinstance(item["line"], int) and item["starts_with"].strip()
            if item.get("deadline"):
                date.fromisoformat(item["deadline"])
            assert item.get("deadline_mode", "fixed") in DEADLINE_MODES
            assert item.get("cadence", "one_off") in CADENCES
            if item.get("deadline_mode") == "periodic":
                assert item.get("cadence") not in (None, "one_off"), item["line"]


def test_sections_are_sorted_and_items_follow_their_section(
    labelled: tuple[dict, list[str]],
) -> None:
    labels, _ = labelled
    lines = [s["line"] for s in labels["sections"]]
    # Run-in news text may name several addressees on one line: equal lines are allowed.
    assert lines == sorted(lines)
    for section in labels["sections"]:
        item_lines = [i["line"] for i in section["items"]]
        assert item_lines == sorted(item_lines), section["addressee"]
        # A wrapped point ("5. Về …: Ủy ban nhân dân tỉnh …") may open a few lines before
        # the addressee's name.
        assert item_lines[0] >= section["line"] - RUN_IN_LEAD, section["addressee"]


def test_lines_are_within_the_file_and_items_start_there(labelled: tuple[dict, list[str]]) -> None:
    labels, lines = labelled
    numbers = [s["line"] for s in labels["sections"]] + list(labels.get("not_items", []))
    if labels.get("partial"):
        numbers += labels["covered_lines"]
    for number in numbers:
        assert 1 <= number <= len(lines), number
    for section in labels["sections"]:
        for item in section["items"]:
            number = item["line"]
            assert 1 <= number <= len(lines), number
            window = _flat(" ".join(lines[number - 1 : number - 1 + LOOKAHEAD]))
            assert _flat(item["starts_with"]) in window, (number, item["starts_with"])
        if section["addressee"]:
            window = _flat(" ".join(lines[section["line"] - 1 : section["line"] - 1 + LOOKAHEAD]))
            head = _flat(section["addressee"]).split()[0]
            assert head in window.split(), (section["line"], section["addressee"])

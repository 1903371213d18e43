"""Every hand-made breakdown in data/*.expected.json is reproduced by the parser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from directives.importer import load_registry_json, parse_directive
from directives.importer.evaluate import evaluate_file, format_report
from directives.importer.normalize import fold

DATA = Path(__file__).parent / "data"
EXPECTED = sorted(DATA.glob("*.expected.json"))


def _load(path: Path) -> tuple[dict, dict]:
    expected = json.loads(path.read_text(encoding="utf-8"))
    registry = load_registry_json(DATA / expected["registry"]) if expected.get("registry") else None
    text = (DATA / expected["source"]).read_text(encoding="utf-8")
    return expected, parse_directive(text, registry).as_dict()


@pytest.fixture(params=EXPECTED, ids=lambda p: p.name.removesuffix(".expected.json"))
def case(request: pytest.FixtureRequest) -> tuple[dict, dict]:
    return _load(request.param)


def test_there_are_corpus_seed_and_synthetic_cases() -> None:
    names = {p.name for p in EXPECTED}
    assert "chi-thi-06-CT-TU-kon-tum.expected.json" in names
    assert len(names) >= 7


def test_sections_are_found_at_the_expected_lines(case: tuple[dict, dict]) -> None:
    expected, result = case
    assert [s["line"] for s in result["sections"]] == [s["line"] for s in expected["sections"]]


def test_items_are_found_at_the_expected_lines(case: tuple[dict, dict]) -> None:
    expected, result = case
    for exp, got in zip(expected["sections"], result["sections"], strict=True):
        assert [i["line"] for i in got["items"]] == [i["line"] for i in exp["items"]], exp[
            "addressee"
        ]
        for ei, gi in zip(exp["items"], got["items"], strict=True):
            # The opening words are in the item's text (inline items may keep the addressee).
            assert fold(ei["starts_with"])[:25] in fold(gi["text"]) or fold(gi["text"])[
                :25
            ] in fold(ei["starts_with"])


def test_addressees_and_assignment_modes(case: tuple[dict, dict]) -> None:
    expected, result = case
    for exp, got in zip(expected["sections"], result["sections"], strict=True):
        assert got["assignment_mode"] == exp["assignment_mode"], exp["addressee"]
        if exp["addressee"] is None:
            assert got["addressee"] is None
        else:
            assert fold(got["addressee"]).startswith(fold(exp["addressee"])[:20])


def test_section_units_match_the_registry(case: tuple[dict, dict]) -> None:
    expected, result = case
    for exp, got in zip(expected["sections"], result["sections"], strict=True):
        if "units" in exp:
            assert sorted(got["units"]) == sorted(exp["units"]), exp["addressee"]


def test_item_roles_and_deadlines(case: tuple[dict, dict]) -> None:
    expected, result = case
    for exp, got in zip(expected["sections"], result["sections"], strict=True):
        for ei, gi in zip(exp["items"], got["items"], strict=True):
            for key in ("lead", "cooperating"):
                if key in ei:
                    assert sorted(gi[key]) == sorted(ei[key]), (ei["line"], key)
            for key in ("deadline", "deadline_mode", "cadence"):
                if key in ei:
                    assert gi[key] == ei[key], (ei["line"], key)
            assert 0.0 <= gi["confidence"] <= 1.0


def test_directive_metadata(case: tuple[dict, dict]) -> None:
    expected, result = case
    exp, got = expected["directive"], result["directive"]
    for key in ("number", "kind", "issued_on"):
        assert got[key] == exp[key], key
    for key in ("issuer", "title", "supervisor"):
        if exp[key] is None:
            assert got[key] is None, key
        else:
            assert fold(exp[key].split(" (")[0]) in fold(got[key]), key
    if "supervisor_units" in exp:
        assert got["supervisor_units"] == exp["supervisor_units"]


def test_references(case: tuple[dict, dict]) -> None:
    expected, result = case
    texts = [r["text"] for r in result["references"]]
    for ref in expected["references"]:
        assert ref in texts


def test_context_lines_are_kept_apart_from_duties(case: tuple[dict, dict]) -> None:
    expected, result = case
    item_lines = {i["line"] for s in result["sections"] for i in s["items"]}
    context = {(c["line"], c["kind"]) for c in result["context"]}
    for kind, lines in expected.get("context_lines", {}).items():
        for line in lines:
            assert (line, kind) in context, (line, kind)
            assert (
                line not in item_lines
                or kind == "preamble"
                and any(c["line"] == line for c in result["context"])
            )


def test_unmatched_names_are_reported(case: tuple[dict, dict]) -> None:
    expected, result = case
    for text in expected.get("unmatched_texts", []):
        assert text in [u["text"] for u in result["unmatched"]]


def test_counts(case: tuple[dict, dict]) -> None:
    expected, result = case
    assert len(result["sections"]) == expected["counts"]["sections"]
    assert sum(len(s["items"]) for s in result["sections"]) == expected["counts"]["items"]


def test_evaluation_scores_are_perfect_on_the_test_data() -> None:
    results = [evaluate_file(p) for p in EXPECTED]
    report = format_report(results)
    for r in results:
        assert r.items.precision == 1.0 and r.items.recall == 1.0, report
        assert r.sections.precision == 1.0 and r.sections.recall == 1.0, report
        assert r.seconds < 2.0, report

"""The seed directive (06-CT/TU Kon Tum) gives exactly the hand-made breakdown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from directives.importer import ImportResult, load_registry_json, parse_directive

DATA = Path(__file__).parent / "data"
SEED = DATA / "chi-thi-06-CT-TU-kon-tum.txt"


@pytest.fixture(scope="module")
def registry():
    return load_registry_json(DATA / "kontum-2021-registry.json")


@pytest.fixture(scope="module")
def result(registry) -> ImportResult:
    return parse_directive(SEED.read_text(encoding="utf-8"), registry)


def test_four_sections_fourteen_items(result: ImportResult) -> None:
    assert [s.line for s in result.sections] == [17, 27, 33, 49]
    assert [i.line for i in result.items] == [
        19,
        21,
        23,
        25,
        29,
        31,
        35,
        37,
        39,
        41,
        43,
        45,
        47,
        49,
    ]


def test_section_units_and_modes(result: ImportResult) -> None:
    s1, s2, s3, s4 = result.sections
    assert s1.assignment_mode == "each" and len(s1.units) == 15
    assert {"THU-KONTUM", "HU-IAHDRAI", "DU-BDBP-KT", "DU-KCQ-KT"} <= set(s1.units)
    assert (s2.units, s2.assignment_mode) == (["BCSD-UBND-KT"], "joint")
    assert s3.units == [
        "DD-MTTQ-KT",
        "DD-LHPN-KT",
        "DD-HND-KT",
        "DD-CCB-KT",
        "DD-LDLD-KT",
        "BTV-TD-KT",
    ]
    assert s3.assignment_mode == "each"
    assert (s4.units, s4.assignment_mode, s4.items[0].lead) == (
        ["BDV-TU-KT"],
        "joint",
        ["BDV-TU-KT"],
    )


def test_metadata_supervisor_and_reference(result: ImportResult) -> None:
    d = result.as_dict()["directive"]
    assert (d["number"], d["kind"], d["issued_on"]) == ("06-CT/TU", "chi_thi", "2021-09-07")
    assert d["issuer"] == "Ban Thường vụ Tỉnh ủy (Kon Tum)"
    assert d["title"].startswith("về tăng cường công tác tuyên truyền")
    assert (d["supervisor"], d["supervisor_units"]) == ("Ban Dân vận Tỉnh ủy", ["BDV-TU-KT"])
    assert [r.text for r in result.references] == [
        "Chỉ thị số 16/CT-TTg ngày 16/5/2016 của Thủ tướng Chính phủ"
    ]
    assert result.references[0].line == 29


def test_no_noise_lines_anywhere(result: ImportResult) -> None:
    used = (
        {s.line for s in result.sections}
        | {i.line for i in result.items}
        | {c.line for c in result.context}
    )
    assert all(17 <= n <= 50 or n in (11, 13, 15) for n in used)
    assert [(c.line, c.kind) for c in result.context] == [
        (11, "assessment"),
        (13, "assessment"),
        (15, "preamble"),
    ]


def test_generic_partners_are_reported_not_dropped(result: ImportResult) -> None:
    assert [(u.line, u.text) for u in result.unmatched] == [(49, "các cơ quan liên quan")]


def test_preview_contract_shape(result: ImportResult) -> None:
    d = json.loads(json.dumps(result.as_dict(), ensure_ascii=False))
    assert set(d) == {"directive", "sections", "context", "references", "unmatched"}
    assert {"number", "kind", "issued_on", "issuer", "title", "supervisor"} <= set(d["directive"])
    section = d["sections"][0]
    assert {"line", "addressee", "units", "assignment_mode", "items"} <= set(section)
    assert set(section["items"][0]) == {
        "line",
        "text",
        "lead",
        "cooperating",
        "deadline",
        "deadline_mode",
        "cadence",
        "confidence",
    }
    assert set(d["context"][0]) == {"line", "kind", "text"}
    assert set(d["unmatched"][0]) == {"line", "text"}


def test_without_registry_the_structure_is_the_same() -> None:
    result = parse_directive(SEED.read_text(encoding="utf-8"))
    assert [s.line for s in result.sections] == [17, 27, 33, 49]
    assert [s.assignment_mode for s in result.sections] == ["each", "joint", "each", "joint"]
    assert all(s.units == [] for s in result.sections) and result.unmatched == []


def test_crlf_and_bom_do_not_shift_lines(registry) -> None:
    text = "\ufeff" + SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    result = parse_directive(text, registry)
    assert [i.line for i in result.items][:3] == [19, 21, 23]

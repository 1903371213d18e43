"""Issue 15 points 4-6, the importer's side: units at the right level of government, new
units offered, dissolved units' successors as of the directive's date, deadline and cadence
phrasings, and the "5 rõ" check. Phrasings are taken from real directives and plans."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from directives.importer import load_registry_json, parse_directive
from directives.importer.clarity import item_clarity, preview_clarity, suggest_product
from directives.importer.deadlines import parse_deadline
from directives.importer.metadata import strip_references
from directives.importer.newunits import guess_kind, is_single_body, suggest_new_units
from directives.importer.units import UnitMatcher

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def registry():
    return load_registry_json(DATA / "kontum-2021-registry.json")


@pytest.fixture(scope="module")
def matcher(registry) -> UnitMatcher:
    return UnitMatcher(registry)


# --- point 4: the right level, the right province, groups, successors -----------------

@pytest.mark.parametrize(("phrase", "codes", "leftover"), [
    # Lower levels are not the provincial body the registry's "UBND tỉnh" stands for.
    ("UBND xã, phường, thị trấn", [], "UBND xã, phường, thị trấn"),
    ("UBND các xã, phường, thị trấn", [], "UBND các xã, phường, thị trấn"),
    ("UBND xã/phường/thị trấn", [], "UBND xã/phường/thị trấn"),
    ("UBND quận, huyện", [], "UBND quận, huyện"),
    ("UBND cấp huyện", [], "UBND cấp huyện"),
    ("Công an huyện Đắk Hà", [], "Công an huyện Đắk Hà"),
    ("Công an tỉnh, UBND các xã, Sở Y tế", ["CA-KT", "SYT-KT"], "UBND các xã"),
    # Another province's body is not ours.
    ("Ủy ban nhân dân tỉnh Gia Lai", [], "Ủy ban nhân dân tỉnh Gia Lai"),
    ("Tỉnh ủy Gia Lai", [], "Tỉnh ủy Gia Lai"),
    ("UBND thành phố Đà Nẵng", [], "UBND thành phố Đà Nẵng"),
    # Ours stay ours, whatever follows them.
    ("Ủy ban nhân dân tỉnh Kon Tum", ["UBND-KT"], None),
    ("UBND tỉnh", ["UBND-KT"], None),
    ("UBND tỉnh quản lý", ["UBND-KT"], None),
    ("UBND huyện Đắk Hà", ["UBND-DAKHA"], None),
    ("Sở Lao động - Thương binh và Xã hội", ["SLDTBXH-KT"], None),
    ("Ban Tuyên giáo Tỉnh ủy, Huyện ủy Đắk Hà", ["BTG-TU-KT", "HU-DAKHA"], None),
    ("Sở Xây dựng", [], "Sở Xây dựng"),
])
def test_level_and_province(matcher, phrase, codes, leftover):
    found = matcher.match(phrase, date(2021, 9, 7))
    assert found.codes == codes
    assert found.leftovers == ([leftover] if leftover else [])


def test_group_of_departments(matcher):
    found = matcher.match("Các sở, ban, ngành", date(2021, 9, 7))
    assert found.group_codes == ["G-SBN-KT"]
    assert "SYT-KT" in found.codes and "UBND-KT" not in found.codes


@pytest.mark.parametrize(("phrase", "on", "code"), [
    # The registry's dissolution dates: Ban Dân tộc and Sở TT&TT merged on 01/03/2025.
    ("Ban Dân tộc tỉnh", date(2024, 12, 31), "BDT-KT"),
    ("Ban Dân tộc tỉnh", date(2025, 3, 1), "SDTTG-KT"),
    ("Sở Thông tin và Truyền thông", date(2025, 2, 28), "STTTT-KT"),
    ("Sở Thông tin và Truyền thông", date(2025, 5, 1), "SKHCN-KT"),
    # Two steps: Ban Tuyên giáo -> Ban Tuyên giáo và Dân vận -> Quảng Ngãi's (01/07/2025).
    ("Ban Tuyên giáo Tỉnh ủy", date(2025, 4, 1), "BTGDV-TU-KT"),
    ("Ban Tuyên giáo Tỉnh ủy", date(2025, 8, 1), "BTGDV-TU-QNG"),
])
def test_dissolved_units_resolve_as_of_the_date(matcher, phrase, on, code):
    assert matcher.match(phrase, on).codes == [code]


def test_group_drops_members_gone_without_successor(matcher):
    before = matcher.match("các huyện ủy, thành ủy", date(2025, 6, 30))
    after = matcher.match("các huyện ủy, thành ủy", date(2025, 7, 1))
    assert len(before.codes) == 10 and after.codes == []


PLAN = """ỦY BAN NHÂN DÂN
TỈNH KON TUM
Số: 45/KH-UBND
Kon Tum, ngày 10 tháng 3 năm 2026

KẾ HOẠCH
Triển khai công tác chuyển đổi số năm 2026

Để triển khai thực hiện, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:

1. Sở Xây dựng:
- Xây dựng kế hoạch chuyển đổi số ngành xây dựng, hoàn thành trước ngày 30/6/2026.
- Tăng cường kiểm tra.

2. Công an tỉnh:
- Định kỳ hằng quý báo cáo kết quả về UBND tỉnh.

3. Ủy ban nhân dân tỉnh Gia Lai:
- Phối hợp trao đổi kinh nghiệm chuyển đổi số giữa hai tỉnh.

4. UBND xã, phường, thị trấn:
- Tuyên truyền, vận động nhân dân tham gia.
"""


def test_new_units_offered_with_kind_and_parent(registry):
    preview = parse_directive(PLAN, registry).as_dict()
    offered = suggest_new_units(preview, registry)
    assert [(u["name"], u["kind"], u["parent"], u["create"]) for u in offered] == [
        ("Sở Xây dựng", "government", "UBND-KT", True),
        ("Ủy ban nhân dân tỉnh Gia Lai", "government", None, True),  # not under ours
    ]
    sections = preview["sections"]
    assert sections[0]["units"] == ["new-1"]
    assert [i["lead"] for i in sections[0]["items"]] == [["new-1"], ["new-1"]]
    # A level of government is not one body: no new unit, it stays not matched.
    assert sections[3]["units"] == [] and sections[3]["items"][0]["lead"] == []
    assert any(u["text"] == "UBND xã, phường, thị trấn" for u in preview["unmatched"])


@pytest.mark.parametrize(("name", "kind", "single"), [
    ("Sở Xây dựng", "government", True),
    ("Công an huyện Đắk Hà", "government", True),
    ("Huyện ủy Đăk Tô", "party_committee", True),
    ("Đảng đoàn Hội Nông dân huyện", "party_delegation", True),
    ("Ủy ban MTTQ Việt Nam huyện Sa Thầy", "front", True),
    ("Hội Chữ thập đỏ tỉnh", "mass_organisation", True),
    ("UBND các xã", "government", False),
    ("UBND cấp huyện", "government", False),
    ("các cấp, các ngành", None, False),
])
def test_kind_and_single_body(name, kind, single):
    assert guess_kind(name) == kind
    assert is_single_body(name) is single


@pytest.mark.parametrize(("name", "parent"), [
    ("Công an huyện Đắk Hà", "CA-KT"),          # under the provincial body of that name
    ("Sở Xây dựng", "UBND-KT"),
    ("Huyện ủy Đăk Tô", "TU-KT"),
    ("Ủy ban nhân dân tỉnh Gia Lai", None),      # another province's: nothing of ours
    ("Hội Chữ thập đỏ tỉnh", None),
])
def test_parent_suggested(registry, name, parent):
    preview = {"unmatched": [{"line": 3, "text": name}], "sections": []}
    assert suggest_new_units(preview, registry)[0]["parent"] == parent


# --- point 5: deadlines and cadences ----------------------------------------------------

ISSUED = date(2026, 3, 15)


@pytest.mark.parametrize(("text", "mode", "due", "cadence"), [
    ("Hằng năm, báo cáo kết quả về Ban Thường vụ Tỉnh ủy.", "periodic", None, "annual"),
    ("Hàng năm tổ chức kiểm tra việc thực hiện.", "periodic", None, "annual"),
    ("Định kỳ hằng quý báo cáo UBND tỉnh.", "periodic", None, "quarterly"),
    ("Định kỳ 6 tháng, hằng năm báo cáo kết quả.", "periodic", None, "semi_annual"),
    ("Trong năm 2014 và các năm tiếp theo", "periodic", date(2014, 12, 31), "annual"),
    ("hằng năm, trước ngày 15/12 báo cáo kết quả", "periodic", date(2026, 12, 15), "annual"),
    ("Hoàn thành trước ngày 30/6/2026.", "fixed", date(2026, 6, 30), "one_off"),
    ("Xây dựng kế hoạch, hoàn thành trước ngày 30/9", "fixed", date(2026, 9, 30), "one_off"),
    ("Tổ chức sơ kết trong quý III/2026.", "fixed", date(2026, 9, 30), "one_off"),
    ("trong quý 3 năm 2026", "fixed", date(2026, 9, 30), "one_off"),
    ("Thời gian hoàn thành: Quý II/2026", "fixed", date(2026, 6, 30), "one_off"),
    ("Chậm nhất ngày 15/10/2026 gửi báo cáo.", "fixed", date(2026, 10, 15), "one_off"),
    ("chậm nhất là 15 tháng 12 năm 2026", "fixed", date(2026, 12, 15), "one_off"),
    ("Chậm nhất trong tháng 10/2026 trình UBND tỉnh", "fixed", date(2026, 10, 31), "one_off"),
    ("Thời gian thực hiện: Năm 2026", "fixed", date(2026, 12, 31), "one_off"),
    ("Thực hiện thường xuyên.", "continuous", None, None),
    # A cited document's date is never a deadline.
    ("Triển khai Kế hoạch số 12/KH-UBND ngày 20/3/2026 của UBND tỉnh.", None, None, None),
    ("Thực hiện Chỉ thị số 05-CT/TU, ngày 12/5/2026 của Ban Thường vụ Tỉnh ủy", None, None,
     None),
    ("Quán triệt Nghị quyết được ban hành ngày 12 tháng 3 năm 2026", None, None, None),
])
def test_deadline_table(text, mode, due, cadence):
    deadline = parse_deadline(strip_references(text), ISSUED)
    assert (deadline.mode, deadline.due, deadline.cadence) == (mode, due, cadence)


CLOSING = """BAN THƯỜNG VỤ TỈNH ỦY
Số: 12-KH/TU
Kon Tum, ngày 15 tháng 3 năm 2026

KẾ HOẠCH
thực hiện Chỉ thị số 05-CT/TW ngày 12/01/2026 của Bộ Chính trị

Ban Thường vụ Tỉnh ủy yêu cầu:

1. Ban Tuyên giáo Tỉnh ủy:
- Hằng năm, tổng hợp kết quả thực hiện, báo cáo Ban Thường vụ Tỉnh ủy.
- Tham mưu xây dựng đề cương tuyên truyền Chỉ thị số 05-CT/TW ngày 12/01/2026.
Thời gian hoàn thành: trước ngày 30/4/2026.

2. Sở Y tế:
- Xây dựng đề án nâng cao chất lượng y tế cơ sở, trình UBND tỉnh trong quý III/2026.
"""


def test_completion_line_closes_its_duty_and_cited_dates_are_not_deadlines(registry):
    preview = parse_directive(CLOSING, registry).as_dict()
    items = [i for s in preview["sections"] for i in s["items"]]
    assert len(items) == 3, [i["text"] for i in items]
    assert (items[0]["deadline_mode"], items[0]["cadence"]) == ("periodic", "annual")
    assert (items[1]["deadline_mode"], items[1]["deadline"]) == ("fixed", "2026-04-30")
    assert (items[2]["deadline_mode"], items[2]["deadline"]) == ("fixed", "2026-09-30")
    assert all(i["deadline"] != "2026-01-12" for i in items)


# --- point 6: the "5 rõ" check ----------------------------------------------------------

@pytest.mark.parametrize(("text", "product"), [
    ("Xây dựng kế hoạch triển khai thực hiện Chỉ thị, hoàn thành trước ngày 30/6/2026.",
     "kế hoạch"),
    ("Chủ trì xây dựng Đề án phát triển du lịch cộng đồng", "Đề án"),
    ("Tham mưu Tỉnh ủy ban hành Chỉ thị về công tác phòng chống thiên tai.", "Chỉ thị"),
    ("Định kỳ 6 tháng báo cáo kết quả về Ban Thường vụ Tỉnh ủy.", "báo cáo kết quả"),
    ("Tổ chức sơ kết 5 năm thực hiện Nghị quyết.", "sơ kết"),
    ("Tăng cường công tác tuyên truyền, vận động nhân dân.", ""),
    # A plan the duty only follows is not its product.
    ("Triển khai Kế hoạch số 12/KH-UBND ngày 20/3/2026 của UBND tỉnh.", ""),
    ("Thực hiện kế hoạch của Tỉnh ủy về chuyển đổi số.", ""),
])
def test_product_suggested_from_the_text(text, product):
    assert suggest_product(text) == product


BASE = {"text": "Xây dựng kế hoạch chuyển đổi số của ngành", "lead": ["SYT-KT"],
        "cooperating": [], "deadline": "2026-06-30", "deadline_mode": "fixed",
        "cadence": "one_off", "expected_output": "kế hoạch"}


@pytest.mark.parametrize(("change", "missing"), [
    ({}, []),
    ({"lead": []}, ["who"]),
    ({"lead": [], "cooperating": ["CA-KT"]}, ["who", "responsibility"]),
    ({"text": "Về công tác tuyên truyền:"}, ["what"]),
    ({"text": "Tăng cường kiểm tra."}, ["what"]),
    ({"deadline": None}, ["when"]),
    ({"deadline_mode": None, "deadline": None, "cadence": None}, ["when"]),
    ({"deadline_mode": "periodic", "deadline": None, "cadence": "quarterly"}, []),
    ({"deadline_mode": "periodic", "deadline": None, "cadence": None}, ["when"]),
    ({"deadline_mode": "continuous", "deadline": None, "cadence": None}, []),
    ({"expected_output": ""}, ["product"]),
    ({"expected_output": "   "}, ["product"]),
])
def test_clarity_flags(change, missing):
    assert item_clarity({**BASE, **change})["missing"] == missing


def test_preview_counts_and_refresh_after_correction(registry):
    preview = parse_directive(PLAN, registry).as_dict()
    summary = preview_clarity(preview)
    assert summary["items"] == 5
    last = preview["sections"][3]["items"][0]
    assert set(last["clarity"]["missing"]) == {"who", "when", "product"}
    # The board names a lead, a cadence and a product: the flags follow.
    last.update(lead=["UBND-KT"], deadline_mode="periodic", cadence="quarterly",
                expected_output="báo cáo")
    again = preview_clarity(preview)
    assert last["clarity"]["missing"] == []
    assert again["missing"]["who"] == summary["missing"]["who"] - 1

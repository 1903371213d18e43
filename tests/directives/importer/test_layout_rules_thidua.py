"""Layout rules over the labeller's tags for emulation ("thi đua") plans, model-independent: each
test gives the tags a labeller might return and checks what the rules make of them."""

from __future__ import annotations

from tests.directives.importer.layout import repaired as _repair
from tests.directives.importer.layout import walked as _walk

# --- _emulation_parts: themes, criteria and awards are no duties; "Tổ chức thực hiện" is ----------

_PLAN = (
    "**II. NỘI DUNG ĐỢT THI ĐUA**\n"  # 1
    "\n"
    "Để toàn dân đồng lòng, thi đua hành động; các sở, ban, ngành, Ủy ban Mặt trận\n"  # 3
    "Tổ quốc tỉnh tập trung thi đua thực hiện các nội dung chủ yếu sau:\n"  # 4
    "\n"
    "1. Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội năm 2025.\n"  # 6
    "\n"
    "2. Thi đua xây dựng Đảng, xây dựng chính quyền trong sạch, vững mạnh.\n"  # 8
    "\n"
    "**III. KHEN THƯỞNG**\n"  # 10
    "\n"
    "a) Chủ tịch Ủy ban nhân dân tỉnh tặng Bằng khen cho 05 tập thể tiêu biểu.\n"  # 12
    "\n"
    "**IV. TỔ CHỨC THỰC HIỆN**\n"  # 14
    "\n"
    "- Sở Nội vụ hướng dẫn khen thưởng Đợt thi đua.\n"  # 16
)
_PLAN_TAGS = [
    "OTHER", "OTHER", "OTHER", "SECTION", "OTHER", "ITEM", "OTHER", "ITEM",
    "OTHER", "OTHER", "OTHER", "SECTION_ITEM", "OTHER", "OTHER", "OTHER", "SECTION_ITEM",
]  # fmt: skip


def test_emulation_themes_their_lead_and_award_rules_open_no_duty() -> None:
    out = _repair(_PLAN, _PLAN_TAGS)
    assert out[3] == "OTHER"  # the lead announcing the themes
    assert out[5] == out[7] == "OTHER"  # "1. Thi đua …", "2. Thi đua …"
    assert out[11] == "OTHER"  # "a) Chủ tịch … tặng Bằng khen …" under "KHEN THƯỞNG"
    walker = _walk(_PLAN, _PLAN_TAGS)
    assert [(s.line, [i.line for i in s.items]) for s in walker.sections] == [(16, [16])]


def test_criteria_per_class_of_participant_stay_no_duties_to_the_end() -> None:
    text = (
        "**1. Tiêu chí thi đua**\n"  # 1
        "\n"
        "**b) Đối với Ủy ban Mặt trận Tổ quốc tỉnh, các tổ chức chính trị - xã hội**\n"  # 3
        "\n"
        "- Tổ chức sâu rộng các phong trào thi đua yêu nước.\n"  # 5
        "\n"
        "**2. Hình thức và tiêu chuẩn khen thưởng**\n"  # 7
        "\n"
        "Các cơ quan, đơn vị căn cứ thành tích để bình xét khen thưởng theo thẩm quyền.\n"  # 9
    )
    tags = ["OTHER", "OTHER", "SECTION", "OTHER", "ITEM", "OTHER", "OTHER", "OTHER", "SECTION_ITEM"]
    out = _repair(text, tags)
    assert out[2] == out[4] == "OTHER"
    assert out[8] == "SECTION_ITEM"  # the standards of award may ask bodies to act


def test_a_contents_heading_with_more_than_the_emulation_keeps_its_duties() -> None:
    text = (
        "**III. NỘI DUNG THI ĐUA, PHƯƠNG ÁN TRIỂN KHAI**\n"
        "\n"
        "a) Ủy ban nhân dân xã, phường tổ chức rà soát danh sách người hưởng.\n"
    )
    assert _repair(text, ["OTHER", "OTHER", "SECTION_ITEM"])[2] == "SECTION_ITEM"

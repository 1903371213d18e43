"""Layout rules over the labeller's tags for decisions, Party texts and orders (session 14,
decision round), model-independent: each test gives the tags a labeller might return and checks
what the rules make of them."""

from __future__ import annotations

from tests.directives.importer.layout import repaired as _repair
from tests.directives.importer.layout import walked as _walk


def test_a_wrapped_entry_naming_a_body_above_a_list_of_duties_left_as_text_is_their_addressee() -> (
    None
):
    text = (
        "Ủy ban nhân dân tỉnh yêu cầu:\n"
        "\n"
        "1. Ủy ban nhân dân các xã,\n"
        "phường, đặc khu Cồn Cỏ:\n"
        "\n"
        "- Thực hiện đầy đủ trách nhiệm\n"
        "quản lý nhà nước về lâm nghiệp của chính quyền địa phương cấp xã.\n"
        "\n"
        "- Đẩy mạnh công tác quản lý bảo\n"
        "vệ rừng và đất lâm nghiệp.\n"
    )
    tags = ["OTHER"] * 10
    out = _repair(text, tags)
    assert out[2:4] == ["SECTION", "OTHER"]
    assert out[5] == "ITEM" and out[8] == "ITEM"
    walker = _walk(text, tags)
    assert [s.line for s in walker.sections] == [3]
    assert [i.line for i in walker.sections[0].items] == [6, 9]


def test_a_wrapped_entry_naming_a_body_the_labeller_took_for_a_duty_is_the_addressee_below() -> (
    None
):
    text = (
        "d) Sở Văn hóa, Thể thao\n"
        "và Du lịch\n"
        "\n"
        "- Đánh giá về sự phù hợp\n"
        "của dự án đầu tư với yêu cầu bảo vệ, phát huy giá trị của di sản văn hóa;\n"
    )
    tags = ["SECTION_ITEM", "ITEM_CONT", "OTHER", "ITEM", "ITEM_CONT"]
    assert _repair(text, tags) == ["SECTION", "OTHER", "OTHER", "ITEM", "ITEM_CONT"]
    walker = _walk(text, tags)
    assert [s.line for s in walker.sections] == [1]
    assert (walker.sections[0].addressee or "").startswith("Sở Văn hóa, Thể thao")
    assert [i.line for i in walker.sections[0].items] == [4]


def test_a_list_under_a_body_entry_that_is_not_duties_stays_text() -> None:
    text = (
        "1. Ủy ban nhân dân các xã, phường:\n"
        "\n"
        "- Tổng số hộ nghèo: 120 hộ.\n"
        "\n"
        "- Tổng số hộ cận nghèo: 80 hộ.\n"
    )
    tags = ["OTHER"] * 5
    assert _repair(text, tags) == tags


def test_a_body_entry_keeps_the_criteria_a_rule_read_in_the_list_below() -> None:
    text = (
        "**2. Tiêu chí thi đua**\n"
        "\n"
        "a) Đối với các sở, ban, ngành,\n"
        "UBND các xã, phường\n"
        "\n"
        "- Hoàn thành vượt mức các chỉ\n"
        "tiêu phát triển kinh tế - xã hội năm 2025.\n"
    )
    tags = ["OTHER", "OTHER", "OTHER", "OTHER", "OTHER", "ITEM", "ITEM_CONT"]
    out = _repair(text, tags)
    assert out[5] == "OTHER"

"""Layout rules over the labeller's tags for decisions, Party texts and orders (session 13,
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


def test_clauses_that_grant_a_body_a_power_give_no_duty_and_name_no_addressee() -> None:
    text = (
        "1. Đối với trường hợp bổ sung số lượng máy móc, thiết bị.\n"
        "a) Sở Khoa học và Công nghệ\n"
        "quyết định đối với các cơ quan, tổ chức, đơn vị thuộc cấp tỉnh.\n"
        "b) Chủ tịch Uỷ ban nhân dân\n"
        "cấp xã quyết định đối với các cơ quan, tổ chức, đơn vị thuộc phạm vi quản lý.\n"
        "đ) Ủy ban nhân dân cấp tỉnh ra quyết định hưởng chế độ trợ cấp một lần;\n"
    )
    tags = ["OTHER", "SECTION", "OTHER", "SECTION_ITEM", "ITEM_CONT", "SECTION"]
    assert _repair(text, tags) == ["OTHER"] * 6


def test_an_article_on_who_may_decide_what_gives_no_duty() -> None:
    text = (
        "**Điều 4.\n"
        "Thẩm quyền quyết định điều chỉnh mức giá máy móc, thiết bị**\n"
        "1. Cơ quan chuyên môn, tổ chức\n"
        "hành chính khác thuộc UBND tỉnh quyết định đối với các cơ quan, tổ chức, đơn vị.\n"
        "2. Đối với trường hợp bổ sung loại máy móc, thiết bị.\n"
        "**Điều 5. Tổ chức thực hiện**\n"
        "1. Sở Tài chính chủ trì hướng dẫn thực hiện Quyết định này.\n"
    )
    tags = ["SECTION_ITEM", "ITEM_CONT", "ITEM", "ITEM_CONT", "ITEM", "OTHER", "SECTION_ITEM"]
    assert _repair(text, tags) == ["OTHER"] * 6 + ["SECTION_ITEM"]


def test_a_body_told_to_act_on_a_cited_decision_keeps_its_duty() -> None:
    text = (
        "2. Sở Tài chính chủ trì hướng dẫn các đơn vị thực hiện Quyết định này.\n"
        "3. Ủy ban nhân dân các xã quyết định số lượng tổ dân phố và báo cáo trước ngày 30/6/2026.\n"
    )
    tags = ["SECTION_ITEM", "SECTION_ITEM"]
    assert _repair(text, tags) == tags


def test_the_rest_of_a_list_a_lead_announces_is_duties_when_the_labeller_read_part_of_it() -> None:
    text = (
        "Để hoàn thành các mục tiêu năm 2026, Chính phủ yêu cầu các Bộ trưởng, Chủ tịch\n"
        "Ủy ban nhân dân các tỉnh tập trung thực hiện hiệu quả những nội dung sau:\n"
        "a) Chủ động rà soát, tổ chức triển khai các nhiệm vụ theo Kết luận số 18-KL/TW.\n"
        "b) Tập trung rà soát hệ thống pháp luật chuyên ngành.\n"
        "c) Thực hiện nghiêm chỉ đạo của Thủ tướng Chính phủ về giải ngân vốn.\n"
        "d) Về quản lý, sử dụng ngân sách nhà nước, đối với các khoản chi thường xuyên.\n"
        "đ) Khẩn trương thực hiện đầy đủ các giải pháp tại Nghị quyết số 88/NQ-CP.\n"
    )
    tags = ["OTHER", "OTHER", "OTHER", "ITEM", "ITEM", "OTHER", "OTHER"]
    out = _repair(text, tags)
    assert out[2:] == ["ITEM", "ITEM", "ITEM", "OTHER", "ITEM"]

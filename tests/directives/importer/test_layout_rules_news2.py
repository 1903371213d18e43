"""Layout rules over the labeller's tags for news pages (news round 3), model-independent: each
test gives the tags a labeller might return and checks what the rules make of them."""

from __future__ import annotations

from tests.directives.importer.layout import repaired as _repair
from tests.directives.importer.layout import walked as _walk

_LEAD = (
    "Theo đó, Ban Bí thư yêu cầu cấp ủy, tổ chức đảng, chính quyền các cấp tăng cường đoàn kết, "
    "thống nhất trong Đảng, tổ chức tốt việc chăm lo đời sống cho nhân dân.\n"
)


def test_an_assignment_naming_no_new_body_goes_on_with_the_prose_duty_above() -> None:
    text = (
        _LEAD + "\n"
        "Nhiệm vụ thứ hai được Ban Bí thư yêu cầu là tập trung khắc phục hậu quả thiên tai, bão "
        "lũ; khẩn trương hoàn thành sửa chữa nhà cửa bị hư hại.\n"
    )
    tags = ["OTHER", "OTHER", "OTHER"]
    assert _repair(text, tags) == ["SECTION_ITEM", "OTHER", "ITEM"]
    walker = _walk(text, tags)
    assert [s.line for s in walker.sections] == [1]
    assert [i.line for i in walker.sections[0].items] == [1, 3]


def test_a_second_assignment_to_the_same_people_is_one_more_duty_of_their_section() -> None:
    text = (
        "Bộ Chính trị giao đồng chí được Bộ Chính trị phân công triệu tập chỉ đạo triển khai thực "
        "hiện nghiêm các chủ trương về xây dựng văn kiện đại hội.\n"
        "\n"
        "Đồng thời, giao đồng chí được Bộ Chính trị phân công triệu tập chủ trì, chỉ đạo việc xây "
        "dựng văn kiện Đại hội Đảng bộ tỉnh, thành phố (mới).\n"
    )
    tags = ["SECTION_ITEM", "OTHER", "OTHER"]
    assert _repair(text, tags)[2] == "ITEM"
    walker = _walk(text, tags)
    assert [s.line for s in walker.sections] == [1]
    assert [i.line for i in walker.sections[0].items] == [1, 3]


def test_a_closing_request_or_a_courtesy_after_a_duty_is_no_duty() -> None:
    for closing in (
        "Trong quá trình thực hiện nếu có khó khăn, vướng mắc, đề nghị phản ánh về Bộ để được "
        "hướng dẫn.",
        "Do thời gian gấp, trân trọng đề nghị Đồng chí dành thời gian nghiên cứu, cho ý kiến.",
        "(trong đó, lưu ý quan tâm nội dung về tăng cường phân cấp, phân quyền).",
    ):
        text = (
            "Đề nghị Sở Lao động - Thương binh và Xã hội các tỉnh dự toán đầy đủ các nội dung chi "
            "và có thuyết minh cụ thể.\n"
            "\n" + closing + "\n"
        )
        assert _repair(text, ["SECTION_ITEM", "OTHER", "OTHER"])[2] == "OTHER", closing


def test_what_a_meeting_did_is_background_not_a_duty() -> None:
    for told in (
        "Các đại biểu dự hội nghị đã được quán triệt những nội dung quan trọng, cốt lõi trong Chỉ "
        "thị số 35-CT/TW về lãnh đạo, chỉ đạo công tác chuẩn bị đại hội đảng bộ các cấp.",
        "Kết luận nêu, tại phiên họp ngày 3/10, Bộ Chính trị, Ban Bí thư cơ bản thống nhất với nội "
        "dung báo cáo và kiến nghị, đề xuất của Ban Tổ chức Trung ương.",
    ):
        text = told + "\n\nBan Thường vụ Huyện ủy yêu cầu cấp ủy các cấp trực tiếp chỉ đạo.\n"
        assert _repair(text, ["SECTION_ITEM", "OTHER", "SECTION_ITEM"])[0] == "OTHER", told


def test_a_meeting_that_agrees_and_assigns_keeps_its_duty() -> None:
    text = (
        "Tại phiên họp, Ban Thường vụ Tỉnh ủy thống nhất với đề xuất và yêu cầu Sở Nội vụ hoàn "
        "thiện đề án trước ngày 30/6/2025.\n"
    )
    assert _repair(text, ["SECTION_ITEM"]) == ["SECTION_ITEM"]


_FRONT_DUTIES = (
    "Đảng đoàn Ủy ban Mặt trận Tổ quốc tỉnh, các đoàn thể chính trị - xã hội tỉnh:\n"
    "- Xây dựng kế hoạch tuyên truyền, vận động đoàn viên, hội viên thực hiện Chỉ thị.\n"
    "- Tập trung thực hiện các giải pháp nâng cao chất lượng hoạt động của các hội.\n"
    "\n"
)
_OWN_BODY = (
    "Ban Dân vận Tỉnh ủy chủ trì, phối hợp với các cơ quan liên quan hướng dẫn, kiểm tra, đôn "
    "đốc việc thực hiện Chỉ thị này và định kỳ báo cáo Ban Thường vụ Tỉnh ủy.\n"
)


def test_a_paragraph_opening_with_another_body_is_its_own_section() -> None:
    walker = _walk(_FRONT_DUTIES + _OWN_BODY, ["SECTION", "ITEM", "ITEM", "OTHER", "ITEM"])
    assert [s.line for s in walker.sections] == [1, 5]
    assert [i.line for i in walker.sections[0].items] == [2, 3]
    assert [i.line for i in walker.sections[1].items] == [5]
    assert (walker.sections[1].addressee or "").startswith("Ban Dân vận Tỉnh ủy")


def test_a_paragraph_opening_with_a_connector_stays_in_its_section() -> None:
    text = _FRONT_DUTIES + "Đồng thời, " + _OWN_BODY
    walker = _walk(text, ["SECTION", "ITEM", "ITEM", "OTHER", "ITEM"])
    assert 5 in [i.line for i in walker.sections[0].items]


def test_bold_entries_numbered_in_parentheses_name_their_bodies() -> None:
    text = (
        "**(1) Ngân hàng Nhà nước Việt Nam chủ trì, phối hợp với các cơ quan liên quan:**\n"
        "\n"
        "- Bám sát diễn biến thị trường để điều hành chính sách tiền tệ chủ động, linh hoạt.\n"
        "\n"
        "**(2) Thanh tra Chính phủ **khẩn trương xây dựng kế hoạch thanh tra hoạt động tín dụng.\n"
    )
    out = _repair(text, ["OTHER", "OTHER", "ITEM", "OTHER", "OTHER"])
    assert (out[0], out[4]) == ("SECTION", "SECTION_ITEM")


def test_a_bold_entry_numbered_in_parentheses_below_a_lead_is_its_duty() -> None:
    text = (
        "Ban Tổ chức Trung ương đề nghị các cơ quan được Bộ Chính trị giao thẩm quyền quản lý biên "
        "chế khẩn trương hoàn thành các nội dung sau:\n"
        "\n"
        "**(1) Hoàn thiện vị trí việc làm, đề xuất biên chế giai đoạn 2026 - 2031 của đơn vị.**\n"
    )
    tags = ["SECTION", "OTHER", "OTHER"]
    assert _repair(text, tags) == ["SECTION", "OTHER", "ITEM"]
    walker = _walk(text, tags)
    assert [s.line for s in walker.sections] == [1]
    assert [i.line for i in walker.sections[0].items] == [3]

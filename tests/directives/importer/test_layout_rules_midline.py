"""Layout rules over the labeller's tags for addressees named mid-line (session 11), model-independent:
each test gives the tags a labeller might return and checks what the rules make of them."""

from __future__ import annotations

from directives.importer.walker import midline_addressee
from tests.directives.importer.layout import repaired as _repair
from tests.directives.importer.layout import walked as _walk


def test_a_body_opening_a_sentence_inside_a_wrapped_line_starts_its_section() -> None:
    text = (
        "Sở Xây dựng khẩn trương rà soát các công trình trên địa bàn, báo cáo Ủy ban nhân\n"
        "dân tỉnh trước ngày 15 tháng 12 năm 2025. Các xã, phường chủ động phối hợp với Sở\n"
        "Xây dựng kiểm tra, xử lý các vi phạm theo đúng quy định.\n"
    )
    tags = ["SECTION_ITEM", "ITEM_CONT", "ITEM_CONT"]
    assert _repair(text, tags)[1] == "SECTION_ITEM"
    walker = _walk(text, tags)
    assert [s.line for s in walker.sections] == [1, 2]
    second = walker.sections[1]
    assert second.addressee is not None and second.addressee.startswith("Các xã, phường")
    assert [i.line for i in second.items] == [2]


def test_a_body_telling_what_it_did_inside_a_wrapped_line_is_no_section() -> None:
    text = (
        "Sở Xây dựng khẩn trương rà soát các công trình trên địa bàn, báo cáo Ủy ban nhân\n"
        "dân tỉnh trước ngày 15 tháng 12 năm 2025. Các xã, phường đã phối hợp với Sở\n"
        "Xây dựng kiểm tra các vi phạm trong năm qua.\n"
    )
    tags = ["SECTION_ITEM", "ITEM_CONT", "ITEM_CONT"]
    assert _repair(text, tags)[1] == "ITEM_CONT"


def test_an_assignment_opening_a_wrapped_line_after_a_sentence_end_starts_its_section() -> None:
    text = (
        "2. Yêu cầu các cấp uỷ, tổ chức đảng triển khai kịp thời, hiệu quả các kết luận về sắp\n"
        "xếp tổ chức bộ máy của hệ thống chính trị.\n"
        "Yêu cầu các đồng chí bí thư tỉnh uỷ, thành uỷ phải trực tiếp chỉ đạo những nhiệm vụ\n"
        "được phân công, bảo đảm đúng tiến độ.\n"
    )
    tags = ["SECTION_ITEM", "ITEM_CONT", "ITEM_CONT", "ITEM_CONT"]
    assert _repair(text, tags)[2] == "SECTION_ITEM"
    walker = _walk(text, tags)
    assert [s.line for s in walker.sections] == [1, 3]
    assert [i.line for i in walker.sections[1].items] == [3]


def test_a_request_after_a_heading_that_leads_a_list_is_its_section_only() -> None:
    text = (
        "II. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI\n"
        "Đề nghị Thường trực Tỉnh ủy tập trung lãnh đạo, chỉ đạo thực hiện các nhiệm vụ trong\n"
        "tháng cuối năm, trong đó lưu ý một số nội dung trọng tâm sau:\n"
        "1. Đổi mới mô hình phát triển dựa vào khoa học công nghệ.\n"
        "2. Đẩy mạnh cải cách thủ tục hành chính.\n"
    )
    tags = ["OTHER", "OTHER", "SECTION", "ITEM", "ITEM"]
    out = _repair(text, tags)
    assert out[1:3] == ["SECTION", "OTHER"]
    walker = _walk(text, tags)
    assert [s.line for s in walker.sections] == [2]
    assert [i.line for i in walker.sections[0].items] == [4, 5]


def test_the_closing_request_of_a_letter_is_no_section() -> None:
    text = (
        "- Tham mưu Ủy ban nhân dân Thành phố xem xét trách nhiệm người đứng đầu các cơ quan.\n"
        "Đề nghị các cơ quan, đơn vị khẩn trương triển khai, thực hiện./.\n"
    )
    tags = ["ITEM", "ITEM_CONT"]
    assert _repair(text, tags)[1] == "ITEM_CONT"


def test_the_entries_under_a_criteria_heading_are_no_duties() -> None:
    text = (
        "**2. Tiêu chí thi đua**\n"
        "a) Đối với các sở, ban, ngành, Ủy ban nhân dân các xã, phường\n"
        "- Hoàn thành vượt mức các chỉ tiêu phát triển kinh tế - xã hội năm 2025.\n"
        "- Tổ chức tốt công tác tuyên truyền về Đại hội.\n"
        "**3. Tổ chức thực hiện**\n"
        "a) Sở Nội vụ hướng dẫn các cơ quan, đơn vị tổ chức phong trào thi đua.\n"
    )
    tags = ["OTHER", "SECTION", "ITEM", "ITEM", "OTHER", "SECTION_ITEM"]
    out = _repair(text, tags)
    assert out[:4] == ["OTHER"] * 4
    assert out[5] == "SECTION_ITEM"


def test_a_topic_entry_given_to_a_body_is_one_duty_whatever_its_tags() -> None:
    text = (
        "III. VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH\n"
        "1. Về mở rộng dự án giai đoạn 2 của Nhà máy lọc hóa dầu: giao Bộ Công Thương\n"
        "chủ trì làm việc với các nhà đầu tư, báo cáo Thủ tướng Chính phủ trong tháng 12.\n"
    )
    tags = ["OTHER", "OTHER", "OTHER"]
    assert _repair(text, tags) == ["OTHER", "ITEM", "ITEM_CONT"]
    walker = _walk(text, tags)
    assert [s.addressee for s in walker.sections] == ["Bộ Công Thương"]
    assert [i.line for i in walker.sections[0].items] == [2]


# Found by a review of the merged rounds: each failed before its fix.


def test_a_midline_body_leaves_the_end_of_the_sentence_above_to_its_duty() -> None:
    text = (
        "Sở Xây dựng khẩn trương rà soát các công trình trên địa bàn, báo cáo Ủy ban nhân\n"
        "dân tỉnh trước ngày 15 tháng 12 năm 2025. Các xã, phường chủ động phối hợp với Sở\n"
        "Xây dựng kiểm tra, xử lý các vi phạm theo đúng quy định.\n"
    )
    walker = _walk(text, ["SECTION_ITEM", "ITEM_CONT", "ITEM_CONT"])
    first = walker.sections[0].items[0]
    assert "15 tháng 12 năm 2025" in first.text and "Các xã" not in first.text
    assert first.deadline is not None and first.deadline.isoformat() == "2025-12-15"
    assert [s.addressee for s in walker.sections][1].startswith("Các xã, phường")


def test_a_wrapped_line_opening_in_capitals_is_no_midline_body() -> None:
    # the walk reads a mid-line body on lines opening in lower case only; the repairs agree
    text = (
        "Sở Xây dựng khẩn trương rà soát các công trình, báo cáo Thủ tướng\n"
        "Chính phủ trước ngày 15 tháng 12 năm 2025. Các xã, phường chủ động phối hợp với Sở\n"
        "Xây dựng kiểm tra, xử lý các vi phạm theo đúng quy định.\n"
    )
    assert _repair(text, ["SECTION_ITEM", "ITEM_CONT", "ITEM_CONT"])[1] == "ITEM_CONT"
    walker = _walk(text, ["SECTION_ITEM", "ITEM_CONT", "ITEM_CONT"])
    assert len(walker.sections[0].items) == 1


def test_da_nang_is_a_place_not_a_body_telling_what_it_did() -> None:
    line = ("dân tỉnh trước ngày 15 tháng 12 năm 2025. Ủy ban nhân dân thành phố Đà Nẵng chủ trì, "
            "phối hợp với Sở Xây dựng kiểm tra")
    assert midline_addressee(line) is not None
    assert midline_addressee(line.replace("Đà Nẵng chủ trì", "đã chủ trì")) is None


def test_a_criteria_entry_and_its_wrapped_lines_give_no_duty() -> None:
    text = (
        "- Triển khai thực hiện theo một số nguyên tắc chính sau:\n"
        "(1) Trung ương tập trung chỉ đạo, bảo đảm thống nhất, đồng bộ trong toàn hệ thống chính\n"
        "trị, phù hợp với điều kiện thực tế của từng địa phương trong cả\n"
        "nước. Các tỉnh ủy, thành ủy chủ động xây dựng phương án, bảo đảm ổn định.\n"
    )
    out = _repair(text, ["ITEM", "ITEM", "ITEM_CONT", "ITEM_CONT"])
    assert out[1:4] == ["OTHER", "OTHER", "OTHER"]
    walker = _walk(text, ["ITEM", "ITEM", "ITEM_CONT", "ITEM_CONT"])
    assert all("trị, phù hợp" not in i.text for s in walker.sections for i in s.items)


def test_a_closing_request_without_slash_opens_no_section() -> None:
    text = (
        "- Tham mưu Ủy ban nhân dân Thành phố xem xét trách nhiệm người đứng đầu các cơ quan.\n"
        "Đề nghị các cơ quan, đơn vị nghiêm túc triển khai, thực hiện.\n"
    )
    assert _repair(text, ["ITEM", "ITEM_CONT"])[1] != "SECTION_ITEM"
    # a request that gives a duty beyond carrying the text out still opens its body's section
    text = (
        "- Tham mưu Ủy ban nhân dân Thành phố xem xét trách nhiệm người đứng đầu các cơ quan.\n"
        "Giao Sở Nội vụ hướng dẫn các địa phương tổ chức thực hiện.\n"
    )
    assert _repair(text, ["ITEM", "ITEM_CONT"])[1] == "SECTION_ITEM"

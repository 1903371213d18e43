"""Layout rules after the session-14 review: each rule that clears lines as no duty leaves a
real duty alone (a task inside an article on devolved powers, an annex whose entries give bodies
duties under any title, a numbered "##" part of a plan), and an entry opening in lower case
matches no duty's opening. Model-independent: the tags a labeller might return, repaired."""

from __future__ import annotations

from tests.directives.importer.layout import SIGNED as _SIGNED
from tests.directives.importer.layout import repaired as _repair


def test_an_annex_under_any_title_whose_entries_give_bodies_duties_keeps_them() -> None:
    text = _SIGNED + (
        "LỘ TRÌNH THỰC HIỆN\n"  # 11
        "\n"
        "1. Sở Tư pháp chủ trì soạn thảo dự thảo Quy định, trình tháng 6/2026.\n"  # 13
        "2. Sở Nội vụ hướng dẫn các xã thực hiện.\n"
    )
    tags = ["SECTION_ITEM"] + ["OTHER"] * 11 + ["SECTION_ITEM", "SECTION_ITEM"]
    assert _repair(text, tags)[12:14] == ["SECTION_ITEM", "SECTION_ITEM"]


def test_a_recipients_line_must_be_the_list_heading() -> None:
    text = (
        "1. Sở Tư pháp chủ trì tiếp nhận hồ sơ.\n"
        "Nơi nhận hồ sơ: Bộ phận một cửa của Ủy ban nhân dân xã.\n"
        "KT. GIÁM ĐỐC\n"
        "\n"
        "BẢNG TỔNG HỢP\n"
        "\n"
        "2. Sở Nội vụ hướng dẫn các xã thực hiện.\n"  # 7
    )
    tags = ["SECTION_ITEM"] + ["OTHER"] * 5 + ["SECTION_ITEM"]
    assert _repair(text, tags)[6] == "SECTION_ITEM"


def test_a_task_inside_an_article_on_devolved_powers_stays_a_duty() -> None:
    text = (
        "Điều 4. Phân cấp thẩm quyền quyết định phê duyệt phương án sắp xếp\n"  # 1
        "1. Ủy ban nhân dân cấp xã quyết định phê duyệt phương án của xã.\n"  # 2
        "2. Sở Tài chính có trách nhiệm hướng dẫn, kiểm tra việc thực hiện và báo cáo Ủy ban nhân"
        " dân tỉnh trước ngày 15/12 hằng năm.\n"  # 3
        "Điều 5. Hiệu lực thi hành\n"
    )
    tags = ["OTHER", "SECTION_ITEM", "SECTION_ITEM", "OTHER"]
    out = _repair(text, tags)
    assert out[1] == "OTHER"  # a power to decide
    assert out[2] == "SECTION_ITEM"  # a task


def test_a_numbered_part_heading_in_markdown_is_no_site_summary() -> None:
    text = (
        "KẾ HOẠCH\n"
        "\n"
        "## II. NHIỆM VỤ VÀ GIẢI PHÁP\n"  # 3
        "1. Sở Tài chính chủ trì bố trí kinh phí.\n"  # 4
        "2. Sở Nội vụ hướng dẫn thực hiện.\n"  # 5
        "Xem chi tiết tại Phụ lục I kèm theo.\n"  # 6
        "\n"
        "## III. TỔ CHỨC THỰC HIỆN\n"
        "Các sở, ngành triển khai thực hiện Kế hoạch này.\n"
        "Trong quá trình thực hiện, các đơn vị báo cáo kết quả.\n"
        "Kế hoạch này có hiệu lực từ ngày ký.\n"
        "Các đơn vị chịu trách nhiệm thi hành.\n"
        "Nơi nhận:\n"
        "- Như trên;\n"
        "- Lưu: VT.\n"
    )
    tags = ["OTHER"] * 3 + ["SECTION_ITEM", "SECTION_ITEM"] + ["OTHER"] * 10
    assert _repair(text, tags)[3:5] == ["SECTION_ITEM", "SECTION_ITEM"]


def test_entries_opening_in_lower_case_are_not_siblings_of_a_duty_so_opened() -> None:
    text = (
        "1. Sở Tài chính:\n"  # 1
        "- thẩm định dự toán kinh phí.\n"  # 2
        "- ngân sách tỉnh;\n"  # 3
        "- vốn vay.\n"  # 4
    )
    tags = ["SECTION", "ITEM", "OTHER", "OTHER"]
    assert _repair(text, tags)[2:4] == ["OTHER", "OTHER"]

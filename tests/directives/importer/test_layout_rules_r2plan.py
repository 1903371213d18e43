"""Layout rules of the second unseen-documents round (plans): model-independent, each test gives
the tags a labeller might return and checks what the labelled walk makes of them."""

from __future__ import annotations

from tests.directives.importer.layout import walked as _walk

_WRAPPED = (
    "**IV. TỔ CHỨC THỰC HIỆN**\n"
    "\n"
    "**5. Sở\n"
    "Khoa học và Công nghệ:**\n"
    "\n"
    "Chỉ đạo các doanh nghiệp viễn thông bảo đảm thông tin liên lạc ổn định.\n"
    "\n"
    "**6. Đề nghị Ủy ban Mặt trận\n"
    "Tổ quốc Việt Nam tỉnh**\n"
    "\n"
    "- Tuyên truyền, vận động nhân dân hưởng ứng.\n"
)
_WRAPPED_TAGS = ["OTHER", "OTHER", "SECTION", "OTHER", "OTHER", "ITEM", "OTHER", "SECTION"]
_WRAPPED_TAGS += ["ITEM_CONT", "OTHER", "ITEM"]


def test_a_bold_heading_wrapped_onto_the_next_line_names_the_body_over_both_lines() -> None:
    walker = _walk(_WRAPPED, _WRAPPED_TAGS)
    got = [(s.line, s.addressee, [i.line for i in s.items]) for s in walker.sections]
    assert got == [
        (3, "Sở Khoa học và Công nghệ", [6]),
        (8, "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", [11]),
    ]
    # the closing line is no text of a duty
    assert all("Khoa học" not in i.text for s in walker.sections for i in s.items)


def test_a_bold_heading_whose_next_line_does_not_close_it_is_left_alone() -> None:
    text = (
        "**5. Sở Khoa học và Công nghệ:**\n"
        "Khoa học và Công nghệ chỉ đạo các doanh nghiệp bảo đảm thông tin.**\n"
        "\n"
        "- Báo cáo kết quả về Ủy ban nhân dân tỉnh.\n"
    )
    # the heading closes its own bold: the next line is not part of the name
    walker = _walk(text, ["SECTION", "OTHER", "OTHER", "ITEM"])
    assert [s.addressee for s in walker.sections] == ["Sở Khoa học và Công nghệ"]


def test_a_wrapped_bold_heading_followed_by_a_duty_line_is_not_joined() -> None:
    text = "**5. Sở\n- Chỉ đạo các doanh nghiệp bảo đảm thông tin liên lạc.**\n"
    # the next line is a list entry (and tagged a duty): it stays a duty of its own
    walker = _walk(text, ["SECTION", "ITEM"])
    items = [i.line for s in walker.sections for i in s.items]
    assert 2 in items


_MONITOR = (
    "2. Bộ trưởng Bộ Tài chính khẩn trương bố trí kinh phí hỗ trợ các địa phương.\n"
    "3. Bộ trưởng các Bộ: Quốc phòng, Công an chỉ đạo lực\n"
    "lượng quân đội hỗ trợ người dân sửa chữa nhà cửa.\n"
    "Văn phòng Chính phủ theo dõi, đôn đốc các Bộ, địa\n"
    "phương thực hiện nghiêm túc Công điện này./.\n"
)


def test_an_unnumbered_monitoring_sentence_after_the_list_is_that_bodys_duty() -> None:
    walker = _walk(_MONITOR, ["SECTION_ITEM", "SECTION_ITEM", "ITEM_CONT", "OTHER", "OTHER"])
    got = [(s.line, s.addressee, [i.line for i in s.items]) for s in walker.sections]
    assert got[-1] == (4, "Văn phòng Chính phủ", [4])


def test_a_wrapped_line_or_a_report_of_monitoring_is_no_monitoring_duty() -> None:
    text = (
        "1. Sở Nội vụ chủ trì tổng hợp kết quả; Ủy ban nhân dân\n"
        "tỉnh theo dõi, đôn đốc các sở, ngành thực hiện.\n"
        "\n"
        "Trong năm, Văn phòng Chính phủ đã theo dõi, đôn đốc các Bộ thực hiện.\n"
    )
    walker = _walk(text, ["SECTION_ITEM", "ITEM_CONT", "OTHER", "OTHER"])
    assert [(s.line, [i.line for i in s.items]) for s in walker.sections] == [(1, [1])]

"""Addressees found on unseen texts (sets 150–189): an office holder named by title ("Đồng chí Bí
thư Tỉnh ủy …", "Giao các Phó Thủ tướng …", "Người đứng đầu …") addresses a duty as a body does,
narrative about such a person does not; a run-in body's name that a hard wrap cuts ("4.1. Giao
Đảng" / "uỷ Chính phủ: …") is read over both lines, a short line that ends a sentence or opens
no name is left alone. Model-independent: the rules, and the walk of the tags a labeller might
give."""

from __future__ import annotations

from directives.importer.linemodel import document_features
from directives.importer.structure import detect_addressee, wrapped_addressee
from directives.importer.walker import read_text
from tests.directives.importer.layout import repaired as _repair
from tests.directives.importer.layout import walked


def test_an_office_holder_named_by_title_is_an_addressee() -> None:
    found = detect_addressee(
        "Đồng chí Bí thư Tỉnh ủy Bến Tre chỉ đạo việc triển khai thực hiện nghiêm Công điện số 1099."
    )
    assert found is not None and found.text == "Đồng chí Bí thư Tỉnh ủy Bến Tre" and found.inline
    plural = detect_addressee("Giao các Phó Thủ tướng theo lĩnh vực được phân công chỉ đạo các bộ.")
    assert plural is not None and plural.prefix == "Giao"
    head = detect_addressee(
        "Người đứng đầu các cơ quan, đơn vị chịu trách nhiệm chỉ đạo thực hiện."
    )
    assert head is not None and head.text == "Người đứng đầu các cơ quan, đơn vị"


def test_narrative_about_an_office_holder_is_no_addressee() -> None:
    assert detect_addressee("Bí thư Tỉnh ủy đã phát biểu chỉ đạo tại hội nghị.") is None
    assert (
        detect_addressee("Đồng chí Bí thư Tỉnh ủy vừa ký ban hành chỉ thị về công tác này.") is None
    )
    assert detect_addressee("Đồng chí đã nêu rõ những hạn chế của năm qua.") is None


def test_a_body_name_cut_by_a_hard_wrap_is_read_over_both_lines() -> None:
    found = wrapped_addressee("4.1. Giao Đảng", "uỷ Chính phủ: (i) Chỉ đạo Đảng uỷ Bộ Y tế chủ trì")
    assert found is not None and found.text == "Đảng uỷ Chính phủ" and found.prefix == "Giao"
    office = wrapped_addressee(
        "4.6. Văn phòng", "Trung ương Đảng phối hợp theo dõi, đôn đốc, báo cáo"
    )
    assert office is not None and office.text == "Văn phòng Trung ương Đảng"


def test_a_short_line_that_ends_a_sentence_or_names_no_body_is_not_joined() -> None:
    assert wrapped_addressee("1. Tăng cường công tác", "tuyên truyền, phổ biến pháp luật.") is None
    assert wrapped_addressee("a) Sở Y tế chủ trì kiểm tra.", "Các sở, ngành phối hợp.") is None
    # the line's own name already ends before its duty
    assert wrapped_addressee("b) Sở Y tế chủ trì, phối hợp với", "các sở tổ chức kiểm tra.") is None
    # a line that is no list entry (a header, a table cell, a signature's name)
    assert wrapped_addressee("Văn phòng", "Trung ương Đảng phối hợp theo dõi.") is None
    assert wrapped_addressee("- PHÓ CHỦ TỊCH", "Nguyễn Văn A") is None
    # the next line opens a list entry of its own
    assert wrapped_addressee("2. Văn phòng", "- Trung ương Đảng theo dõi.") is None


TEXT = (
    "4. Về phân công nhiệm vụ của các cơ quan liên quan:\n"  # 1
    "4.1. Giao Đảng\n"  # 2
    "uỷ Chính phủ chỉ đạo Đảng uỷ Bộ Y tế chủ trì xây dựng quy trình liên thông\n"  # 3
    "đối với trẻ em bị bỏ rơi.\n"  # 4
    "4.2. Văn phòng\n"  # 5
    "Trung ương Đảng phối hợp theo dõi, đôn đốc, báo cáo.\n"  # 6
)


def test_the_walk_names_the_wrapped_body_whole() -> None:
    tags = ["OTHER", "SECTION_ITEM", "ITEM_CONT", "ITEM_CONT", "SECTION_ITEM", "ITEM_CONT"]
    sections = walked(TEXT, tags).sections
    assert [(s.line, s.addressee) for s in sections] == [
        (2, "Đảng uỷ Chính phủ"),
        (5, "Văn phòng Trung ương Đảng"),
    ]
    assert [i.line for s in sections for i in s.items] == [2, 5]


def test_the_line_model_sees_the_wrapped_name_as_an_addressee() -> None:
    reading = read_text(TEXT)
    numbers, features = document_features(reading)
    by_line = dict(zip(numbers, features, strict=True))
    assert by_line[2].get("addr=1") and by_line[2].get("wrapaddr=1")
    assert not by_line[3].get("wrapaddr=1")  # the continuation opens no name of its own
    plain = read_text("4.1. Tăng cường công tác\ntuyên truyền, phổ biến pháp luật.\n")
    _numbers, feats = document_features(plain)
    assert not feats[0].get("wrapaddr=1")


def test_an_entry_that_hands_a_named_body_its_duty_opens_a_section() -> None:
    text = (
        "Văn phòng Trung ương Đảng thông báo kết luận như sau:\n"  # 1
        "1. Các cấp ủy tập trung thực hiện tốt các nhiệm vụ sau.\n"  # 2
        "2. Giao Đảng\n"  # 3
        "uỷ Chính phủ chỉ đạo rà soát chính sách.\n"  # 4
        "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam phối hợp giám sát.\n"  # 5
    )
    out = _repair(text, ["OTHER", "SECTION_ITEM", "ITEM", "ITEM_CONT", "ITEM"])
    assert out[2] == "SECTION_ITEM" and out[4] == "SECTION_ITEM"


def test_an_entry_that_assigns_a_task_but_names_no_body_stays_a_duty() -> None:
    text = (
        "1. Sở Nội vụ chủ trì các nội dung sau:\n"  # 1
        "a) Giao nhiệm vụ cụ thể cho từng phòng, bảo đảm tiến độ.\n"  # 2
        "b) Đề nghị khen thưởng các tập thể có thành tích.\n"  # 3
        "Giao Sở Tài chính bố trí kinh phí.\n"  # 4: no list entry, the labeller's call stands
    )
    out = _repair(text, ["SECTION", "ITEM", "ITEM", "ITEM"])
    assert out[1:4] == ["ITEM", "ITEM", "ITEM"]


def test_emphasis_left_around_the_marker_does_not_hide_the_wrapped_name() -> None:
    text = (
        "*4.1. *Giao Đảng\n"  # 1: italics around the marker, as on the stored pages
        "uỷ Quốc hội chỉ đạo các cơ quan liên quan rà soát các quy định.\n"  # 2
    )
    sections = walked(text, ["SECTION_ITEM", "ITEM_CONT"]).sections
    assert [(s.line, s.addressee) for s in sections] == [(1, "Đảng uỷ Quốc hội")]
    assert _repair(text, ["ITEM", "ITEM_CONT"])[0] == "SECTION_ITEM"


def test_a_name_whose_second_line_was_read_as_the_duty_is_joined_too() -> None:
    text = (
        "*4.5. *Văn phòng\n"  # 1
        "Trung ương Đảng phối hợp theo dõi, đôn đốc, báo cáo.\n"  # 2
    )
    sections = walked(text, ["SECTION", "ITEM"]).sections
    assert [(s.line, s.addressee) for s in sections] == [(1, "Văn phòng Trung ương Đảng")]
    assert [i.line for i in sections[0].items] == [1]


def test_a_whole_name_over_a_duty_in_capitals_is_not_joined() -> None:
    # PDF text: the body's name ends on its line, its duty opens the next one in capitals
    assert wrapped_addressee("3. Bộ Công Thương", "Chủ trì, phối hợp với Bộ Khoa học") is None
    text = "3. Bộ Công Thương\nChủ trì, phối hợp với Bộ Khoa học và Công nghệ xây dựng đề án.\n"
    sections = walked(text, ["SECTION", "ITEM"]).sections
    assert [(s.line, s.addressee, [i.line for i in s.items]) for s in sections] == [
        (1, "Bộ Công Thương", [2])
    ]

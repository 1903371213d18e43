"""Layout rules over the labeller's tags (repair.py), model-independent: a dash list broken by a
bold paragraph, background sentences, signature cells, a lead sentence on which the rules start
the body (and, kept as a guard, a numbered line naming bodies before its lettered duties)."""

from __future__ import annotations

from directives.importer.repair import labelled_walk, repair_tags
from directives.importer.walker import read_text

BROKEN_LIST = """Thủ tướng Chính phủ chỉ đạo như sau:

Bộ Tài chính chủ trì, phối hợp với các cơ quan liên quan:

- Rà soát, hoàn thiện thể chế, chính sách về thuế.

**Đẩy mạnh thu ngân sách nhà nước năm 2025 tăng ít nhất 25%** so với dự toán.

- Tiếp tục thực hiện các chính sách miễn, giảm thuế.

- Tham mưu cho các Tổ công tác của Thủ tướng Chính phủ.

- Hoàn thiện ngay dự thảo Nghị quyết của Chính phủ."""


def test_dash_entries_between_two_duties_of_one_list_are_duties() -> None:
    reading = read_text(BROKEN_LIST)
    # A labeller that lost the list after the bold paragraph: the middle entries read as OTHER.
    tags = ["OTHER"] * len(reading.lines)
    tags[2], tags[4], tags[12] = "SECTION", "ITEM", "ITEM"
    out = repair_tags(reading, tags)
    assert [no for no, t in enumerate(out, start=1) if t == "ITEM"] == [5, 9, 11, 13]
    assert out[6] == "OTHER"  # the bold paragraph is no entry of the list


def test_a_dash_entry_before_the_first_duty_stays_as_read() -> None:
    reading = read_text(BROKEN_LIST)
    tags = ["OTHER"] * len(reading.lines)
    tags[2], tags[12] = "SECTION", "ITEM"  # only the last entry read as a duty
    out = repair_tags(reading, tags)
    assert [no for no, t in enumerate(out, start=1) if t == "ITEM"] == [13]


def test_the_entries_after_the_only_duty_are_duties_when_they_open_with_duty_verbs() -> None:
    # news round 4 (`_trailing_sibling_duties`): the list goes on after the bold paragraph
    reading = read_text(BROKEN_LIST)
    tags = ["OTHER"] * len(reading.lines)
    tags[2], tags[4] = "SECTION", "ITEM"
    out = repair_tags(reading, tags)
    assert [no for no, t in enumerate(out, start=1) if t == "ITEM"] == [5, 9, 11, 13]


LEAD = """Về chính sách tiền tệ:

2. Các Bộ, cơ quan, địa phương theo chức năng, nhiệm vụ được giao:

a) Chủ động nắm chắc diễn biến tình hình quốc tế và trong nước.

b) Triển khai quyết liệt các nhiệm vụ thúc đẩy giải ngân vốn đầu tư công."""


def test_a_colon_line_naming_bodies_before_a_duty_list_is_its_addressee() -> None:
    reading = read_text(LEAD)
    tags = ["OTHER"] * len(reading.lines)
    tags[4], tags[6] = "ITEM", "ITEM"
    out = repair_tags(reading, tags)
    assert out[2] == "SECTION"
    assert out[0] == "OTHER"  # names no body
    walker = labelled_walk(reading, tags)
    assert [(s.line, [i.line for i in s.items]) for s in walker.sections] == [(3, [5, 7])]


BACKGROUND = """Kính gửi: Bộ Lao động - Thương binh và Xã hội

Ngày 01/7/2013, Bộ Xây dựng ban hành Thông tư số 09/2013/TT-BXD hướng dẫn thực hiện Quyết định.

Ngày 07/12/2023, Ban Thường vụ Tỉnh ủy đã ban hành Chỉ thị số 35-CT/TU; theo đó, yêu cầu các cấp ủy tổ chức Tết vui tươi.

| | KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Nguyễn Sinh Hùng |"""


def test_background_sentences_and_signature_cells_are_no_duties() -> None:
    reading = read_text(BACKGROUND)
    tags = ["OTHER"] * len(reading.lines)
    tags[2], tags[4], tags[6] = "SECTION_ITEM", "SECTION_ITEM", "ITEM"
    out = repair_tags(reading, tags)
    assert out[2] == "OTHER"  # what happened before the letter
    assert out[4] == "SECTION_ITEM"  # "…; theo đó, yêu cầu …" goes on with the assignment
    assert out[6] == "OTHER"  # the signature cell of a table row


START_LEAD = """Ngày 22/4/2025, Uỷ ban nhân dân Thành phố Hà Nội đã ban hành Công điện 04/CĐ-UBND năm 2025.

Theo đó, Chủ tịch UBND các quận, huyện, thị xã tập trung chỉ đạo, triển khai đồng bộ các nội dung sau:

- Chịu trách nhiệm toàn diện trong công tác quản lý đất đai trên địa bàn.

- Tổ chức tuyên truyền, vận động người dân không tự ý lấn chiếm đất đai."""


def test_a_lead_on_which_the_rules_start_the_body_opens_the_section_of_its_list() -> None:
    reading = read_text(START_LEAD)
    assert reading.start == 3 and reading.body_line(3) == ""  # the rules start after the colon
    tags = ["OTHER", "OTHER", "SECTION", "OTHER", "ITEM", "OTHER", "ITEM"]
    walker = labelled_walk(reading, tags)
    assert [(s.line, [i.line for i in s.items]) for s in walker.sections] == [(3, [5, 7])]

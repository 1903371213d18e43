"""Layout rules over the labeller's tags for letters, Party conclusions and công điện (session 12,
letter round), model-independent: each test gives the tags a labeller might return and checks what
the rules make of them."""

from __future__ import annotations

from tests.directives.importer.layout import repaired as _repair
from tests.directives.importer.layout import walked as _walk


def test_the_issuer_agreeing_with_a_submission_is_no_duty_nor_section() -> None:
    text = (
        "Tại phiên họp, Bộ Chính trị, Ban Bí thư kết luận như sau:\n"
        "1. Bộ Chính trị, Ban Bí thư cơ bản nhất trí\n"
        "với Tờ trình của Đảng uỷ Chính phủ. Đây là vấn đề rất quan trọng, cần nghiên cứu\n"
        "kế thừa và đổi mới tư duy xây dựng hệ thống tiêu chuẩn.\n"
        "2. Giao Đảng uỷ Quốc hội lãnh đạo, chỉ đạo sửa đổi các luật có liên quan.\n"
    )
    tags = ["OTHER", "SECTION_ITEM", "ITEM_CONT", "ITEM_CONT", "SECTION_ITEM"]
    assert _repair(text, tags) == ["OTHER", "OTHER", "OTHER", "OTHER", "SECTION_ITEM"]
    walker = _walk(text, tags)
    assert [s.line for s in walker.sections] == [5]
    assert [i.line for s in walker.sections for i in s.items] == [5]


def test_an_agreement_wrapped_from_its_marker_line_gives_no_duty_on_its_second_line() -> None:
    text = (
        "1. Cơ bản thống nhất với\n"
        "Báo cáo của Ban Tổ chức Trung ương về tình hình hoạt động của bộ máy tháng 11/2025.\n"
        "Bộ Chính trị, Ban Bí thư ghi nhận\n"
        "và biểu dương các cấp uỷ, tổ chức đảng đã nỗ lực khắc phục khó khăn.\n"
        "2. Các tỉnh uỷ, thành uỷ khẩn trương rà soát, bố trí cán bộ cấp xã.\n"
    )
    tags = ["OTHER", "ITEM", "ITEM_CONT", "ITEM_CONT", "SECTION_ITEM"]
    assert _repair(text, tags)[:4] == ["OTHER"] * 4
    assert [s.line for s in _walk(text, tags).sections] == [5]


def test_a_body_agreeing_inside_a_duty_that_assigns_is_kept() -> None:
    text = (
        "1. Cơ bản thống nhất với đề xuất của Bộ Tài chính, giao Bộ Tài chính chủ trì hoàn thiện\n"
        "dự thảo Nghị định, trình Chính phủ trong tháng 12 năm 2025.\n"
    )
    tags = ["SECTION_ITEM", "ITEM_CONT"]
    assert _repair(text, tags) == tags


def test_a_closing_request_tagged_as_a_duty_is_none_whichever_rule_reads_it() -> None:
    # "… nghiêm túc triển khai, thực hiện." without "Chỉ thị này": the closing request of
    # _closing_request, now read by _generic_closing too (one owner, _is_closing_request)
    text = (
        "1. Sở Y tế chủ trì, phối hợp với các đơn vị kiểm tra các cơ sở khám bệnh.\n"
        "\n"
        "Đề nghị các cơ quan, đơn vị nghiêm túc triển khai, thực hiện.\n"
    )
    tags = ["SECTION_ITEM", "OTHER", "SECTION_ITEM"]
    assert _repair(text, tags)[2] == "OTHER"
    assert [s.line for s in _walk(text, tags).sections] == [1]


def test_a_line_an_earlier_rule_made_no_duty_is_not_promoted_again() -> None:
    # the execution clause opens with "Giao" and a body after a sentence end: the paragraph-start
    # rule, which runs last, read it as an assignment again
    text = (
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
        "Giao Sở Tài chính, Sở Nội vụ và Ủy ban nhân dân các xã chịu trách nhiệm thi hành Quyết"
        " định này.\n"
    )
    tags = ["OTHER", "SECTION_ITEM"]
    assert _repair(text, tags) == ["OTHER", "OTHER"]
    assert not any(s.items for s in _walk(text, tags).sections)

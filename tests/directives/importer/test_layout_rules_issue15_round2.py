"""Layout rules over the labeller's tags added in round 2 of issue 15, model-independent: each
test gives the tags a labeller might return and checks what the rules make of them."""

from __future__ import annotations

from directives.importer.repair import repair_tags
from directives.importer.walker import read_text


def _repair(text: str, tags: list[str]) -> list[str]:
    reading = read_text(text)
    assert len(reading.lines) - len(tags) in (0, 1), reading.lines
    return repair_tags(reading, tags + ["OTHER"] * (len(reading.lines) - len(tags)))[: len(tags)]


def test_a_numbered_entry_opening_with_ground_then_a_body_and_its_duty_is_a_run_in_duty() -> None:
    text = (
        "III. TỔ CHỨC THỰC HIỆN\n"
        "1. Trên cơ sở nội dung Chỉ thị số 52-CT/TW, Kế hoạch hành động, các Bộ,\n"
        "cơ quan ngang bộ tổ chức xây dựng kế hoạch thực hiện trong quý II năm 2026.\n"
        "2. Ban thường vụ cấp ủy cấp tỉnh chỉ đạo, tổ chức thực hiện Quy chế này.\n"
        "3. Các Bộ trưởng, Chủ tịch Ủy ban nhân dân các tỉnh chịu trách nhiệm thi hành Quyết định này.\n"
        "4. Kinh phí thực hiện Kế hoạch được bố trí trong dự toán.\n"
    )
    tags = ["OTHER"] * 6
    # the execution clause and an entry naming no body stay text
    assert _repair(text, tags) == [
        "OTHER", "SECTION_ITEM", "ITEM_CONT", "SECTION_ITEM", "OTHER", "OTHER",
    ]


def test_a_body_whose_remit_comes_before_its_duty_is_read_past_the_remit() -> None:
    text = (
        "Điều 3.\n"
        "2. Hội đồng dân tộc, các Ủy ban của Quốc hội theo chức năng, nhiệm vụ, quyền hạn của mình"
        " giám sát việc thực hiện Nghị quyết này.\n"
    )
    assert _repair(text, ["OTHER", "OTHER"]) == ["OTHER", "SECTION_ITEM"]


def test_a_body_and_what_it_did_or_will_do_is_background_not_a_duty() -> None:
    text = (
        "Ban Thường vụ Tỉnh ủy vừa có Chỉ thị số 01-CT/TU về việc tổ chức học tập.\n"
        "Căn cứ quy định nêu trên, Tổng cục Thuế đồng ý với ý kiến xử lý của Cục Thuế tỉnh.\n"
        "Căn cứ kết quả thí điểm, trong năm 2019 Bộ sẽ tổng kết, đánh giá.\n"
        "Sở Y tế đã ban hành kế hoạch; đề nghị Sở Y tế tiếp tục theo dõi.\n"
        "Sở Tài chính bố trí kinh phí thực hiện.\n"
    )
    tags = ["SECTION_ITEM", "SECTION_ITEM", "ITEM", "SECTION_ITEM", "SECTION_ITEM"]
    # the fourth goes on with an assignment; the fifth assigns
    assert _repair(text, tags) == ["OTHER", "OTHER", "OTHER", "SECTION_ITEM", "SECTION_ITEM"]


def test_a_lower_case_line_runs_on_from_the_duty_above_even_after_a_page_break() -> None:
    text = (
        "2. Đề nghị Ban Tuyên giáo và Dân vận Trung ương lãnh đạo công tác sắp xếp thôn, tổ dân phố và\n"
        "CÔNG BÁO/Số 302/Ngày 02-06-2026\n"
        "72\n"
        "bố trí, sử dụng người hoạt động không chuyên trách ở thôn.\n"
        "3. Bộ Nội vụ hướng dẫn thực hiện.\n"
    )
    tags = ["SECTION_ITEM", "OTHER", "OTHER", "ITEM", "SECTION_ITEM"]
    assert _repair(text, tags)[3:] == ["ITEM_CONT", "SECTION_ITEM"]

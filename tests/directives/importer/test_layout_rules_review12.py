"""Layout rules over the labeller's tags (review of the session 12 rounds): duties that read like
the formulas the new rules drop, but give a task; model-independent."""

from __future__ import annotations

import itertools

from directives.importer.articles import EXECUTION
from directives.importer.model import ImportInputError
from directives.importer.normalize import fold
from directives.importer.prose import told
from directives.importer.repair import labelled_walk, repair_tags
from directives.importer.walker import read_text
from tests.directives.importer.layout import repaired as _repair


def test_a_body_told_to_oversee_the_execution_of_the_text_keeps_its_duty() -> None:
    text = (
        "2. Sở Tư pháp có trách nhiệm hướng dẫn, kiểm tra việc thi hành Chỉ thị này; định kỳ hằng"
        " quý tổng hợp, báo cáo Ủy ban nhân dân tỉnh.\n"
    )
    assert _repair(text, ["SECTION_ITEM"]) == ["SECTION_ITEM"]


def test_the_execution_clause_is_one_reading_whatever_its_role_words() -> None:
    for clause in (
        "Chánh Văn phòng, Giám đốc các sở chịu trách nhiệm thi hành Quyết định này./.",
        "Thủ trưởng các cơ quan, đơn vị liên quan có trách nhiệm thi hành Thông tư này.",
    ):
        assert EXECUTION.search(fold(clause)), clause
    for duty in (
        "Sở Tư pháp theo dõi, kiểm tra việc thi hành Quyết định này.",
        "Sở Nội vụ hướng dẫn thi hành Quy định này.",
    ):
        assert not EXECUTION.search(fold(duty)), duty


def test_a_body_working_it_out_with_another_body_keeps_its_duty() -> None:
    text = (
        "3. Sở Kế hoạch và Đầu tư thống nhất với Sở Tài chính tham mưu Ủy ban nhân dân tỉnh bố trí"
        " vốn cho các dự án trước ngày 30/6/2025.\n"
    )
    assert _repair(text, ["SECTION_ITEM"]) == ["SECTION_ITEM"]


def test_a_body_that_leads_and_agrees_with_others_on_a_matter_keeps_its_duty() -> None:
    # What follows "với" is bodies and "về …", not a duty: the lead's own verb tells.
    text = (
        "1. Sở Nội vụ chủ trì và thống nhất với các cơ quan liên quan về danh mục vị trí việc"
        " làm, trình Ủy ban nhân dân tỉnh trước ngày 30/6/2026.\n"
    )
    assert _repair(text, ["SECTION_ITEM"]) == ["SECTION_ITEM"]
    # The issuer agreeing with a submission is still no duty.
    text = "1. Bộ Chính trị, Ban Bí thư thống nhất với Tờ trình của Ban Tổ chức Trung ương.\n"
    assert _repair(text, ["SECTION_ITEM"]) == ["OTHER"]


def test_an_accountability_clause_that_goes_on_with_a_task_keeps_its_duty() -> None:
    text = (
        "b) Chịu trách nhiệm về tính chính xác của số liệu; tổng hợp, báo cáo Ủy ban nhân dân\n"
        "tỉnh trước ngày 15/12/2025.\n"
    )
    tags = ["ITEM", "ITEM_CONT"]
    assert _repair(text, tags) == tags


def test_told_reads_the_verb_as_written() -> None:
    for duty in (
        "Đài Phát thanh và Truyền hình tỉnh đa dạng hóa các hình thức tuyên truyền về Chỉ thị này.",
        "Sở Thông tin và Truyền thông chia sẻ dữ liệu dân cư với các sở, ngành trước ngày 30/6.",
    ):
        text = "Sở Y tế chủ trì kiểm tra các cơ sở khám bệnh, chữa bệnh.\n\n" + duty + "\n"
        assert _repair(text, ["SECTION_ITEM", "OTHER", "SECTION_ITEM"])[2] == "SECTION_ITEM", duty
    assert (
        told("Ban Thường vụ Tỉnh ủy vừa có Chỉ thị về công tác cán bộ.") == "ban thuong vu tinh uy"
    )
    assert told("Sở Y tế, Sở Tài chính đã làm việc với các huyện.") is None  # a comma first


def test_people_already_given_a_remit_are_told_their_duty_not_the_background() -> None:
    for duty in (
        "Các đồng chí đã được phân công theo dõi, phụ trách địa bàn có trách nhiệm kiểm tra, đôn "
        "đốc việc tổ chức đại hội chi bộ.",
        "Các đồng chí thành viên Ban Chỉ đạo đã được phân công phụ trách địa bàn có trách nhiệm "
        "thường xuyên kiểm tra, đôn đốc các địa phương.",
    ):
        text = "Sở Y tế chủ trì kiểm tra các cơ sở khám bệnh, chữa bệnh.\n\n" + duty + "\n"
        assert _repair(text, ["SECTION_ITEM", "OTHER", "SECTION_ITEM"])[2] == "SECTION_ITEM", duty


def test_an_agreement_cut_off_at_the_end_of_the_text_is_read_without_error() -> None:
    for text in ("1. Bộ Chính trị, Ban Bí thư cơ bản thống nhất với\n", "thống nhất với"):
        assert _repair(text, ["SECTION_ITEM"]) == ["OTHER"], text


_FRAGMENTS = (
    "**",
    "**(1) **",
    "**Điều 2. **",
    "Đối với , giao",
    "Chịu trách nhiệm về nội dung;",
    "cơ bản thống nhất với",
    "Các đại biểu đã",
    "Trong năm 2014,",
    "Đồng thời, giao",
    "| a | b |",
    "./.",
    "",
)


def test_fragments_at_the_start_or_end_of_a_text_are_read_without_error() -> None:
    for first, second in itertools.product(_FRAGMENTS, repeat=2):
        try:
            reading = read_text(f"{first}\n{second}\n")
        except ImportInputError:
            continue  # no text at all
        for tag in ("OTHER", "ITEM", "SECTION_ITEM", "SECTION", "ITEM_CONT"):
            tags = [tag] * len(reading.lines)
            repair_tags(reading, list(tags))
            labelled_walk(reading, list(tags))


def test_a_body_named_giao_thong_does_not_read_as_an_assignment() -> None:
    # "Bộ Giao thông vận tải" is no "giao …": the agreement below assigns nothing
    text = (
        "Tại phiên họp, Bộ Chính trị, Ban Bí thư cơ bản thống nhất với Tờ trình của Ban cán sự"
        " đảng Bộ Giao thông vận tải.\n"
    )
    assert _repair(text, ["SECTION_ITEM"]) == ["OTHER"]
    text = "Ban Thường vụ Tỉnh ủy thống nhất với đề xuất và giao Sở Nội vụ hoàn thiện đề án.\n"
    assert _repair(text, ["SECTION_ITEM"]) == ["SECTION_ITEM"]

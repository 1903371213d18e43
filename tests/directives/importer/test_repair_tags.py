"""The layout rules applied to the line labeller's tags (repair.repair_tags), model-independent."""

from __future__ import annotations

from datetime import date

from directives.importer.linemodel import sibling_groups
from directives.importer.repair import labelled_walk, repair_tags
from directives.importer.walker import read_text

TEXT = """Ủy ban nhân dân tỉnh yêu cầu:
1. Sở Tài chính:
a) Lập hồ sơ đề nghị phê duyệt,
bao gồm:
+ Tờ trình;
+ Danh sách đối tượng.
b) Hướng dẫn các xã lập dự toán.
Thời gian hoàn thành: trước ngày 30/6/2026.
2. Sở Y tế chủ trì, phối hợp với các xã kiểm tra an toàn thực phẩm.
Trên đây là Chỉ thị của Ủy ban nhân dân tỉnh, yêu cầu các cơ quan nghiêm túc thực hiện./.
Nơi nhận:
- Như trên;
KT. CHỦ TỊCH"""

# What an over-eager labeller might say: every line after the first addressee a duty.
EAGER = ["OTHER", "SECTION", "ITEM", "ITEM_CONT", "ITEM", "ITEM", "ITEM", "ITEM", "SECTION_ITEM"]
EAGER += ["ITEM", "ITEM", "ITEM", "ITEM"]


def test_contents_deadlines_closings_recipients_and_signatures_are_not_duties() -> None:
    reading = read_text(TEXT)
    tags = repair_tags(reading, EAGER)
    assert tags == [
        "OTHER",
        "SECTION",
        "ITEM",
        "ITEM_CONT",  # "bao gồm:" wraps the duty
        "ITEM_CONT",  # "+ Tờ trình;" is the contents of "…, bao gồm:"
        "ITEM_CONT",
        "ITEM",
        "OTHER",  # "Thời gian hoàn thành: …" is the deadline of b)
        "SECTION_ITEM",
        "OTHER",  # "Trên đây là …"
        "OTHER",  # "Nơi nhận:"
        "OTHER",  # "- Như trên;"
        "OTHER",  # "KT. CHỦ TỊCH"
    ]


def test_the_deadline_line_dates_the_duty_above_and_contents_join_their_duty() -> None:
    reading = read_text(TEXT)
    walker = labelled_walk(reading, EAGER)
    finance, health = walker.sections
    assert [(i.line, i.deadline) for i in finance.items] == [
        (3, None),
        (7, date(2026, 6, 30)),
    ]
    assert finance.items[0].text.endswith("bao gồm:")
    assert [i.line for i in health.items] == [9]


def test_a_lower_case_wrap_runs_on_and_gives_its_addressee_line_the_duty() -> None:
    text = "Ủy ban nhân dân tỉnh yêu cầu:\n2. Sở Tài chính chủ trì,\nphối hợp với các sở bố trí kinh phí.\n"
    reading = read_text(text)
    assert repair_tags(reading, ["OTHER", "SECTION", "ITEM"]) == [
        "OTHER",
        "SECTION_ITEM",
        "ITEM_CONT",
    ]


def test_a_progress_report_table_lists_results_not_duties() -> None:
    text = (
        "Kết quả thực hiện như sau:\n"
        "| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian | Tiến độ |\n"
        "|---|---|---|---|---|\n"
        "| 1 | Xây dựng Đề án | Bộ Tài chính | Quý IV/2025 | Đã hoàn thành |\n"
        "| 2 | Sửa đổi Nghị định | Bộ Tư pháp | Quý I/2026 | Đang thực hiện |\n"
    )
    reading = read_text(text)
    tags = repair_tags(reading, ["OTHER", "SECTION", "OTHER", "ITEM", "ITEM"])
    assert tags[1:] == ["OTHER"] * 4


def test_a_line_naming_only_a_body_above_duties_is_their_addressee() -> None:
    text = (
        "QUYẾT ĐỊNH:\n"
        "Điều 6. Ủy ban nhân dân quận - huyện có nhiệm vụ\n"
        "1. Quản lý đối tượng, quản lý kinh phí trên địa bàn.\n"
        "2. Lập dự toán kinh phí hằng năm.\n"
    )
    reading = read_text(text)
    assert repair_tags(reading, ["OTHER", "OTHER", "ITEM", "ITEM"])[1] == "SECTION"


def test_a_lead_naming_bodies_opens_their_section_where_they_are_named() -> None:
    text = (
        "II. NHIỆM VỤ CỤ THỂ\n"
        "Nhằm đạt được mục tiêu đề ra, bên cạnh các nhiệm vụ\n"
        "thường xuyên, các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh cần\n"
        "tổ chức triển khai thực hiện các nhiệm vụ sau đây:\n"
        "- Rà soát, hoàn thiện văn bản quy phạm pháp luật.\n"
        "- Tăng cường kiểm tra, giám sát.\n"
    )
    reading = read_text(text)
    tags = repair_tags(reading, ["OTHER", "OTHER", "OTHER", "OTHER", "ITEM", "ITEM"])
    assert tags[1:4] == ["OTHER", "SECTION", "OTHER"]


def test_sibling_groups_follow_list_level_and_parent() -> None:
    lines = [
        "1. Sở Tài chính:",
        "- Rà soát.",
        "- Hướng dẫn.",
        "2. Sở Y tế:",
        "- Kiểm tra.",
        "- Báo cáo.",
    ]
    groups = sibling_groups(list(enumerate(lines, start=1)))
    assert sorted(groups) == [[0, 3], [1, 2], [4, 5]]


def test_an_articles_unrelated_question_tail_gives_no_duties() -> None:
    text = (
        "Chỉ thị 05: yêu cầu bảo đảm an toàn phòng cháy.\n"
        "1. Công an Thành phố:\n"
        "a) Tăng cường kiểm tra an toàn phòng cháy tại khu dân cư.\n"
        '**Trên đây là "Chỉ thị 05: yêu cầu bảo đảm an toàn phòng cháy".**\n'
        "**Chỉ thị 05 giao Công an Thành phố những gì?**\n"
        "- Tăng cường kiểm tra an toàn phòng cháy.\n"
        "**Nguyên tắc phòng cháy chữa cháy là gì?**\n"
        "- Huy động sức mạnh tổng hợp của toàn dân.\n"
    )
    reading = read_text(text)
    tags = repair_tags(reading, ["OTHER", "SECTION", "ITEM", "OTHER", "OTHER", "ITEM", "OTHER", "ITEM"])
    assert tags[5] == "ITEM"  # a question about the document itself is read as usual
    assert tags[7] == "OTHER"  # the law Q&A after it is not


def test_the_list_a_lead_announces_is_its_duties_when_the_labeller_missed_it() -> None:
    text = (
        "II. NHIỆM VỤ CỤ THỂ\n"
        "Các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh cần tổ chức triển khai thực hiện\n"
        "các nhiệm vụ sau đây:\n"
        "1. Tăng cường công tác lãnh đạo, chỉ đạo\n"
        "- Đưa các chỉ tiêu bao phủ vào kế hoạch hằng năm.\n"
        "- Tăng cường công tác truyền thông.\n"
        "2. Hoàn thiện chính sách, pháp luật\n"
        "- Rà soát văn bản quy phạm pháp luật.\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
        "1. Bộ Y tế chủ trì theo dõi, đôn đốc việc thực hiện Kế hoạch.\n"
    )
    reading = read_text(text)
    tags = repair_tags(reading, ["OTHER"] * 9 + ["SECTION_ITEM"])
    assert tags[1] == "SECTION"
    assert [no for no, t in enumerate(tags, start=1) if t == "ITEM"] == [5, 6, 8]


DEADLINE_RUN = """1. Sở Nội vụ
- Tham mưu xây dựng kế hoạch sắp xếp đơn vị hành chính cấp xã.
Thời gian hoàn thành: trước ngày 30/6/2026.
- Hướng dẫn các huyện rà soát đội ngũ cán bộ, công chức cấp xã.
Thời gian hoàn thành: Quý III/2026.
Tổ chức tập huấn nghiệp vụ cho cán bộ làm công tác tổ chức.
Thời gian hoàn thành: tháng 10/2026
+ nội dung tập huấn theo hướng dẫn của Bộ.
"""


def test_a_duty_right_after_a_completion_line_is_a_new_duty() -> None:
    # A labeller that read each completion line as running on from its duty, and the next duty too.
    reading = read_text(DEADLINE_RUN)
    tags = repair_tags(reading, ["SECTION", "ITEM"] + ["ITEM_CONT"] * 6)
    assert tags == [
        "SECTION",
        "ITEM",
        "ITEM_CONT",
        "ITEM",  # after "Thời gian hoàn thành: …." the next dash entry opens a duty
        "ITEM_CONT",
        "ITEM",  # so does a capitalised sentence without marker
        "ITEM_CONT",
        "ITEM_CONT",  # a "+" line gives the contents, never a duty of its own
    ]
    walker = labelled_walk(reading, tags)
    assert [(i.line, i.deadline) for i in walker.sections[0].items] == [
        (2, date(2026, 6, 30)),
        (4, date(2026, 9, 30)),
        (6, date(2026, 10, 31)),
    ]


def test_a_lead_list_under_topic_headings_gives_the_entries_below_them_not_their_contents() -> None:
    text = (
        "II. NHIỆM VỤ CỤ THỂ\n"
        "Các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh cần tập trung thực hiện các nhiệm vụ sau đây:\n"
        "1. Nâng cao nhận thức, đổi mới tư duy\n"
        "a) Xây dựng chương trình tuyên truyền về Nghị quyết.\n"
        "b) Sửa đổi Luật Khoa học và Công nghệ theo hướng:\n"
        "- Tháo gỡ các khó khăn, vướng mắc;\n"
        "- Đơn giản hóa thủ tục hành chính.\n"
        "2. Hoàn thiện thể chế\n"
        "a) Rà soát, tháo gỡ các điểm nghẽn về thể chế.\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
    )
    reading = read_text(text)
    tags = repair_tags(reading, ["OTHER"] * 10)
    assert tags[1] == "SECTION"
    assert [no for no, t in enumerate(tags, start=1) if t == "ITEM"] == [4, 5, 9]


def test_a_line_that_only_names_a_body_gives_the_next_sentence_as_its_duty() -> None:
    text = (
        "1.1. Giao Sở Nông nghiệp\n"
        "và Môi trường\n"
        "Khẩn trương chia sẻ toàn\n"
        "bộ cơ sở dữ liệu đất đai đến Ủy ban nhân dân các phường.\n"
        "1.2. Sở Y tế chủ trì, phối hợp với các xã kiểm tra an toàn thực phẩm,\n"
        "Báo cáo kết quả trước ngày 30/6/2026.\n"
    )
    reading = read_text(text)
    tags = repair_tags(reading, ["SECTION_ITEM", "ITEM_CONT", "ITEM_CONT", "ITEM_CONT", "SECTION_ITEM", "ITEM_CONT"])
    assert tags == ["SECTION", "OTHER", "ITEM", "ITEM_CONT", "SECTION_ITEM", "ITEM_CONT"]


def test_a_lead_the_labeller_took_for_the_section_still_gives_its_list_and_a_topic_lead_only_its_topic() -> None:
    text = (
        "II. NHIỆM VỤ, GIẢI PHÁP\n\n"
        "1. Hoàn thiện thể chế\n\n"
        "Các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh cần tập trung thực hiện các nhiệm vụ sau đây:\n\n"
        "- Rà soát, sửa đổi các quy định về khoa học.\n\n"
        "- Xây dựng cơ chế thử nghiệm có kiểm soát.\n\n"
        "2. Phát triển hạ tầng\n\n"
        "- Đầu tư hạ tầng số dùng chung.\n"
    )
    reading = read_text(text)
    tags = repair_tags(reading, ["OTHER", "", "OTHER", "", "SECTION", ""] + ["OTHER", ""] * 4)
    assert tags[4] == "SECTION"
    # the lead sits in topic 1: its list ends where topic 2 begins
    assert [no for no, t in enumerate(tags, start=1) if t == "ITEM"] == [7, 9]

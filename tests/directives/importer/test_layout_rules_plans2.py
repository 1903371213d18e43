"""Layout rules over the labeller's tags added in the second plan round (session 13),
model-independent: each test gives the tags a labeller might return and checks what the rules make
of them."""

from __future__ import annotations

from directives.importer.structure import detect_addressee
from tests.directives.importer.layout import repaired as _repair
from tests.directives.importer.layout import walked as _walk

_STEPS_PLAN = (
    "**IV. NỘI DUNG HOẠT ĐỘNG**\n"
    "\n"
    "- Xử lý các điểm nước tù đọng trong 24-48 giờ sau khi nước rút.\n"
    "\n"
    "- Trung tâm Kiểm soát bệnh\n"
    "tật tỉnh chủ trì điều phối, cấp hóa chất phục vụ công tác xử lý môi trường.\n"
    "\n"
    "+ Sở Nông nghiệp và Môi trường\n"
    "tổng hợp chung các mẫu biểu theo quy định tại Thông tư số 10/2022/TT-BLĐTBXH.\n"
    "\n"
    "**V. TỔ\n"
    "CHỨC THỰC HIỆN**\n"
    "\n"
    "**1. Sở Y tế**\n"
    "\n"
    "- Chủ trì, phối hợp với các sở, ngành triển khai Kế hoạch.\n"
)


def test_a_dash_entry_opening_with_a_body_and_its_duty_in_a_steps_part_is_a_run_in_duty() -> None:
    tags = ["OTHER"] * 15 + ["ITEM"]
    tags[13] = "SECTION"
    out = _repair(_STEPS_PLAN, tags)
    # the name wraps onto the next line ("Kiểm soát bệnh" / "tật tỉnh chủ trì …"): one run-in duty
    assert out[4:6] == ["SECTION_ITEM", "ITEM_CONT"]
    assert out[7:9] == ["SECTION_ITEM", "ITEM_CONT"]
    # a general task of the part names nobody: it stays text (the part V distributes the work)
    assert out[2] == "OTHER"
    walker = _walk(_STEPS_PLAN, tags)
    assert [(s.line, [i.line for i in s.items]) for s in walker.sections] == [
        (5, [5]),
        (8, [8]),
        (14, [16]),
    ]
    assert walker.sections[1].addressee == "Sở Nông nghiệp và Môi trường"


def test_a_run_in_entry_needs_a_task_part_and_a_part_distributing_work() -> None:
    purpose = _STEPS_PLAN.replace("IV. NỘI DUNG HOẠT ĐỘNG", "I. MỤC ĐÍCH, YÊU CẦU")
    tags = ["OTHER"] * 15 + ["ITEM"]
    tags[13] = "SECTION"
    assert _repair(purpose, tags)[4] == "OTHER"  # in the purposes part: an aim, not a duty
    alone = _STEPS_PLAN.split("**V. TỔ")[0]
    assert _repair(alone, ["OTHER"] * 10)[4] == "OTHER"  # no part distributes the work


def test_a_card_field_listing_deadlines_by_body_gives_no_run_in_duty() -> None:
    text = (
        "**II. NỘI DUNG**\n"
        "\n"
        "- Thời gian thực hiện:\n"
        "\n"
        "+ Các bộ, cơ quan ngang bộ gửi kết quả rà soát về Bộ Công an trước ngày 15 tháng 12 năm 2025.\n"
        "\n"
        "**III. TỔ CHỨC THỰC HIỆN**\n"
    )
    assert _repair(text, ["OTHER"] * 7)[4] == "OTHER"


def test_the_entries_naming_things_below_a_duty_ending_with_a_colon_are_its_contents() -> None:
    text = (
        "*2.1. Sở Tài chính*\n"
        "\n"
        "a) Tham mưu Ủy ban nhân dân tỉnh\n"
        "trình Hội đồng nhân dân cấp tỉnh quyết định:\n"
        "\n"
        "- Phương án phân bổ vốn kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030.\n"
        "\n"
        "- Mức vốn đối ứng từ ngân sách địa phương (nếu có).\n"
        "\n"
        "b) Chủ trì thẩm định các dự án đầu tư.\n"
    )
    tags = ["SECTION", "OTHER", "ITEM", "ITEM_CONT", "OTHER", "ITEM", "OTHER", "ITEM", "OTHER"]
    tags += ["ITEM"]
    out = _repair(text, tags)
    assert out[5] == "ITEM_CONT" and out[7] == "ITEM_CONT"
    assert out[2] == "ITEM" and out[9] == "ITEM"  # the duty itself and its sibling stay duties
    walker = _walk(text, tags)
    assert [[i.line for i in s.items] for s in walker.sections] == [[3, 10]]


def test_entries_with_duty_verbs_or_clauses_of_scope_below_a_colon_stay_duties() -> None:
    text = (
        "1. Sở Xây dựng\n"
        "\n"
        "a) Hướng dẫn các chủ đầu tư thực hiện như sau:\n"
        "\n"
        "- Đối với các dự án đã được phê duyệt, rà soát lại tổng mức đầu tư.\n"
        "\n"
        "- Đối với các dự án chưa được phê duyệt, lập dự toán theo quy định.\n"
        "\n"
        "b) Hướng dẫn các địa phương:\n"
        "\n"
        "- Rà soát các công trình.\n"
        "\n"
        "- Báo cáo kết quả trước ngày 30/6/2026.\n"
    )
    tags = ["SECTION", "OTHER", "ITEM", "OTHER", "ITEM", "OTHER", "ITEM", "OTHER", "ITEM", "OTHER"]
    tags += ["ITEM", "OTHER", "ITEM"]
    out = _repair(text, tags)
    assert [out[n] for n in (4, 6, 10, 12)] == ["ITEM"] * 4


def test_the_sentence_on_reporting_difficulties_is_a_closing_formula() -> None:
    text = (
        "2. Sở Tư pháp theo dõi, đôn đốc việc thực hiện Kế hoạch.\n"
        "\n"
        "3. Trong quá trình thực hiện,\n"
        "nếu có khó khăn, vướng mắc, các sở, ngành và Ủy ban nhân dân các xã báo cáo Ủy ban nhân\n"
        "dân tỉnh (qua Sở Tư pháp) để xem xét, chỉ đạo.\n"
        "\n"
        "Trong quá trình tổ chức thực hiện, nếu thấy cần sửa đổi, bổ sung, Ủy ban nhân dân các cấp"
        " chủ động báo cáo.\n"
    )
    tags = ["SECTION_ITEM", "OTHER", "ITEM", "ITEM_CONT", "ITEM_CONT", "OTHER", "SECTION_ITEM"]
    out = _repair(text, tags)
    assert out == ["SECTION_ITEM", "OTHER", "OTHER", "OTHER", "OTHER", "OTHER", "OTHER"]
    walker = _walk(text, tags)
    assert [(s.line, [i.line for i in s.items]) for s in walker.sections] == [(1, [1])]


def test_a_numbered_topic_wholly_in_emphasis_is_a_heading_not_a_duty() -> None:
    text = (
        "**2.1.\n"
        "Trách nhiệm chung**\n"
        "\n"
        "a) Đánh giá sự phù hợp của dự án với quy hoạch.\n"
        "\n"
        "**2. Hình thức và tiêu chuẩn khen\n"
        "thưởng**\n"
        "\n"
        "**3. Tăng cường kiểm tra, giám sát**\n"
        "\n"
        "**4. Sở Nội vụ**\n"
    )
    tags = ["ITEM", "ITEM_CONT", "OTHER", "ITEM", "OTHER", "ITEM", "ITEM", "OTHER", "ITEM", "OTHER"]
    tags += ["ITEM"]
    out = _repair(text, tags)
    assert out[0:2] == ["OTHER", "OTHER"] and out[5:7] == ["OTHER", "OTHER"]
    assert out[3] == "ITEM"
    # a heading that opens with a duty verb, or names a body, is not read as a topic here
    assert out[8] == "ITEM" and out[10] == "ITEM"


_SCOPE_ENTRY = (
    "I. NHIỆM VỤ\n"
    "1. Đối với các chi phí khám bệnh, chữa bệnh vượt dự toán\n"
    "được Thủ tướng Chính phủ giao giai đoạn 2018-2022, giao Bảo hiểm xã\n"
    "hội Việt Nam tổ chức thực hiện thanh toán cho cơ sở khám bệnh, chữa bệnh.\n"
    "\n"
    "II. TỔ CHỨC THỰC HIỆN\n"
    "1. Bộ Y tế chủ trì hướng dẫn các địa phương thực hiện.\n"
)


def test_a_scope_entry_reaches_its_body_before_general_duties_are_dropped() -> None:
    walker = _walk(_SCOPE_ENTRY, ["OTHER"] * 6 + ["SECTION_ITEM"])
    # the duty goes to the body named after the scope, not dropped as a programme given to nobody
    assert [(s.line, s.addressee, [i.line for i in s.items]) for s in walker.sections] == [
        (3, "Bảo hiểm xã hội Việt Nam", [2]),
        (7, "Bộ Y tế", [7]),
    ]


_LEAD_LIST = (
    "II. NHIỆM VỤ CỤ THỂ\n"
    "Nhằm đạt được mục tiêu đề ra, các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh\n"
    "cần cụ thể hóa và tổ chức triển khai thực hiện các nhiệm vụ sau đây:\n"
    "1. Tăng cường công tác lãnh đạo, chỉ đạo về bảo hiểm y tế\n"
    "- Uỷ ban nhân dân cấp tỉnh đưa các chỉ tiêu bao phủ vào kế hoạch hằng năm.\n"
    "- Uỷ ban nhân dân cấp tỉnh trình Hội đồng nhân dân bố trí ngân sách hỗ trợ mức đóng.\n"
    "- Đổi mới nội dung, hình thức tuyên truyền về bảo hiểm y tế.\n"
    "2. Hoàn thiện hệ thống chính sách, pháp luật về bảo hiểm y tế\n"
    "- Rà soát, xây dựng Luật Bảo hiểm y tế sửa đổi.\n"
    "- Xây dựng lộ trình tính chi phí khấu hao vào giá dịch vụ y tế.\n"
    "\n"
    "III. TỔ CHỨC THỰC HIỆN\n"
    "1. Bộ Y tế chủ trì theo dõi, đôn đốc việc thực hiện Kế hoạch.\n"
)


def test_duties_given_to_nobody_inside_a_lead_list_are_the_leads_not_dropped() -> None:
    tags = ["OTHER"] * 13
    tags[4] = tags[5] = tags[12] = "SECTION_ITEM"
    walker = _walk(_LEAD_LIST, tags)
    sections = {s.line: [i.line for i in s.items] for s in walker.sections}
    # the entries of topic 2 follow the run-in sections of topic 1; the lead names their bodies
    assert sections[2] == [4, 9, 10]
    assert sections[13] == [13]
    no_lead = _LEAD_LIST.replace(
        "cần cụ thể hóa và tổ chức triển khai thực hiện các nhiệm vụ sau đây:", "cần chú ý."
    )
    walker = _walk(no_lead, tags)
    assert all(9 not in [i.line for i in s.items] for s in walker.sections)


def test_an_article_never_runs_on_from_the_duty_above() -> None:
    text = (
        "Điều 2. Bộ Công Thương chủ trì xây dựng dự án Luật, trình\n"
        "Chính phủ trước ngày 10 tháng 7 năm 2026.\n"
        "Điều 3. Phân công Phó Thủ tướng Thường trực Chính phủ Phạm Gia Túc\n"
        "chỉ đạo việc xây dựng, hoàn thiện dự án Luật.\n"
        "Điều 4. Nghị quyết này có hiệu lực thi hành kể từ ngày ký ban hành.\n"
    )
    tags = ["SECTION_ITEM", "ITEM_CONT", "ITEM_CONT", "ITEM_CONT", "OTHER"]
    # the article that assigns is a duty of its own, its wrapped line runs on from it
    assert _repair(text, tags)[2:4] == ["SECTION_ITEM", "ITEM_CONT"]
    # an article that gives no duty is no duty either
    tags = ["SECTION_ITEM", "ITEM_CONT", "OTHER", "OTHER", "ITEM_CONT"]
    assert _repair(text, tags)[4] == "OTHER"


def test_help_and_collect_end_a_run_in_name() -> None:
    found = detect_addressee("Trung tâm Kiểm soát bệnh tật tỉnh hỗ trợ các địa phương xét nghiệm.")
    assert found is not None and found.text == "Trung tâm Kiểm soát bệnh tật tỉnh"
    found = detect_addressee("Các cơ quan, đơn vị liên quan thu thập thông tin theo các mẫu biểu.")
    assert found is not None and found.text == "Các cơ quan, đơn vị liên quan"
    # "mức hỗ trợ" is a thing, not the duty ending a name
    found = detect_addressee("Ban Thường vụ Thành ủy nâng mức hỗ trợ xây dựng nhà ở cho hộ nghèo.")
    assert found is None or not found.text.endswith("mức")


def test_every_dash_duty_of_a_task_card_above_its_fields_is_a_duty() -> None:
    text = (
        "**1. Về dữ liệu dân cư**\n"
        "- Triển khai rà soát, làm sạch dữ liệu dân cư trên địa bàn.\n"
        "- Phối hợp triển khai số hóa theo\n"
        "hướng dẫn của Bộ Công an.\n"
        "- Tiếp tục rà soát, bổ sung dữ liệu chuyên ngành.\n"
        "- Đơn vị chủ trì: Các Sở, ban, ngành.\n"
        "- Đơn vị phối hợp: Sở Khoa học và Công nghệ.\n"
        "- Thời gian thực hiện: Năm 2025.\n"
    )
    out = _repair(text, ["OTHER"] * 8)
    assert out == ["OTHER", "ITEM", "ITEM", "OTHER", "ITEM", "OTHER", "OTHER", "OTHER"]
    # the card's fields end the walk back: the duties of the card above are its own
    two = text + "- Xây dựng kho dữ liệu dùng chung.\n- Đơn vị chủ trì: Sở Tài chính.\n"
    assert _repair(two, ["OTHER"] * 10)[8] == "ITEM"


def test_a_number_alone_above_a_body_name_opens_its_section_at_the_name() -> None:
    text = (
        "**V. TỔ CHỨC THỰC HIỆN**\n"
        "\n"
        "**2.\n"
        "Sở Nông nghiệp và Môi trường**\n"
        "\n"
        "- Chỉ đạo thu gom rác, xử lý môi trường, nước sạch.\n"
        "\n"
        "- Hướng dẫn xử lý xác động vật; phòng chống dịch bệnh trên đàn vật nuôi.\n"
    )
    out = _repair(text, ["OTHER"] * 8)
    assert out[2:8] == ["OTHER", "SECTION", "OTHER", "ITEM", "OTHER", "ITEM"]
    # a number above a line that is no body's name is left alone
    other = text.replace("Sở Nông nghiệp và Môi trường**", "Kinh phí thực hiện**")
    assert _repair(other, ["OTHER"] * 8)[3] == "OTHER"

"""Layout rules over the labeller's tags for letters and conclusion notices (letter round 2),
model-independent: each test gives the tags a labeller might return and checks what the rules
make of them."""

from __future__ import annotations

from directives.importer.repair import _sole_request
from tests.directives.importer.layout import padded
from tests.directives.importer.layout import repaired as _repair
from tests.directives.importer.layout import walked as _walk

# --- _sole_request: a letter in which no line was read as a duty ---------------------------------


def test_a_request_named_mid_line_is_the_one_duty_of_a_letter_without_duties() -> None:
    text = (
        "Kính gửi: Ban Tuyên giáo và Dân vận Trung ương.\n"
        "\n"
        "Thời gian gần đây, trên các trang mạng xã hội xuất hiện thông tin sai lệch khiến nhiều người\n"
        "dân và cán bộ, công chức hoang mang. Bộ Nội vụ trân trọng đề nghị Ban Tuyên\n"
        "giáo và Dân vận Trung ương, Bộ Văn hóa, Thể thao và Du lịch chỉ đạo các cơ quan báo chí\n"
        "định hướng thông tin đúng về chủ trương của Đảng, Nhà nước.\n"
        "\n"
        "Nơi nhận:\n"
        "- Như trên;\n"
    )
    tags = ["OTHER"] * 9
    out = _repair(text, tags)
    assert out[3] == "SECTION_ITEM"  # the line where the bodies asked are named
    assert out[4:6] == ["ITEM_CONT", "ITEM_CONT"]
    assert out[2] == "OTHER" and out[7:] == ["OTHER", "OTHER"]


def test_a_class_of_bodies_asked_after_a_comma_is_the_duty_of_a_letter_without_duties() -> None:
    text = (
        "Trên cơ sở định hướng của Ban Tổ chức Trung ương, để việc đề xuất biên chế được thống nhất,\n"
        "trên cơ sở nguyên tắc nêu trên, đề nghị bộ, ngành, địa phương khẩn\n"
        "trương tổng hợp đề xuất biên chế và gửi về Bộ Nội vụ trước ngày 26/11/2025.\n"
    )
    out = _repair(text, ["OTHER"] * 3)
    assert out == ["OTHER", "SECTION_ITEM", "ITEM_CONT"]


def test_a_body_opening_a_paragraph_below_a_colon_is_the_duty_of_a_letter_without_duties() -> None:
    text = (
        "Xét đề nghị của Hiệp hội, Phó Thủ tướng Chính phủ có ý kiến chỉ đạo như sau:\n"
        "Bộ Nông nghiệp và Môi\n"
        "trường chủ trì, phối hợp với Bộ Tư pháp nghiên cứu kiến nghị của Hiệp hội.\n"
        "Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.\n"
    )
    out = _repair(text, ["OTHER"] * 4)
    assert out == ["OTHER", "SECTION_ITEM", "ITEM_CONT", "OTHER"]
    walker = _walk(text, ["OTHER"] * 4)
    assert [(s.line, [i.line for i in s.items]) for s in walker.sections] == [(2, [2])]


def test_a_letter_with_a_duty_or_only_a_closing_request_gains_none() -> None:
    text = (
        "Bộ Lao động - Thương binh và Xã hội đã có Văn bản số 12/LĐTBXH đề nghị các Sở báo cáo.\n"
        "Đề nghị các cơ quan, đơn vị nghiêm túc triển khai, thực hiện.\n"
    )
    assert _repair(text, ["OTHER", "OTHER"]) == ["OTHER", "OTHER"]  # told, then the closing
    text_with_duty = (
        "1. Sở Y tế chủ trì kiểm tra các cơ sở khám bệnh.\n"
        "\n"
        "Các sở đã báo cáo tình hình thực hiện trong năm, đề nghị bộ,\n"
        "ngành, địa phương khẩn trương rà soát danh mục.\n"
    )
    reading, tags = padded(text_with_duty, ["SECTION_ITEM", "OTHER", "OTHER", "OTHER"])
    out = list(tags)
    _sole_request(reading, out)
    assert out == tags  # the labeller found a duty: the letter's request is not looked for


# --- _past_time_background ----------------------------------------------------------------------


def test_an_entry_telling_what_was_done_in_the_past_is_no_duty() -> None:
    text = (
        "1. Trong thời gian qua, nước\n"
        "ta đã tiến hành sắp xếp, tổ chức lại đơn vị hành chính các cấp.\n"
        "2. Trong thời gian qua, đề nghị các sở báo cáo kết quả thực hiện.\n"
    )
    tags = ["ITEM", "ITEM_CONT", "ITEM"]
    assert _repair(text, tags) == ["OTHER", "OTHER", "ITEM"]  # the second one assigns


# --- _naming_line (topic entries) ---------------------------------------------------------------


def test_a_topic_entry_gives_its_section_to_the_line_where_the_body_is_named() -> None:
    text = (
        "6. Về việc lồng ghép các kiến nghị của tỉnh vào các Chương trình: Giao\n"
        "Bộ Giáo dục và Đào tạo, Bộ Y tế nghiên cứu các kiến nghị của tỉnh, báo cáo Thủ tướng\n"
        "Chính phủ trước ngày 15 tháng 12 năm 2025.\n"
        "7. Về dự án đường cao tốc: Bộ Xây dựng khẩn trương hoàn thiện thủ tục đầu tư\n"
        "dự án, báo cáo cấp có thẩm quyền.\n"
    )
    tags = ["ITEM", "ITEM_CONT", "ITEM_CONT", "ITEM", "ITEM_CONT"]
    walker = _walk(text, tags)
    assert [(s.line, [i.line for i in s.items]) for s in walker.sections] == [(2, [1]), (4, [4])]


# --- _colon_heading_run_ins ---------------------------------------------------------------------


def test_a_paragraph_below_a_topic_heading_ending_with_a_colon_is_a_run_in_duty() -> None:
    text = (
        "3. Về kiến nghị liên quan đến tổ chức bộ máy để bảo\n"
        "đảm vận hành hiệu quả chính quyền địa phương 02 cấp:\n"
        "\n"
        "Bộ Nội vụ theo chức năng nhiệm vụ được giao khẩn\n"
        "trương nghiên cứu, xử lý kiến nghị của tỉnh, báo cáo cấp có thẩm quyền.\n"
        "\n"
        "*3.1.\n"
        "Báo cáo định kỳ hàng tháng:*\n"
        "\n"
        "Yêu cầu UBND các xã, phường, các sở, ban, ngành\n"
        "báo cáo số liệu định kỳ hàng tháng qua Hệ thống mạng đấu thầu quốc gia bao gồm:\n"
        "(1). Tổng số gói thầu;\n"
    )
    tags = ["OTHER"] * 12
    out = _repair(text, tags)
    assert out[3:5] == ["SECTION_ITEM", "ITEM_CONT"]
    assert out[9:11] == ["SECTION_ITEM", "ITEM_CONT"]
    assert out[0] == out[1] == out[6] == out[7] == "OTHER"


def test_a_lead_below_a_colon_heading_is_not_a_run_in_duty() -> None:
    text = (
        "2. Về công tác báo cáo:\n"
        "\n"
        "Ủy ban nhân dân các xã, phường thực hiện các nội dung sau:\n"
        "- Báo cáo kết quả hằng tháng.\n"
    )
    tags = ["OTHER", "OTHER", "OTHER", "ITEM"]
    assert _repair(text, tags)[2] != "SECTION_ITEM"  # its list's addressee, not a run-in duty


# --- _announced_entries -------------------------------------------------------------------------


def test_the_entries_an_addressee_line_announces_are_its_duties_however_they_open() -> None:
    text = (
        "2. Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chỉ đạo Sở Lao động - Thương"
        " binh và Xã hội thực hiện các nội dung sau:\n"
        "\n"
        "2.1. Tiến hành xem xét lại từng hồ sơ, trong khi xem xét cần lưu ý:\n"
        "\n"
        "- Giấy tờ chứng minh có tham gia kháng chiến phải đúng hướng dẫn.\n"
        "\n"
        "2.2. Sau khi kiểm tra, đối với những hồ sơ đủ điều kiện thì giới thiệu đối tượng đi giám định.\n"
        "\n"
        "Đề nghị Ủy ban nhân dân các tỉnh tăng cường kiểm tra việc thực hiện chính sách.\n"
    )
    tags = [
        "SECTION",
        "OTHER",
        "OTHER",
        "OTHER",
        "OTHER",
        "OTHER",
        "OTHER",
        "OTHER",
        "SECTION_ITEM",
    ]
    out = _repair(text, tags)
    assert [out[2], out[4], out[6]] == ["ITEM", "OTHER", "ITEM"]
    walker = _walk(text, tags)
    assert [(s.line, [i.line for i in s.items]) for s in walker.sections] == [(1, [3, 7]), (9, [9])]


def test_a_single_entry_or_a_contents_lead_is_not_read_as_announced_duties() -> None:
    text = "1. Sở Tài chính gửi hồ sơ, bao gồm:\na) Tờ trình;\nb) Dự thảo Quyết định.\n"
    tags = ["SECTION", "OTHER", "OTHER"]
    assert _repair(text, tags) == tags


# --- _midline_ground_duties ---------------------------------------------------------------------


def test_a_sentence_with_a_clause_of_ground_then_a_body_mid_line_is_a_new_duty() -> None:
    text = (
        "- Khẩn trương chỉ đạo tập hợp các vướng mắc, gửi Bộ Tư\n"
        "pháp trước ngày 05/12/2025. Trên cơ sở đó, Bộ Tư pháp tổng hợp, báo cáo Chính phủ.\n"
        "4. Về kho dầu thô: Tập đoàn chủ động làm việc với các đối tác để triển khai các nội\n"
        "dung liên quan. Để xác định vị trí cụ thể của dự án, Ủy ban nhân dân tỉnh Thanh\n"
        "Hóa phối hợp với Bộ Công Thương rà soát kỹ các quy hoạch có liên quan.\n"
    )
    tags = ["ITEM", "ITEM_CONT", "ITEM", "ITEM_CONT", "ITEM_CONT"]
    assert _repair(text, tags) == ["ITEM", "ITEM", "ITEM", "ITEM", "ITEM_CONT"]


def test_a_clause_of_purpose_without_a_body_after_it_is_no_new_duty() -> None:
    text = (
        "- Khẩn trương rà soát các quy hoạch có liên quan trên địa bàn, bảo đảm phù hợp, không\n"
        "chồng lấn. Để bảo đảm tiến độ, cần bố trí đủ nguồn lực cho dự án.\n"
    )
    tags = ["ITEM", "ITEM_CONT"]
    assert _repair(text, tags) == tags


# --- _difficulty_closing -----------------------------------------------------------------------


def test_the_clause_on_difficulties_is_no_duty_nor_addressee() -> None:
    text = (
        "1. Sở Tài chính chủ trì hướng dẫn các đơn vị thực hiện.\n"
        "\n"
        "Trong quá trình triển khai thực\n"
        "hiện, nếu phát sinh vướng mắc, cơ quan, đơn vị chủ động liên hệ với Sở Tài chính.\n"
        "\n"
        "2. Trong quá trình tổ chức thực hiện, nếu thấy cần sửa đổi, bổ sung, các bộ, ngành chủ"
        " động báo cáo Thủ tướng Chính phủ.\n"
    )
    tags = ["SECTION_ITEM", "OTHER", "ITEM", "ITEM_CONT", "OTHER", "SECTION"]
    assert _repair(text, tags) == ["SECTION_ITEM", "OTHER", "OTHER", "OTHER", "OTHER", "OTHER"]


def test_a_duty_carried_out_in_the_process_is_kept() -> None:
    text = (
        "1. Trong quá trình thực hiện, Sở Nội vụ theo dõi, tổng hợp báo cáo Ủy ban nhân dân tỉnh.\n"
    )
    tags = ["SECTION_ITEM"]
    assert _repair(text, tags) == tags

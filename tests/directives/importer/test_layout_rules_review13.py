"""Review of the letter, decision and news rounds (session 13): each test is a probe text, beyond
the corpus, on which a new layout rule misfired, with the tags a labeller might give its lines
(model-independent)."""

from __future__ import annotations

from directives.importer.articles import power_clauses
from directives.importer.walker import read_text
from tests.directives.importer.layout import repaired as _repair

# --- _past_time_background: the situation first, then the assignment -----------------------------


def test_an_entry_opening_with_the_past_that_then_assigns_a_body_stays_a_duty() -> None:
    text = (
        "1. Sở Công Thương chủ trì tăng cường kiểm tra thị trường xăng dầu.\n"
        "2. Thời gian qua, tình trạng khai thác cát trái phép trên các sông còn diễn biến phức "
        "tạp. Để khắc phục tình trạng này, Sở Tài nguyên và Môi trường chủ trì, phối hợp với "
        "Công an tỉnh kiểm tra, xử lý nghiêm các vi phạm.\n"
        "3. Thời gian qua, công tác cải cách hành chính có chuyển biến; tuy nhiên, Ủy ban nhân "
        "dân các huyện cần tiếp tục đẩy mạnh cải cách thủ tục hành chính.\n"
    )
    out = _repair(text, ["SECTION_ITEM"] * 3)
    assert out == ["SECTION_ITEM"] * 3


def test_an_entry_on_the_past_that_only_tells_what_was_given_stays_background() -> None:
    text = (
        "1. Sở Công Thương chủ trì tăng cường kiểm tra thị trường xăng dầu.\n"
        "2. Thời gian qua, Quốc hội đã thông qua nhiều luật mới. Để triển khai thi hành các Luật\n"
        "này, Bộ Nội vụ được giao xây dựng các văn bản hướng dẫn. Việc xây dựng các văn bản\n"
        "nêu trên đã được Bộ Nội vụ đã hoàn thành.\n"
    )
    out = _repair(text, ["SECTION_ITEM", "ITEM", "ITEM_CONT", "ITEM_CONT"])
    assert out == ["SECTION_ITEM", "OTHER", "OTHER", "OTHER"]


# --- power_clauses: an article on powers and duties --------------------------------------------


def test_an_article_on_powers_and_duties_keeps_its_duties() -> None:
    text = (
        "Điều 3. Quyền hạn và trách nhiệm của các thành viên Ban Chỉ đạo\n"
        "1. Trưởng Ban Chỉ đạo chỉ đạo chung hoạt động của Ban Chỉ đạo.\n"
        "2. Sở Nội vụ là cơ quan thường trực, tham mưu tổ chức thực hiện nhiệm vụ của Ban.\n"
        "Điều 4. Quyền hạn của Ban Chỉ đạo\n"
        "1. Ban Chỉ đạo được yêu cầu các sở, ngành báo cáo tình hình thực hiện.\n"
    )
    reading = read_text(text)
    out = ["OTHER", "SECTION_ITEM", "SECTION_ITEM", "OTHER", "SECTION_ITEM"]
    out += ["OTHER"] * (len(reading.lines) - len(out))
    power_clauses(reading, out)
    assert out[:5] == ["OTHER", "SECTION_ITEM", "SECTION_ITEM", "OTHER", "OTHER"]


def test_a_decision_a_body_is_charged_to_take_is_a_duty_not_a_power() -> None:
    text = (
        "Điều 2. Tổ chức thực hiện\n"
        "1. Chủ tịch Ủy ban nhân dân các huyện quyết định thành lập Ban Chỉ đạo cấp huyện và tổ "
        "chức triển khai thực hiện Kế hoạch này.\n"
        "2. Sở Tài chính quyết định đối với máy móc, thiết bị của các cơ quan cấp tỉnh.\n"
    )
    reading = read_text(text)
    out = ["OTHER", "SECTION_ITEM", "SECTION_ITEM"]
    out += ["OTHER"] * (len(reading.lines) - len(out))
    power_clauses(reading, out)
    assert out[:3] == ["OTHER", "SECTION_ITEM", "OTHER"]


# --- _midline_ground_duties: "Để" and "Đề" fold alike ------------------------------------------


def test_a_request_after_a_sentence_end_is_no_clause_of_purpose() -> None:
    text = (
        "1. Sở Tài chính chủ trì bố trí kinh phí thực hiện kế hoạch, báo cáo Ủy ban nhân dân tỉnh\n"
        "trước ngày 30/6/2025. Đề nghị Ban Tuyên giáo Tỉnh ủy, Sở Thông tin và Truyền thông phối\n"
        "hợp tuyên truyền rộng rãi.\n"
    )
    out = _repair(text, ["SECTION_ITEM", "ITEM_CONT", "ITEM_CONT"])
    assert out == ["SECTION_ITEM", "ITEM_CONT", "ITEM_CONT"]


def test_a_clause_of_purpose_after_a_sentence_end_still_opens_a_duty() -> None:
    text = (
        "1. Các bộ, ngành rà soát các dự án có liên quan, gửi Bộ Xây dựng trước ngày 05/12/2025.\n"
        "trong tháng 12 năm 2025. Để xác định vị trí cụ thể của dự án, Ủy ban nhân dân tỉnh Thanh\n"
        "Hóa phối hợp với Bộ Xây dựng khảo sát hiện trạng.\n"
    )
    out = _repair(text, ["SECTION_ITEM", "ITEM_CONT", "ITEM_CONT"])
    assert out == ["SECTION_ITEM", "ITEM", "ITEM_CONT"]


# --- _assignment_paragraphs and _trailing_sibling_duties: a heading in capitals ends them -------


def test_a_heading_in_capitals_ends_the_paragraphs_an_assignment_gives() -> None:
    text = (
        "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng trong toàn tỉnh thực hiện nghiêm "
        "các nội dung sau:\n"
        "\n"
        "Tăng cường công tác tuyên truyền về Nghị quyết đến cán bộ, đảng viên và nhân dân trên "
        "địa bàn tỉnh.\n"
        "\n"
        "Đẩy mạnh công tác kiểm tra, giám sát việc thực hiện Nghị quyết tại các cơ sở.\n"
        "\n"
        "TỔ CHỨC THỰC HIỆN\n"
        "\n"
        "Tổ chức sơ kết việc thực hiện Nghị quyết vào cuối năm 2025 tại Hội trường Tỉnh ủy.\n"
    )
    out = _repair(text, ["OTHER"] * 9)
    assert [out[n] for n in (0, 2, 4)] == ["SECTION", "ITEM", "ITEM"]
    assert out[6] == "OTHER" and out[8] == "OTHER"


def test_a_heading_in_capitals_ends_the_paragraphs_after_a_prose_assignment() -> None:
    text = (
        "Bộ Chính trị giao Ban Thường vụ các tỉnh ủy, thành ủy chủ động rà soát, sắp xếp tổ chức "
        "bộ máy và hoàn thành trước ngày 30/6/2025 theo đúng lộ trình đã đề ra.\n"
        "\n"
        "Bảo đảm kiện toàn đội ngũ cán bộ chủ chốt ở các cơ quan, đơn vị sau sắp xếp.\n"
        "\n"
        "TỔ CHỨC THỰC HIỆN\n"
        "\n"
        "Tổ chức sơ kết việc thực hiện Kết luận vào cuối năm 2025.\n"
    )
    out = _repair(text, ["OTHER"] * 7)
    assert out == ["SECTION_ITEM", "OTHER", "ITEM", "OTHER", "OTHER", "OTHER", "OTHER"]


def test_dash_entries_below_a_heading_in_capitals_are_not_the_rest_of_the_list_above() -> None:
    text = (
        "Chủ tịch UBND tỉnh yêu cầu các sở, ngành, địa phương thực hiện tốt các nội dung sau:\n"
        "- Tăng cường kiểm tra, giám sát công tác phòng chống dịch bệnh trên địa bàn.\n"
        "- Chủ động bố trí nguồn lực để ứng phó với các tình huống phát sinh.\n"
        "Hội nghị kết thúc vào chiều cùng ngày.\n"
        "TIN LIÊN QUAN\n"
        "- Tăng cường phòng, chống sốt xuất huyết trong mùa mưa\n"
        "- Đẩy mạnh chuyển đổi số trong ngành y tế tỉnh\n"
    )
    out = _repair(text, ["SECTION", "ITEM", "ITEM", "OTHER", "OTHER", "OTHER", "OTHER"])
    assert out == ["SECTION", "ITEM", "ITEM", "OTHER", "OTHER", "OTHER", "OTHER"]


# --- _sole_request: a request reported, not made -------------------------------------------------


def test_a_request_a_body_made_before_is_not_the_letters_own() -> None:
    text = (
        "Vừa qua, Bộ Y tế có Công văn số 123/BYT-KCB đề nghị các Sở Y tế rà soát, báo cáo tình "
        "hình nhân lực y tế.\n"
        "\n"
        "Để có cơ sở tổng hợp, Sở Y tế đề nghị Trung tâm Y tế các huyện báo cáo số liệu trước ngày "
        "20/3/2025.\n"
    )
    out = _repair(text, ["OTHER"] * 3)
    assert out == ["OTHER", "OTHER", "SECTION_ITEM"]


# --- _colon_heading_run_ins: a heading on results reports ---------------------------------------


def test_a_paragraph_below_a_heading_on_results_is_no_run_in_duty() -> None:
    text = (
        "**1. Kết quả đạt được:**\n"
        "Sở Y tế tổ chức kiểm tra 120 cơ sở, phát hiện 15 vi phạm, xử phạt 200 triệu đồng.\n"
        "**2. Nhiệm vụ thời gian tới:**\n"
        "Sở Y tế tiếp tục kiểm tra các cơ sở kinh doanh thực phẩm trên địa bàn.\n"
    )
    out = _repair(text, ["OTHER"] * 4)
    assert out == ["OTHER", "OTHER", "OTHER", "SECTION_ITEM"]


# --- _announced_entries: the contents of a report asked for ---------------------------------------


def test_the_contents_of_a_report_asked_for_are_no_duties_of_their_own() -> None:
    text = (
        "1. Sở Y tế chủ trì kiểm tra các cơ sở khám chữa bệnh.\n"
        "2. Ủy ban nhân dân các huyện báo cáo Ủy ban nhân dân tỉnh (qua Sở Y tế) các nội dung sau:\n"
        "a) Số lượng cơ sở khám chữa bệnh trên địa bàn;\n"
        "b) Kết quả kiểm tra, xử lý vi phạm trong năm 2024;\n"
        "c) Khó khăn, vướng mắc và kiến nghị, đề xuất.\n"
        "3. Sở Tài chính bố trí kinh phí thực hiện.\n"
    )
    tags = ["SECTION_ITEM", "SECTION", "OTHER", "OTHER", "OTHER", "SECTION_ITEM"]
    out = _repair(text, tags)
    assert out == ["SECTION_ITEM", "SECTION_ITEM"] + ["ITEM_CONT"] * 3 + ["SECTION_ITEM"]


def test_announced_entries_that_open_with_duty_verbs_stay_duties() -> None:
    text = (
        "2. Ủy ban nhân dân các huyện báo cáo Ủy ban nhân dân tỉnh và thực hiện các nội dung sau:\n"
        "2.1. Tiến hành rà soát các cơ sở khám chữa bệnh trên địa bàn;\n"
        "2.2. Sau khi kiểm tra, tổng hợp kết quả gửi Sở Y tế.\n"
        "3. Sở Tài chính bố trí kinh phí thực hiện.\n"
    )
    out = _repair(text, ["SECTION", "OTHER", "OTHER", "SECTION_ITEM"])
    assert out == ["SECTION", "ITEM", "ITEM", "SECTION_ITEM"]

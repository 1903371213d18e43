"""Layout rules over the labeller's tags for decisions and resolutions in articles (session 12,
decision round), model-independent: each test gives the tags a labeller might return and checks
what the rules make of them."""

from __future__ import annotations

from tests.directives.importer.layout import repaired as _repair
from tests.directives.importer.layout import walked as _walk


def test_a_clause_answering_for_content_is_no_duty() -> None:
    text = (
        "a) Chủ trì, phối hợp với các bộ, ngành triển khai thực hiện Đề án.\n"
        "b) Chịu trách nhiệm về nội dung hồ sơ, báo cáo và đề xuất, kiến nghị tại Tờ\n"
        "trình số 65/TTr-BKHCN ngày 24 tháng 4 năm 2026.\n"
    )
    tags = ["ITEM", "ITEM", "ITEM_CONT"]
    assert _repair(text, tags) == ["ITEM", "OTHER", "OTHER"]


def test_bodies_answering_for_figures_give_no_duty() -> None:
    text = (
        "5. Bộ Y tế chịu trách nhiệm về việc tổng hợp số liệu. Bộ Tài chính, Bảo\n"
        "hiểm xã hội Việt Nam chịu trách nhiệm về số liệu đã rà soát, gửi Bộ Y tế tổng hợp.\n"
    )
    tags = ["SECTION_ITEM", "ITEM_CONT"]
    assert _repair(text, tags) == ["OTHER", "OTHER"]


def test_a_body_answering_for_a_report_and_given_a_task_keeps_its_duty() -> None:
    text = (
        "1. Sở Nội vụ chịu trách nhiệm về nội dung Kế hoạch này. Tham mưu Ủy ban nhân\n"
        "dân Thành phố theo dõi, kiểm tra, đôn đốc các sở triển khai thực hiện.\n"
    )
    tags = ["SECTION_ITEM", "ITEM_CONT"]
    assert _repair(text, tags) == tags


def test_a_wrapped_article_opening_with_a_body_and_its_duty_is_a_run_in_duty() -> None:
    text = (
        "**Điều 1.** Bổ sung có mục tiêu từ ngân sách trung ương cho 27 địa phương.\n"
        "**Điều 2.** Ủy ban nhân dân các\n"
        "tỉnh, thành phố nêu tại Điều 1 căn cứ tình hình thực tế để quyết định mức hỗ trợ\n"
        "chi tiết cho các xã, đặc khu trên địa bàn.\n"
        "**Điều 4. **Bộ Ngoại giao hoàn\n"
        "tất các thủ tục đối ngoại theo quy định.\n"
    )
    tags = ["OTHER"] * 6
    out = _repair(text, tags)
    assert out == ["OTHER", "SECTION_ITEM", "ITEM_CONT", "ITEM_CONT", "SECTION_ITEM", "ITEM_CONT"]
    walker = _walk(text, tags)
    assert [s.line for s in walker.sections] == [2, 5]
    assert [[i.line for i in s.items] for s in walker.sections] == [[2], [5]]


def test_an_article_that_assigns_is_a_run_in_duty() -> None:
    text = (
        "**Điều 2. **Ủy quyền cho Lãnh đạo\n"
        "Bộ Xây dựng thay mặt Chính phủ ký Hiệp định với đại diện có thẩm quyền.\n"
        "Điều 3. Phân công Phó Thủ tướng Thường trực Chính phủ\n"
        "chỉ đạo việc xây dựng, hoàn thiện dự án Luật.\n"
    )
    tags = ["OTHER"] * 4
    assert _repair(text, tags) == ["SECTION_ITEM", "ITEM_CONT", "SECTION_ITEM", "ITEM_CONT"]


def test_articles_on_status_accountability_and_execution_stay_text() -> None:
    text = (
        "Điều 3. Bộ Xây dựng chịu\n"
        "trách nhiệm toàn diện về nội dung Hiệp định.\n"
        "Điều 4. Ban Chỉ đạo làm việc theo nguyên tắc tập trung dân chủ, đề cao\n"
        "trách nhiệm người đứng đầu.\n"
        "Điều 5. Bộ trưởng Bộ Tài\n"
        "chính và Thủ trưởng các cơ quan liên quan chịu trách nhiệm thi hành Quyết định này./.\n"
    )
    tags = ["OTHER"] * 6
    assert _repair(text, tags) == tags


def test_an_article_naming_the_body_of_the_duties_below_stays_their_addressee() -> None:
    text = (
        "Điều 2. Giao Giám đốc Sở Giáo dục và Đào tạo\n"
        "1. Tổ chức chỉ đạo thực hiện hoàn thành Kế hoạch thời gian năm học đúng quy định.\n"
        "2. Chủ trì, phối hợp với các ngành có liên quan hướng dẫn thực hiện.\n"
    )
    tags = ["SECTION", "ITEM", "ITEM"]
    assert _repair(text, tags) == tags


def test_a_run_in_duty_after_a_clause_of_time_opens_the_section_of_its_body() -> None:
    text = (
        "Điều 7. Thời gian và tiến độ thực hiện\n"
        "1. Bộ Xây dựng chủ trì hướng dẫn các địa phương lập danh sách hộ được hỗ trợ.\n"
        "2. Trong năm 2014, các địa phương tiếp tục thực hiện hỗ trợ đối với các hộ còn lại.\n"
    )
    tags = ["OTHER", "SECTION_ITEM", "SECTION_ITEM"]
    walker = _walk(text, tags)
    assert [s.line for s in walker.sections] == [2, 3]
    assert walker.sections[1].addressee is not None
    assert walker.sections[1].addressee.startswith("các địa phương")
    assert [i.line for i in walker.sections[1].items] == [3]
    assert walker.sections[1].items[0].text.startswith("Trong năm 2014")


def test_the_councils_execution_and_oversight_formulas_give_no_duty() -> None:
    text = (
        "**Điều 2.** Tổ chức thực hiện\n"
        "1. Giao Ủy ban nhân dân Thành phố tổ chức thực hiện\n"
        "Nghị quyết.\n"
        "2. Giao Thường trực Hội đồng nhân dân Thành phố,\n"
        "các Ban của Hội đồng nhân dân Thành phố giám sát việc tổ chức thực hiện Nghị quyết.\n"
        "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam thành\n"
        "phố Hà Nội phối hợp tuyên truyền, tham gia giám sát thực hiện Nghị quyết.\n"
    )
    tags = ["OTHER", "SECTION_ITEM", "ITEM_CONT", "SECTION", "OTHER", "SECTION_ITEM", "ITEM_CONT"]
    assert _repair(text, tags) == ["OTHER"] * 7


def test_a_council_task_beyond_the_formula_stays_a_duty() -> None:
    text = (
        "1. Giao Ủy ban nhân dân Thành phố tổ chức thực hiện Nghị quyết, báo cáo kết quả\n"
        "trước ngày 31 tháng 12 năm 2026.\n"
    )
    tags = ["SECTION_ITEM", "ITEM_CONT"]
    assert _repair(text, tags) == tags


def test_an_execution_clause_whose_article_names_ministries_after_a_colon_is_no_section() -> None:
    text = (
        "**Điều 4. **Bộ Ngoại giao hoàn\n"
        "tất các thủ tục đối ngoại theo quy định.\n"
        "**Điều 5. **Bộ trưởng các Bộ:\n"
        "Xây dựng, Ngoại giao, Tư pháp và\n"
        "Thủ trưởng các cơ quan, đơn vị liên quan chịu trách nhiệm thi hành Nghị quyết\n"
        "này./\n"
    )
    tags = ["SECTION_ITEM", "ITEM_CONT", "SECTION", "OTHER", "OTHER", "OTHER"]
    assert _repair(text, tags)[2:] == ["OTHER"] * 4
    assert [s.line for s in _walk(text, tags).sections] == [1]


def test_a_scope_clause_then_a_body_on_the_wrapped_line_is_one_duty_of_that_body() -> None:
    text = (
        "Điều 1. Các chi phí khám bệnh, chữa bệnh vượt dự toán được thanh toán như sau:\n"
        "1. Đối với các chi phí khám bệnh, chữa bệnh bảo hiểm y tế vượt dự toán\n"
        "được giao giai đoạn năm 2018-2022, giao Bảo hiểm xã\n"
        "hội Việt Nam tổ chức thực hiện thanh toán cho cơ sở khám bệnh, chữa bệnh.\n"
        "2. Đối với các nhiệm vụ triển\n"
        "khai trong năm 2025, các bộ, cơ quan, đơn vị, địa phương chủ động bố trí trong\n"
        "nguồn ngân sách nhà nước được giao năm 2025 để triển khai thực hiện.\n"
    )
    tags = ["OTHER", "OTHER", "OTHER", "OTHER", "OTHER", "SECTION_ITEM", "ITEM_CONT"]
    out = _repair(text, tags)
    assert out[1:] == ["ITEM", "ITEM_CONT", "ITEM_CONT", "ITEM", "ITEM_CONT", "ITEM_CONT"]
    walker = _walk(text, tags)
    assert [s.line for s in walker.sections] == [3, 6]
    assert [[i.line for i in s.items] for s in walker.sections] == [[2], [5]]
    assert walker.sections[0].addressee == "Bảo hiểm xã hội Việt Nam"
    assert walker.sections[1].addressee is not None
    assert walker.sections[1].addressee.startswith("các bộ, cơ quan")


def test_a_scope_clause_without_a_body_and_duty_stays_as_tagged() -> None:
    text = (
        "3. Đối với các dự án đã được phê duyệt chủ trương đầu tư trước ngày 01 tháng 7\n"
        "năm 2025 thì tiếp tục thực hiện theo quy định tại Nghị định số 31/2021/NĐ-CP.\n"
    )
    tags = ["OTHER", "OTHER"]
    assert _repair(text, tags) == tags

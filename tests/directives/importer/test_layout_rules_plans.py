"""Layout rules over the labeller's tags added in the plan/decision/party round (session 11),
model-independent: each test gives the tags a labeller might return and checks what the rules make
of them."""

from __future__ import annotations

from directives.importer.repair import task_card_duties
from directives.importer.walker import read_text
from tests.directives.importer.layout import repaired as _repair
from tests.directives.importer.layout import walked as _walk


def test_a_wrapped_emphasis_heading_naming_a_body_gives_the_duty_after_its_colon() -> None:
    text = (
        "**VI. TỔ CHỨC THỰC HIỆN**\n"
        "\n"
        "**1. Đề nghị Ủy ban Mặt trận Tổ\n"
        "quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh: **Vận động đoàn\n"
        "viên, hội viên tích cực tham gia Phong trào thi đua.\n"
        "\n"
        "**2. Các cơ quan thông tin,\n"
        "truyền thông của tỉnh: **Xây dựng Kế hoạch và đẩy mạnh công tác tuyên truyền\n"
        "trong Phong trào thi đua.\n"
    )
    tags = ["OTHER", "OTHER", "SECTION_ITEM", "ITEM_CONT", "ITEM_CONT", "OTHER"]
    tags += ["SECTION_ITEM", "ITEM_CONT", "ITEM_CONT"]
    out = _repair(text, tags)
    # the body's name runs on to the colon; its duty starts after the bold closes
    assert out[2:5] == ["SECTION", "ITEM", "ITEM_CONT"]
    assert out[6:9] == ["SECTION", "ITEM", "ITEM_CONT"]
    walker = _walk(text, tags)
    assert [(s.line, [i.line for i in s.items]) for s in walker.sections] == [(3, [4]), (7, [8])]


def test_a_wrapped_emphasis_heading_gives_its_body_the_sentence_below_it() -> None:
    text = (
        "*2.8. Sở\n"
        "Tư pháp*\n"
        "\n"
        "Chủ trì, phối hợp với các cơ quan tổ chức phổ biến pháp luật về phòng, chống ma túy.\n"
        "\n"
        "*2.9. Đề\n"
        "nghị Liên đoàn Lao động tỉnh*\n"
        "\n"
        "Chủ trì, phối hợp với các Sở, ban, ngành liên quan tổ chức thực hiện Tiểu dự án 4.\n"
    )
    tags = ["SECTION", "OTHER", "OTHER", "ITEM", "OTHER", "OTHER", "OTHER", "OTHER", "OTHER"]
    out = _repair(text, tags)
    # the labeller lost the second heading's duty: the sentence below the heading is the duty
    assert out[8] == "ITEM"
    # the name starts on the heading's second line: where the section opens is the labeller's call
    assert out[5:7] == ["OTHER", "OTHER"]


def test_a_body_name_wrapped_onto_a_line_in_capitals_is_one_run_in_duty() -> None:
    text = (
        "2. Sở Giáo dục\n"
        "và Đào tạo chủ trì, phối hợp với các sở, ngành:\n"
        "- Xây dựng Phương án đảm bảo an toàn cho học sinh.\n"
        "3. Bộ Tư lệnh\n"
        "Thành phố chủ trì, phối hợp với Sở Nông nghiệp và Môi trường thực hiện việc\n"
        "đưa nội dung quản lý rủi ro thiên tai vào chương trình huấn luyện.\n"
        "4. Bộ Tài chính\n"
        "Cân đối nguồn ngân sách nhà nước hằng năm cho lĩnh vực khoa học.\n"
    )
    tags = ["SECTION", "ITEM_CONT", "ITEM", "SECTION", "ITEM", "ITEM_CONT", "SECTION", "ITEM"]
    out = _repair(text, tags)
    # "Bộ Tư lệnh" / "Thành phố" is one name carrying its duty
    assert out[3:6] == ["SECTION_ITEM", "ITEM_CONT", "ITEM_CONT"]
    # a name ending before the line break, or a section whose paragraph announces a list, stays
    assert out[0:3] == ["SECTION", "ITEM_CONT", "ITEM"]
    assert out[6:8] == ["SECTION", "ITEM"]


def test_the_entries_under_a_list_of_principles_are_no_duties() -> None:
    text = (
        "**3. Giao Đảng ủy Chính phủ lãnh đạo, chỉ đạo:**\n"
        "- Khẩn trương hoàn thiện dự thảo các văn bản quy định về tổ chức bộ máy.\n"
        "- Triển khai thực hiện phân cấp, phân quyền theo một số nguyên tắc chính sau:\n"
        "(1) Trung ương tập trung quản lý vĩ mô, xây dựng thể chế, chiến lược.\n"
        "(2) Đẩy mạnh phân cấp, phân quyền cho địa phương.\n"
        "- Rà soát, sửa đổi các quy định về phân cấp trong tháng 6/2025.\n"
    )
    tags = ["SECTION", "ITEM", "ITEM", "ITEM", "ITEM", "ITEM"]
    out = _repair(text, tags)
    # the principles are the contents of the duty announcing them; its next sibling is a duty again
    assert out == ["SECTION", "ITEM", "ITEM", "OTHER", "OTHER", "ITEM"]


def test_the_steps_of_a_procedure_are_no_duties() -> None:
    text = (
        "Điều 6. Phương thức thực hiện\n"
        "1. Ủy ban nhân dân cấp xã đối chiếu, lập danh sách các hộ được hỗ trợ.\n"
        "2. Ủy ban nhân dân cấp xã hướng dẫn, kiểm tra các hộ dân xây dựng nhà ở.\n"
        "Điều 7. Tổ chức thực hiện\n"
        "1. Bộ Xây dựng chủ trì, hướng dẫn các địa phương thực hiện Quyết định này.\n"
        "2. Trình tự giải quyết chế độ trợ cấp được thực hiện như sau:\n"
        "a) Ủy ban nhân dân cấp xã tiếp nhận hồ sơ, xét duyệt, tổng hợp báo cáo.\n"
        "b) Ủy ban nhân dân cấp tỉnh ra quyết định hưởng chế độ trợ cấp.\n"
        "3. Bộ Tài chính bảo đảm kinh phí thực hiện chế độ trợ cấp.\n"
    )
    tags = ["OTHER", "SECTION_ITEM", "SECTION_ITEM", "OTHER", "SECTION_ITEM", "OTHER"]
    tags += ["SECTION_ITEM", "SECTION_ITEM", "SECTION_ITEM"]
    out = _repair(text, tags)
    # how the policy runs, step by step, is nobody's duty; the next article or entry gives duties again
    assert out[:4] == ["OTHER"] * 4
    assert out[4:] == ["SECTION_ITEM", "OTHER", "OTHER", "OTHER", "SECTION_ITEM"]


def test_a_card_field_every_card_repeats_is_not_page_chrome() -> None:
    # A PDF's wrap leaves "*Đơn vị chủ trì thực hiện: *Các" alone on a line above each card's
    # bodies: a short line seen three times, which the page-chrome filter takes for a running
    # header. The cards are still cards: one duty each, their fields never duties.
    cards = []
    for n, duty in enumerate((
        "Tổ chức tập huấn kỹ năng xây dựng văn bản pháp luật.",
        "Rà soát, đánh giá đội ngũ công chức làm công tác pháp chế.",
        "Bố trí kinh phí thực hiện Kế hoạch hằng năm.",
    ), start=1):
        cards.append(f"{n}. {duty}\n\n*Đơn vị chủ trì thực hiện: *Các\nSở, ngành, UBND cấp xã.\n\n"
                     f"*Thời gian thực hiện: *Năm 2026.\n")
    text = "III. NHIỆM VỤ CỤ THỂ\n\n" + "\n".join(cards)
    reading = read_text(text)
    header = [no for no, line in enumerate(reading.lines, start=1) if line.startswith("*Đơn vị")]
    assert set(header) <= reading.noise  # the filter's reading, which the cards overrule
    found = task_card_duties(reading)
    duty_lines = [no for no, line in enumerate(reading.lines, start=1) if line[:2] in ("1.", "2.", "3.")]
    assert sorted(found) == duty_lines
    assert all(field in sum(found.values(), []) for field in header)

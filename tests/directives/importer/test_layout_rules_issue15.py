"""Layout rules over the labeller's tags added for issue 15 (held-out structure), model-independent:
each test gives the tags a labeller might return and checks what the rules make of them."""

from __future__ import annotations

from tests.directives.importer.layout import repaired as _repair
from tests.directives.importer.layout import walked as _walk


def test_a_body_named_in_an_entry_is_that_entrys_addressee_only() -> None:
    text = (
        "I. NHIỆM VỤ, GIẢI PHÁP\n"
        "1. Tăng cường sự lãnh đạo\n"
        "a) Các cấp ủy, chính quyền lãnh đạo, quán triệt Kết luận.\n"
        "b) Công tác phòng ngừa phải bảo đảm đúng chủ trương.\n"
        "2. Hoàn thiện thể chế\n"
        "a) Rà soát các văn bản pháp luật.\n"
        "b) Bổ sung các quy hoạch ngành.\n"
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Bộ Tài chính bố trí kinh phí thực hiện Kế hoạch.\n"
    )
    tags = [
        "OTHER",
        "OTHER",
        "SECTION_ITEM",
        "ITEM",
        "OTHER",
        "ITEM",
        "ITEM",
        "OTHER",
        "SECTION_ITEM",
    ]
    walker = _walk(text, tags)
    # "2. Hoàn thiện thể chế" is past the entry that named "Các cấp ủy": its duties are given to
    # nobody before "TỔ CHỨC THỰC HIỆN", which distributes the work (the programme is dropped)
    lines = {s.line: [i.line for i in s.items] for s in walker.sections}
    assert lines == {3: [3, 4], 9: [9]}


def test_a_wrapped_sentence_is_no_distributing_part_heading() -> None:
    text = (
        "II. NHIỆM VỤ\n"
        "1. Rà soát các văn bản pháp luật.\n"
        "c) Xây dựng kế hoạch cụ thể, phân công rõ nhiệm vụ, thời gian thực hiện,\n"
        "cơ chế phối hợp.\n"
        "**III. TỔ CHỨC\n"
        "THỰC HIỆN**\n"
        "1. Bộ Tài chính bố trí kinh phí thực hiện Kế hoạch.\n"
    )
    tags = ["OTHER", "ITEM", "ITEM", "ITEM_CONT", "OTHER", "OTHER", "SECTION_ITEM"]
    walker = _walk(text, tags)
    # the capitals heading wrapped over two lines ends the programme; "phân công rõ nhiệm vụ," in
    # a wrapped duty does not
    assert [(s.line, s.addressee) for s in walker.sections] == [(7, "Bộ Tài chính")]


def test_entry_into_force_and_closing_notices_are_no_duties() -> None:
    text = (
        "Điều 1. Giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm.\n"
        "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày\n"
        "ký ban hành.\n"
        "Văn phòng Chính phủ thông báo để Ủy ban nhân dân tỉnh\n"
        "và các Bộ, cơ quan liên quan biết, thực hiện./.\n"
    )
    tags = ["SECTION_ITEM", "ITEM", "ITEM_CONT", "SECTION_ITEM", "ITEM_CONT"]
    assert _repair(text, tags) == ["SECTION_ITEM", "OTHER", "OTHER", "OTHER", "OTHER"]


def test_a_duty_verb_line_naming_no_body_opens_no_section() -> None:
    text = (
        "Ban Chấp hành yêu cầu:\n"
        "Tiếp tục thể chế hoá các nghị quyết của Ban Chấp hành Trung ương.\n"
        "- Khẩn trương sửa đổi các quy định pháp luật.\n"
    )
    walker = _walk(text, ["OTHER", "SECTION", "ITEM"])
    assert [(s.addressee, [i.line for i in s.items]) for s in walker.sections] == [(None, [2, 3])]


def test_a_flattened_task_table_gives_one_duty_per_row_number() -> None:
    text = (
        "Phụ lục\n"
        "TT\n"
        "Tên nhiệm vụ\n"
        "Cơ quan\n"
        "chủ trì\n"
        "1\n"
        "Thực hiện nghiêm quy định về pháp chế\n"
        "Bộ Nội vụ\n"
        "2\n"
        "Rà soát, thể chế hóa kịp thời các chủ trương\n"
        "Bộ Tư pháp\n"
        "3 Đề án về chỉ số đánh giá công tác pháp luật\n"
        "Bộ Tư pháp\n"
        "1 Nghị quyết số 66-NQ/TW ngày 30/4/2025 của Bộ Chính trị\n"
    )
    tags = ["OTHER"] * 14
    tags[13] = "ITEM"  # a page footnote the labeller took for a duty
    out = _repair(text, tags)
    assert [no for no, tag in enumerate(out, start=1) if tag != "OTHER"] == [2, 7, 10, 12]
    assert out[1] == "SECTION"


def test_an_addressee_left_without_duties_takes_its_duty_verb_list() -> None:
    text = (
        "1. Ủy ban nhân dân các xã, phường:\n"
        "- Thực hiện đầy đủ trách nhiệm quản lý nhà nước về lâm nghiệp.\n"
        "- Đẩy mạnh công tác quản lý bảo vệ rừng.\n"
        "2. Sở Tài chính:\n"
        "- Bố trí kinh phí.\n"
    )
    tags = ["SECTION", "OTHER", "OTHER", "SECTION", "ITEM"]
    assert _repair(text, tags) == ["SECTION", "ITEM", "ITEM", "SECTION", "ITEM"]


def test_an_article_giving_a_body_its_duty_is_a_run_in_duty() -> None:
    text = (
        "Điều 2. Sở Lao động - Thương binh và Xã hội có trách nhiệm xây dựng kế hoạch điều dưỡng.\n"
        "Điều 3. Ban Chỉ đạo làm việc theo nguyên tắc tập trung dân chủ.\n"
    )
    assert _repair(text, ["OTHER", "OTHER"]) == ["SECTION_ITEM", "OTHER"]


def test_a_topic_entry_gives_its_duty_to_the_body_named_after_the_topic() -> None:
    text = (
        "III. VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH\n"
        "2. Về dự án nạo vét luồng\n"
        "tàu vào khu bến cảng: Bộ Xây dựng khẩn trương\n"
        "rà soát, sớm bàn giao dự án.\n"
    )
    walker = _walk(text, ["OTHER", "ITEM", "ITEM_CONT", "ITEM_CONT"])
    assert [(s.line, s.addressee, [i.line for i in s.items]) for s in walker.sections] == [
        (3, "Bộ Xây dựng", [2])
    ]


def test_the_execution_clause_is_no_duty_however_it_is_wrapped() -> None:
    text = (
        "Điều 3. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban\n"
        "nhân dân các tỉnh, thành phố trực thuộc trung ương chịu trách nhiệm thi hành\n"
        "Quyết định này./.\n"
    )
    assert _repair(text, ["SECTION_ITEM", "ITEM_CONT", "ITEM"]) == ["OTHER", "OTHER", "OTHER"]


def test_sibling_entries_that_open_with_a_body_and_its_duty_are_run_in_duties() -> None:
    text = (
        "Điều 17. Tổ chức thực hiện\n"
        "1. Ban Tuyên giáo và Dân vận Trung ương xây dựng\n"
        "chương trình, tài liệu bồi dưỡng.\n"
        "2. Ban thường vụ cấp ủy cấp tỉnh chỉ đạo, tổ chức\n"
        "thực hiện Quy chế này.\n"
        "3. Ban tuyên giáo tỉnh ủy căn cứ Quy chế này hướng dẫn thực hiện.\n"
    )
    tags = ["OTHER", "OTHER", "OTHER", "OTHER", "OTHER", "SECTION_ITEM"]
    assert _repair(text, tags) == [
        "OTHER",
        "SECTION_ITEM",
        "ITEM_CONT",
        "SECTION_ITEM",
        "ITEM_CONT",
        "SECTION_ITEM",
    ]


def test_cited_documents_are_no_duties() -> None:
    text = (
        "Căn cứ:\n"
        "- Nghị định số 214/2025/NĐ-CP ngày 04/8/2025 của Chính phủ\n"
        "quy định chi tiết Luật Đấu thầu;\n"
        "- Rà soát danh mục các dự án đầu tư.\n"
    )
    assert _repair(text, ["OTHER", "ITEM", "ITEM_CONT", "ITEM"]) == [
        "OTHER",
        "OTHER",
        "OTHER",
        "ITEM",
    ]


def test_the_generic_closing_request_is_no_duty() -> None:
    text = (
        "Chủ tịch UBND tỉnh yêu cầu\n"
        "Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các xã, phường tổ chức quán triệt,\n"
        "triển khai thực hiện nghiêm túc Chỉ thị này. Trong quá trình thực hiện, nếu có\n"
        "vướng mắc, kịp thời báo cáo UBND tỉnh./.\n"
    )
    tags = ["SECTION_ITEM", "ITEM", "ITEM_CONT", "ITEM_CONT"]
    assert _repair(text, tags) == ["OTHER"] * 4


# --- round 2 ---


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
        "OTHER",
        "SECTION_ITEM",
        "ITEM_CONT",
        "SECTION_ITEM",
        "OTHER",
        "OTHER",
    ]


def test_a_body_whose_remit_comes_before_its_duty_is_read_past_the_remit() -> None:
    text = (
        "Điều 3.\n"
        "2. Hội đồng dân tộc, các Ủy ban của Quốc hội theo chức năng, nhiệm vụ, quyền hạn của mình"
        " giám sát việc thực hiện chính sách đối với người có công, báo cáo kết quả hằng năm.\n"
    )
    # (the bare oversight formula "… giám sát việc thực hiện Nghị quyết này." is no duty:
    # test_layout_rules_decisions.py)
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


def test_a_duty_line_opening_with_a_body_gives_the_bodies_after_it_their_own_duties() -> None:
    text = (
        "Bộ trưởng Bộ Khoa học và Công nghệ chỉ đạo xây dựng Chương trình phát triển công nghệ "
        "chiến lược. Bộ trưởng Bộ Tài chính chỉ đạo bố trí ngân sách nhà nước chi cho khoa học. "
        "Bộ trưởng Bộ Xây dựng chỉ đạo rà soát quy hoạch hạ tầng.\n"
    )
    walker = _walk(text, ["SECTION_ITEM"])
    items = sorted(i.text.split(" chỉ đạo")[0] for s in walker.sections for i in s.items)
    assert items == [
        "Bộ trưởng Bộ Khoa học và Công nghệ",
        "Bộ trưởng Bộ Tài chính",
        "Bộ trưởng Bộ Xây dựng",
    ]


def test_a_paragraph_opening_with_a_body_and_its_duty_is_one_unless_it_tells_the_past() -> None:
    text = (
        "Sở Y tế chủ trì kiểm tra an toàn thực phẩm.\n"
        "\n"
        "Bộ Lao động - Thương binh và Xã hội đã xây dựng và trình Chính phủ dự thảo Nghị định "
        "quy định chi tiết Pháp lệnh ưu đãi người có công với cách mạng trong năm nay.\n"
        "\n"
        "Sở Tài chính chủ trì, phối hợp với các sở, ngành rà soát, bố trí kinh phí thực hiện Kế "
        "hoạch trong năm 2025 để bảo đảm tiến độ các nhiệm vụ được giao.\n"
    )
    walker = _walk(text, ["SECTION_ITEM", "OTHER", "OTHER", "OTHER", "OTHER"])
    assert [(s.line, [i.line for i in s.items]) for s in walker.sections] == [(1, [1]), (5, [5])]


def test_a_paragraph_naming_the_body_of_the_section_above_goes_on_with_it() -> None:
    text = (
        "Điều 7. Phòng Lao động - Thương binh và Xã hội quận - huyện có nhiệm vụ:\n"
        "1. Lập danh sách chi trả trợ cấp hằng tháng.\n"
        "Phòng Lao động - Thương binh và Xã hội quận - huyện phải thực hiện kiểm tra việc chi "
        "trả trợ cấp ưu đãi người có công tại các phường - xã, thị trấn hằng quý.\n"
    )
    walker = _walk(text, ["SECTION", "ITEM", "OTHER"])
    assert [(s.line, [i.line for i in s.items]) for s in walker.sections] == [(1, [2, 3])]


def test_a_topic_entry_standing_apart_above_its_duties_is_their_heading() -> None:
    text = (
        "2. Về việc xây dựng hệ thống dữ liệu quốc gia về\n"
        "thương mại quốc tế và hội nhập FTA:\n"
        "\n"
        "Giao Bộ Tài chính chủ trì, phối hợp với các Bộ nghiên cứu, xử lý kiến nghị của tỉnh.\n"
        "\n"
        "3. Về dự án nạo vét luồng tàu: Bộ Xây dựng khẩn trương\n"
        "rà soát, bàn giao dự án trong năm 2025.\n"
    )
    tags = ["ITEM", "ITEM_CONT", "OTHER", "SECTION_ITEM", "OTHER", "ITEM", "ITEM_CONT"]
    # the topic above a paragraph of its own is a heading; the one run into its duty stays a duty
    assert _repair(text, tags)[0] == "OTHER"
    assert _repair(text, tags)[5] == "ITEM"


def test_a_clause_of_cause_and_a_past_assignment_are_background() -> None:
    text = (
        "Do các tỉnh, thành phố trực thuộc Trung ương phải tiến hành đối chiếu với quy định để "
        "rà soát, lập danh sách các hộ nên đến nay mới có 29 tỉnh có báo cáo.\n"
        "Tại công văn số 8014/VPCP-KGVX, Phó Thủ tướng đã giao Bộ Lao động - Thương binh và Xã "
        "hội xây dựng Thông tư hướng dẫn; đến nay Bộ chưa có báo cáo.\n"
    )
    assert _repair(text, ["SECTION_ITEM", "SECTION_ITEM"]) == ["OTHER", "OTHER"]
    walker = _walk(text, ["SECTION_ITEM", "SECTION_ITEM"])
    assert not any(s.items for s in walker.sections)


def test_a_request_ending_as_follows_announces_the_list_of_the_bodies_it_names() -> None:
    text = (
        "Nhằm bảo đảm sức khỏe cho học sinh, Sở Giáo dục và Đào tạo\n"
        "đề nghị UBND các xã, phường và các trường học thực hiện nghiêm túc văn bản chỉ\n"
        "đạo của UBND Thành phố. Cụ thể:\n"
        "- Thường xuyên cập nhật thông tin về chất lượng không khí.\n"
        "- Hạn chế các hoạt động ngoài trời cho học sinh.\n"
        "- Điều chỉnh thời gian học tập khi không khí bị ô nhiễm nghiêm trọng.\n"
    )
    tags = ["OTHER"] * 6
    assert _repair(text, tags) == ["OTHER", "SECTION", "OTHER", "ITEM", "ITEM", "ITEM"]


def test_a_lead_the_repairs_read_as_the_addressee_opens_its_lists_section() -> None:
    text = (
        "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương\n"
        "\n"
        "Sau khi trao đổi ý kiến với Bộ Tư pháp, Bộ Lao động - Thương binh và Xã hội yêu cầu các "
        "địa phương thực hiện như sau:\n"
        "\n"
        "1. Tiếp tục xem xét, giải quyết các hồ sơ còn tồn.\n"
        "\n"
        "2. Rà soát lại từng hồ sơ đã có biên bản giám định y khoa.\n"
    )
    walker = _walk(text, ["OTHER"] * 7)
    assert [(s.line, [i.line for i in s.items]) for s in walker.sections] == [(3, [5, 7])]


def test_a_body_named_apart_above_its_duties_is_their_addressee_not_a_duty() -> None:
    text = (
        "d) Giao Ban Quản lý các khu chế xuất và công nghiệp:\n"
        "\n"
        "- Chỉ đạo các doanh nghiệp rà soát giếng khai thác nước dưới đất.\n"
        "- Báo cáo kết quả trước ngày 30/6/2026.\n"
    )
    tags = ["ITEM", "OTHER", "ITEM", "ITEM"]
    assert _repair(text, tags) == ["SECTION", "OTHER", "ITEM", "ITEM"]


def test_a_run_in_duty_below_a_run_in_sibling_opens_its_own_section() -> None:
    text = (
        "Ban Tổ chức Trung ương đề nghị các cơ quan thực hiện các nội dung sau:\n"
        "- Bộ Nội vụ giúp Ban Thường vụ Đảng ủy Chính phủ tổng hợp báo cáo biên chế.\n"
        "- Cơ quan Trung ương Mặt trận Tổ quốc Việt Nam giúp các đoàn thể tổng hợp báo cáo biên chế.\n"
        "- Văn phòng Trung ương Đảng giúp các ban đảng tổng hợp báo cáo biên chế.\n"
    )
    tags = ["SECTION", "SECTION_ITEM", "SECTION_ITEM", "SECTION_ITEM"]
    walker = _walk(text, tags)
    # the name rules do not know "Cơ quan Trung ương Mặt trận …": the labeller's run-in duty of
    # the same dash list as a run-in duty above it still names a body of its own
    assert [(s.line, [i.line for i in s.items]) for s in walker.sections if s.line > 1] == [
        (2, [2]),
        (3, [3]),
        (4, [4]),
    ]


def test_a_duty_of_another_level_stays_in_the_run_in_section_above() -> None:
    text = (
        "- Bộ Nội vụ giúp Ban Thường vụ Đảng ủy Chính phủ tổng hợp báo cáo biên chế.\n"
        "+ Cơ quan Trung ương Mặt trận Tổ quốc Việt Nam giúp các đoàn thể tổng hợp báo cáo biên chế.\n"
    )
    walker = _walk(text, ["SECTION_ITEM", "SECTION_ITEM"])
    assert [(s.line, [i.line for i in s.items]) for s in walker.sections] == [(1, [1, 2])]


def test_an_article_below_a_run_in_article_opens_no_section_of_its_own() -> None:
    text = (
        "Điều 1. Sở Lao động - Thương binh và Xã hội chủ trì tổ chức tặng quà.\n"
        "Điều 2. Quy định này quy định về việc tặng quà nhân ngày Quốc khánh.\n"
    )
    walker = _walk(text, ["SECTION_ITEM", "SECTION_ITEM"])
    assert [s.line for s in walker.sections] == [1]

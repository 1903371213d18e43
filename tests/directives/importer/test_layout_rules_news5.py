"""Layout and prose rules for news summaries of Party documents (news round 6), model-independent:
each test gives the tags a labeller might return and checks what the rules make of them."""

from __future__ import annotations

from directives.importer.prose import _clauses, names_only, run_in_duties
from tests.directives.importer.layout import repaired as _repair
from tests.directives.importer.layout import walked as _walk


def _items(walker) -> list[tuple[int, str | None, str]]:
    return [(i.line, s.addressee, i.text) for s in walker.sections for i in s.items]


def test_a_dated_lead_that_goes_on_to_assign_gives_its_duty() -> None:
    text = (
        "Ngày 29 tháng 12/2020 Ban Thường vụ Tỉnh ủy Đắk Lắk đã ban hành Chỉ thị số 04-CT/TU về "
        "việc tổ chức đón Tết Nguyên đán Tân Sửu năm 2021. Theo đó Chỉ thị được ban hành trên cơ "
        "sở thực hiện Chỉ thị số 48-CT/TW của Ban Bí thư, Ban Thường vụ Tỉnh ủy Đắk Lắk yêu cầu "
        "các cấp ủy đảng, chính quyền, Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội của "
        "tỉnh triển khai tổ chức thực hiện Chỉ thị.\n"
    )
    items = _items(_walk(text, ["OTHER"]))
    assert [(no, name) for no, name, _ in items] == [
        (
            1,
            "các cấp ủy đảng, chính quyền, Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội "
            "của tỉnh",
        )
    ]


def test_the_page_headline_repeating_the_address_is_no_duty() -> None:
    text = (
        "Source: https://baoquangbinh.vn/thoi-su/huyen-uy-bo-trach-quan-triet-chi-thi-so-35-cttw"
        "-cua-bo-chinh-tri-2170746/\n"
        "Huyện ủy Bố Trạch: Quán triệt Chỉ thị số 35-CT/TW của Bộ Chính trị\n"
        "\n"
        "Ban Thường vụ Huyện ủy yêu cầu cấp ủy các cấp trực tiếp chỉ đạo việc quán triệt.\n"
    )
    assert _repair(text, ["OTHER", "SECTION_ITEM", "OTHER", "SECTION_ITEM"])[1] == "OTHER"
    # a line that does not repeat the address stays
    assert (
        _repair(
            text.replace("Huyện ủy Bố Trạch:", "Huyện ủy:"),
            ["OTHER", "SECTION_ITEM", "OTHER", "SECTION_ITEM"],
        )[1]
        == "SECTION_ITEM"
    )


def test_a_paragraph_retelling_a_quoted_duty_is_no_new_duty() -> None:
    duty = (
        "bảo đảm 100% nhà để ở kết hợp sản xuất, kinh doanh hàng hóa, chất dễ cháy, nổ liền kề; "
        "các khu phố trong khu dân cư, làng nghề, hẻm tập trung đông dân cư (hộ gia đình, nhà để "
        "ở kết hợp sản xuất, kinh doanh, nhà trọ, tập thể cũ) có chiều dài từ 50m trở lên mà xe "
        "chữa cháy không tiếp cận được phải tham gia Tổ liên gia an toàn phòng cháy chữa cháy và "
        "có Điểm chữa cháy công cộng"
    )
    text = (
        "1. Công an Thành phố\n\n"
        f"e) Tăng cường hướng dẫn, kiểm tra cấp ủy, chính quyền địa phương. B{duty[1:]}.\n\n"
        f"Theo đó, Chủ tịch Ủy ban nhân dân Thành phố yêu cầu Công an Thành phố {duty}.\n"
    )
    walker = _walk(text, ["SECTION", "OTHER", "ITEM", "OTHER", "SECTION_ITEM"])
    assert [no for no, _, _ in _items(walker)] == [3]


def test_a_frame_of_place_before_a_body_and_a_topic_colon_go_on_with_assignments() -> None:
    line = (
        "Theo đó, các ngành chức năng phải theo dõi chặt chẽ diễn biến cơn bão. Ở khu vực ven "
        "biển, đồng bằng và đô thị, các tỉnh cần chủ động sơ tán, di dời dân cư tại các khu vực "
        "nguy hiểm. Đối với khu vực miền núi, trung du: Tiếp tục rà soát các khu vực có nguy cơ "
        "cao xảy ra lũ quét, sạt lở đất."
    )
    assert [name for _, name, _ in run_in_duties(line, opens_duty=True)] == [
        "các ngành chức năng",
        "các tỉnh",
        "các tỉnh",
    ]


def test_a_frame_inside_a_speaker_s_words_names_no_body() -> None:
    line = (
        "Kết luận nêu rõ, căn cứ tình hình, kết quả thực hiện nghị quyết, kết luận của Trung "
        "ương, Bộ Chính trị, Ban Bí thư về sắp xếp tổ chức bộ máy của hệ thống chính trị; để bảo "
        "đảm tiến độ, yêu cầu về hợp nhất, sáp nhập đơn vị hành chính cấp tỉnh."
    )
    assert run_in_duties(line, opens_duty=True) == []


def test_a_semicolon_between_short_names_does_not_cut_the_clause() -> None:
    line = (
        "Để thực hiện nghiêm túc chủ trương của Chính phủ về việc tạm dừng mọi hoạt động hội họp, "
        "BTV Tỉnh ủy yêu cầu BTV Thành ủy Huế; các huyện ủy; thị ủy; các đảng ủy trực thuộc Tỉnh "
        "ủy tạm dừng tổ chức Đại hội Đảng các cấp."
    )
    assert _clauses(line) == [0]
    assert len(run_in_duties(line, opens_duty=True)) == 1
    two = "Sở Y tế chủ trì kiểm tra các cơ sở khám bệnh; Sở Tài chính bố trí kinh phí thực hiện."
    assert len(_clauses(two)) == 2


def test_a_sentence_opening_with_a_body_after_an_assignment_is_its_duty() -> None:
    line = (
        "Cùng với đó, MTTQ, các đoàn thể chính trị-xã hội phát huy vai trò trong tuyên truyền "
        "Nghị quyết đến đoàn viên, hội viên và các tầng lớp nhân dân. Cấp ủy cấp huyện mở rộng "
        "đối tượng học tập để Nghị quyết có sức lan tỏa sâu rộng trong toàn Đảng, toàn dân."
    )
    names = [name for _, name, _ in run_in_duties(line, opens_duty=True)]
    assert names == ["MTTQ, các đoàn thể chính trị-xã hội", "Cấp ủy cấp huyện"]


def test_a_dash_entry_naming_principles_is_no_duty() -> None:
    text = "- Nguyên tắc\n\n+ Đối với địa phương: việc đề xuất biên chế theo vị trí việc làm.\n"
    assert _repair(text, ["ITEM", "OTHER", "OTHER"])[0] == "OTHER"
    text = "- Nguyên tắc hóa quy trình tiếp nhận hồ sơ của người dân tại bộ phận một cửa.\n"
    assert _repair(text, ["ITEM"])[0] == "ITEM"


def test_a_bold_entry_naming_an_unknown_body_then_a_duty_verb_is_its_run_in() -> None:
    text = (
        "**(3) Các Tập đoàn kinh tế, Tổng công ty nhà nước** phát huy vai trò đầu tàu, dẫn dắt, "
        "nâng cao năng lực quản trị, hiệu quả sản xuất kinh doanh.\n"
    )
    assert _repair(text, ["OTHER"]) == ["SECTION_ITEM"]


def test_a_bold_numbered_request_above_its_numbered_duties_is_their_heading() -> None:
    text = (
        "**2. Yêu cầu các cấp uỷ, tổ chức đảng, các cơ quan chức năng trong quá trình triển khai "
        "cần hết sức khẩn trương, chủ động, không để chậm trễ bất cứ công việc nào.**\n\n"
        "2.1. Tập trung lãnh đạo, chỉ đạo toàn diện việc xây dựng văn kiện đại hội.\n\n"
        "2.2. Tích cực lắng nghe, tiếp thu, kịp thời giải đáp các ý kiến tham gia.\n"
    )
    tags = ["SECTION_ITEM", "OTHER", "ITEM", "OTHER", "ITEM"]
    assert _repair(text, tags)[0] == "SECTION"
    plain_text = text.replace("**", "")
    assert _repair(plain_text, tags)[0] == "SECTION_ITEM"


def test_a_semicolon_after_a_list_of_names_does_not_cut_the_clause() -> None:
    # the addressees of a PM công điện retold in the news: ministers by ministry, then the
    # provinces' office holders; one duty for all of them (not a second section at ";")
    line = (
        "Bộ trưởng các Bộ: Quốc phòng, Công an, Nông nghiệp và Môi trường, Xây dựng, Công Thương, "
        "Y tế; Bí thư, Chủ tịch Ủy ban Nhân dân các tỉnh, thành phố từ Quảng Trị đến Khánh Hòa "
        "tiếp tục tập trung lãnh đạo, chỉ đạo, chủ động triển khai các biện pháp ứng phó bão."
    )
    assert _clauses(line) == [0]
    assert [name for _, name, _ in run_in_duties(line, opens_duty=True)] == ["Bộ trưởng các Bộ"]
    assert names_only("Bộ trưởng các Bộ: Quốc phòng, Công an, Xây dựng, Y tế")


def test_a_semicolon_after_a_body_and_its_duty_still_cuts_the_clause() -> None:
    # a duty written in lower case in the part before ";" makes it a clause of its own
    line = (
        "Bộ Quốc phòng, Bộ Công an chỉ đạo lực lượng tại chỗ hỗ trợ người dân sơ tán; Ủy ban nhân "
        "dân các tỉnh, thành phố ven biển tổ chức kiểm đếm tàu thuyền, hướng dẫn neo đậu an toàn."
    )
    assert len(_clauses(line)) == 2
    assert not names_only("Bộ Quốc phòng, Bộ Công an chỉ đạo lực lượng tại chỗ")
    # a part that opens with a duty verb is no list of names ("Chủ trì buổi làm việc, …")
    assert not names_only("Chủ trì buổi làm việc, Phó Bí thư Thường trực Đảng ủy")

"""Layout rules over the labeller's tags for Party conclusions and conclusion notices (party round
2), model-independent: each test gives the tags a labeller might return and checks what the rules
make of them."""

from __future__ import annotations

from directives.importer.repair import _bare_body_after_topic, _named_at
from tests.directives.importer.layout import repaired as _repair
from tests.directives.importer.layout import walked as _walk

# --- _lead_end_sections: the section of a wrapped lead sits where its body is named -------------

_LEAD = (
    "Quán triệt sâu sắc ý kiến phát biểu chỉ đạo của đồng chí Thường trực Ban\n"
    "Bí thư; căn cứ vào phương hướng, nhiệm vụ, mục tiêu đã nêu trong Báo cáo, Văn\n"
    "phòng Trung ương Đảng và các văn phòng tỉnh uỷ, thành uỷ cụ thể hoá để tổ chức\n"
    "thực hiện, trong đó, cần tập trung một số nhiệm vụ trọng tâm sau:\n"
    "\n"
    "(1) Tích cực, chủ động,\n"
    "sáng tạo, khoa học hơn nữa, nâng cao chất lượng công tác tham mưu.\n"
    "\n"
    "(2) Nâng cao chất lượng công tác thông tin phục vụ lãnh đạo.\n"
)
_LEAD_TAGS = ["OTHER", "OTHER", "OTHER", "SECTION", "OTHER", "ITEM", "ITEM_CONT", "OTHER", "ITEM"]


def test_a_section_on_the_last_line_of_a_lead_moves_to_the_line_naming_the_body() -> None:
    out = _repair(_LEAD, _LEAD_TAGS)
    assert out[1] == "SECTION"  # "…, Văn" / "phòng Trung ương Đảng …": the name starts here
    assert out[3] == "OTHER"
    walker = _walk(_LEAD, _LEAD_TAGS)
    assert [(s.line, [i.line for i in s.items]) for s in walker.sections] == [(2, [6, 9])]


def test_a_place_named_in_lower_case_after_a_comma_is_the_body_of_the_lead() -> None:
    text = (
        "Để tiếp tục vận hành chính quyền địa phương 02 cấp\n"
        "hoạt động hiệu lực, hiệu quả, thành phố Đà Nẵng cần tập trung thực hiện tốt một\n"
        "số nhiệm vụ, giải pháp sau đây:\n"
        "\n"
        "1. Cấp ủy, chính quyền Thành phố phải xác định việc vận hành là nhiệm vụ quan trọng.\n"
    )
    out = _repair(text, ["OTHER", "OTHER", "SECTION", "OTHER", "ITEM"])
    assert out[:3] == ["OTHER", "SECTION", "OTHER"]


def test_a_lead_whose_last_line_names_the_body_or_that_names_none_keeps_its_section() -> None:
    named = (
        "Để triển khai có hiệu quả Kết luận, Ban Bí thư yêu cầu\n"
        "các tỉnh uỷ, thành uỷ thực hiện tốt các nhiệm vụ sau:\n"
        "1. Quán triệt nội dung Kết luận.\n"
    )
    assert _repair(named, ["OTHER", "SECTION", "ITEM"])[:2] == ["OTHER", "SECTION"]
    nameless = (
        "Để tiếp tục nâng cao hiệu quả công tác, trong thời gian tới cần\n"
        "tập trung thực hiện tốt các nhiệm vụ sau:\n"
        "1. Quán triệt nội dung Kết luận.\n"
    )
    assert _repair(nameless, ["OTHER", "SECTION", "ITEM"])[:2] == ["OTHER", "SECTION"]


def test_the_body_is_looked_for_in_the_last_sentence_only() -> None:
    text = "Bộ Tài chính đã có báo cáo. Để thực hiện tốt, thành phố Hà Nội cần"
    assert _named_at(text) == text.index("thành phố")
    assert _named_at("Trong thời gian qua. Để thực hiện tốt, cần tập trung") is None


# --- _achievements: results achieved are an assessment ---------------------------------------


def test_a_paragraph_reporting_results_achieved_is_no_duty() -> None:
    text = (
        "Trong những năm qua, quán triệt và thực hiện Kết luận số 100-KL/TW của Ban Bí thư, công\n"
        "tác nắm bắt dư luận xã hội đã được các cấp ủy quan tâm lãnh đạo, chỉ đạo, đạt nhiều kết quả\n"
        "quan trọng. Đội ngũ cộng tác viên thường xuyên được củng cố.\n"
    )
    assert _repair(text, ["ITEM", "ITEM_CONT", "ITEM_CONT"]) == ["OTHER"] * 3


def test_the_entries_a_lead_announces_as_results_are_no_duties() -> None:
    text = (
        "Văn phòng Trung ương Đảng và các văn phòng tỉnh uỷ, thành uỷ đã đoàn kết, tận tuỵ, đạt\n"
        "được một số kết quả nổi bật như sau:\n"
        "\n"
        "(1) Công tác tham mưu\n"
        "phục vụ sự lãnh đạo ngày càng bài bản, chuyên nghiệp.\n"
        "\n"
        "(2) Duy trì nền nếp,\n"
        "nâng cao chất lượng công tác thông tin phục vụ lãnh đạo.\n"
        "\n"
        "**2. Phương hướng, nhiệm vụ**\n"
    )
    tags = ["OTHER", "OTHER", "OTHER", "ITEM", "ITEM_CONT", "OTHER", "ITEM", "ITEM_CONT", "OTHER"]
    assert _repair(text, tags + ["OTHER"]) == ["OTHER"] * 10


def test_a_duty_to_achieve_results_or_one_that_assigns_stays_a_duty() -> None:
    purpose = "Tập trung chỉ đạo quyết liệt để đạt được kết quả quan trọng trong năm 2026.\n"
    assert _repair(purpose, ["ITEM"]) == ["ITEM"]
    assigns = (
        "Công tác cải cách hành chính đạt nhiều kết quả quan trọng, đề nghị Sở Nội vụ tiếp tục\n"
        "theo dõi, đôn đốc.\n"
    )
    assert _repair(assigns, ["ITEM", "ITEM_CONT"]) == ["ITEM", "ITEM_CONT"]


# --- _bare_body_after_topic: the province or a state group answered after a topic ---------------


def test_the_province_named_alone_after_a_topic_is_the_section_of_its_answer() -> None:
    text = (
        "**II. MỘT SỐ KIẾN NGHỊ CỦA TỈNH**\n"
        "1. Về hỗ trợ kinh phí thực hiện dự án Bệnh án điện\n"
        "tử tại các cơ sở y tế: Giao Bộ Tài chính chủ trì, phối hợp với Bộ Y tế nghiên cứu.\n"
        "2. Về dự án xây dựng đường cao tốc Sơn La - Điện\n"
        "Biên - Cửa khẩu Tây Trang: Tỉnh thực hiện theo chỉ đạo tại Thông báo số 75-TB/VPTW;\n"
        "chủ động làm việc với Bộ Xây dựng.\n"
    )
    tags = ["OTHER", "ITEM", "ITEM_CONT", "ITEM", "ITEM_CONT", "ITEM_CONT"]
    walker = _walk(text, tags)
    got = [(s.line, s.addressee, [i.line for i in s.items]) for s in walker.sections]
    assert got == [(3, "Bộ Tài chính", [2]), (5, "Tỉnh", [4])]


def test_a_state_group_after_a_topic_is_named_up_to_its_duty_verb() -> None:
    rest = "giao Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam làm việc cụ thể với nhà đầu tư"
    found = _bare_body_after_topic(rest)
    assert found is not None and found.text == "Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam"
    # the province of a place name, or a lower-case "tỉnh", is left to the name rules
    assert _bare_body_after_topic("Tỉnh Thanh Hóa rà soát các dự án") is None
    assert _bare_body_after_topic("tỉnh căn cứ quy định hiện hành bố trí xe") is None
    assert _bare_body_after_topic("Tỉnh, thành phố") is None

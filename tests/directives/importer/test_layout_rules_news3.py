"""Layout rules over the labeller's tags for news pages (news round 4), model-independent: each
test gives the tags a labeller might return and checks what the rules make of them."""

from __future__ import annotations

from directives.importer.repair import _request_paragraphs_follow
from directives.importer.walker import read_text
from tests.directives.importer.layout import repaired as _repair
from tests.directives.importer.layout import walked as _walk

_REQUEST = (
    "Ban Thường vụ Huyện ủy yêu cầu cấp ủy các cấp trực tiếp chỉ đạo việc quán triệt, triển khai "
    "thực hiện Chỉ thị.\n"
)


def test_a_report_s_caption_attendance_and_account_of_the_meeting_are_no_duties() -> None:
    for line in (
        "Các đồng chí Thường trực Đảng uỷ xã chủ trì hội nghị.",
        "Chủ trì buổi làm việc có đồng chí Nguyễn Văn A – Bí thư Đảng ủy, Chủ tịch HĐND xã; đồng "
        "chí Nguyễn Thị B – Phó Bí thư Thường trực Đảng ủy.",
        "Tại Hội nghị, các đại biểu đã nghe báo cáo kết quả công tác tháng 10, trong đó Đảng ủy xã "
        "đã lãnh đạo, chỉ đạo toàn diện các lĩnh vực.",
        "Tại buổi làm việc, Ủy ban MTTQ Việt Nam xã đã báo cáo tiến độ triển khai các bước chuẩn bị "
        "Đại hội MTTQ.",
        "Ban Thường vụ Thành ủy thống nhất chủ trương nâng mức hỗ trợ xây dựng nhà ở cho hộ nghèo "
        "- Ảnh minh họa",
        "Xem chi tiết tại đây.",
    ):
        text = line + "\n\n" + _REQUEST
        assert _repair(text, ["SECTION_ITEM", "OTHER", "SECTION_ITEM"])[0] == "OTHER", line


def test_a_caption_gives_no_prose_duty() -> None:
    text = (
        "Ban Thường vụ Thành ủy giao Đảng ủy Mặt trận Tổ quốc Việt Nam Thành phố lãnh đạo triển "
        "khai thực hiện đúng mục đích, đối tượng (Ảnh: Việt Dũng)\n"
        "\n" + _REQUEST
    )
    walker = _walk(text, ["OTHER", "OTHER", "SECTION_ITEM"])
    assert [s.line for s in walker.sections] == [3]


def test_a_meeting_that_requests_keeps_its_duty() -> None:
    text = (
        "Tại hội nghị, đại diện Ban Thường vụ Huyện ủy đã yêu cầu cấp ủy các cấp trực tiếp chỉ đạo "
        "việc quán triệt Chỉ thị.\n"
    )
    assert _repair(text, ["SECTION_ITEM"]) == ["SECTION_ITEM"]


_ASSIGNMENT = (
    "Bộ Chính trị giao Ban Thường vụ các tỉnh ủy, thành ủy chủ động công tác chuẩn bị các điều "
    "kiện cần thiết, sẵn sàng quy trình, thủ tục để tổ chức triển khai ngay sau khi có nghị quyết.\n"
)


def test_paragraphs_after_a_prose_assignment_are_its_duties() -> None:
    text = (
        _ASSIGNMENT + "\n"
        "Bảo đảm kiện toàn tổ chức bộ máy, điều kiện làm việc của các cơ quan cấp tỉnh, cấp xã.\n"
        "\n"
        "Triển khai quyết liệt việc sắp xếp, hoàn thành trước ngày 15/8/2025.\n"
        "\n"
        "Theo Cổng Thông tin điện tử Chính phủ\n"
    )
    tags = ["OTHER"] * 7
    assert _repair(text, tags) == [
        "SECTION_ITEM", "OTHER", "ITEM", "OTHER", "ITEM", "OTHER", "OTHER"
    ]  # fmt: skip
    walker = _walk(text, tags)
    assert [s.line for s in walker.sections] == [1]
    assert [i.line for i in walker.sections[0].items] == [1, 3, 5]


def test_a_background_paragraph_opens_no_such_list() -> None:
    text = (
        "Ngày 22/12/2024, Bộ Chính trị giao Ban Thường vụ các tỉnh ủy, thành ủy chủ động công tác "
        "chuẩn bị các điều kiện cần thiết, sẵn sàng quy trình, thủ tục để tổ chức triển khai.\n"
        "\n"
        "Thực hiện chỉ đạo của Bộ Chính trị, Đảng đoàn Quốc hội ban hành Kế hoạch triển khai.\n"
    )
    assert _repair(text, ["OTHER"] * 3) == ["OTHER"] * 3


def test_a_request_for_the_following_gives_its_paragraphs_to_the_bodies_it_names() -> None:
    text = (
        "Văn phòng Ban chỉ đạo đã có Công điện gửi Ban Chỉ huy phòng chống thiên tai các tỉnh ven "
        "biển về ứng phó áp thấp nhiệt đới.\n"
        "Nội dung công điện đề nghị các tỉnh, thành phố và các Bộ chỉ đạo triển khai thực hiện các "
        "nội dung sau:\n"
        "Kiểm đếm tàu thuyền đang hoạt động trên biển; thông báo cho chủ các phương tiện biết vị trí "
        "của áp thấp nhiệt đới.\n"
        "Duy trì lực lượng, phương tiện cứu hộ, cứu nạn để sẵn sàng ứng cứu khi có yêu cầu.\n"
    )
    tags = ["OTHER", "SECTION", "OTHER", "SECTION_ITEM"]
    assert _repair(text, tags)[:3] == ["OTHER", "SECTION", "ITEM"]
    walker = _walk(text, tags)
    assert [s.line for s in walker.sections] == [2]
    assert [i.line for i in walker.sections[0].items] == [3, 4]


def test_a_request_above_a_marked_list_is_left_to_the_list_rules() -> None:
    text = (
        "Để khắc phục hạn chế trên, Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng tập "
        "trung thực hiện tốt các nội dung sau:\n"
        "1. Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy\n"
        "a) Quán triệt sâu sắc nội dung Chỉ thị này đến cán bộ, đảng viên.\n"
    )
    assert _repair(text, ["OTHER", "SECTION", "ITEM"])[1:] == ["SECTION", "ITEM"]
    assert not _request_paragraphs_follow(read_text(text), 1)


_LIST = (
    "(1) Bộ Tài chính chủ trì, phối hợp với các cơ quan liên quan:\n"
    "\n"
    "- Rà soát, hoàn thiện thể chế, chính sách về thuế phù hợp với tình hình.\n"
    "\n"
    "**Đẩy mạnh thu ngân sách nhà nước năm 2025 tăng ít nhất 25%** so với dự toán.\n"
    "\n"
    "- Tiếp tục thực hiện các chính sách miễn giảm, gia hạn thuế, phí, lệ phí.\n"
    "\n"
    "- Tham mưu hiệu quả cho các Tổ công tác của Thủ tướng Chính phủ.\n"
    "\n"
    "- Có giải pháp, chính sách đột phá để thu hút các dự án quy mô lớn.\n"
)


def test_the_entries_after_the_last_duty_of_a_dash_list_are_duties() -> None:
    tags = ["SECTION", "OTHER", "ITEM", "OTHER", "OTHER", "OTHER", "OTHER", "OTHER", "OTHER",
            "OTHER", "OTHER"]  # fmt: skip
    out = _repair(_LIST, tags)
    assert [out[i] for i in (2, 6, 8, 10)] == ["ITEM"] * 4
    assert out[4] == "OTHER"  # the bold paragraph inside the list stays as it was


def test_trailing_entries_that_mostly_name_no_duty_stay_text() -> None:
    text = (
        "- Rà soát, hoàn thiện thể chế, chính sách về thuế phù hợp với tình hình.\n"
        "Theo đó, Thống đốc quyết định việc sử dụng 6 công cụ:\n"
        "- Tái cấp vốn\n"
        "- Lãi suất\n"
        "- Tỷ giá hối đoái\n"
    )
    assert _repair(text, ["ITEM", "OTHER", "OTHER", "OTHER", "OTHER"])[2:] == ["OTHER"] * 3


def test_a_short_text_the_labeller_left_untagged_drops_the_caption_the_rules_took() -> None:
    text = (
        "# Đại hội đại biểu Đảng bộ Thành phố không nhận quà tặng, hoa chúc mừng\n"
        "\n"
        "*Đại hội đại biểu Đảng bộ Ủy ban nhân dân Thành phố lần thứ I, nhiệm kỳ 2025-2030 (Ảnh "
        "minh họa)*\n"
        "\n"
        "Theo đó, thực hiện chỉ đạo của Thường trực Thành ủy, Văn phòng Thành ủy đề nghị các cơ "
        "quan, đơn vị, cá nhân không gửi quà và tặng hoa chúc mừng Đại hội đại biểu Đảng bộ.\n"
        "\n"
        "Bảo Ninh\n"
    )
    assert [i.line for s in read_text(text).walker.sections for i in s.items] == [3]
    walker = _walk(text, ["OTHER"] * 7)
    assert [i.line for s in walker.sections for i in s.items] == [5]

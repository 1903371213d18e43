"""Layout rules over the labeller's tags for letters and decisions (branch fix/imp-letters),
model-independent: each test gives the tags a labeller might return and checks what the rules make
of them."""

from __future__ import annotations

from tests.directives.importer.layout import repaired as _repair
from tests.directives.importer.layout import walked as _walk


def test_comments_on_a_draft_are_no_duties() -> None:
    text = (
        "## Phụ lục: GÓP Ý DỰ THẢO KẾ HOẠCH CỦA SỞ NỘI VỤ\n"
        "1.  Đề nghị bổ sung nội dung về đào tạo tại mục 2 Phần II của dự thảo như sau: “…”.\n"
        "2.  Về nội dung “chuyển đổi số”, đề nghị điều chỉnh như sau: “…”.\n"
        "3.  Đề nghị bỏ đoạn “(2) hoàn thiện phương án tổ chức”.\n"
    )
    assert _repair(text, ["OTHER", "ITEM", "SECTION_ITEM", "ITEM"]) == ["OTHER"] * 4


def test_a_heading_without_draft_keeps_its_duties() -> None:
    text = (
        "## II. NHIỆM VỤ CỤ THỂ\n"
        "1.  Rà soát các thủ tục hành chính trong tháng 6 năm 2026.\n"
        "2.  Tổ chức tập huấn cho cán bộ cấp xã.\n"
    )
    assert _repair(text, ["OTHER", "ITEM", "ITEM"]) == ["OTHER", "ITEM", "ITEM"]


def test_a_body_line_with_a_colon_over_enumerated_bullets_is_their_addressee() -> None:
    text = (
        "Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Nội vụ:\n"
        "*   (i) Nghiên cứu phương án kết nối dữ liệu giữa hai hệ thống.\n"
        "*   (ii) Rà soát các nhiệm vụ giao trên hệ thống theo dõi.\n"
    )
    assert _repair(text, ["OTHER", "OTHER", "OTHER"]) == ["SECTION", "ITEM", "ITEM"]
    sections = [s for s in _walk(text, ["OTHER", "OTHER", "OTHER"]).sections if s.items]
    assert [(s.line, [i.line for i in s.items]) for s in sections] == [(1, [2, 3])]


def test_bullets_that_give_no_duty_stay_text() -> None:
    text = (
        "Sở Thông tin và Truyền thông báo cáo kết quả như sau:\n"
        "*   (i) Hệ thống đã kết nối 120 đơn vị.\n"
        "*   (ii) Tỷ lệ hồ sơ trực tuyến đạt 85%.\n"
    )
    assert _repair(text, ["OTHER", "OTHER", "OTHER"]) == ["OTHER", "OTHER", "OTHER"]


def test_a_note_naming_bodies_and_what_they_must_do_is_their_run_in_duty() -> None:
    text = (
        "Điều 1. Phân bổ kế hoạch vốn năm 2026 (chi tiết tại Phụ lục kèm theo).\n"
        "\n"
        "| 1 | Trường tiểu học A | 700 |\n"
        "\n"
        "Ghi chú: Các cơ quan, đơn vị được giao vốn phải trình hồ sơ chủ trương đầu tư trong "
        "tháng 3 năm 2026.\n"
    )
    tags = ["OTHER", "OTHER", "OTHER", "OTHER", "OTHER"]
    assert _repair(text, tags)[4] == "SECTION_ITEM"
    section = next(s for s in _walk(text, tags).sections if s.line == 5)
    assert section.addressee is not None and section.addressee.startswith("Các cơ quan, đơn vị")
    assert [i.line for i in section.items] == [5]


def test_a_note_without_a_body_or_an_obligation_is_no_duty() -> None:
    for note in (
        "Ghi chú: Số liệu tính đến ngày 30/6/2026.",
        "Ghi chú: Các cơ quan, đơn vị đã được giao vốn năm 2025.",
    ):
        assert _repair(note + "\n", ["OTHER"]) == ["OTHER"], note


_CONCLUSION = (
    "Sau khi nghe báo cáo, Phó Thủ tướng Chính phủ kết luận như sau:\n"
    "\n"
    "**I. ĐÁNH GIÁ CHUNG**\n"
    "\n"
    "Tỉnh đã đạt được những kết quả tích cực.\n"
    "\n"
    "**II. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP\n"
    "TRONG THỜI GIAN TỚI**\n"
    "\n"
    "1. Rà soát, điều chỉnh quy hoạch phát triển của Tỉnh.\n"
    "\n"
    "2. Tập trung hoàn thành các chỉ tiêu năm 2026.\n"
    "\n"
    "3. Đẩy nhanh tiến độ các dự án trọng điểm.\n"
    "\n"
    "4. Về chính quyền địa phương 02 cấp:\n"
    "\n"
    "- Tiếp tục rà soát, hoàn thiện tổ chức bộ máy.\n"
    "\n"
    "**III. VỀ KIẾN NGHỊ CỦA TỈNH**\n"
    "\n"
    "Giao Bộ Tài chính nghiên cứu, xử lý kiến nghị của tỉnh trong tháng 11 năm 2026.\n"
)


def test_a_part_of_tasks_given_to_nobody_and_distributed_to_nobody_keeps_its_duties() -> None:
    lines = _CONCLUSION.count("\n")
    tags = ["OTHER"] * lines
    tags[lines - 1] = "SECTION_ITEM"
    out = _repair(_CONCLUSION, tags)
    assert [n + 1 for n, t in enumerate(out) if t == "ITEM"] == [10, 12, 14, 18]
    assert out[6] == "SECTION" and out[15] == "OTHER"  # the heading; the topic "4. Về …:"


def test_a_part_of_tasks_followed_by_a_part_distributing_the_work_is_a_programme() -> None:
    text = _CONCLUSION.replace("**III. VỀ KIẾN NGHỊ CỦA TỈNH**", "**III. TỔ CHỨC THỰC HIỆN**")
    lines = text.count("\n")
    tags = ["OTHER"] * lines
    tags[lines - 1] = "SECTION_ITEM"
    assert _repair(text, tags)[9] == "OTHER"


def test_a_part_of_tasks_after_the_recipients_is_an_attachment() -> None:
    text = "Nơi nhận:\n- Như trên;\n\n" + _CONCLUSION
    lines = text.count("\n")
    tags = ["OTHER"] * lines
    tags[lines - 1] = "SECTION_ITEM"
    assert "ITEM" not in _repair(text, tags)


def test_a_duty_only_to_comply_with_the_text_itself_is_no_duty() -> None:
    text = (
        "3. Các doanh nghiệp kinh doanh xăng dầu\n"
        "\n"
        "Thực hiện nghiêm túc các nội dung tại Quyết định\n"
        "này và các quy định pháp luật khác có liên quan đến kinh doanh xăng dầu.\n"
    )
    assert _repair(text, ["SECTION", "OTHER", "ITEM", "ITEM_CONT"])[2:] == ["OTHER", "OTHER"]
    text = (
        "3. Các doanh nghiệp kinh doanh xăng dầu\n"
        "\n"
        "Thực hiện nghiêm túc việc niêm yết giá bán lẻ tại cửa hàng.\n"
    )
    assert _repair(text, ["SECTION", "OTHER", "ITEM"])[2] == "ITEM"


def test_a_wrapped_lead_opening_with_bodies_over_dash_duties_is_their_addressee() -> None:
    text = (
        "Sau khi nghe báo cáo, Phó Thủ tướng Chính phủ kết luận như sau:\n"
        "1. Các đồng chí Bộ trưởng,\n"
        "Thủ trưởng cơ quan ngang Bộ theo chức năng, nhiệm vụ đề cao trách nhiệm, trực tiếp chỉ\n"
        "đạo; trong đó cần tập trung thực hiện tốt một số nội dung trọng tâm\n"
        "sau:\n"
        "- Tập trung rà soát, xác định rõ tình hình thực hiện các nhiệm vụ.\n"
        "- Khẩn trương hoàn thiện các báo cáo.\n"
    )
    tags = ["OTHER", "OTHER", "OTHER", "OTHER", "OTHER", "ITEM", "ITEM"]
    assert _repair(text, tags)[1] == "SECTION"
    section = next(s for s in _walk(text, tags).sections if s.items)
    assert section.line == 2 and [i.line for i in section.items] == [6, 7]


def test_a_body_s_standing_powers_restated_are_no_duty() -> None:
    text = (
        "Điều 2. Nhiệm vụ, quyền hạn của Ban Quản lý\n"
        "1. Ban Quản lý thực hiện nhiệm vụ, quyền hạn theo\n"
        "quy định của pháp luật hiện hành.\n"
        "2. Trưởng ban Ban Quản lý trình Ủy ban nhân dân thành phố quy định cụ thể chức năng.\n"
    )
    out = _repair(text, ["OTHER", "SECTION_ITEM", "ITEM_CONT", "SECTION_ITEM"])
    assert out == ["OTHER", "OTHER", "OTHER", "SECTION_ITEM"]

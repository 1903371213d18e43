"""Layout rules over the labeller's tags added in the third plan round (plans, PM orders, PDF
text), model-independent: each test gives the tags a labeller might return and checks what the
rules make of them."""

from __future__ import annotations

from tests.directives.importer.layout import repaired as _repair
from tests.directives.importer.layout import walked as _walk


def test_a_page_summary_before_the_full_text_gives_no_duty() -> None:
    text = (
        "## Thi đua cao điểm hoàn thành nhiệm vụ năm 2025\n"
        "Theo đó, Thủ tướng Chính phủ yêu cầu Bộ trưởng, Chủ tịch Ủy ban nhân dân các tỉnh:\n"
        "- Khẩn trương thực hiện quyết liệt các nhiệm vụ, giải pháp khắc phục khó khăn.\n"
        "- Văn phòng Chính phủ hướng dẫn mẫu báo cáo hàng tuần.\n"
        "Xem chi tiết tại Công điện 229/CĐ-TTg ngày 26/11/2025.\n"
        "\n"
        "CÔNG ĐIỆN\n"
        "Về khẩn trương triển khai các đợt thi đua cao điểm\n"
        "THỦ TƯỚNG CHÍNH PHỦ điện:\n"
        "Thủ tướng Chính phủ yêu cầu Bộ trưởng, Chủ tịch Ủy ban nhân dân các tỉnh:\n"
        "1. Khẩn trương thực hiện quyết liệt các nhiệm vụ, giải pháp khắc phục khó khăn.\n"
        "2. Tiếp tục phát huy truyền thống tương thân tương ái.\n"
        "3. Văn phòng Chính phủ hướng dẫn mẫu báo cáo hàng tuần.\n"
        "Nơi nhận:\n"
    )
    tags = ["OTHER", "SECTION", "ITEM", "SECTION_ITEM", "OTHER", "OTHER", "OTHER", "OTHER"]
    tags += ["OTHER", "SECTION", "ITEM", "ITEM", "SECTION_ITEM", "OTHER"]
    out = _repair(text, tags)
    assert out[:5] == ["OTHER"] * 5  # the site's retelling of points 1-3
    assert out[10:13] == ["ITEM", "ITEM", "SECTION_ITEM"]  # the document's own duties stay
    # without the full text after it, the summary is all the page has: left to the labeller
    short = text.split("\n\nCÔNG ĐIỆN")[0] + "\n"
    assert _repair(short, tags[:5])[2:4] == ["ITEM", "SECTION_ITEM"]


_BOLD_HEADING = (
    "**VI. TỔ CHỨC THỰC HIỆN**\n"
    "\n"
    "**2. Các Sở, ngành chủ trì, quản\n"
    "lý, tham gia thực hiện các dự án, tiểu dự án thuộc Chương\n"
    "trình**\n"
    "\n"
    "- Phê duyệt kế hoạch giám sát, đánh giá dự án, tiểu dự án.\n"
    "\n"
    "- Báo cáo kết quả thực hiện dự án về Sở Nông nghiệp và Môi trường.\n"
)


def test_a_heading_wholly_in_emphasis_naming_bodies_above_a_list_is_their_addressee() -> None:
    tags = ["OTHER", "OTHER", "SECTION_ITEM", "ITEM_CONT", "ITEM_CONT", "OTHER", "ITEM", "OTHER"]
    tags += ["ITEM"]
    out = _repair(_BOLD_HEADING, tags)
    assert out[2:5] == ["SECTION", "OTHER", "OTHER"]
    walker = _walk(_BOLD_HEADING, tags)
    assert [(s.line, [i.line for i in s.items]) for s in walker.sections] == [(3, [7, 9])]


def test_a_whole_duty_in_emphasis_with_no_list_below_stays_a_run_in_duty() -> None:
    text = (
        "**7. Giao Ủy ban Kiểm tra Trung ương chủ trì, phối hợp với các cơ quan hướng dẫn việc"
        " kiểm tra, giám sát.**\n"
        "\n"
        "Nơi nhận:\n"
    )
    assert _repair(text, ["SECTION_ITEM", "OTHER", "OTHER"])[0] == "SECTION_ITEM"


def test_a_bold_name_closed_after_its_colon_opens_a_run_in_duty() -> None:
    text = (
        "**5. Các cơ quan thông tin,\n"
        "truyền thông của tỉnh: **Xây dựng Kế hoạch và đẩy mạnh công tác tuyên truyền.\n"
        "\n"
        "**6. Sở Nội vụ: **Tham mưu UBND\n"
        "tỉnh theo dõi, đôn đốc, hướng dẫn các cơ quan tổ chức thực hiện Kế hoạch.\n"
    )
    out = _repair(text, ["SECTION", "ITEM", "OTHER", "OTHER", "OTHER"])
    assert out[3] == "SECTION_ITEM"
    assert out[:2] == ["SECTION", "ITEM"]  # the wrapped name: addressee line, then its duty


def test_a_flattened_row_number_and_its_body_cells_are_no_duties() -> None:
    text = (
        "STT\n"
        "Nhiệm vụ\n"
        "Cơ quan chủ trì\n"
        "Đơn vị phối hợp\n"
        "Tiến độ\n"
        "1\n"
        "Ban hành khung chương trình\n"
        "đào tạo, bồi dưỡng nhân lực\n"
        "Bộ Khoa học và\n"
        "Công nghệ\n"
        "Bộ Giáo dục và Đào tạo\n"
        "2026 - 2027\n"
        "2\n"
        "Đào tạo chuyên sâu cán bộ thẩm định\n"
        "Bộ Khoa học và\n"
        "Công nghệ\n"
        "2026\n"
    )
    tags = ["SECTION", "OTHER", "OTHER", "OTHER", "OTHER", "ITEM", "OTHER", "ITEM_CONT", "OTHER"]
    tags += ["OTHER", "ITEM", "OTHER", "OTHER", "ITEM", "OTHER", "OTHER", "OTHER"]
    out = _repair(text, tags)
    assert out[5] == "OTHER" and out[6] == "ITEM"  # the row's text, not its number
    assert out[10] == "OTHER"  # "Bộ Giáo dục và Đào tạo": the cooperating cell
    assert out[13] == "ITEM"


def test_a_line_numbered_in_roman_figures_is_no_duty() -> None:
    text = (
        "IV. Tăng cường, nâng cao năng lực cho các cơ quan quản lý nhà nước\n"
        "1. Bộ Y tế chủ trì rà soát, hoàn thiện tổ chức bộ máy.\n"
    )
    assert _repair(text, ["ITEM", "SECTION_ITEM"]) == ["OTHER", "SECTION_ITEM"]


def test_entries_naming_things_below_a_sentence_that_is_no_duty_are_no_duties() -> None:
    text = (
        "a) Rà soát, đa dạng hóa các nguồn lực, ưu tiên nguồn lực vào các dự án trọng điểm:\n"
        "- Dự án bố trí, sắp xếp dân cư vùng thường xuyên bị ảnh hưởng thiên tai.\n"
        "- Dự án phòng, chống ngập lụt đối với một số khu vực đô thị lớn.\n"
        "b) Đầu tư trang thiết bị, phương tiện chuyên dụng.\n"
    )
    assert _repair(text, ["OTHER", "ITEM", "ITEM", "OTHER"]) == ["OTHER"] * 4
    duties = text.replace("- Dự án bố trí", "- Bố trí").replace("- Dự án phòng", "- Phòng")
    # entries opening with a duty verb stay duties
    assert _repair(duties, ["OTHER", "ITEM", "ITEM", "OTHER"])[1:3] == ["ITEM", "ITEM"]


def test_entries_after_a_lost_list_opening_like_its_duties_are_duties() -> None:
    text = (
        "b) Sở Xây dựng\n"
        "\n"
        "- Đánh giá sự phù hợp của dự án đầu tư với quy hoạch xây dựng.\n"
        "\n"
        "Khi đánh giá sự phù hợp của dự án đầu tư với quy hoạch đô thị, nội dung thẩm định\n"
        "phải có đánh giá về sự phù hợp với quy hoạch phân khu;\n"
        "\n"
        "- Đánh giá nhu cầu sử dụng đất phù hợp với mục tiêu, quy mô của dự án;\n"
        "\n"
        "- Đánh giá việc đáp ứng điều kiện theo quy định của pháp luật về xây dựng.\n"
    )
    tags = ["SECTION", "OTHER", "ITEM", "OTHER", "OTHER", "OTHER", "OTHER", "OTHER", "OTHER"]
    tags += ["OTHER"]
    out = _repair(text, tags)
    assert [out[n] for n in (2, 7, 9)] == ["ITEM"] * 3
    assert out[4] == "OTHER"
    # entries opening otherwise are left as read
    other = text.replace("- Đánh giá việc đáp ứng", "- Kinh phí đáp ứng")
    assert _repair(other, tags)[7] == "OTHER"

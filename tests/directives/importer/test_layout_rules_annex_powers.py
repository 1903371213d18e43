"""Layout rules over the labeller's tags (unseen-documents round): an annex after the signature,
an article devolving powers, "Trách nhiệm của <body>" blocks and a citation cut at a line start.
Model-independent: each test gives the tags a labeller might return and checks the repairs."""

from __future__ import annotations

from tests.directives.importer.layout import SIGNED as _SIGNED
from tests.directives.importer.layout import repaired as _repair


def test_the_numbered_entries_of_a_criteria_annex_after_the_signature_are_no_duties() -> None:
    text = _SIGNED + (
        "BẢNG TIÊU CHÍ ĐÁNH GIÁ, XẾP LOẠI\n"  # 11
        "\n"
        "1. Ủy ban nhân dân phường,\n"  # 13
        "xã quyết định thành lập đoàn kiểm tra.\n"
        "2. Tổ chức họp định kỳ hàng tháng.\n"  # 15
    )
    tags = ["SECTION_ITEM"] + ["OTHER"] * 11 + ["SECTION_ITEM", "ITEM_CONT", "ITEM"]
    out = _repair(text, tags)
    assert out[0] == "SECTION_ITEM"  # the body's duty stays
    assert out[12:15] == ["OTHER", "OTHER", "OTHER"]


def test_an_annex_that_hands_out_work_keeps_its_duties() -> None:
    text = _SIGNED + (
        "KẾ HOẠCH\n"  # 11
        "Triển khai thực hiện Đề án\n"
        "\n"
        "1. Sở Tài chính chủ trì bố trí kinh phí.\n"  # 14
        "2. Sở Nội vụ hướng dẫn thực hiện.\n"
    )
    tags = ["SECTION_ITEM"] + ["OTHER"] * 12 + ["SECTION_ITEM", "SECTION_ITEM"]
    out = _repair(text, tags)
    assert out[13:15] == ["SECTION_ITEM", "SECTION_ITEM"]


def test_without_a_signature_under_the_recipients_nothing_is_an_annex() -> None:
    text = (
        "Nơi nhận:\n"
        "- Như trên;\n"
        "\n"
        "BẢNG TỔNG HỢP\n"
        "\n"
        "1. Sở Tài chính chủ trì rà soát kinh phí.\n"  # 6
    )
    tags = ["OTHER"] * 5 + ["SECTION_ITEM"]
    assert _repair(text, tags)[5] == "SECTION_ITEM"


_DEVOLVING = (
    "**Điều 4. Phân cấp thẩm\n"  # 1
    "quyền quyết định phê duyệt phương án xử lý tài sản**\n"
    "\n"
    "a) Ủy ban nhân dân tỉnh\n"  # 4
    "quyết định việc phê duyệt phương án xử lý tài sản.\n"
    "\n"
    "c) Sở Tài chính quyết định\n"  # 7
    "phê duyệt phương án xử lý đối với tài sản do cơ quan trung ương trình.\n"
    "\n"
    "**Điều 5. Tổ chức thực hiện**\n"  # 10
    "\n"
    "1. Sở Tài chính hướng dẫn, kiểm tra việc thực hiện Quyết định này.\n"  # 12
)


def test_the_clauses_of_an_article_devolving_powers_grant_competence_not_tasks() -> None:
    tags = ["OTHER"] * 3 + ["SECTION_ITEM", "ITEM_CONT", "OTHER", "SECTION", "ITEM"]
    tags += ["OTHER"] * 3 + ["SECTION_ITEM"]
    out = _repair(_DEVOLVING, tags)
    assert out[3:8] == ["OTHER"] * 5
    assert out[11] == "SECTION_ITEM"  # the next article assigns a task


def test_an_article_on_devolution_and_duties_keeps_its_duties() -> None:
    text = (
        "**Điều 3. Phân cấp quản lý và trách nhiệm của các cơ quan**\n"
        "\n"
        "1. Sở Tài chính hướng dẫn các đơn vị thực hiện.\n"  # 3
    )
    tags = ["OTHER", "OTHER", "SECTION_ITEM"]
    assert _repair(text, tags)[2] == "SECTION_ITEM"


def test_an_authorisation_to_sign_is_not_a_devolution_article() -> None:
    text = (
        "**Điều 2. **Ủy quyền cho Lãnh đạo\n"
        "Bộ Xây dựng thay mặt Chính phủ ký Hiệp định.\n"
        "\n"
        "**Điều 3. **Bộ Ngoại giao hoàn\n"
        "tất các thủ tục đối ngoại theo quy định.\n"
    )
    tags = ["SECTION_ITEM", "ITEM_CONT", "OTHER", "SECTION_ITEM", "ITEM_CONT"]
    out = _repair(text, tags)
    assert out[0] == "SECTION_ITEM" and out[1] == "ITEM_CONT"


_BLOCKS = (
    "**Điều 2. Trách nhiệm của Sở Nông\n"  # 1
    "nghiệp và Môi trường; Uỷ ban nhân dân các xã, phường**\n"
    "\n"
    "1. Trách nhiệm của Sở Nông nghiệp và\n"  # 4
    "Môi trường\n"
    "\n"
    "a) Tổ chức triển khai thực hiện danh mục thủ tục hành chính;\n"  # 7
    "\n"
    "b) Rà soát, đánh giá điều kiện thực hiện;\n"  # 9
    "\n"
    "2. Trách nhiệm của Ủy ban nhân dân\n"  # 11
    "các xã, phường\n"
    "\n"
    "a) Tổ chức tiếp nhận hồ sơ và trả kết quả;\n"  # 14
)


def test_responsibility_blocks_are_their_bodies_sections_and_the_article_title_is_not() -> None:
    tags = ["SECTION", "OTHER", "OTHER", "ITEM", "ITEM_CONT", "OTHER", "ITEM", "OTHER", "ITEM"]
    tags += ["OTHER", "ITEM", "ITEM_CONT", "OTHER", "ITEM"]
    out = _repair(_BLOCKS, tags)
    assert out[0:2] == ["OTHER", "OTHER"]
    assert out[3:5] == ["SECTION", "OTHER"]
    assert out[10:12] == ["SECTION", "OTHER"]
    assert out[6] == "ITEM" and out[8] == "ITEM" and out[13] == "ITEM"


def test_a_responsibility_heading_whose_entries_name_bodies_is_left_alone() -> None:
    text = (
        "1. Trách nhiệm của các Bộ, ngành Trung ương\n"
        "\n"
        "a) Bộ Xây dựng chủ trì hướng dẫn thực hiện.\n"  # 3
        "\n"
        "b) Bộ Tài chính bố trí kinh phí.\n"  # 5
    )
    tags = ["OTHER", "OTHER", "SECTION_ITEM", "OTHER", "SECTION_ITEM"]
    out = _repair(text, tags)
    assert out[2] == "SECTION_ITEM" and out[4] == "SECTION_ITEM"  # each names its own body


def test_a_line_opening_with_a_cited_documents_number_continues_the_sentence_above() -> None:
    text = (
        "1. Đồng ý chủ trương chuyển giao theo đề nghị của Bộ trưởng tại các Tờ trình:\n"
        "Số 202/TTr-BVHTTDL ngày 11 tháng 5 năm 2026 của Chủ tịch Ủy ban nhân dân thành phố.\n"
        "\n"
        "Số 15/TTr-UBND ngày 3 tháng 4 năm 2026 của Ủy ban nhân dân tỉnh.\n"  # 4
    )
    out = _repair(text, ["ITEM", "SECTION_ITEM", "OTHER", "SECTION_ITEM"])
    assert out[1] == "ITEM_CONT"
    assert out[3] == "OTHER"


def test_a_line_opening_with_a_number_of_things_is_not_a_citation() -> None:
    text = "Số lượng cán bộ cần bố trí: Sở Nội vụ rà soát, báo cáo.\n"
    assert _repair(text, ["SECTION_ITEM"])[0] == "SECTION_ITEM"


def test_an_entry_into_force_clause_wrapped_inside_its_words_is_no_duty() -> None:
    text = (
        "1. Quyết định này có hiệu\n"
        "lực kể từ ngày 01 tháng 12 năm 2025.\n"
        "\n"
        "2. Sở Tài chính có trách nhiệm\n"  # 4
        "hướng dẫn thực hiện Quyết định này.\n"
    )
    out = _repair(text, ["SECTION_ITEM", "ITEM_CONT", "OTHER", "SECTION_ITEM", "ITEM_CONT"])
    assert out[0:2] == ["OTHER", "OTHER"]
    assert out[3] == "SECTION_ITEM"

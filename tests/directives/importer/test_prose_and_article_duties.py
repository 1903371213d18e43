"""Duties in running prose (news summaries), in articles of a decision that give a body its duties,
and in paragraphs under an addressee line ending with ":" — rules applied to any labeller's tags."""

from __future__ import annotations

from directives.importer.prose import run_in_duties
from directives.importer.repair import labelled_walk, repair_tags
from directives.importer.walker import read_text

NEWS = (
    "Ngày 07/12/2023, Ban Thường vụ Tỉnh ủy đã ban hành Chỉ thị số 35-CT/TU về việc tổ chức Tết; "
    "theo đó, Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng, chính quyền tập trung lãnh "
    "đạo, chỉ đạo thực hiện tốt các chính sách an sinh xã hội; chú ý chăm lo các gia đình chính "
    "sách. Bên cạnh đó, Ban Thường vụ Tỉnh ủy yêu cầu các cấp, các ngành, địa phương chủ động nắm "
    "tình hình, bảo đảm an ninh trật tự trong dịp Tết.\n"
    "Xem chi tiết tại đây."
)


def test_a_prose_paragraph_gives_one_duty_per_body_it_assigns() -> None:
    found = run_in_duties(NEWS.split("\n")[0])
    assert [name for _, name, _ in found] == [
        "các cấp ủy, tổ chức đảng, chính quyền",
        "các cấp, các ngành, địa phương",
    ]
    assert found[0][2].startswith("theo đó, Ban Thường vụ Tỉnh ủy yêu cầu")
    assert found[1][2].startswith("Bên cạnh đó, Ban Thường vụ Tỉnh ủy yêu cầu")


def test_the_news_lead_is_no_duty_and_each_body_gets_its_section() -> None:
    reading = read_text(NEWS)
    # a labeller that took the whole paragraph for one run-in duty
    walker = labelled_walk(reading, ["SECTION_ITEM", "OTHER"])
    assert [(s.line, s.addressee) for s in walker.sections] == [
        (1, "các cấp ủy, tổ chức đảng, chính quyền"),
        (1, "các cấp, các ngành, địa phương"),
    ]
    assert all(len(s.items) == 1 for s in walker.sections)
    assert not any("đã ban hành" in s.items[0].text for s in walker.sections)


def test_transfer_and_requirements_are_not_assignments() -> None:
    line = (
        "Đồng thời, nghiên cứu, xây dựng cơ chế, chính sách đặc thù cho chuyển giao các lĩnh vực khoa "
        "học, công nghệ có tính nền tảng; để bảo đảm tiến độ, yêu cầu về hợp nhất, sáp nhập đơn vị "
        "hành chính cấp tỉnh được thực hiện đúng quy định của Đảng và Nhà nước trong năm nay."
    )
    assert run_in_duties(line) == []


def test_the_same_body_named_again_goes_on_with_its_duty() -> None:
    line = (
        "Công an tỉnh tổ chức vận động, phát huy vai trò của người có uy tín theo chức năng, nhiệm vụ "
        "được giao. Đối với các địa bàn trọng điểm, giao Công an chủ trì, xây dựng kế hoạch cụ thể."
    )
    walker = labelled_walk(read_text(line), ["SECTION_ITEM"])
    assert [(s.addressee, len(s.items)) for s in walker.sections] == [("Công an tỉnh", 1)]


DECISION = """QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý kinh phí.
Điều 2. Phòng Lao động - Thương binh và Xã hội quận - huyện có nhiệm vụ:
1. Quản lý đối tượng, quản lý kinh phí thực hiện chính sách.
2. Lập dự toán kinh phí chi trả trợ cấp hằng năm.
3. Hằng tháng thực hiện các việc sau:
a) Mở sổ theo dõi từng loại đối tượng.
b) Kiểm tra danh sách chi trả.
Điều 3. Quyết định này có hiệu lực kể từ ngày ký."""


def test_an_article_giving_a_body_its_duties_is_its_section() -> None:
    reading = read_text(DECISION)
    tags = repair_tags(reading, ["OTHER"] * 9)
    assert tags == [
        "OTHER",
        "OTHER",
        "SECTION",
        "ITEM",
        "ITEM",
        "OTHER",  # "3. … các việc sau:" announces the duties nested under it
        "ITEM",
        "ITEM",
        "OTHER",
    ]


def test_a_heading_naming_whose_duties_follow_is_a_section() -> None:
    text = """2. Trách nhiệm của Ủy ban nhân dân các tỉnh, thành phố
a) Công bố công khai danh sách hộ được hỗ trợ.
b) Bố trí đủ vốn đối ứng.
3. Tổ chức thực hiện chính sách trong năm 2014."""
    tags = repair_tags(read_text(text), ["OTHER"] * 4)
    assert tags == ["SECTION", "ITEM", "ITEM", "OTHER"]


def test_paragraphs_under_an_addressee_line_ending_with_a_colon_are_its_duties() -> None:
    text = """Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy lãnh đạo:

Tăng cường quán triệt, nâng cao nhận thức của các cấp ủy về công tác dân vận.

Thường xuyên kiểm tra, giám sát việc thực hiện các chủ trương của Đảng.

Những năm qua, công tác dân vận đạt nhiều kết quả."""
    tags = repair_tags(read_text(text), ["OTHER"] * 7)
    assert [t for t in tags] == ["SECTION", "OTHER", "ITEM", "OTHER", "ITEM", "OTHER", "OTHER"]


def test_a_run_in_section_is_named_by_the_body_assigned_not_by_the_speaker() -> None:
    line = (
        "Thường trực Tỉnh uỷ yêu cầu Ban cán sự đảng Uỷ ban nhân dân tỉnh lãnh đạo Uỷ ban nhân dân "
        "tỉnh chủ trì, phối hợp với các cơ quan có liên quan chuẩn bị và tổ chức đại hội."
    )
    walker = labelled_walk(read_text(line), ["SECTION_ITEM"])
    assert [s.addressee for s in walker.sections] == ["Ban cán sự đảng Uỷ ban nhân dân tỉnh"]


def test_names_holding_giao_are_no_assignment() -> None:
    line = (
        "Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Sở Giao thông vận tải tuyên truyền an toàn "
        "giao thông trong dịp Tết; Sở Giáo dục và Đào tạo hướng dẫn các trường tổ chức ngoại khóa."
    )
    assert run_in_duties(line) == []
    walker = labelled_walk(read_text(line), ["SECTION_ITEM"])
    # the labeller's duty line opens with a body and its duty, so the body named the same way
    # after ";" goes on with its own duty; "Sở Giao thông vận tải" is assigned nothing
    assert [s.addressee for s in walker.sections] == [
        "Ban Tuyên giáo Tỉnh ủy",
        "Sở Giáo dục và Đào tạo",
    ]


def test_a_bare_list_of_bodies_in_its_own_paragraph_is_their_addressee() -> None:
    text = """Các huyện ủy, thành ủy lãnh đạo:

Tăng cường quán triệt chủ trương của Đảng về công tác dân vận.

Đảng đoàn Mặt trận Tổ quốc, các đoàn thể chính trị - xã hội tỉnh

Xây dựng kế hoạch tuyên truyền, vận động quần chúng."""
    tags = repair_tags(read_text(text), ["OTHER"] * 7)
    assert tags[4] == "SECTION" and tags[6] == "ITEM"


def test_a_cell_of_a_flattened_table_naming_bodies_is_no_addressee() -> None:
    text = """Các huyện ủy, thành ủy lãnh đạo:

Tăng cường quán triệt chủ trương của Đảng về công tác dân vận.
Viện, Trường; Sở, ban, ngành có liên quan
Xây dựng kế hoạch tuyên truyền, vận động quần chúng."""
    tags = repair_tags(read_text(text), ["OTHER"] * 5)
    assert tags[3] == "OTHER"

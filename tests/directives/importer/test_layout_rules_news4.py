"""Layout rules over the labeller's tags for news pages (news round 5), model-independent: each
test gives the tags a labeller might return and checks what the rules make of them."""

from __future__ import annotations

from directives.importer.prose import run_in_duties
from tests.directives.importer.layout import repaired as _repair
from tests.directives.importer.layout import walked as _walk

_REQUEST = (
    "Ban Thường vụ Huyện ủy yêu cầu cấp ủy các cấp trực tiếp chỉ đạo việc quán triệt, triển khai "
    "thực hiện Chỉ thị.\n"
)


def test_a_news_page_s_timestamp_caption_and_tagged_lead_are_no_duties() -> None:
    for line in (
        "17:28, Thứ Hai, 30/09/2019 (GMT+7)",
        "Quang cảnh hội nghị.",
        "Bí thư Huyện ủy Bố Trạch Đinh Hữu Thành khai mạc hội nghị",
        "(QBĐT) - Ngày 30-9, Huyện ủy Bố Trạch tổ chức hội nghị cán bộ cốt cán nghiên cứu, quán "
        "triệt Chỉ thị số 35-CT/TW.",
    ):
        text = line + "\n\n" + _REQUEST
        assert _repair(text, ["ITEM", "OTHER", "SECTION_ITEM"])[0] == "OTHER", line


def test_the_closing_byline_is_no_duty() -> None:
    for byline in ("Hà Lê", "Nguyên Lộc - Văn phòng Tỉnh ủy", "B.B.T"):
        text = _REQUEST + "\n" + byline + "\n\nSource: https://example.vn/bai-viet\n"
        tags = _repair(text, ["SECTION_ITEM", "OTHER", "ITEM", "OTHER", "OTHER"])
        assert tags[2] == "OTHER", byline


def test_a_short_duty_line_that_is_not_last_or_not_a_name_stays() -> None:
    text = "Hà Lê\n\n" + _REQUEST
    assert _repair(text, ["ITEM", "OTHER", "SECTION_ITEM"])[0] == "ITEM"
    text = _REQUEST + "\nTriển khai ngay các biện pháp phòng, chống dịch.\n"
    assert _repair(text, ["SECTION_ITEM", "OTHER", "ITEM"])[2] == "ITEM"


def test_a_paragraph_on_what_was_done_in_past_years_is_no_duty() -> None:
    for line in (
        "Theo đó, thời gian qua, trên địa bàn Thành phố liên tiếp xảy ra các vụ cháy gây thiệt "
        "hại nghiêm trọng về người và tài sản.",
        "Trong những năm qua, công tác giáo dục chính trị tư tưởng đã được các cấp ủy, chính "
        "quyền quan tâm lãnh đạo, chỉ đạo, đạt nhiều kết quả quan trọng.",
    ):
        text = line + "\n\n" + _REQUEST
        assert _repair(text, ["SECTION_ITEM", "OTHER", "SECTION_ITEM"])[0] == "OTHER", line


def test_a_past_paragraph_that_goes_on_to_assign_keeps_its_duty() -> None:
    text = (
        "Thời gian qua, tình hình cháy nổ diễn biến phức tạp, Ủy ban nhân dân Thành phố yêu cầu "
        "Công an Thành phố tăng cường kiểm tra.\n"
    )
    assert _repair(text, ["SECTION_ITEM"]) == ["SECTION_ITEM"]


def test_the_body_after_a_speaker_s_frame_carries_the_duty() -> None:
    line = (
        "Về một số nhiệm vụ trọng tâm trong Quý I năm 2025, Tổng Bí thư nêu rõ, Thường trực Ban "
        "Bí thư, Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam chỉ đạo xây dựng, ban hành "
        "kế hoạch thực hiện Nghị quyết số 57-NQ/TW. Ban cán sự đảng Chính phủ chỉ đạo rà soát, "
        "bổ sung Quy hoạch điện VIII."
    )
    found = run_in_duties(line, opens_duty=True)
    assert [name for _at, name, _duty in found] == [
        "Thường trực Ban Bí thư, Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        "Ban cán sự đảng Chính phủ",
    ]


def test_a_frame_without_a_body_after_it_gives_no_duty() -> None:
    line = (
        "Về việc thành lập Hội đồng tư vấn quốc gia, Tổng Bí thư nêu rõ, cơ cấu trong hội đồng "
        "phải bảo đảm cân đối tỷ lệ các nhà khoa học, chuyên gia đầu ngành các lĩnh vực, ưu tiên "
        "người có uy tín."
    )
    assert run_in_duties(line) == []


def test_a_news_lead_dropped_keeps_the_clause_of_the_body_the_walker_named() -> None:
    # the page's date and headline run into the lead, as on the stored page
    text = (
        "date 2019-07 Chính phủ ra công điện khẩn "
        "Chiều 3-7, Phó Thủ tướng Trịnh Đình Dũng, Trưởng Ban chỉ đạo Trung ương về phòng, chống "
        "thiên tai, có công điện gửi các tỉnh thuộc Bắc bộ và Bắc Trung bộ, các ngành liên quan. "
        "Theo đó, các ngành chức năng phải theo dõi chặt chẽ diễn biến cơn bão, chủ động triển "
        "khai các phương án ứng phó theo phương châm bốn tại chỗ. Các địa phương căn cứ tình hình"
        " cụ thể thực hiện việc cấm biển; tổ chức, hướng dẫn bảo đảm an toàn, giảm thiệt hại đối "
        "với lồng bè nuôi trồng thủy, hải sản. Ở khu vực ven biển, đồng bằng và đô thị, các tỉnh "
        "cần chủ động sơ tán, di dời dân cư tại các khu vực nguy hiểm; kiểm soát giao thông trên "
        "các tuyến cao tốc, cầu vượt biển để bảo đảm an toàn trong thời gian bão đổ bộ. Đối với "
        "khu vực miền núi, trung du: Tiếp tục rà soát các khu vực có nguy cơ cao xảy ra lũ quét, "
        "sạt lở đất để triển khai các biện pháp đảm bảo an toàn hồ đập xung yếu. Các bộ, ngành, "
        "địa phương chủ động triển khai các biện pháp ứng phó phù hợp với diễn biến của bão và "
        "sẵn sàng hỗ trợ địa phương xử lý, khắc phục hậu quả khi có yêu cầu."
        "\n"
    )
    walker = _walk(text, ["SECTION_ITEM"])
    names = [s.addressee for s in walker.sections if s.items]
    assert "Các địa phương" in names
    assert "Các bộ, ngành, địa phương" in names

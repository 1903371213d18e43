"""Task tables flattened one cell per line (Công báo PDF texts of Government resolutions): probe
texts beyond the corpus with the tags a labeller might give their lines (model-independent)."""

from __future__ import annotations

from tests.directives.importer.layout import repaired as _repair

HEADER = "TT\nNội dung, nhiệm vụ\nCơ quan chủ\ntrì thực hiện\nCơ quan\nphối hợp\nThời gian\n"


def _tags(text: str, given: dict[str, str]) -> tuple[list[str], list[str]]:
    lines = text.rstrip("\n").split("\n")
    return lines, [given.get(ln, "OTHER") for ln in lines]


def test_a_lead_column_wrapped_after_chu_still_marks_the_table_and_its_rows() -> None:
    text = HEADER + (
        "I\nHoàn thiện thể chế về phòng, chống thiên tai\n"
        "1\nRà soát, thể chế hóa các chủ trương\nBộ Nông nghiệp và Môi trường\nNăm 2026\n"
        "2\nBổ sung, điều chỉnh chiến lược\nBộ Xây dựng\nNăm 2026\n"
    )
    lines, tags = _tags(text, {"Hoàn thiện thể chế về phòng, chống thiên tai": "ITEM"})
    out = dict(zip(lines, _repair(text, tags), strict=True))
    assert out["Rà soát, thể chế hóa các chủ trương"] == "ITEM"
    assert out["Bổ sung, điều chỉnh chiến lược"] == "ITEM"
    assert out["Hoàn thiện thể chế về phòng, chống thiên tai"] == "OTHER"  # a group's title


def test_a_row_with_dash_sub_rows_gives_the_sub_rows_not_the_row() -> None:
    text = HEADER + (
        "1\nHoàn thiện hệ thống tiêu chuẩn, quy\nchuẩn kỹ thuật quốc gia.\n"
        "-\nCông trình đê điều, hồ đập.\nBộ Nông nghiệp và Môi trường\n"
        "-\nCông trình giao thông.\nBộ Xây dựng\n"
        "2\nSửa đổi quy hoạch hệ thống kho tàng\nBộ Tài chính\n"
    )
    lines, tags = _tags(
        text,
        {
            "Hoàn thiện hệ thống tiêu chuẩn, quy": "ITEM",
            "chuẩn kỹ thuật quốc gia.": "ITEM_CONT",
        },
    )
    out = dict(zip(lines, _repair(text, tags), strict=True))
    assert out["Hoàn thiện hệ thống tiêu chuẩn, quy"] == "OTHER"
    assert out["Công trình đê điều, hồ đập."] == "ITEM"
    assert out["Công trình giao thông."] == "ITEM"
    assert out["Sửa đổi quy hoạch hệ thống kho tàng"] == "ITEM"


def test_a_row_running_on_after_the_repeated_header_and_a_broken_cell_open_no_duty() -> None:
    text = HEADER + (
        "1\nỨng dụng thiết bị bay không người lái\nBộ Quốc phòng\nNghị định số 09/2026/NĐ-\nCP4\n"
        + HEADER
        + "(UAV), mô hình trí tuệ nhân tạo\n(AI) và khoa học máy tính phân tích\n"
        "2\nCập nhật bản đồ rủi ro thiên tai\nBộ Nông nghiệp và Môi trường\n"
    )
    lines, tags = _tags(text, {"CP4": "ITEM", "(AI) và khoa học máy tính phân tích": "ITEM"})
    out = _repair(text, tags)
    assert [ln for ln, t in zip(lines, out, strict=True) if t == "ITEM"] == [
        "Ứng dụng thiết bị bay không người lái",
        "Cập nhật bản đồ rủi ro thiên tai",
    ]

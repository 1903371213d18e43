"""Unit matching (aliases, abbreviations, typos, successors) and deadline reading."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from directives.importer import (
    Registry,
    RegistryGroup,
    RegistryUnit,
    load_registry_json,
    parse_directive,
)
from directives.importer.deadlines import parse_deadline
from directives.importer.metadata import strip_references
from directives.importer.normalize import canon
from directives.importer.units import UnitMatcher

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def matcher() -> UnitMatcher:
    return UnitMatcher(load_registry_json(DATA / "kontum-2021-registry.json"))


@pytest.mark.parametrize(
    ("phrase", "codes"),
    [
        ("Ban Thưòng vụ Tỉnh đoàn", ["BTV-TD-KT"]),  # typo
        ("BTV Tỉnh đoàn", ["BTV-TD-KT"]),
        ("Ban Dân vận Tỉnh uỷ", ["BDV-TU-KT"]),  # "uỷ" spelling
        ("BAN DÂN VẬN TỈNH ỦY", ["BDV-TU-KT"]),  # case
        ("Đảng đoàn Hội LHPN tỉnh", ["DD-LHPN-KT"]),
        ("Đảng đoàn Hội Liên hiệp Phụ nữ tỉnh", ["DD-LHPN-KT"]),
        ("Đảng đoàn LĐLĐ tỉnh", ["DD-LDLD-KT"]),
        ("Đảng đoàn Hội CCB tỉnh", ["DD-CCB-KT"]),
        ("Đảng đoàn UBMTTQ Việt Nam tỉnh", ["DD-MTTQ-KT"]),
        ("Ban cán sự đảng UBND tỉnh", ["BCSD-UBND-KT"]),
        ("Sở TT&TT", ["STTTT-KT"]),
        ("Sở LĐ-TB&XH", ["SLDTBXH-KT"]),
        ("Đảng ủy Công an tỉnh", ["DU-CA-KT"]),  # longest name wins over "Công an tỉnh"
        ("Ban Dan van Tinh uy", ["BDV-TU-KT"]),  # no accents at all
        ("Ban Dân vạn Tỉnh ủi", ["BDV-TU-KT"]),  # fuzzy
    ],
)
def test_aliases_abbreviations_and_typos(
    matcher: UnitMatcher, phrase: str, codes: list[str]
) -> None:
    m = matcher.match(phrase)
    assert m.codes == codes and m.leftovers == []


def test_group_alias_expands_to_members(matcher: UnitMatcher) -> None:
    m = matcher.match("Thành ủy, các huyện ủy và đảng ủy trực thuộc Tỉnh ủy")
    assert m.group_codes == ["G-CUTT-KT"] and len(m.codes) == 15


def test_unmatched_pieces_are_returned_as_written(matcher: UnitMatcher) -> None:
    m = matcher.match("Ban Dân vận Tỉnh ủy, Hội Doanh nhân trẻ tỉnh")
    assert m.codes == ["BDV-TU-KT"]
    assert m.leftovers == ["Hội Doanh nhân trẻ tỉnh"]


def test_old_names_resolve_to_successors_after_dissolution(matcher: UnitMatcher) -> None:
    assert matcher.match("Ban Dân vận Tỉnh ủy", date(2021, 9, 7)).codes == ["BDV-TU-KT"]
    assert matcher.match("Ban Dân vận Tỉnh ủy", date(2025, 4, 1)).codes == ["BTGDV-TU-KT"]
    # chained: Kon Tum merged into Quảng Ngãi on 2025-07-01
    assert matcher.match("Ban Dân vận Tỉnh ủy", date(2025, 8, 1)).codes == ["BTGDV-TU-QNG"]
    assert matcher.match("Sở Thông tin và Truyền thông", date(2025, 6, 1)).codes == ["SKHCN-KT"]


def test_registry_from_plain_dataclasses() -> None:
    registry = Registry(
        units=[
            RegistryUnit(
                "A", "Ban Tuyên giáo Huyện ủy Đắk Hà", "Ban Tuyên giáo Huyện ủy", ["BTG Huyện ủy"]
            ),
            RegistryUnit("B", "Văn phòng Huyện ủy Đắk Hà", "Văn phòng Huyện ủy"),
        ],
        groups=[RegistryGroup("G", "Các chi, đảng bộ cơ sở", ["các chi, đảng bộ cơ sở"], ["B"])],
    )
    text = (
        "Ban Thường vụ Huyện ủy yêu cầu:\n"
        "Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Văn phòng Huyện ủy theo dõi, đôn đốc việc thực hiện Chỉ thị này.\n"
    )
    result = parse_directive(text, registry)
    assert result.sections[0].units == ["A"]
    assert result.items[0].cooperating == ["B"]
    assert result.directive.supervisor_units == ["A"]


def test_canon_folds_accents_case_and_abbreviations() -> None:
    assert canon("UBND tỉnh") == canon("Ủy ban nhân dân Tỉnh") == "uy ban nhan dan tinh"
    assert canon("Hội LHPN") == canon("Hội Liên hiệp Phụ nữ")
    assert canon("Ủy ban MTTQ Việt Nam") == canon("Uỷ ban Mặt trận Tổ quốc")


ISSUED = date(2021, 9, 7)


@pytest.mark.parametrize(
    ("text", "mode", "due", "cadence"),
    [
        ("Báo cáo kết quả trước ngày 20/11.", "fixed", date(2021, 11, 20), "one_off"),
        ("Hoàn thành trước ngày 30/6.", "fixed", date(2022, 6, 30), "one_off"),  # next such date
        ("Trình Thủ tướng trong quý 1/2019.", "fixed", date(2019, 3, 31), "one_off"),
        ("Tổ chức sơ kết trong quý IV/2021.", "fixed", date(2021, 12, 31), "one_off"),
        ("Hoàn thành trong tháng 12/2013.", "fixed", date(2013, 12, 31), "one_off"),
        (
            "Chậm nhất ngày 15 tháng 12 năm 2021 gửi báo cáo.",
            "fixed",
            date(2021, 12, 15),
            "one_off",
        ),
        ("Định kỳ 6 tháng báo cáo Ban Thường vụ.", "periodic", None, "semi_annual"),
        (
            "Định kỳ hàng năm tổng hợp, báo cáo (trước ngày 20/11).",
            "periodic",
            date(2021, 11, 20),
            "annual",
        ),
        ("Hằng năm báo cáo kết quả.", "periodic", None, "annual"),
        ("Hằng quý tổng hợp danh sách.", "periodic", None, "quarterly"),
        ("Hằng tháng báo cáo tiến độ.", "periodic", None, "monthly"),
        ("Thường xuyên kiểm tra, giám sát.", "continuous", None, None),
        ("Thường xuyên theo dõi; định kỳ 6 tháng báo cáo.", "continuous", None, "semi_annual"),
        ("Nâng cao chất lượng đoàn viên.", None, None, None),
    ],
)
def test_deadlines(text: str, mode: str | None, due: date | None, cadence: str | None) -> None:
    d = parse_deadline(text, ISSUED)
    assert (d.mode, d.due, d.cadence) == (mode, due, cadence)


def test_year_is_unresolved_without_a_directive_date() -> None:
    d = parse_deadline("Định kỳ hàng năm báo cáo (trước ngày 20/11).", None)
    assert (d.mode, d.due, d.cadence) == ("periodic", None, "annual")


def test_a_cited_directive_date_is_not_a_deadline() -> None:
    text = (
        "Ban Thường vụ Tỉnh ủy yêu cầu:\n"
        "Ban cán sự đảng UBND tỉnh thực hiện Chỉ thị số 16/CT-TTg, ngày 16/5/2016 của Thủ tướng Chính phủ.\n"
    )
    item = parse_directive(text).items[0]
    assert item.deadline is None and item.deadline_mode is None


@pytest.mark.parametrize(
    "text",
    [
        "Căn cứ Quyết định số 22/2013/QĐ-TTg ngày 12/3/2020 của Thủ tướng, báo cáo kết quả.",
        "Căn cứ kết quả rà soát ngày 12/3/2020, tổ chức thực hiện.",
        "Thực hiện Kế hoạch ngày 12 tháng 3 năm 2020, triển khai các nội dung.",
        "Theo Thông báo kết luận ngày 05/01/2021, khẩn trương rà soát.",
    ],
)
def test_a_dated_mention_is_not_a_deadline(text: str) -> None:
    """A cited document's or an event's full date ("ngày 12/3/2020") gives no deadline."""
    assert parse_deadline(strip_references(text), ISSUED) == parse_deadline("", ISSUED)


def test_a_dated_mention_does_not_hide_the_real_deadline() -> None:
    text = "Theo Công văn ngày 12/3/2020, báo cáo kết quả trước ngày 30/11/2021."
    d = parse_deadline(strip_references(text), ISSUED)
    assert (d.mode, d.due, d.cadence) == ("fixed", date(2021, 11, 30), "one_off")


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Tổ chức thực hiện trong năm 2022 và các năm tiếp theo.", date(2022, 12, 31)),
        ("Triển khai từ năm 2022 và những năm tiếp theo.", None),
        ("Bố trí kinh phí hằng năm để thực hiện.", None),
        ("Hàng năm, tổ chức sơ kết, báo cáo trước ngày 15/12.", date(2021, 12, 15)),
    ],
)
def test_yearly_duties_have_an_annual_cadence(text: str, due: date | None) -> None:
    d = parse_deadline(text, ISSUED)
    assert (d.mode, d.due, d.cadence) == ("periodic", due, "annual")


def test_the_parser_exposes_cadence_and_ignores_cited_dates() -> None:
    text = (
        "Ủy ban nhân dân tỉnh yêu cầu:\n"
        "1. Sở Tài chính căn cứ Kế hoạch ngày 12 tháng 3 năm 2020 của Bộ Tài chính, rà soát các khoản chi.\n"
        "2. Sở Y tế tổ chức kiểm tra trong năm 2022 và các năm tiếp theo.\n"
        "3. Sở Nội vụ hằng năm tổng hợp, báo cáo kết quả thực hiện.\n"
    )
    sections = parse_directive(text).as_dict()["sections"]
    assert [s["addressee"] for s in sections] == ["Sở Tài chính", "Sở Y tế", "Sở Nội vụ"]
    items = [i for s in sections for i in s["items"]]
    got = [(i["deadline"], i["deadline_mode"], i["cadence"]) for i in items]
    assert got == [
        (None, None, None),
        ("2022-12-31", "periodic", "annual"),
        (None, "periodic", "annual"),
    ]


def test_duties_without_addressee_form_a_general_section() -> None:
    text = (
        "NGHỊ QUYẾT\nvề phát triển kinh tế tập thể\n\nHội nghị thống nhất:\n"
        "1. Tăng cường sự lãnh đạo của các cấp ủy đối với kinh tế tập thể.\n"
        "2. Đẩy mạnh tuyên truyền, hoàn thành trước ngày 31/12/2023.\n"
        "Giao Ban Dân vận Tỉnh ủy theo dõi, đôn đốc, kiểm tra việc thực hiện Nghị quyết này.\n"
    )
    result = parse_directive(text, load_registry_json(DATA / "kontum-2021-registry.json"))
    general, closing = result.sections
    assert (general.addressee, [i.line for i in general.items]) == (None, [5, 6])
    assert general.items[1].deadline == date(2023, 12, 31)
    assert (closing.units, result.directive.kind, result.directive.supervisor) == (
        ["BDV-TU-KT"],
        "nghi_quyet",
        "Ban Dân vận Tỉnh ủy",
    )


def test_a_text_of_many_dates_is_read_in_linear_time() -> None:
    # each date phrase was checked against every span already read: 40,000 of them took minutes
    import time

    from directives.importer.deadlines import find_due_date

    text = "trước ngày 20/11/2025, trong năm 2014, ngày 3 tháng 2 năm 2020, " * 40_000
    started = time.perf_counter()
    due, phrase, found = find_due_date(text, None)
    assert time.perf_counter() - started < 10
    assert (due, phrase, found) == (date(2025, 11, 20), "trước ngày 20/11/2025", True)


def test_overlapping_date_phrases_are_read_once() -> None:
    from directives.importer.deadlines import find_due_date

    # the plain date of a cited text is no deadline; the month inside the day phrase is not read
    # again
    assert find_due_date("Kế hoạch ban hành ngày 12 tháng 3 năm 2020.", None)[2] is False
    assert find_due_date("hoàn thành trước ngày 20 tháng 11 năm 2025", None)[:2] == (
        date(2025, 11, 20),
        "hoàn thành trước ngày 20 tháng 11 năm 2025",
    )

"""The demo's 2025: the boards merge, the Front takes in the mass organisations, and on
1/7/2025 Kon Tum joins Quảng Ngãi, the district level ends and the communes take over.

Played through the product's own reorganisation services (assignments.reorganisation:
`reorganisation_create` then `reorganisation_apply`, the clock on the effective day), so
the handover of directive 06's open assignments, the obligations that move and the unit
history are exactly what a board would get by doing it by hand in the app.

Sources (read 12/2026; the mapping is written from them, not copied):
- Nghị quyết 202/2025/QH15 (12/6/2025) of the National Assembly on arranging the
  provinces: Kon Tum and Quảng Ngãi form the new Quảng Ngãi from 1/7/2025 (the plan set
  by Nghị quyết 60-NQ/TW of 12/4/2025, the Central Committee's 11th plenum).
- Nghị quyết 1677/NQ-UBTVQH15 (16/6/2025) of the UBTVQH on arranging the commune-level
  units of Quảng Ngãi province in 2025 (full text: thuviennhadat.vn,
  /van-ban-phap-luat-viet-nam/nghi-quyet-1677-nq-ubtvqh15-2025-sap-xep-cac-don-vi-hanh-
  chinh-cap-xa-quang-ngai-661113.html). Note: 1656/NQ-UBTVQH15 is Hà Nội's, not ours.
  The new Quảng Ngãi has 96 commune-level units (86 xã, 9 phường, 1 đặc khu);
  40 of them lie in former Kon Tum (gomangden.com/?p=3077 for the totals; 5 xã kept
  unchanged: Đăk Long, Ba Xa, Rờ Kơi, Mô Rai, Ia Đal).
- Kon Tum city: 21 units into 3 phường and 3 xã (baogialai.com.vn, "TP.Kon Tum chỉ giữ
  lại 1 phường có tên Kon Tum", 21/4/2025); which old units form each: the per-commune
  table of the resolution as reproduced in a public conversion table (GitHub code
  search, "Batch 8 Part 2: Generate Quảng Ngãi (mới) province data"); the new names
  cross-checked with the 2026 minimum-wage zones list (vùng III: phường Kon Tum, Đăk
  Cấm, Đăk Bla, xã Ngọk Bay, Ia Chim, Đăk Rơ Wa, Đăk Pxi, Đăk Mar, Đăk Ui, Đăk Hà,
  Ngọk Réo).
- Đăk Hà (11 units into 5 xã) and Đăk Tô (9 units into 3 xã) from the same table; the
  table files Ngọk Tụ under Đăk Hà, but Ngọk Tụ and Đăk Rơ Nga are Đăk Tô communes
  (Nghị định 76/2005/NĐ-CP), so the demo keeps them with Đăk Tô.
- The other seven districts: the new communes of the same table, which the demo lists
  without their old communes (a representative subset of the detail: names only).
- Ban Tuyên giáo and Ban Dân vận of the provincial Party committees merged into "Ban
  Tuyên giáo và Dân vận" in the streamlining of early 2025, after the Central
  Committee's own boards; the sources searched did not give Kon Tum's day, so the demo
  uses 1/3/2025 (the brief's date).
"""

import datetime as dt

from assignments.reorganisation import (
    Plan,
    Target,
    open_work,
    reorganisation_apply,
    reorganisation_create,
)
from tracker.models import Unit

BOARD_MERGE_ON = dt.date(2025, 3, 1)
PROVINCE_MERGE_ON = dt.date(2025, 7, 1)

TUYEN_GIAO = ("btg-tu", "Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo")
MERGED_BOARD = ("btgdv-tu", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ban TG&DV")
MASS_ORGS = ["dd-hlhpn", "dd-hnd", "dd-hccb", "dd-ldld", "btv-tinhdoan"]
FRONT = "dd-mttq"
RENAMES = {
    "tu-kontum": ("Tỉnh ủy Quảng Ngãi", "Tỉnh ủy"),
    "ubnd-tinh": ("Ủy ban nhân dân tỉnh Quảng Ngãi", "UBND tỉnh"),
}

# Old district committee -> its communes' Party committees after 1/7/2025:
# (code, name of the new xã/phường, the old units it is formed from). The first one of
# each district holds the old seat (it takes a joint item's lead, if any).
COMMUNES: dict[str, list[tuple[str, str, list[str]]]] = {
    "thanhuy-kontum": [
        ("du-p-kontum", "phường Kon Tum", ["phường Quang Trung", "phường Quyết Thắng",
                                           "phường Thắng Lợi", "phường Trường Chinh",
                                           "phường Thống Nhất"]),
        ("du-p-dakcam", "phường Đăk Cấm", ["phường Ngô Mây", "phường Duy Tân",
                                           "xã Đăk Cấm"]),
        ("du-p-dakbla", "phường Đăk Bla", ["phường Trần Hưng Đạo", "phường Lê Lợi",
                                           "phường Nguyễn Trãi"]),
        ("du-x-ngokbay", "xã Ngọk Bay", ["xã Kroong", "xã Vinh Quang", "xã Ngọk Bay"]),
        ("du-x-iachim", "xã Ia Chim", ["xã Đoàn Kết", "xã Đăk Năng", "xã Ia Chim"]),
        ("du-x-dakrowa", "xã Đăk Rơ Wa", ["xã Hòa Bình", "xã Chư Hreng", "xã Đăk Blà",
                                          "xã Đăk Rơ Wa"]),
    ],
    "huyenuy-dakha": [
        ("du-x-dakha", "xã Đăk Hà", ["thị trấn Đăk Hà", "xã Hà Mòn", "xã Đăk La"]),
        ("du-x-dakpxi", "xã Đăk Pxi", ["xã Đăk Long", "xã Đăk Pxi"]),
        ("du-x-dakmar", "xã Đăk Mar", ["xã Đăk Hring", "xã Đăk Mar"]),
        ("du-x-dakui", "xã Đăk Ui", ["xã Đăk Ngọk", "xã Đăk Ui"]),
        ("du-x-ngokreo", "xã Ngọk Réo", ["xã Ngọk Wang", "xã Ngọk Réo"]),
    ],
    "huyenuy-dakto": [
        ("du-x-dakto", "xã Đăk Tô", ["thị trấn Đăk Tô", "xã Tân Cảnh", "xã Pô Kô",
                                     "xã Diên Bình"]),
        ("du-x-kondao", "xã Kon Đào", ["xã Văn Lem", "xã Đăk Trăm", "xã Kon Đào"]),
        ("du-x-ngoktu", "xã Ngọk Tụ", ["xã Đăk Rơ Nga", "xã Ngọk Tụ"]),
    ],
    "huyenuy-tumorong": [
        ("du-x-tumorong", "xã Tu Mơ Rông", []), ("du-x-daksao", "xã Đăk Sao", []),
        ("du-x-daktokan", "xã Đăk Tờ Kan", []), ("du-x-mangri", "xã Măng Ri", []),
    ],
    "huyenuy-ngochoi": [
        ("du-x-boy", "xã Bờ Y", []), ("du-x-saloong", "xã Sa Loong", []),
        ("du-x-ducnong", "xã Dục Nông", []),
    ],
    "huyenuy-dakglei": [
        ("du-x-dakpek", "xã Đăk Pék", []), ("du-x-xop", "xã Xốp", []),
        ("du-x-ngoclinh", "xã Ngọc Linh", []), ("du-x-dakplo", "xã Đăk Plô", []),
        ("du-x-dakmon", "xã Đăk Môn", []), ("du-x-daklong", "xã Đăk Long", []),
    ],
    "huyenuy-sathay": [
        ("du-x-sathay", "xã Sa Thầy", []), ("du-x-sabinh", "xã Sa Bình", []),
        ("du-x-yaly", "xã Ya Ly", []), ("du-x-rokoi", "xã Rờ Kơi", []),
        ("du-x-morai", "xã Mô Rai", []),
    ],
    "huyenuy-iahdrai": [
        ("du-x-iatoi", "xã Ia Tơi", []), ("du-x-iadal", "xã Ia Đal", []),
    ],
    "huyenuy-konray": [
        ("du-x-dakrve", "xã Đăk Rve", []), ("du-x-dakkoi", "xã Đăk Kôi", []),
        ("du-x-konbraih", "xã Kon Braih", []),
    ],
    "huyenuy-konplong": [
        ("du-x-mangden", "xã Măng Đen", []), ("du-x-mangbut", "xã Măng Bút", []),
        ("du-x-konplong", "xã Kon Plông", []),
    ],
}
SUCCESSOR_CODES = [code for rows in COMMUNES.values() for code, *_rest in rows]

# The demo login of one new commune: the ward that holds the old city seat.
COMMUNE_USER = ("phuongkontum", "Cán bộ", "Đảng ủy phường Kon Tum", "du-p-kontum",
                "reporter")


def committee_name(commune: str) -> str:
    return f"Đảng ủy {commune}"


def _apply(plan: Plan, actor, *, each_to_all: bool = False):
    """Save the plan as a draft and apply it, as a board does in the app. A split
    takes the preview's suggestion: each-mode items to every successor, a joint item's
    lead to the first."""
    if each_to_all:
        plan.choices = {a.pk: chosen for a, chosen in open_work(plan, strict=False)}
    row = reorganisation_create(plan=plan, actor=actor)
    return reorganisation_apply(reorganisation=row, actor=actor)


def boards_merge(units: dict[str, Unit], actor) -> None:
    """1/3/2025: Ban Tuyên giáo + Ban Dân vận -> Ban Tuyên giáo và Dân vận; the
    mass organisations move under the Front."""
    code, name, short = TUYEN_GIAO
    root = units["tu-kontum"]
    tuyen_giao, _ = Unit.objects.get_or_create(
        code=code, defaults={"name": name, "short_name": short, "parent": root,
                             "kind": Unit.Kind.ADVISORY_BOARD, "aliases": [name]})
    code, name, short = MERGED_BOARD
    _apply(Plan(kind="merge", effective_on=BOARD_MERGE_ON,
                sources=[units["bdv-tu"], tuyen_giao],
                targets=[Target(code=code, name=name, kind=Unit.Kind.ADVISORY_BOARD,
                                parent=root)],
                note="Hợp nhất Ban Tuyên giáo Tỉnh ủy và Ban Dân vận Tỉnh ủy."), actor)
    Unit.objects.filter(code=code).update(short_name=short, aliases=[name])
    _apply(Plan(kind="move", effective_on=BOARD_MERGE_ON,
                sources=[units[c] for c in MASS_ORGS], new_parent=units[FRONT],
                note="Các đoàn thể chính trị - xã hội trực thuộc Mặt trận Tổ quốc."), actor)


def province_merge(units: dict[str, Unit], actor) -> None:
    """1/7/2025: Kon Tum joins Quảng Ngãi (the province's units renamed), the district
    committees end and their communes' Party committees take their open work."""
    for code, (name, short) in RENAMES.items():
        _apply(Plan(kind="rename", effective_on=PROVINCE_MERGE_ON,
                    sources=[Unit.objects.get(code=code)], new_name=name,
                    new_short_name=short,
                    note="Nghị quyết 202/2025/QH15: hợp nhất tỉnh Kon Tum và tỉnh Quảng "
                         "Ngãi."), actor)
    root = Unit.objects.get(code="tu-kontum")
    for district, communes in COMMUNES.items():
        old = Unit.objects.get(code=district)
        _apply(Plan(kind="split", effective_on=PROVINCE_MERGE_ON, sources=[old],
                    targets=[Target(code=code, name=committee_name(commune),
                                    kind=Unit.Kind.PARTY_COMMITTEE, parent=root)
                             for code, commune, _formed in communes],
                    note=f"Nghị quyết 1677/NQ-UBTVQH15: {old.name} kết thúc hoạt động; "
                         "đảng ủy các xã, phường mới tiếp nhận."), actor, each_to_all=True)
    for communes in COMMUNES.values():
        for code, commune, formed in communes:
            aliases = [committee_name(commune)]
            if formed:
                aliases.append(f"{commune} (từ {', '.join(formed)})")
            Unit.objects.filter(code=code).update(short_name=commune, aliases=aliases)

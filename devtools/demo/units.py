"""Kon Tum's units as they were in 2021, and the groups directive 06-CT/TU addresses."""

# (code, name, short_name, kind, aliases)
PROVINCE = ("tu-kontum", "Tỉnh ủy Kon Tum", "Tỉnh ủy", "leadership", ["Tỉnh ủy"])

UNITS: list[tuple[str, str, str, str, list[str]]] = [
    ("btv-tu", "Ban Thường vụ Tỉnh ủy", "BTV Tỉnh ủy", "leadership",
     ["Ban Thường vụ Tỉnh ủy", "BTV Tỉnh ủy", "Ban Thường vụ Tỉnh uỷ"]),
    ("tt-tu", "Thường trực Tỉnh ủy", "TT Tỉnh ủy", "leadership", ["Thường trực Tỉnh ủy"]),
    ("bdv-tu", "Ban Dân vận Tỉnh ủy", "Ban Dân vận", "advisory_board",
     ["Ban Dân vận Tỉnh ủy", "Ban Dân vận Tỉnh uỷ", "BDV Tỉnh ủy"]),
    ("thanhuy-kontum", "Thành ủy Kon Tum", "Thành ủy Kon Tum", "party_committee",
     ["Thành ủy", "Thành ủy Kon Tum"]),
    ("huyenuy-dakglei", "Huyện ủy Đắk Glei", "Đắk Glei", "party_committee", []),
    ("huyenuy-ngochoi", "Huyện ủy Ngọc Hồi", "Ngọc Hồi", "party_committee", []),
    ("huyenuy-dakto", "Huyện ủy Đắk Tô", "Đắk Tô", "party_committee", []),
    ("huyenuy-tumorong", "Huyện ủy Tu Mơ Rông", "Tu Mơ Rông", "party_committee", []),
    ("huyenuy-sathay", "Huyện ủy Sa Thầy", "Sa Thầy", "party_committee", []),
    ("huyenuy-iahdrai", "Huyện ủy Ia H'Drai", "Ia H'Drai", "party_committee", []),
    ("huyenuy-dakha", "Huyện ủy Đắk Hà", "Đắk Hà", "party_committee", []),
    ("huyenuy-konray", "Huyện ủy Kon Rẫy", "Kon Rẫy", "party_committee", []),
    ("huyenuy-konplong", "Huyện ủy Kon Plông", "Kon Plông", "party_committee", []),
    ("dangu-khoi-coquan", "Đảng ủy Khối các cơ quan tỉnh", "ĐU Khối các cơ quan",
     "party_committee", []),
    ("dangu-khoi-doanhnghiep", "Đảng ủy Khối doanh nghiệp tỉnh", "ĐU Khối doanh nghiệp",
     "party_committee", []),
    ("dangu-quansu", "Đảng ủy Quân sự tỉnh", "ĐU Quân sự", "party_committee", []),
    ("dangu-congan", "Đảng ủy Công an tỉnh", "ĐU Công an", "party_committee", []),
    ("dangu-biendphong", "Đảng ủy Bộ đội Biên phòng tỉnh", "ĐU Biên phòng",
     "party_committee", []),
    ("bcsd-ubnd", "Ban cán sự đảng UBND tỉnh", "BCS đảng UBND tỉnh", "party_delegation",
     ["Ban cán sự đảng Ủy ban nhân dân tỉnh", "BCSĐ UBND tỉnh"]),
    ("ubnd-tinh", "Ủy ban nhân dân tỉnh Kon Tum", "UBND tỉnh", "government",
     ["UBND tỉnh", "Ủy ban nhân dân tỉnh"]),
    ("dd-mttq", "Đảng đoàn Ủy ban MTTQ Việt Nam tỉnh", "Đảng đoàn MTTQ", "party_delegation",
     ["Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Đảng đoàn UBMTTQ"]),
    ("dd-hlhpn", "Đảng đoàn Hội Liên hiệp Phụ nữ tỉnh", "Đảng đoàn Hội LHPN", "party_delegation",
     ["Đảng đoàn Hội LHPN tỉnh"]),
    ("dd-hnd", "Đảng đoàn Hội Nông dân tỉnh", "Đảng đoàn Hội Nông dân", "party_delegation", []),
    ("dd-hccb", "Đảng đoàn Hội Cựu chiến binh tỉnh", "Đảng đoàn Hội CCB", "party_delegation",
     ["Đảng đoàn Hội CCB tỉnh"]),
    ("dd-ldld", "Đảng đoàn Liên đoàn Lao động tỉnh", "Đảng đoàn LĐLĐ", "party_delegation",
     ["Đảng đoàn LĐLĐ tỉnh"]),
    ("btv-tinhdoan", "Ban Thường vụ Tỉnh đoàn", "Tỉnh đoàn", "mass_organisation",
     ["Ban Thường vụ Tỉnh đoàn", "BTV Tỉnh đoàn", "Tỉnh đoàn"]),
]

DISTRICT_COMMITTEES = [code for code, *_rest in UNITS
                       if code.startswith(("thanhuy-", "huyenuy-", "dangu-"))]
FRONT_AND_MASS_ORGS = ["dd-mttq", "dd-hlhpn", "dd-hnd", "dd-hccb", "dd-ldld", "btv-tinhdoan"]

# (code, name, aliases, members)
GROUPS: list[tuple[str, str, list[str], list[str]]] = [
    ("cap-uy-truc-thuoc", "Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy",
     ["Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy",
      "các huyện ủy, thành ủy, đảng ủy trực thuộc", "các cấp ủy trực thuộc Tỉnh ủy"],
     DISTRICT_COMMITTEES),
    ("mttq-doan-the",
     "Đảng đoàn MTTQ, các đoàn thể chính trị - xã hội tỉnh, Ban Thường vụ Tỉnh đoàn",
     ["Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam, các đoàn thể chính trị - xã hội tỉnh, "
      "Ban Thường vụ Tỉnh đoàn", "Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội tỉnh"],
     FRONT_AND_MASS_ORGS),
    ("doan-the-ctxh", "Các đoàn thể chính trị - xã hội tỉnh",
     ["các đoàn thể chính trị - xã hội tỉnh"],
     ["dd-hlhpn", "dd-hnd", "dd-hccb", "dd-ldld", "btv-tinhdoan"]),
]

# username, first/last name, unit, role
DEMO_USERS = [
    ("danvan", "Cán bộ", "Ban Dân vận", "bdv-tu", "reviewer"),
    ("lanhdao", "Lãnh đạo", "Thường trực Tỉnh ủy", "tt-tu", "leader"),
    ("thanhuy", "Cán bộ", "Thành ủy Kon Tum", "thanhuy-kontum", "reporter"),
    ("tinhdoan", "Cán bộ", "Tỉnh đoàn", "btv-tinhdoan", "reporter"),
]

"""Line-level structure: list markers, addressees, parts, tables and closing clauses.

This module only *reads* lines; :mod:`.parser` walks them and builds sections.

Vocabulary:
* a **marker** opens a list entry: roman ``I.``, ``Điều 1.``, ``1.``/``1.2.``,
  ``a)``, ``-``/``•``, ``+``; each has a depth (smaller = higher level);
* an **addressee** is a body or a list of bodies that opens a line
  ("Ban cán sự đảng UBND tỉnh lãnh đạo ...:", "2. Bộ Quốc phòng",
  "Công an tỉnh tổ chức ..."), found by head nouns and cut at the first role
  verb or colon;
* a **closing clause** names the supervising body ("... theo dõi, đôn đốc,
  kiểm tra việc thực hiện Chỉ thị này", "báo cáo ... về Bộ X tổng hợp").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import fold, is_all_caps

# --------------------------------------------------------------------------- markers

_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("roman", re.compile(r"^([IVX]{1,5})\s*[.\-–)]\s*(\S.*)$")),
    ("dieu", re.compile(r"^(Điều|ĐIỀU|Ðiều)\s+(\d{1,3})\s*[.:]?\s*(.*)$")),
    # "1-" / "a-" is the older Party style ("1- Các cấp ủy đảng lãnh đạo …")
    ("num", re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(?:\s*[.)]\s*|-\s+)(\S.*)$")),
    ("alpha", re.compile(r"^([a-zđ])\s*\)\s*(\S.*)$|^([a-zđ])(?:\.|-)\s+(\S.*)$")),
    ("dash", re.compile(r"^[-–—•·●▪]\s*(\S.*)$")),
    ("plus", re.compile(r"^[+*]\s*(\S.*)$")),
]
_DEPTH = {"roman": 0, "dieu": 1, "num": 2, "alpha": 6, "dash": 7, "plus": 8}


@dataclass(frozen=True)
class Marked:
    """A line split into its list marker and content (frozen: ``split_marker`` shares them)."""

    kind: str | None  # roman | dieu | num | alpha | dash | plus | None
    label: str
    content: str
    depth: int | None


# The rules read each line's marker, emphasis and capitals many times over (once per rule, per
# section, per sibling): the readings are cached, as ``fold`` is (a 30 KB text has ~1,000 lines).
_LINE_CACHE = 16384


@lru_cache(maxsize=_LINE_CACHE)
def split_marker(line: str) -> Marked:
    """Split the list marker off a line: '2. Bộ Quốc phòng' -> ('num', '2', 'Bộ Quốc phòng')."""
    for kind, pattern in _MARKERS:
        m = pattern.match(line)
        if not m:
            continue
        groups = [g for g in m.groups() if g is not None]
        if kind == "dash" or kind == "plus":
            return Marked(kind, line[:1], groups[0], _DEPTH[kind])
        if kind == "dieu":
            return Marked(kind, groups[1], groups[2] if len(groups) > 2 else "", _DEPTH[kind])
        if kind == "num":
            label = groups[0]
            # "2018: ..." is not a list; "1.2." is one level deeper than "1."
            return Marked(kind, label, groups[1], _DEPTH[kind] + label.count("."))
        return Marked(kind, groups[0], groups[1], _DEPTH[kind])
    return Marked(None, "", line, None)


def deeper(child: int | None, parent: int | None) -> bool:
    """Is a line of depth ``child`` nested under one of depth ``parent``? Unmarked counts as deepest."""
    if parent is None:
        return False
    return child is None or child > parent


# --------------------------------------------------------------------------- vocabulary

# Role and duty verbs (folded) that end an addressee phrase.
CUT_VERBS = [
    "chu tri",
    "phoi hop",
    "lanh dao",
    "chi dao",
    "to chuc",
    "thuc hien",
    "xay dung",
    "trien khai",
    "co trach nhiem",
    "chiu trach nhiem",
    "can cu",
    "tham muu",
    "huong dan",
    "theo doi",
    "day manh",
    "tang cuong",
    "tiep tuc",
    "quan tam",
    "khan truong",
    "nghien cuu",
    "chu dong",
    "bao cao",
    "phat huy",
    "tap trung",
    "ra soat",
    "thuong xuyen",
    "kiem tra",
    "cung cap",
    "dam bao",
    "bao dam",
    "tham gia",
    "van dong",
    "tuyen truyen",
    "quan triet",
    "ban hanh",
    "duoc giao",
    "nang cao",
    "ket hop",
    "don doc",
    "giam sat",
    "tong hop",
    "xem xet",
    "bo tri",
    "uu tien",
    "hoan thanh",
    "co ke hoach",
    "can tap trung",
    "phai",
    "khuyen khich",
    "dua",
    "theo chuc nang",
    "can cu vao",
    "ho tro",
    "thu thap",
]
# Time adverbs between a body and its duty ("Sở Nội vụ hằng năm tổng hợp …") also end its name.
_TIME_ADVERBS = ["hang nam", "hang quy", "hang thang", "dinh ky"]
_CUT_RE = re.compile(
    r"(?<![\w])("
    + "|".join(sorted(map(re.escape, CUT_VERBS + _TIME_ADVERBS), key=len, reverse=True))
    + r")(?![\w])"
)
# Words after which a "verb" is really part of a name ("Ban Tổ chức", "Ban Chỉ đạo", "các tổ chức").
_NOT_CUT_AFTER = {"ban", "cac", "va", "nhung", "moi", "cua", "bo", "co", "phong", "muc"}

# Head nouns that open a body's name (folded); checked against a capitalised first word.
_HEADS = [
    "ban can su",
    "ban",
    "bo chi huy",
    "bo doi",
    "bo",
    "so",
    "uy ban",
    "ubnd",
    "ubmttq",
    "mttq",
    "mat tran",
    "hdnd",
    "hoi dong",
    "dang doan",
    "dang uy",
    "huyen uy",
    "thanh uy",
    "thi uy",
    "tinh uy",
    "tinh doan",
    "huyen doan",
    "thanh doan",
    "doan thanh nien",
    "hoi",
    "lien doan",
    "ldld",
    "cong an",
    "vien",
    "dai",
    "thong tan xa",
    "van phong",
    "thanh tra",
    "toa an",
    "kho bac",
    "ngan hang",
    "cuc",
    "chi cuc",
    "tong cuc",
    "truong",
    "trung tam",
    "chi bo",
    "dang bo",
    "cong doan",
    "ubkt",
    "quan khu",
    "kiem toan",
    "phong",
    "chu tich",
    "giam doc",
    "thu truong",
    "thuong truc",
    "cap uy",
    "chinh quyen",
    "bchqs",
    "btv",
    "bcs",
    "hoi lhpn",
    "hoi ccb",
    "lhpn",
    "to dang",
    "doan dai bieu",
]
# Office holders named by title ("Bí thư Tỉnh ủy …", "Phó Thủ tướng …", "Người đứng đầu …"), optionally
# after "Đồng chí": they address the person's body as the bodies above do.
_PERSON_HEADS = [
    "bi thu",
    "pho bi thu",
    "pho chu tich",
    "pho giam doc",
    "pho thu tuong",
    "pho truong ban",
    "nguoi dung dau",
]
_HEAD_RE = re.compile(
    r"^(?:dong chi\s+)?(" + "|".join(sorted(_HEADS + _PERSON_HEADS, key=len, reverse=True)) + r")\b"
)
_PERSON_RE = re.compile(r"^(?:dong chi\s+)?(" + "|".join(_PERSON_HEADS) + r")\b")
# Narrative about an office holder ("Bí thư Tỉnh ủy đã phát biểu …", "… vừa ký …", "Phó Bí thư …
# ghi nhận …", "Phó Thủ tướng … kết luận như sau:") is no address.
_NARRATIVE_RE = re.compile(
    r"\b(da|vua|dang|se|ghi nhan|phat bieu|ket luan|nhan manh|danh gia|bieu duong|chuc mung|"
    r"tham du|cho biet|khang dinh|neu ro)\b"
)
# "các ..." plurals that open an addressee in any case.
_PLURAL_RE = re.compile(
    r"^cac\s+(huyen uy|thanh uy|thi uy|dang uy|cap uy|bo|so|ban|nganh|co quan|to chuc|doan the|chi bo|dang bo|"
    r"dia phuong|don vi|hoi|uy ban|ubnd|doanh nghiep|truong|dang doan|ban can su|ban dang|huyen|xa|phuong|dong chi|"
    r"chi, dang bo|tinh|thanh vien|to dang|doan dai bieu|pho thu tuong|bo truong|bi thu)\b"
)
# Capitalised words that look like heads but open a duty ("Ban hành", "Bổ sung", "Sơ kết", "Hội nghị").
_NOT_HEAD = re.compile(
    r"^(ban hanh|bo sung|bo tri|bo tro|bo tuc|so ket|so luong|so lieu|hoi nghi|hoi thao|hoi thi|hoi dien|"
    r"truong hop|phong chong|phong ngua|phong tranh|dai hoi|vien tro|cuc bo|chinh quyen cac cap(?! tinh))\b"
)
_PREFIX_RE = re.compile(
    r"^(?:(?:de nghi|giao|yeu cau|doi voi|rieng|(?:dinh ky )?(?:hang|hằng|moi) (?:nam|quy|thang)|"
    r"trong do|tiep theo|dong thoi|cuoi cung|ngoai ra)\s*[,:]?\s+)+"
)

_TRIGGER_RE = re.compile(
    r"(yeu cau|de nghi|chi thi|quyet dinh|ket luan|quyet nghi|thong nhat|nhu sau|cu the|giao nhiem vu|thong tri|"
    r"de ra cac nhiem vu|nhiem vu, giai phap|nhiem vu sau|noi dung sau|sau day|tap trung (?:thuc hien|lanh dao)[^:]{0,60})\s*:"
    r"|^(?=.*\b(?:yeu cau|de nghi)\b).*:\s*$"
)
_BOILERPLATE_DIEU = re.compile(
    r"co hieu luc|ban hanh kem theo|chiu trach nhiem thi hanh|thi hanh (?:quyet dinh|nghi quyet|chi thi|ke hoach) nay|"
    r"bai bo|thay the (?:quyet dinh|chi thi)|"
    r"^(?:chi thi|nghi quyet|ket luan|ke hoach|quyet dinh|thong tri|cong van) nay (?:duoc|co|thay|phai)"
)
_DUTY_VERB_START = re.compile(
    r"^(?:"
    + "|".join(
        sorted(
            map(
                re.escape,
                CUT_VERBS
                + [
                    "ung dung",
                    "nang cao",
                    "tap trung",
                    "hoan thien",
                    "bieu duong",
                    "cai cach",
                    "chu trong",
                    "giai quyet",
                    "xu ly",
                    "khuyen khich",
                    "chu dong",
                    "thuc hien",
                    "dinh ky",
                    "hang nam",
                    "hang quy",
                    "moi",
                    "tao dieu kien",
                    "day nhanh",
                    "doi moi",
                    "tong ket",
                    "so ket",
                    "ra soat",
                    "tiep nhan",
                    "to chuc",
                    "cung co",
                    "kien toan",
                    "phat trien",
                    "lam tot",
                    "nghiem tuc",
                    "dua",
                    "chap hanh",
                ],
            ),
            key=len,
            reverse=True,
        )
    )
    + r")\b"
)


@dataclass
class Addressee:
    """An addressee found at the start of a line."""

    text: str  # as written ("Ban cán sự đảng Ủy ban nhân dân tỉnh")
    inline: bool  # the duty follows on the same line
    item_text: str  # the duty as it should be shown when inline
    lead_verb: bool  # "X chủ trì ..." right after the name
    prefix: str  # "Đề nghị", "Giao", "Hàng năm," ...


def detect_addressee(content: str) -> Addressee | None:
    """Is ``content`` (marker removed) opened by the name of a body? Return it, cut at verb or colon."""
    f = fold(content)
    pm = _PREFIX_RE.match(f)
    start = pm.end() if pm else 0
    rest_f = f[start:]
    rest = content[start:]
    if not rest:
        return None
    if _NOT_HEAD.match(rest_f):
        return None
    head = _HEAD_RE.match(rest_f)
    if head and not (rest[:1].isupper() or rest_f.startswith(("ubnd", "ubmttq", "mttq", "hdnd"))):
        head = None
    if not head and not _PLURAL_RE.match(rest_f):
        return None
    # Where does the name end? At a colon, a role verb, or the end of the sentence.
    colon = rest.find(":")
    cut = len(rest)
    via = "end"
    if colon >= 0:
        cut, via = colon, "colon"
    for vm in _CUT_RE.finditer(rest_f):
        if vm.start() >= cut:
            break
        before = rest_f[: vm.start()].rstrip()
        prev = before.split()[-1] if before.split() else ""
        if (
            not before
            or prev in _NOT_CUT_AFTER
            or before.endswith((",", "-"))
            or rest[vm.start()].isupper()
        ):
            continue
        if head and vm.start() <= head.end():
            continue
        cut, via = vm.start(), "verb"
        break
    name = rest[:cut].strip(" ,.;:-")
    after = rest[cut:].lstrip(": ").strip()
    if _PERSON_RE.match(rest_f) and (
        _NARRATIVE_RE.search(fold(name)) or (via == "end" and is_all_caps(rest))
    ):
        return None  # narrative, or a signature's title ("PHÓ CHỦ TỊCH")
    if via == "end" and (len(content) > 220 or re.search(r"\.\s+\S", rest)):
        return None  # a long sentence that merely starts with a body's name
    if not name or len(name.split()) > 30:
        return None
    lead_verb = via == "verb" and rest_f[cut:].startswith("chu tri")
    if via == "end" or not after:
        return Addressee(name, False, "", False, content[:start].strip())
    if via == "verb" and after.endswith(":"):
        return Addressee(name, False, "", False, content[:start].strip())
    item_text = after if via == "colon" else content
    item_text = item_text[:1].upper() + item_text[1:] if via == "colon" else item_text
    return Addressee(name, True, item_text, lead_verb, content[:start].strip())


# A hard-wrapped line that stops inside a body's name: short, and no sentence or clause ends on it.
_WRAP_MAX = 60


def wrapped_addressee(line: str, next_line: str) -> Addressee | None:
    """A numbered or dashed entry whose run-in body's name a hard wrap cuts ("4.1. Giao Đảng" /
    "uỷ Chính phủ: …", "4.5. Cấp uỷ," / "chính quyền địa phương các cấp … phải …"): the
    addressee read over both lines, when the entry's line is short, ends no sentence, is no
    capitalised heading or signature, and the name goes on past its end (the next line opens no
    entry of its own). None otherwise. Both lines are plain text (markdown marks removed)."""
    mk = split_marker(line)
    head = mk.content.strip(" *_")  # "*4.1. *Giao Đảng": emphasis left around the marker
    nxt = next_line.strip(" *_")
    if mk.kind is None or not head or not nxt or len(head) > _WRAP_MAX:
        return None
    if head.endswith((".", ";", ":", "!", "?")) or is_all_caps(head):
        return None
    if split_marker(nxt).kind is not None or starts_with_duty_verb(nxt):
        return None  # "3. Bộ Công Thương" / "Chủ trì, phối hợp …": the name ended on the line
    alone = detect_addressee(head)
    if alone is not None and alone.inline:
        return None  # the line's own name already ends before its duty
    found = detect_addressee(head + " " + nxt)
    if found is None or len(found.text) <= len(head.strip(" ,;-")) - len(found.prefix):
        return None
    return found


def count_bodies(addressee: str) -> int:
    """How many bodies does an addressee name (without a registry)? 'Bộ Văn hóa, Thể thao và Du lịch' is one."""
    pieces = re.split(r"\s*[,;]\s*|\s+và\s+", addressee)
    n = 0
    for p in pieces:
        fp = fold(p)
        if _HEAD_RE.match(fp) and p[:1].isupper() or _PLURAL_RE.match(fp):
            n += 1
    return max(n, 1)


def is_plural(addressee: str) -> bool:
    """'Các huyện ủy ...', 'UBND các tỉnh, thành phố' address every body of a kind."""
    return bool(re.search(r"\bcac\b", fold(addressee)))


# --------------------------------------------------------------------------- other line kinds


def find_trigger(line: str) -> int | None:
    """Offset just after a preamble trigger ("... yêu cầu:", "QUYẾT ĐỊNH:", "như sau:"), if any."""
    m = _TRIGGER_RE.search(fold(line))
    return m.end() if m else None


def part_kind(content: str) -> str:
    """Role of a roman-numbered part: 'context' (purpose, assessment), 'tasks' or 'assign'."""
    f = fold(content)
    if re.search(r"to chuc thuc hien|phan cong|trach nhiem|giao nhiem vu", f):
        return "assign"
    if re.search(r"nhiem vu|giai phap|noi dung|chuong trinh|cong viec", f):
        return "tasks"
    if re.search(
        r"muc dich|yeu cau|quan diem|muc tieu|tinh hinh|ket qua|danh gia|can cu|chi tieu", f
    ):
        return "context"
    return "tasks"


def is_boilerplate_dieu(content: str) -> bool:
    """'Điều 2. Quyết định này có hiệu lực ...' and similar execution clauses."""
    return bool(_BOILERPLATE_DIEU.search(fold(content)))


def is_subheading(content: str) -> bool:
    """A short title inside the text ('1. Mục đích', 'Nhiệm vụ cụ thể')."""
    return (
        len(content) <= 60
        and len(content.split()) <= 8
        and not re.search(r"[.;,]$", content)
        and not content.endswith(":")
    )


def is_caps_heading(line: str) -> bool:
    return is_all_caps(line) and len(line) <= 400


def starts_with_duty_verb(content: str) -> bool:
    return bool(_DUTY_VERB_START.match(fold(content)))


_CLOSING_MONITOR = re.compile(
    r"theo doi.{0,40}(don doc|kiem tra)|(don doc|kiem tra).{0,30}theo doi"
)
_CLOSING_REPORT = re.compile(r"bao cao\b.{0,80}?\bve\s+(.{3,90}?)\s+(?:de\s+)?tong hop")


def closing_kind(line: str) -> str | None:
    """'monitor' for "... theo dõi, đôn đốc ... việc thực hiện", 'report' for "báo cáo ... về X tổng hợp"."""
    f = fold(line)
    if _CLOSING_MONITOR.search(f) and "thuc hien" in f:
        return "monitor"
    if _CLOSING_REPORT.search(f):
        return "report"
    return None


def report_target(line: str) -> str | None:
    """The body that consolidates reports: 'báo cáo kết quả về Bộ X tổng hợp' -> 'Bộ X'."""
    m = _CLOSING_REPORT.search(fold(line))
    return line[m.start(1) : m.end(1)].strip(" ,") if m else None


_COOP_START = re.compile(r"phoi hop(?: chat che)?\s+voi\s+")
# Lower-case words that end a list of partners ("... với Sở Tài chính xây dựng ...").
_COOP_STOPS = set(CUT_VERBS) | {
    "trong viec",
    "trong",
    "de",
    "nham",
    "ve",
    "tai",
    "theo",
    "khi",
    "cho",
    "gioi thieu",
    "thuc",
    "lam",
    "tien hanh",
    "tham muu",
    "chuan bi",
    "to chuc",
    "rasoat",
    "thong ke",
    "dieu tra",
    "xac minh",
    "giai quyet",
    "ho tro",
    "cung",
}
_COOP_STOP_RE = re.compile(
    r"(?<![\w])("
    + "|".join(sorted(map(re.escape, _COOP_STOPS), key=len, reverse=True))
    + r")(?![\w])"
)


def cooperating_phrase(text: str) -> tuple[str | None, bool]:
    """The bodies named after 'phối hợp với' and whether the text *opens* with it.

    The list ends at punctuation (; . ( :) or at a lower-case verb; capitalised
    words belong to names ("Sở Tài chính", "Ban Tổ chức").
    """
    f = fold(text)
    m = _COOP_START.search(f)
    if not m:
        return None, False
    end = len(text)
    p = re.search(r"[;.(:]", text[m.end() :])
    if p:
        end = m.end() + p.start()
    for sm in _COOP_STOP_RE.finditer(f, m.end(), end):
        if not text[sm.start()].isupper() and sm.start() > m.end():
            end = sm.start()
            break
    phrase = text[m.end() : end].strip(" ,")
    return (phrase or None), m.start() <= 2


# --------------------------------------------------------------------------- tables

_TABLE_COLUMNS = {
    "content": re.compile(r"noi dung|nhiem vu|cong viec|ten nhiem vu|hoat dong"),
    "lead": re.compile(r"chu tri"),
    "coop": re.compile(r"phoi hop"),
    "time": re.compile(r"thoi gian|thoi han|tien do|hoan thanh|thoi diem"),
    "output": re.compile(r"san pham|ket qua"),
}


def table_cells(line: str) -> list[str] | None:
    """Cells of a flattened table row ('| a | b |' or tab-separated), else None."""
    s = line.strip()
    if s.startswith("|") and s.count("|") >= 3:
        return [c.strip() for c in s.strip("|").split("|")]
    if s.count("\t") >= 2:
        return [c.strip() for c in s.split("\t")]
    return None


def table_header(cells: list[str]) -> dict[str, int] | None:
    """Map column roles to indexes when ``cells`` is the header of a task table."""
    roles: dict[str, int] = {}
    for i, cell in enumerate(cells):
        f = fold(cell)
        for role, pattern in _TABLE_COLUMNS.items():
            if role not in roles and pattern.search(f):
                roles[role] = i
                break
    if "content" in roles and ("lead" in roles or "time" in roles):
        return roles
    return None


CLOSES_ITEM = re.compile(r"^(thoi gian|thoi han|hoan thanh|tien do)\b")
_EMPHASIS = re.compile(r"\*\*|__|\\(?=[-.*+_()\[\]#])")
_HEADING_HASHES = re.compile(r"^#{1,6}\s+")


@lru_cache(maxsize=_LINE_CACHE)
def plain(line: str) -> str:
    """A line without markdown emphasis, heading hashes or escapes ('**1. Sở**' -> '1. Sở')."""
    line = _EMPHASIS.sub("", line).strip()
    line = _HEADING_HASHES.sub("", line)
    if line.startswith("*") and len(line) > 1 and not line[1].isspace():
        line = line.strip("*").strip()
    return line

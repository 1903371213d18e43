"""Directive metadata (number, kind, issued date, issuer, title) and references.

Works on both shapes the importer meets: a formal document (header table with
"Số: 773/QĐ-TTg" and "Hà Nội, ngày 26 tháng 6 năm 2018", a capitalised kind
and title) and a news article ("Ngày 07/9/2021, Ban Thường vụ Tỉnh ủy ban hành
Chỉ thị số 06-CT/TU về ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .model import DirectiveMeta, Reference
from .normalize import fold, is_all_caps

# Document number: "06-CT/TU", "773/QĐ-TTg", "22/2013/QĐ-TTg", "1234/UBND-KGVX".
NUMBER = (
    r"\d{1,5}\s*(?:/\s*\d{4}\s*)?[-/]\s*[A-ZĐ][A-Za-zĐđ&]*"
    r"(?:\s*[-/]\s*[A-ZĐ0-9][A-Za-zĐđ0-9&]*)+"
)
NUMBER_RE = re.compile(NUMBER)

# Kind code inside a number -> kind value.
_KIND_CODES = {
    "ct": "chi_thi",
    "nq": "nghi_quyet",
    "kl": "ket_luan",
    "kh": "ke_hoach",
    "qd": "quyet_dinh",
    "cv": "cong_van",
}
# Kind words (folded) -> kind value.
KIND_WORDS = {
    "chi thi": "chi_thi",
    "nghi quyet": "nghi_quyet",
    "ket luan": "ket_luan",
    "ke hoach": "ke_hoach",
    "quyet dinh": "quyet_dinh",
    "thong tri": "thong_tri",
    "cong van": "cong_van",
}
# Every document kind that may be cited (folded) -> kind value (or None).
_REF_KINDS = {
    **KIND_WORDS,
    "nghi dinh": "nghi_dinh",
    "thong tu": "thong_tu",
    "phap lenh": "phap_lenh",
    "luat": "luat",
    "thong bao": "thong_bao",
    "huong dan": "huong_dan",
    "quy dinh": "quy_dinh",
    "de an": "de_an",
    "chuong trinh": "chuong_trinh",
}
_REF_RE = re.compile(
    r"\b(" + "|".join(sorted(_REF_KINDS, key=len, reverse=True)) + r")\s+so\s*:?\s*(?=\d)"
)
_DATE_AFTER = re.compile(
    r"\s*,?\s*ngay\s+(\d{1,2})\s*(?:/|-|\s+thang\s+)\s*(\d{1,2})\s*(?:/|-|\s+nam\s+)\s*(\d{4})"
)
_ISSUER_STOP = re.compile(
    r"\s(?:ve|de|theo|nham|tren|trong|den|thi|tai|ma|gan|cua|phe duyet|ban hanh|quy dinh|huong dan|sua doi|"
    r"thuc hien|trien khai|tiep tuc|tang cuong)\s|\sva\s(?=(?:"
    + "|".join(_REF_KINDS)
    + r"|cac|nhung|cac)\b)|[\"“”,;.()]|$"
)
# Issuer suffix of a number -> issuing body.
_ISSUER_CODES = {
    "ttg": "Thủ tướng Chính phủ",
    "cp": "Chính phủ",
    "tw": "Ban Chấp hành Trung ương",
    "tu": "Tỉnh ủy",
    "hu": "Huyện ủy",
    "thu": "Thành ủy",
    "ubnd": "Ủy ban nhân dân",
}
_PLACE_DATE = re.compile(r",\s*ngay\s+(\d\s?\d?)\s+thang\s+(\d\s?\d?)\s+nam\s+(\d{4})")
_NEWS_DATE = re.compile(r"\bngay\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_PROVINCE = re.compile(r"\b(?:tỉnh|TỈNH|Tỉnh)\s+((?:[A-ZĐ][\w'À-ỹ]*\s?){1,3})")
# The enacting authority printed between title and "Căn cứ ..." lines.
_AUTHORITY = re.compile(
    r"^(thu tuong chinh phu|chinh phu|ban thuong vu .*|ban chap hanh .*|ban bi thu .*|uy ban nhan dan .*|"
    r"chu tich .*|tinh uy .*|huyen uy .*|hoi dong nhan dan .*|bo truong .*|giam doc .*)$"
)
_KINH_GUI = re.compile(r"^\|?\s*(kinh gui|v/v|ve viec)\b")


@dataclass
class Head:
    """Metadata plus the lines that only carry metadata (not context, not duties)."""

    meta: DirectiveMeta
    meta_lines: set[int] = field(default_factory=set)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _digits(s: str) -> int:
    return int(s.replace(" ", ""))


def normalize_number(raw: str) -> str:
    return re.sub(r"\s+", "", raw)


def kind_from_number(number: str) -> str | None:
    """Kind code in a number: 06-CT/TU -> chi_thi, 773/QĐ-TTg -> quyet_dinh."""
    parts = re.split(r"[-/]", fold(number))
    party_style = re.match(r"^\d+-", number) is not None
    for part in parts[1:]:
        if part in _KIND_CODES:
            return _KIND_CODES[part]
        if part == "tt" and party_style:  # "05-TT/TU" is a thông tri; "05/TT-BNV" a thông tư
            return "thong_tri"
    return None


def _issuer_from_number(number: str) -> str | None:
    parts = re.split(r"[-/]", fold(number))
    return _ISSUER_CODES.get(parts[-1]) if parts else None


_PROPER = {
    "chính phủ": "Chính phủ",
    "ban thường vụ": "Ban Thường vụ",
    "tỉnh ủy": "Tỉnh ủy",
    "trung ương": "Trung ương",
}


def _sentence_case(text: str) -> str:
    """'THỦ TƯỚNG CHÍNH PHỦ' -> 'Thủ tướng Chính phủ', 'TỈNH ỦY KON TUM' -> 'Tỉnh ủy Kon Tum'."""
    s = " ".join(text.lower().split())
    for low, proper in _PROPER.items():
        s = s.replace(low, proper)
    s = s[:1].upper() + s[1:]
    s = re.sub(r"\b(Ban|ban) (\w)", lambda m: "Ban " + m.group(2).upper(), s)  # "Ban Dân vận"
    # A place name closes the line: "... tỉnh kon tum", "Tỉnh ủy kon tum".
    m = re.search(r"(?:tỉnh|huyện|thành phố|Tỉnh ủy|huyện ủy|thành ủy)\s+(\S+(?:\s+\S+)?)$", s)
    if m:
        s = s[: m.start(1)] + m.group(1).title()
    return s


def find_references(lines: list[str], own_number: str | None = None) -> list[Reference]:
    """Documents cited in the text, one per number (the most complete mention wins)."""
    best: dict[str, tuple[int, Reference]] = {}
    own = normalize_number(own_number) if own_number else None
    for no, line in enumerate(lines, start=1):
        if not line:
            continue
        f = fold(line)
        for m in _REF_RE.finditer(f):
            num_m = NUMBER_RE.match(line, m.end())
            if not num_m:
                continue
            number = normalize_number(num_m.group(0))
            if own and number == own:
                continue
            kind_words = line[m.start(1) : m.end(1)]
            end = num_m.end()
            issued: date | None = None
            date_text = ""
            dm = _DATE_AFTER.match(f, end)
            if dm:
                issued = _safe_date(int(dm.group(3)), int(dm.group(2)), int(dm.group(1)))
                date_text = line[dm.start() : dm.end()].lstrip(" ,")
                end = dm.end()
            issuer = ""
            cm = re.match(r"^\s*,?\s*cua\s+", f[end:])
            if cm:
                start = end + cm.end()
                stop = _ISSUER_STOP.search(f, start)
                issuer = line[start : stop.start() if stop else len(line)].strip()[:80]
            text = f"{kind_words[:1].upper()}{kind_words[1:].lower()} số {number}"
            if date_text:
                text += f" {date_text}"
            if issuer:
                text += f" của {issuer}"
            score = (
                bool(issued) + bool(issuer) + (not is_all_caps(line[m.start() : num_m.end() + 20]))
            )
            ref = Reference(
                line=no,
                text=text,
                kind=_REF_KINDS.get(fold(kind_words)),
                number=number,
                issued_on=issued,
            )
            if number not in best or score > best[number][0]:
                best[number] = (score, ref)
    return sorted((r for _, r in best.values()), key=lambda r: r.line)


def strip_references(text: str) -> str:
    """Blank out cited documents (number, date, issuer) so their dates are not deadlines."""
    f = fold(text)
    out = list(text)
    for m in _REF_RE.finditer(f):
        num_m = NUMBER_RE.match(text, m.end())
        if not num_m:
            continue
        end = num_m.end()
        dm = _DATE_AFTER.match(f, end)
        if dm:
            end = dm.end()
        for i in range(m.start(), end):
            out[i] = " "
    # Bare dated mentions "ngày 16/5/2016 của ..." are history, not deadlines.
    for m in re.finditer(r"\bngay\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}\s+cua\b", f):
        for i in range(m.start(), m.end()):
            out[i] = " "
    return "".join(out)


def extract_head(lines: list[str], noise: set[int], head_end: int) -> Head:
    """Metadata from the lines before ``head_end`` (1-based, exclusive) and the whole text as fallback."""
    meta = DirectiveMeta()
    meta_lines: set[int] = set()
    found = 0
    head = [(no, ln) for no, ln in enumerate(lines, start=1) if ln and no < max(head_end, 2)]
    everything = [(no, ln) for no, ln in enumerate(lines, start=1) if ln]

    # -- number: "Số: ..." header, then "ban hành <kind> số ...", then a leading "<Kind> số ..."
    for no, ln in head[:40]:
        f = fold(ln)
        m = re.search(r"(?:^|\|)\s*so\s*:?\s*(?=\d)", f)
        if m:
            nm = NUMBER_RE.match(ln, m.end())
            if nm:
                meta.number, meta.line = normalize_number(nm.group(0)), no
                meta_lines.add(no)
                break
    if meta.number is None:
        kinds = "|".join(KIND_WORDS)
        for no, ln in everything[:60]:
            f = fold(ln)
            m = re.search(rf"\bban hanh (?:{kinds})\s+so\s*:?\s*(?=\d)", f) or (
                re.match(rf"^(?:{kinds})\s+so\s*:?\s*(?=\d)", f) if no < head_end else None
            )
            if m:
                nm = NUMBER_RE.match(ln, m.end())
                if nm:
                    meta.number, meta.line = normalize_number(nm.group(0)), no
                    meta_lines.add(no)
                    break
    if meta.number:
        found += 1
        meta.kind = kind_from_number(meta.number)

    # -- kind: a capitalised heading, "ban hành <kind>", a headline "<Kind> của ...", or a công văn's marks
    for no, ln in head:
        f = fold(ln).strip(" :|")
        if meta.kind is None and f in KIND_WORDS and is_all_caps(ln):
            meta.kind = KIND_WORDS[f]
        if f in KIND_WORDS:
            meta_lines.add(no)
    if meta.kind is None:
        for _no, ln in everything[:60]:
            f = fold(ln)
            m = re.search(r"\bban hanh (" + "|".join(KIND_WORDS) + r")\b", f) or re.match(
                r"^(" + "|".join(KIND_WORDS) + r")\s+(?:cua|so)\b", f
            )
            if m:
                meta.kind = KIND_WORDS[m.group(1)]
                break
    if meta.kind is None and any(_KINH_GUI.search(fold(ln)) for _, ln in head):
        meta.kind = "cong_van"
    if meta.kind:
        found += 1

    # -- issued on: "<place>, ngày dd tháng mm năm yyyy", else "Ngày dd/mm/yyyy, ... ban hành"
    for no, ln in head[:40]:
        m = _PLACE_DATE.search(fold(ln))
        if m:
            meta.issued_on = _safe_date(int(m.group(3)), _digits(m.group(2)), _digits(m.group(1)))
            meta_lines.add(no)
            break
    if meta.issued_on is None:
        for _no, ln in everything[:60]:
            f = fold(ln)
            m = _NEWS_DATE.search(f)
            if m and ("ban hanh" in f or (meta.number and meta.number in ln)):
                meta.issued_on = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                break
    if meta.issued_on is None and meta.number:
        for _no, ln in everything:
            pos = ln.find(meta.number)
            if pos >= 0:
                dm = _DATE_AFTER.match(fold(ln), pos + len(meta.number))
                if dm:
                    meta.issued_on = _safe_date(
                        int(dm.group(3)), int(dm.group(2)), int(dm.group(1))
                    )
                    break
    if meta.issued_on:
        found += 1

    meta.issuer = _find_issuer(head, everything, meta.number)
    if meta.issuer:
        found += 1
    meta.title = _find_title(head, everything, meta_lines)
    if meta.title:
        found += 1
    meta.confidence = found / 5
    return Head(meta=meta, meta_lines=meta_lines)


def _find_issuer(
    head: list[tuple[int, str]], everything: list[tuple[int, str]], number: str | None
) -> str | None:
    issuer: str | None = None
    kinds = "|".join(KIND_WORDS)
    for _, ln in everything[:60]:
        f = fold(ln)
        m = re.search(rf"\s(?:da\s+)?ban hanh (?:{kinds})\b", f)
        if m:
            start = 0
            dm = re.match(r"^\s*(?:ngay\s+[\d/.\-]+|vua qua|moi day|theo do)\s*,\s*", f)
            if dm:
                start = dm.end()
            cand = ln[start : m.start()].strip(" ,")
            if 2 <= len(cand.split()) <= 12:
                issuer = cand
                break
    if issuer is None:
        for i, (_, ln) in enumerate(head):
            f = fold(ln).strip(" :|")
            if (
                f in KIND_WORDS
                and i + 1 < len(head)
                and re.match(r"^cua\s+\S", fold(head[i + 1][1]))
            ):
                issuer = head[i + 1][1][4:].strip()
                break
    if issuer is None:
        # Header: first cell of a header table, or the first capitalised lines
        # ("ỦY BAN NHÂN DÂN" / "TỈNH KON TUM"; "TỈNH ỦY KON TUM" / "BAN DÂN VẬN").
        caps: list[str] = []
        for _, ln in head[:6]:
            cell = ln.strip("| ").split("|")[0]
            cell = re.sub(r"[-*_]{2,}.*$", "", cell).strip()
            fcell = fold(cell)
            if (
                is_all_caps(cell)
                and not re.search(r"cong hoa|dang cong san|doc lap|so\s*:", fcell)
                and fcell.strip() not in KIND_WORDS
            ):
                caps.append(cell)
                if ln.lstrip().startswith("|") or len(caps) == 2:
                    break
            elif caps:
                break
        if len(caps) == 2 and re.match(
            r"^(ban|van phong|uy ban kiem tra|dang uy)\b", fold(caps[1])
        ):
            issuer = _sentence_case(f"{caps[1]} {caps[0]}")
        elif caps:
            issuer = _sentence_case(" ".join(caps))
    if issuer is None and number:
        issuer = _issuer_from_number(number)
    if issuer is None:
        for _, ln in everything[:10]:
            m = re.search(
                r"(?:^|,\s*)((?:UBND|Ủy ban nhân dân|Ban Thường vụ|BTV|Thường trực)[^,:]{0,40}?)\s+(?:yêu cầu|đề nghị|chỉ đạo)\s*:",
                ln,
            )
            if m:
                issuer = m.group(1).strip()
                break
    if issuer and re.search(r"(?i)\b(tỉnh ủy|tỉnh|uỷ)\b", issuer) and not _PROVINCE.search(issuer):
        for _, ln in everything:
            pm = _PROVINCE.search(ln)
            if pm:
                issuer = f"{issuer} ({pm.group(1).strip()})"
                break
    return issuer


def _find_title(
    head: list[tuple[int, str]], everything: list[tuple[int, str]], meta_lines: set[int]
) -> str | None:
    # A capitalised kind heading followed by the subject line(s).
    for i, (_no, ln) in enumerate(head):
        if fold(ln).strip(" :|") in KIND_WORDS and is_all_caps(ln):
            parts: list[str] = []
            for no2, ln2 in head[i + 1 : i + 5]:
                f2 = fold(ln2)
                if not parts and re.match(r"^cua\s+\S", f2):
                    meta_lines.add(no2)
                    continue  # "của Ban Thường vụ Tỉnh ủy": the issuer, read by _find_issuer
                if (
                    is_all_caps(ln2)
                    or f2.startswith(("ve ", "v/v"))
                    or (not parts and len(ln2) < 250 and not ln2.endswith((".", ";")))
                ):
                    if (
                        fold(ln2).strip(" :") in KIND_WORDS
                        or re.match(r"^(can cu|xet)\b", f2)
                        or _AUTHORITY.match(f2)
                    ):
                        break
                    if re.match(r"^(thuc hien|trien khai)\b", f2) and re.search(r"[.:;]$", ln2):
                        break
                    parts.append(ln2)
                    meta_lines.add(no2)
                    if not is_all_caps(ln2):
                        break
                else:
                    break
            if parts:
                return re.sub(r"^(?i:v/v|về việc)\s*:?\s*", "", " ".join(parts)).strip()
    for no, ln in head:
        m = re.match(r"^\|?\s*(?:V/v|V/V|Về việc)\s*:?\s*(.+?)\|?$", ln)
        if m:
            meta_lines.add(no)
            return m.group(1).strip(" |")
    kinds = "|".join(KIND_WORDS)
    for _, ln in everything[:60]:
        f = fold(ln)
        m = re.search(rf"\bban hanh (?:{kinds})\b[^.]*?\s(ve\s)", f)
        if m:
            rest = ln[m.start(1) :]
            end = re.search(r"\.(\s|$)", rest)
            return rest[: end.start() if end else len(rest)].strip()
    return None

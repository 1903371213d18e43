"""Matching addressee phrases to registry units and groups.

Matching works on :func:`~.normalize.canon` keys, so it ignores accents, case,
"uỷ"/"ủy" spelling and common abbreviations. An addressee phrase is matched in
three passes: group aliases, then unit names/aliases (longest first, each span
used once), then rapidfuzz on the pieces left over. Pieces that still do not
match are returned so the caller can report them in ``unmatched``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process

from .model import Registry
from .normalize import canon

# Words that may be left over between matched names without meaning anything.
_FILLER = {
    "cac",
    "va",
    "tinh",
    "huyen",
    "thanh",
    "pho",
    "thanh pho",
    "cap",
    "cua",
    "voi",
    "truc",
    "thuoc",
    "truc thuoc",
    "cung",
    "cap tinh",
    "doi",
    "de",
    "nghi",
    "de nghi",
    "giao",
    "yeu",
    "cau",
    "yeu cau",
    "lanh",
    "dao",
    "lanh dao",
    "chi dao",
    "trung",
    "uong",
    "trung uong",
    "nha",
    "nuoc",
    "ve",
    "o",
    "tai",
    "khac",
    "ban",
    "nganh",
    "cac cap",
    "dia",
    "phuong",
    "theo",
    "chuc",
    "nang",
    "nhiem",
    "vu",
}
_PIECES = re.compile(r"(\s*[,;]\s*|\s+(?:và|cùng|với)\s+)")
FUZZY_CUTOFF = 88.0

# Provinces and centrally-run cities (before and after the 2025 mergers), as canon keys.
# A body followed by one of these names that the registry does not use is another
# province's ("UBND tỉnh Gia Lai" is not "UBND tỉnh" when the registry is Kon Tum's).
PROVINCES = frozenset(canon(n) for n in (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bà Rịa Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn",
    "Bắc Ninh", "Bến Tre", "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau",
    "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai",
    "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hồ Chí Minh", "Hưng Yên", "Khánh Hòa",
    "Kiên Giang", "Kon Tum", "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An",
    "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
    "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Huế", "Tiền Giang",
    "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
))
# Words after a provincial body's name that put it at a lower level of government:
# "UBND xã, phường, thị trấn", "UBND quận, huyện", "Công an huyện", "UBND cấp huyện".
# Each maps to the next words that make it something else ("xã hội", "quản lý").
_LEVEL_WORDS: dict[str, frozenset[str]] = {
    "xa": frozenset({"hoi"}),
    "phuong": frozenset({"an", "tien", "thuc", "huong", "cham", "phap", "dien", "tay"}),
    "quan": frozenset({"ly", "tam", "diem", "he", "doi", "su", "chung", "trong", "triet"}),
    "huyen": frozenset(),
    "thi": frozenset({"hanh", "diem", "truong", "dua", "cong", "sat", "sinh"}),
}
_LEVEL_AFTER_THI = frozenset({"tran", "xa"})


@dataclass
class UnitMatch:
    """Result of matching one phrase."""

    codes: list[str] = field(default_factory=list)
    group_codes: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)  # original-ish text pieces not matched
    score: float = 1.0  # 1.0 exact, lower for fuzzy matches, 0 when nothing matched

    @property
    def matched(self) -> bool:
        return bool(self.codes)


def lower_level_at(words: list[str], j: int) -> bool:
    """True when ``words[j:]`` names a lower level ("xã", "các huyện", "cấp xã", "thị trấn")."""
    while j < len(words) and words[j] in ("cac", "cap", "o"):
        j += 1
    if j >= len(words):
        return False
    word, after = words[j], (words[j + 1] if j + 1 < len(words) else "")
    if word == "co" and after == "so":
        return True
    if word not in _LEVEL_WORDS or after in _LEVEL_WORDS[word]:
        return False
    return word != "thi" or after in _LEVEL_AFTER_THI


def province_at(words: list[str], j: int) -> str | None:
    """The province named at ``words[j:]`` (after "tỉnh"/"thành phố" when present)."""
    if j < len(words) and words[j] == "tinh":
        j += 1
    elif words[j : j + 2] == ["thanh", "pho"]:
        j += 2
    for size in (4, 3, 2, 1):
        name = " ".join(words[j : j + size])
        if len(words) >= j + size and name in PROVINCES:
            return name
    return None


def _variants(name: str) -> set[str]:
    """Keys for a name: canonical form, plus the form without a trailing "tỉnh"/place."""
    key = canon(name)
    out = {key} if key else set()
    for suffix in (" tinh", " huyen", " thanh pho"):
        if key.endswith(suffix) and len(key) - len(suffix) >= 6:
            out.add(key[: -len(suffix)])
    return out


def _only_trailing(idxs: list[int], used: list[bool]) -> bool:
    """True when a piece starts with a matched name and only words after it are unused."""
    if not idxs or not used[idxs[0]]:
        return False
    first_unused = next((k for k, i in enumerate(idxs) if not used[i]), len(idxs))
    return not any(used[i] for i in idxs[first_unused:])


def home_provinces(registry: Registry) -> set[str]:
    """The provinces the registry's own units carry in their names ("... tỉnh Kon Tum")."""
    home: set[str] = set()
    for u in registry.units:
        words = canon(u.name).split()
        for k, w in enumerate(words):
            if w in ("tinh", "pho"):
                found = province_at(words, k + 1)
                if found:
                    home.add(found)
    return home


class UnitMatcher:
    """Pre-computed alias index over a :class:`Registry`."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._group_keys: list[tuple[str, str]] = []
        for g in registry.groups:
            for name in (g.name, *g.aliases):
                for key in _variants(name):
                    self._group_keys.append((key, g.code))
        self._unit_keys: list[tuple[str, str]] = []
        for u in registry.units:
            for name in (u.name, u.short_name, *u.aliases):
                if name:
                    for key in _variants(name):
                        self._unit_keys.append((key, u.code))
        # Longest keys first, so "dang uy cong an tinh" wins over "cong an tinh".
        self._group_keys.sort(key=lambda kc: -len(kc[0]))
        self._unit_keys.sort(key=lambda kc: -len(kc[0]))
        self._fuzzy_choices = {
            key: code for key, code in reversed(self._unit_keys) if len(key) >= 8
        }
        self._members = {g.code: list(g.member_codes) for g in registry.groups}
        self.home = home_provinces(registry)

    def foreign_at(self, words: list[str], j: int) -> bool:
        """True when ``words[j:]`` is a lower level or another province than the registry's."""
        if lower_level_at(words, j):
            return True
        found = province_at(words, j) if j < len(words) else None
        return found is not None and found not in self.home

    # ------------------------------------------------------------------ public

    def match(self, phrase: str, on: date | None = None) -> UnitMatch:
        """Match an addressee phrase ("Đảng đoàn UBMTTQ, các đoàn thể ..., Ban Thường vụ Tỉnh đoàn").

        The phrase is cut into pieces at commas and "và"; names are searched
        across pieces (group aliases contain commas), then each piece with
        words left over is tried fuzzily, and runs of unmatched pieces are
        returned as written.
        """
        pieces = [p for p in _PIECES.split(phrase) if p is not None]
        # pieces alternates text, separator, text ...; keep the separators to rebuild spans.
        texts = pieces[0::2]
        seps = pieces[1::2]
        words: list[str] = []
        owner: list[int] = []
        for idx, piece in enumerate(texts):
            for w in canon(piece).split():
                words.append(w)
                owner.append(idx)
            if idx < len(
                seps
            ):  # "và"/"cùng"/"với" belong to names too ("Sở Thông tin và Truyền thông")
                for w in canon(seps[idx]).split():
                    words.append(w)
                    owner.append(-1)
        used = [False] * len(words)
        found: list[tuple[int, str]] = []  # (word index, code) to keep the text's order
        groups: list[str] = []
        blocked: set[int] = set()  # pieces naming a body of another level or province
        score = 1.0

        def piece_end(k: int) -> int:
            """Index after the last word of the piece word ``k`` belongs to."""
            end = k + 1
            while end < len(words) and owner[end] == owner[k]:
                end += 1
            return end

        def claim(key: str, codes: list[str]) -> bool:
            kw = key.split()
            n = len(kw)
            hit = False
            for i in range(len(words) - n + 1):
                if words[i : i + n] == kw and not any(used[i : i + n]):
                    if self.foreign_at(words[: piece_end(i + n - 1)], i + n):
                        used[i : i + n] = [True] * n
                        blocked.update(owner[k] for k in range(i, i + n) if owner[k] >= 0)
                        continue
                    used[i : i + n] = [True] * n
                    found.extend((i, c) for c in codes)
                    hit = True
            return hit

        for key, code in self._group_keys:
            if claim(key, self._members.get(code, [])):
                groups.append(code)
        for key, code in self._unit_keys:
            claim(key, [code])
        # Pieces with meaningful words left: fuzzy, else unmatched.
        left_pieces: list[int] = []
        joined: set[int] = set()
        for idx, _piece in enumerate(texts):
            idxs = [i for i, o in enumerate(owner) if o == idx]
            rest = " ".join(words[i] for i in idxs if not used[i])
            if idx in blocked:
                left_pieces.append(idx)  # "UBND xã ..." as written: not ours, never fuzzy
                continue
            if not rest or self._is_filler(rest) or (
                    left_pieces and left_pieces[-1] == idx - 1 and lower_level_at(rest.split(), 0)):
                if rest and left_pieces and (left_pieces[-1] in blocked
                                             or left_pieces[-1] in joined):
                    left_pieces.append(idx)  # "..., phường, thị trấn" after "UBND xã"
                    joined.add(idx)
                continue
            if any(used[i] for i in idxs) and len(rest.split()) <= 2:
                continue  # "tỉnh", "các cấp" around a matched name
            if idx == len(texts) - 1 and _only_trailing(idxs, used):
                continue  # verb text after the last name of the phrase ("Sở X giới thiệu ...")
            fz = process.extractOne(
                rest, self._fuzzy_choices.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
            )
            if fz is not None:
                found.append((idxs[0] if idxs else 0, self._fuzzy_choices[fz[0]]))
                score = min(score, fz[1] / 100.0)
            else:
                left_pieces.append(idx)
        leftovers: list[str] = []
        run: list[int] = []
        for idx in left_pieces + [-1]:
            if run and (idx != run[-1] + 1):
                text = texts[run[0]]
                for j in run[1:]:
                    text += seps[j - 1] + texts[j]
                leftovers.append(text.strip(" .:;,"))
                run = []
            if idx >= 0:
                run.append(idx)
        codes: list[str] = []
        in_groups = {c for g in groups for c in self._members.get(g, [])}
        for _, code in sorted(found, key=lambda pc: pc[0]):
            code = self.registry.resolve(code, on)
            if code in in_groups and self.registry.gone(code, on):
                continue  # a member dissolved without successor is no longer in the group
            if code not in codes:
                codes.append(code)
        if not codes:
            score = 0.0
        elif leftovers:
            score *= 0.8
        return UnitMatch(codes=codes, group_codes=groups, leftovers=leftovers, score=score)

    # ----------------------------------------------------------------- helpers

    @staticmethod
    def _is_filler(piece: str) -> bool:
        words = piece.split()
        return (
            len(words) <= 1
            and (not words or len(words[0]) <= 3)
            or all(w in _FILLER for w in words)
        )

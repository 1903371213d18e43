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
        score = 1.0

        def claim(key: str, codes: list[str]) -> bool:
            kw = key.split()
            n = len(kw)
            hit = False
            for i in range(len(words) - n + 1):
                if words[i : i + n] == kw and not any(used[i : i + n]):
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
        for idx, _piece in enumerate(texts):
            idxs = [i for i, o in enumerate(owner) if o == idx]
            rest = " ".join(words[i] for i in idxs if not used[i])
            if not rest or self._is_filler(rest):
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
        for _, code in sorted(found, key=lambda pc: pc[0]):
            code = self.registry.resolve(code, on)
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

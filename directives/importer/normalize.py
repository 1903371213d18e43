"""Vietnamese text folding, abbreviations and canonical keys.

Two kinds of normalisation are used throughout the importer:

* :func:`fold` lower-cases and strips diacritics **one character for one
  character**, so a regex match on the folded text gives offsets that are valid
  in the original text. "Ủy", "uỷ" and "ủy" all fold to "uy"; "đ" folds to "d";
  the typo "Thưòng" folds like "Thường".
* :func:`canon` builds a matching key for unit names: folded, punctuation
  removed, abbreviations expanded (UBND, MTTQ, LĐLĐ, Hội LHPN, BTV, CCB ...).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def clean_line(line: str) -> str:
    """NFC-normalise a line, turn exotic spaces into plain ones and strip it."""
    line = unicodedata.normalize("NFC", line).replace("\ufeff", "")
    return _SPACES.sub(" ", line).strip()


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    if ord(ch) < 128:
        return ch.lower()
    base = unicodedata.normalize("NFD", ch)[0]
    if ord(base) < 128:
        return base.lower()
    # Non-Vietnamese letters and symbols: transliterate, but keep one char.
    out = unidecode(ch)
    return out[0].lower() if len(out) == 1 else " " if not out else out[0].lower()


class _FoldTable(dict):
    """``str.translate`` table filled on demand: code point -> folded character."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower-case, accent-free copy of ``text`` with the same length.

    Quote marks and dashes are mapped to ASCII so patterns stay simple.
    """
    return text.translate(_FOLD_TABLE)


# Abbreviations as written in directives -> folded expansion. Applied on
# whole words of an already folded, punctuation-free string.
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ubmttqvn": "uy ban mat tran to quoc",
    "ubmttq": "uy ban mat tran to quoc",
    "mttqvn": "mat tran to quoc",
    "mttq": "mat tran to quoc",
    "ldld": "lien doan lao dong",
    "lhpn": "lien hiep phu nu",
    "btv": "ban thuong vu",
    "bcs": "ban can su",
    "ccb": "cuu chien binh",
    "bchqs": "bo chi huy quan su",
    "chqs": "chi huy quan su",
    "bch": "bo chi huy",
    "bdbp": "bo doi bien phong",
    "ubkt": "uy ban kiem tra",
    "tw": "trung uong",
    "tp": "thanh pho",
    "vn": "viet nam",
    "tttt": "thong tin va truyen thong",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "gddt": "giao duc va dao tao",
    "khcn": "khoa hoc va cong nghe",
    "khdt": "ke hoach va dau tu",
    "vhttdl": "van hoa the thao va du lich",
    "tntp": "thanh nien tien phong",
    "tncs": "thanh nien cong san",
    "bdv": "ban dan van",
    "btg": "ban tuyen giao",
    "btc": "ban to chuc",
    "hnd": "hoi nong dan",
}

_AMP3 = re.compile(r"\b([a-z]{1,3})\s*[-&]\s*([a-z]{1,3})\s*&\s*([a-z]{1,3})\b")
_AMP2 = re.compile(r"\b([a-z]{1,3})\s*&\s*([a-z]{1,3})\b")
_NON_WORD = re.compile(r"[^0-9a-z ]+")


def canon(text: str) -> str:
    """Matching key for a unit name or an addressee phrase.

    >>> canon("Ban Thưòng vụ Tỉnh đoàn")
    'ban thuong vu tinh doan'
    >>> canon("Đảng đoàn UBMTTQ VN tỉnh")
    'dang doan uy ban mat tran to quoc tinh'
    >>> canon("Sở LĐ-TB&XH")
    'so lao dong thuong binh va xa hoi'
    """
    s = fold(text).replace("'", "")
    s = _AMP3.sub(lambda m: "".join(m.groups()), s)  # LĐ-TB&XH -> ldtbxh
    s = _AMP2.sub(lambda m: "".join(m.groups()), s)  # TT&TT -> tttt
    s = _NON_WORD.sub(" ", s)
    out = " ".join(ABBREVIATIONS.get(w, w) for w in s.split())
    # "Mặt trận Tổ quốc Việt Nam" and "Mặt trận Tổ quốc" are the same body.
    out = out.replace("mat tran to quoc viet nam", "mat tran to quoc")
    return out


@lru_cache(maxsize=16384)
def is_all_caps(text: str) -> bool:
    """True for headings written in capitals ("KẾ HOẠCH", "QUYẾT ĐỊNH:")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.9

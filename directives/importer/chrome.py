"""Page chrome, signatures and other lines that are not part of the document body.

Scraped news pages bring site headers, repeated banners ("nCoV"), bylines,
navigation, visitor counters, IP addresses and clocks; formal documents bring
the national motto, "Nơi nhận" lists and signature blocks. :func:`noise_lines`
returns the set of 1-based line numbers to ignore.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .normalize import fold, is_all_caps

# Folded patterns of a single noise line.
_NOISE = [
    r"^source\s*:",
    r"^(https?://|www\.)\S+$",
    r"mod_vvisit_counter",
    r"^your ip\b",
    r"^ip( cua ban)?\s*:",
    r"^now is\s*:",
    r"^online \(",
    r"^hien co \d+ khach",
    r"^(ai dang online|thong ke truy cap|lien ket web|video\b.*|tin moi hon|tin cu hon|tin lien quan|cac tin khac|tin khac|bai viet lien quan|xem them|chia se|ban in|in bai viet|gui email|trang chu|dang nhap|luot xem)\s*:?$",
    r"^(copyright|ban quyen|©)",
    r"^\W*$",  # lone punctuation
    r"^(cong hoa xa hoi chu nghia viet nam|dang cong san viet nam|doc lap\s*-\s*tu do\s*-\s*hanh phuc)",
    r"^-{3,}",
    r"^\*+$",
    r"^\|?\s*-{3}.*\|$",  # markdown table separator
    r"^(t/m|k/t|tm\.|kt\.|tl\.|q\.|tuq\.)\s",
    r"^(bi thu|pho bi thu|chu tich|pho chu tich|thu tuong|bo truong|giam doc|truong ban|pho truong ban)\s*$",
    r"^(da ky|\(da ky\))",
    r"^luu\s*:?\s*(vt|van thu)",
]
_NOISE_RE = [re.compile(p) for p in _NOISE]
# Once one of these appears, the article is over: the rest is page furniture.
_TAIL = re.compile(
    r"^(tin moi hon|tin cu hon|tin lien quan|cac tin khac|bai viet lien quan|ai dang online|thong ke truy cap|lien ket web)\b|mod_vvisit_counter"
)
# A byline: "Nguyễn Đăng Bình (Tổng hợp)", "PV", "Theo baokontum.com.vn".
_BYLINE = re.compile(
    r"\((tong hop|th|st|suu tam|nguon.*)\)\s*$|^(theo|nguon)\s*:?\s*\S+\.(vn|com|net)\b|^(pv|ctv|btv)$"
)
_RECIPIENTS = re.compile(r"^\|?\s*noi nhan\s*:?")
_KIND_HEADINGS = {
    "chi thi",
    "nghi quyet",
    "ket luan",
    "ke hoach",
    "quyet dinh",
    "thong tri",
    "cong van",
    "bao cao",
}
_MOTTO_CELL = re.compile(r"cong hoa xa hoi chu nghia|dang cong san viet nam|doc lap\s*-\s*tu do")


@lru_cache(maxsize=16384)  # read by noise_lines, then again by the line labeller
def is_noise_line(line: str) -> bool:
    """True for a single line that is page chrome or signature furniture."""
    f = fold(line).strip()
    if not f:
        return True
    if any(p.search(f) for p in _NOISE_RE):
        return True
    if _BYLINE.search(f):
        return True
    if _RECIPIENTS.search(f):
        return True
    # Header table rows: "| THỦ TƯỚNG CHÍNH PHỦ ------- | CỘNG HÒA XÃ HỘI ... |"
    if f.startswith("|") and _MOTTO_CELL.search(f):
        return True
    return False


# "a) Nghị định quy định chi tiết" twice (once per part) is content, not a banner.
_LIST_ENTRY = re.compile(r"^\**(?:\d{1,2}(?:\.\d{1,2})*\s*[.)]|[a-zđ]\s*\)|[IVX]{1,5}\s*\.)\s*\S")


def noise_lines(lines: list[str]) -> set[int]:
    """1-based numbers of lines that are not document content.

    Besides single-line patterns this handles: short lines repeated several
    times (banners such as "nCoV"), the page tail after "Tin mới hơn" or a
    visitor counter, and the recipients list after "Nơi nhận:".
    """
    noise: set[int] = set()
    stripped = [ln.strip() for ln in lines]
    counts = Counter(fold(s) for s in stripped if s)
    in_recipients = False
    for no, text in enumerate(stripped, start=1):
        f = fold(text)
        if not text:
            noise.add(no)
            in_recipients = False
            continue
        if _TAIL.search(f):
            noise.update(range(no, len(lines) + 1))
            break
        if is_noise_line(text):
            noise.add(no)
            if (
                is_all_caps(text)
                and len(text) <= 40
                and no < len(stripped)
                and _looks_like_name(stripped[no])
            ):
                noise.add(no + 1)
            in_recipients = bool(_RECIPIENTS.search(f)) and not f.startswith("|") or in_recipients
            continue
        if in_recipients and (text[:1] in "-+•" and len(text) < 160):
            noise.add(no)
            continue
        in_recipients = False
        # A short line seen three or more times, or a short banner seen twice.
        if (
            len(text) <= 40
            and counts[f] >= 2
            and not re.search(r"[.;:]$", text)
            and text[:1] not in "-+•"
            and not _LIST_ENTRY.match(text)
        ):
            noise.add(no)
            continue
        # Signature: an all-caps short title followed by a person's name.
        if (
            is_all_caps(text)
            and len(text) <= 40
            and no < len(stripped)
            and _looks_like_name(stripped[no])
        ):
            if f.strip(" :") not in _KIND_HEADINGS:
                noise.update({no, no + 1})
    return noise


def _looks_like_name(text: str) -> bool:
    """A Vietnamese personal name: 2-5 capitalised words, no punctuation."""
    words = text.split()
    return (
        2 <= len(words) <= 5
        and all(w[:1].isupper() for w in words)
        and not re.search(r"[.,:;]", text)
    )

"""Deadlines and reporting cadences written inline in a duty.

Recognised (accent- and case-insensitive):

* fixed dates: "trước ngày 20/11", "chậm nhất ngày 15 tháng 12 năm 2021",
  "trong tháng 12/2013", "trong quý 1/2019", "Quý IV/2021", "đến hết năm 2019";
* periods: "hằng tháng", "hằng quý", "định kỳ 6 tháng", "hằng năm"/"hàng năm";
* continuous duties: "thường xuyên".

A date without a year resolves to the next such date on or after the
directive's date; without a directive date it stays unresolved (None).
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from .normalize import fold

ROMAN_QUARTER = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Deadline:
    """What the text says about when a duty is due."""

    mode: str | None = None  # "fixed" | "periodic" | "continuous" | None (not stated)
    due: date | None = None
    cadence: str | None = None  # monthly | quarterly | semi_annual | annual | one_off
    text: str | None = None  # the phrase the deadline was read from


# Periods, most specific first. Patterns run on folded text.
_CADENCES: list[tuple[str, re.Pattern[str]]] = [
    (
        "semi_annual",
        re.compile(
            r"\b(dinh ky |hang |hang nam |moi )?(6|sau) thang( mot lan| 1 lan)?\b(?! dau nam| cuoi nam)|\bnua nam\b|\bso ket 6 thang\b"
        ),
    ),
    (
        "quarterly",
        re.compile(
            r"\b(hang|moi|dinh ky|dinh ky hang) quy\b|\b(dinh ky )?3 thang( mot lan| 1 lan)?\b"
        ),
    ),
    ("monthly", re.compile(r"\b(hang|moi|dinh ky|dinh ky hang) thang\b")),
    (
        "annual",
        re.compile(
            r"\b(hang|moi|dinh ky|dinh ky hang) nam\b|\bhang nam\b"
            r"|\b(cac|nhung) nam (tiep theo|sau|ke tiep)\b"
        ),
    ),
]
_CONTINUOUS = re.compile(r"\bthuong xuyen\b|\blien tuc\b")

_D = r"(\d{1,2})"
_M = r"(\d{1,2})"
_Y = r"(\d{4})"
# "trước ngày 20/11", "chậm nhất là ngày 15/12/2021", "xong trước 30-6-2022"
_PREFIX = r"(?:truoc|cham nhat(?: la)?|han chot|hoan thanh(?: truoc| trong| xong truoc)?|xong truoc|den|vao|trong)"
_DAY_NUMERIC = re.compile(rf"\b{_PREFIX}\s+(?:ngay\s+)?{_D}\s*[/.-]\s*{_M}(?:\s*[/.-]\s*{_Y})?\b")
_DAY_WORDS = re.compile(rf"\b{_PREFIX}\s+(?:ngay\s+)?{_D}\s+thang\s+{_M}(?:\s+nam\s+{_Y})?\b")
_QUARTER = re.compile(r"\bquy\s+(i{1,3}|iv|[1-4])(?:\s*[/-]\s*(\d{4})|\s+nam\s+(\d{4}))?\b")
_MONTH = re.compile(
    rf"\b(?:trong|vao|truoc|den het|hoan thanh trong)?\s*thang\s+{_M}\s*(?:/|-|\s+nam\s+)\s*{_Y}\b"
)
_MONTH_NOYEAR = re.compile(rf"\b(?:trong|vao|truoc|den het)\s+thang\s+{_M}\b(?!\s*(?:/|-|nam))")
_YEAR = re.compile(
    r"\b(?:trong nam|den het nam|den nam|vao nam|hoan thanh (?:trong |truoc )?nam|truoc nam)\s+(\d{4})\b|^nam\s+(\d{4})\s*[:,]"
    r"|\bthoi (?:gian|han)(?: thuc hien| hoan thanh| hoan tat)?\s*:\s*(?:trong )?nam\s+(\d{4})\b"
)
# A full date with no deadline word before it ("ban hành ngày 12 tháng 3 năm 2020") names a day
# something happened (a cited document, a meeting): it is never a deadline, nor is its month or year.
_PLAIN_DATE = re.compile(
    r"\bngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}\b|\bngay\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}\b"
)
# A deadline cell of a task table may be bare: "30/11/2021", "Quý IV/2021".
_BARE_DATE = re.compile(rf"^\s*{_D}\s*[/.-]\s*{_M}(?:\s*[/.-]\s*{_Y})?\s*$")


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _next_on_or_after(day: int, month: int, year: int | None, ref: date | None) -> date | None:
    """The date with a known or resolved year; None when it cannot be built."""
    try:
        if year is not None:
            return date(year, month, day)
        if ref is None:
            return None
        candidate = date(ref.year, month, day)
        return candidate if candidate >= ref else date(ref.year + 1, month, day)
    except ValueError:
        return None


def _quarter_end(q: int, year: int | None, ref: date | None) -> date | None:
    month = q * 3
    if year is not None:
        return _last_day(year, month)
    if ref is None:
        return None
    end = _last_day(ref.year, month)
    return end if end >= ref else _last_day(ref.year + 1, month)


def find_due_date(
    text: str, issued_on: date | None, *, bare: bool = False
) -> tuple[date | None, str | None, bool]:
    """Find a due date in ``text``; with several, the earliest (the duty, not the later report).

    Returns ``(due, phrase, found)``: ``found`` is True when a date phrase was
    seen even if its year could not be resolved (no directive date).
    """
    f = fold(text)
    found: list[tuple[date | None, str]] = []
    # The spans already read, sorted and disjoint (bisected: a text of many dates stays linear).
    starts: list[int] = []
    ends: list[int] = []

    def take(m: re.Match[str]) -> bool:
        """Take the span of ``m`` unless it overlaps one already taken."""
        i = bisect_right(starts, m.start())
        if (i > 0 and ends[i - 1] > m.start()) or (i < len(starts) and starts[i] < m.end()):
            return False
        starts.insert(i, m.start())
        ends.insert(i, m.end())
        return True

    def add(m: re.Match[str], due: date | None) -> None:
        if take(m):
            found.append((due, text[m.start() : m.end()].strip()))

    for pattern in (_DAY_WORDS, _DAY_NUMERIC):
        for m in pattern.finditer(f):
            d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
            if 1 <= d <= 31 and 1 <= mo <= 12:
                add(m, _next_on_or_after(d, mo, int(y) if y else None, issued_on))
    for m in _PLAIN_DATE.finditer(f):
        take(m)  # a dated mention, not a deadline
    for m in _QUARTER.finditer(f):
        q = ROMAN_QUARTER.get(m.group(1)) or int(m.group(1))
        year = m.group(2) or m.group(3)
        add(m, _quarter_end(q, int(year) if year else None, issued_on))
    for m in _MONTH.finditer(f):
        if 1 <= int(m.group(1)) <= 12:
            add(m, _last_day(int(m.group(2)), int(m.group(1))))
    for m in _MONTH_NOYEAR.finditer(f):
        mo = int(m.group(1))
        if 1 <= mo <= 12:
            due = None
            if issued_on is not None:
                due = _last_day(issued_on.year, mo)
                if due < issued_on:
                    due = _last_day(issued_on.year + 1, mo)
            add(m, due)
    if not found:
        for m in _YEAR.finditer(f):
            add(m, date(int(next(g for g in m.groups() if g)), 12, 31))
    if not found and bare:
        m = _BARE_DATE.match(f)
        if m:
            d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
            if 1 <= d <= 31 and 1 <= mo <= 12:
                add(m, _next_on_or_after(d, mo, int(y) if y else None, issued_on))
    if not found:
        return None, None, False
    dated = [fd for fd in found if fd[0] is not None]
    due, phrase = min(dated, key=lambda fd: fd[0]) if dated else found[0]
    return due, phrase, True


def find_cadence(text: str) -> str | None:
    """The reporting/repetition cadence a duty mentions, if any."""
    f = fold(text)
    for name, pattern in _CADENCES:
        if pattern.search(f):
            return name
    return None


def parse_deadline(text: str, issued_on: date | None, *, bare: bool = False) -> Deadline:
    """Deadline mode, due date and cadence of one duty.

    ``text`` should have references to other documents removed first, so that
    "Chỉ thị số 16/CT-TTg, ngày 16/5/2016" is not read as a due date.
    ``bare`` accepts a lone date ("30/11/2021"), as in a table's time column.
    """
    due, phrase, found = find_due_date(text, issued_on, bare=bare)
    cadence = find_cadence(text)
    continuous = bool(_CONTINUOUS.search(fold(text)))
    if cadence:
        return Deadline(
            "continuous" if continuous and not found else "periodic", due, cadence, phrase
        )
    if found:
        return Deadline("fixed", due, "one_off", phrase)
    if continuous:
        return Deadline("continuous", None, None, "thường xuyên")
    return Deadline()

"""Working days: weekends and the holiday table (filled from the `holidays` package)."""

import datetime as dt

import holidays as holidays_lib
from django.db import transaction

from .models import Holiday


def _exceptions(start: dt.date, end: dt.date) -> tuple[set[dt.date], set[dt.date]]:
    rows = Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", "kind")
    days_off = {d for d, k in rows if k == Holiday.Kind.HOLIDAY}
    working = {d for d, k in rows if k == Holiday.Kind.WORKING_DAY}
    return days_off, working


def is_working_day(day: dt.date) -> bool:
    days_off, working = _exceptions(day, day)
    return _is_working(day, days_off, working)


def _is_working(day: dt.date, days_off: set[dt.date], working: set[dt.date]) -> bool:
    if day in working:
        return True
    return day.weekday() < 5 and day not in days_off


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The date `count` working days after `day` (not counting `day` itself)."""
    horizon = day + dt.timedelta(days=count * 3 + 30)
    days_off, working = _exceptions(day, horizon)
    current = day
    remaining = count
    while remaining > 0:
        current += dt.timedelta(days=1)
        if _is_working(current, days_off, working):
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end < start:
        return -working_days_between(end, start)
    days_off, working = _exceptions(start, end)
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if _is_working(current, days_off, working):
            count += 1
    return count


def working_days_since(starts, end: dt.date) -> dict[dt.date, int]:
    """`working_days_between(start, end)` for each of `starts`, with one query."""
    starts = set(starts)
    if not starts:
        return {}
    first = min(min(starts), end)
    days_off, working = _exceptions(first, end)
    counts, count, current = {}, 0, first
    while current < end:  # running count of working days in (first, current]
        current += dt.timedelta(days=1)
        if _is_working(current, days_off, working):
            count += 1
        counts[current] = count
    total = counts.get(end, 0)
    return {start: total - counts.get(start, 0) if start <= end else 0 for start in starts}


@transaction.atomic
def holidays_sync(*, years: list[int]) -> int:
    """Fill the holiday table with Vietnam's official days off; keeps manual rows."""
    calendar = holidays_lib.country_holidays("VN", years=years, language="vi")
    existing = set(
        Holiday.objects.filter(date__in=list(calendar.keys())).values_list("date", flat=True))
    new_rows = [
        Holiday(date=day, name=name[:200], kind=Holiday.Kind.HOLIDAY, source="holidays")
        for day, name in sorted(calendar.items())
        if day not in existing
    ]
    Holiday.objects.bulk_create(new_rows)
    return len(new_rows)


@transaction.atomic
def weekend_workdays_sync(*, years: list[int]) -> int:
    """Add the make-up working Saturdays (ngày làm bù) the `holidays` package knows of.

    Vietnam swaps a weekday next to a holiday for a day off and makes up for it on a
    Saturday ("Ngày nghỉ (thay cho ngày 22/08/2026)"); the Saturday becomes a working day.
    Manual rows are kept.
    """
    calendar = holidays_lib.country_holidays("VN", years=years, language="vi")
    wanted = sorted(d for d in getattr(calendar, "weekend_workdays", set()) if d.year in years)
    existing = set(Holiday.objects.filter(date__in=wanted).values_list("date", flat=True))
    rows = [Holiday(date=day, name="Ngày làm bù", kind=Holiday.Kind.WORKING_DAY,
                    source="holidays") for day in wanted if day not in existing]
    Holiday.objects.bulk_create(rows)
    return len(rows)


class WorkingCalendar:
    """The working-day calendar loaded once (for sweeps over many dates)."""

    def __init__(self, days_off: set[dt.date], working: set[dt.date]):
        self.days_off = days_off
        self.working = working

    @classmethod
    def load(cls) -> "WorkingCalendar":
        days_off, working = set(), set()
        for day, kind in Holiday.objects.values_list("date", "kind"):
            (working if kind == Holiday.Kind.WORKING_DAY else days_off).add(day)
        return cls(days_off, working)

    def is_working_day(self, day: dt.date) -> bool:
        return _is_working(day, self.days_off, self.working)

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself if it is a working day, else the next working day."""
        for _i in range(60):
            if self.is_working_day(day):
                return day
            day += dt.timedelta(days=1)
        return day

"""Reporting periods from a cadence: bounds, labels and due dates (pure functions)."""

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from directives.models import Cadence

_MONTHS_PER_PERIOD = {
    Cadence.MONTHLY: 1,
    Cadence.QUARTERLY: 3,
    Cadence.SEMI_ANNUAL: 6,
    Cadence.ANNUAL: 12,
}
_ROMAN = ["I", "II", "III", "IV"]


@dataclass(frozen=True)
class PeriodSpec:
    cadence: str
    label: str
    starts_on: dt.date
    ends_on: dt.date
    due_on: dt.date


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _label(cadence: str, start: dt.date) -> str:
    if cadence == Cadence.MONTHLY:
        return f"Tháng {start.month}/{start.year}"
    if cadence == Cadence.QUARTERLY:
        return f"Quý {_ROMAN[(start.month - 1) // 3]}/{start.year}"
    if cadence == Cadence.SEMI_ANNUAL:
        half = "đầu" if start.month <= 6 else "cuối"
        return f"6 tháng {half} năm {start.year}"
    return f"Năm {start.year}"


def period_containing(cadence: str, day: dt.date, *, due_day: int = 15,
                      due_month_offset: int = 0) -> PeriodSpec:
    """The calendar-aligned period of `cadence` that contains `day`."""
    months = _MONTHS_PER_PERIOD[Cadence(cadence)]
    first_month = ((day.month - 1) // months) * months + 1
    start = dt.date(day.year, first_month, 1)
    end_year, end_month = _add_months(day.year, first_month, months - 1)
    end = dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    due_year, due_month = _add_months(end_year, end_month, due_month_offset)
    due = dt.date(due_year, due_month,
                  min(due_day, calendar.monthrange(due_year, due_month)[1]))
    due = max(due, start)
    return PeriodSpec(cadence=cadence, label=_label(cadence, start), starts_on=start,
                      ends_on=end, due_on=due)


def periods_between(cadence: str, first_day: dt.date, last_day: dt.date, *, due_day: int = 15,
                    due_month_offset: int = 0) -> Iterator[PeriodSpec]:
    """Every period of `cadence` that overlaps [first_day, last_day], in order."""
    if last_day < first_day:
        return
    spec = period_containing(cadence, first_day, due_day=due_day,
                             due_month_offset=due_month_offset)
    while spec.starts_on <= last_day:
        yield spec
        spec = period_containing(cadence, spec.ends_on + dt.timedelta(days=1), due_day=due_day,
                                 due_month_offset=due_month_offset)


def one_off_period(start: dt.date, due_on: dt.date) -> PeriodSpec:
    """A single report due on a fixed date."""
    return PeriodSpec(cadence=Cadence.ONE_OFF,
                      label=f"Báo cáo kết quả (hạn {due_on:%d/%m/%Y})",
                      starts_on=min(start, due_on), ends_on=due_on, due_on=due_on)

"""Reporting periods from a cadence: labels, bounds and due dates (pure functions)."""

import datetime as dt

import pytest

from assignments.periods import one_off_period, period_containing, periods_between
from directives.models import Cadence

D = dt.date


@pytest.mark.parametrize(("day", "label", "start", "end", "due"), [
    (D(2022, 3, 10), "6 tháng đầu năm 2022", D(2022, 1, 1), D(2022, 6, 30), D(2022, 6, 15)),
    (D(2022, 7, 1), "6 tháng cuối năm 2022", D(2022, 7, 1), D(2022, 12, 31), D(2022, 12, 15)),
])
def test_semi_annual_periods_are_due_15_6_and_15_12(day, label, start, end, due):
    spec = period_containing(Cadence.SEMI_ANNUAL, day, due_day=15)
    assert (spec.label, spec.starts_on, spec.ends_on, spec.due_on) == (label, start, end, due)


def test_monthly_label_bounds_and_due_day():
    spec = period_containing(Cadence.MONTHLY, D(2022, 2, 10), due_day=20)
    assert (spec.label, spec.starts_on, spec.ends_on, spec.due_on) == (
        "Tháng 2/2022", D(2022, 2, 1), D(2022, 2, 28), D(2022, 2, 20))


@pytest.mark.parametrize(("day", "due"), [(D(2022, 2, 1), D(2022, 2, 28)),
                                          (D(2024, 2, 1), D(2024, 2, 29)),
                                          (D(2022, 4, 1), D(2022, 4, 30))])
def test_due_day_is_clamped_to_the_month_length(day, due):
    assert period_containing(Cadence.MONTHLY, day, due_day=31).due_on == due


def test_quarterly_label_and_due_day_31_becomes_30_june():
    spec = period_containing(Cadence.QUARTERLY, D(2022, 5, 5), due_day=31)
    assert (spec.label, spec.starts_on, spec.ends_on, spec.due_on) == (
        "Quý II/2022", D(2022, 4, 1), D(2022, 6, 30), D(2022, 6, 30))
    assert period_containing(Cadence.QUARTERLY, D(2022, 11, 5)).label == "Quý IV/2022"


@pytest.mark.parametrize(("cadence", "day", "due"), [
    (Cadence.MONTHLY, D(2022, 12, 3), D(2023, 1, 10)),
    (Cadence.QUARTERLY, D(2022, 2, 3), D(2022, 4, 10)),
    (Cadence.QUARTERLY, D(2022, 12, 3), D(2023, 1, 10)),
    (Cadence.SEMI_ANNUAL, D(2022, 8, 3), D(2023, 1, 10)),
    (Cadence.ANNUAL, D(2022, 8, 3), D(2023, 1, 10)),
])
def test_month_offset_moves_the_due_date_into_the_next_month(cadence, day, due):
    assert period_containing(cadence, day, due_day=10, due_month_offset=1).due_on == due


def test_annual_period():
    spec = period_containing(Cadence.ANNUAL, D(2023, 5, 1), due_day=15)
    assert (spec.label, spec.starts_on, spec.ends_on, spec.due_on) == (
        "Năm 2023", D(2023, 1, 1), D(2023, 12, 31), D(2023, 12, 15))


def test_periods_between_covers_every_overlapping_period_in_order():
    specs = list(periods_between(Cadence.QUARTERLY, D(2021, 9, 7), D(2022, 4, 1)))
    assert [s.label for s in specs] == ["Quý III/2021", "Quý IV/2021", "Quý I/2022",
                                        "Quý II/2022"]
    assert list(periods_between(Cadence.QUARTERLY, D(2022, 4, 1), D(2022, 3, 1))) == []


def test_one_off_period():
    spec = one_off_period(D(2021, 9, 7), D(2021, 12, 31))
    assert spec.cadence == Cadence.ONE_OFF
    assert spec.label == "Báo cáo kết quả (hạn 31/12/2021)"
    assert (spec.starts_on, spec.ends_on, spec.due_on) == (
        D(2021, 9, 7), D(2021, 12, 31), D(2021, 12, 31))

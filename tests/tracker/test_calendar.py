"""Working days: weekends, holidays and compensating working days."""

import datetime as dt

import pytest

from tracker.calendar import add_working_days, holidays_sync, is_working_day, working_days_between
from tracker.models import Holiday

pytestmark = pytest.mark.django_db

D = dt.date


def test_weekends_are_skipped():
    assert add_working_days(D(2021, 12, 10), 1) == D(2021, 12, 13)  # Fri → Mon
    assert add_working_days(D(2021, 12, 10), 5) == D(2021, 12, 17)
    assert working_days_between(D(2021, 12, 10), D(2021, 12, 17)) == 5
    assert working_days_between(D(2021, 12, 17), D(2021, 12, 10)) == -5


def test_holidays_and_working_saturdays():
    Holiday.objects.create(date=D(2021, 12, 13), name="Nghỉ")
    Holiday.objects.create(date=D(2021, 12, 11), name="Làm bù", kind=Holiday.Kind.WORKING_DAY)
    assert not is_working_day(D(2021, 12, 13))
    assert is_working_day(D(2021, 12, 11))
    assert not is_working_day(D(2021, 12, 12))
    assert add_working_days(D(2021, 12, 10), 2) == D(2021, 12, 14)


def test_vietnam_calendar_sync_keeps_manual_rows_and_is_idempotent():
    Holiday.objects.create(date=D(2022, 9, 2), name="Quốc khánh (nhập tay)")
    created = holidays_sync(years=[2022])
    assert created > 5
    assert Holiday.objects.get(date=D(2022, 9, 2)).source == "manual"
    assert Holiday.objects.filter(date=D(2022, 1, 1)).exists()
    assert holidays_sync(years=[2022]) == 0
    assert not is_working_day(D(2022, 2, 1))  # Tết
    # Tết week (31/1–4/2/2022) is skipped when counting a resubmission deadline.
    assert add_working_days(D(2022, 1, 28), 1) == D(2022, 2, 7)

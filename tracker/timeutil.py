"""Dates and times: stored in UTC, reasoned about in Asia/Ho_Chi_Minh."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

LOCAL_TZ = ZoneInfo(settings.TIME_ZONE)


def now() -> dt.datetime:
    return timezone.now()


def local_date(moment: dt.datetime | None = None) -> dt.date:
    """The calendar date in Asia/Ho_Chi_Minh of a moment (default: now)."""
    return (moment or timezone.now()).astimezone(LOCAL_TZ).date()


def today() -> dt.date:
    return local_date()


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of a local day: the cut-off of an "as of" question."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=LOCAL_TZ) - (
        dt.timedelta(microseconds=1)
    )


def start_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=LOCAL_TZ)

"""Who holds a report of the review queue: a reviewer's claim (reports.reviewing) lapses
after settings.TRACKER_REVIEW_CLAIM_HOURS; a held report is decided only by its holder."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from tracker.errors import ConflictError
from tracker.timeutil import now

from .models import ProgressReport


def claim_lapses_at(report: ProgressReport) -> dt.datetime | None:
    if report.claimed_at is None:
        return None
    return report.claimed_at + dt.timedelta(hours=settings.TRACKER_REVIEW_CLAIM_HOURS)


def live_claim(claimed_by_id: int | None, claimed_at: dt.datetime | None,
               at: dt.datetime | None = None) -> tuple[int | None, dt.datetime | None]:
    """(holder id, since when) of a claim that has not lapsed; (None, None) otherwise."""
    if claimed_by_id is None or claimed_at is None:
        return None, None
    lapses = claimed_at + dt.timedelta(hours=settings.TRACKER_REVIEW_CLAIM_HOURS)
    return (claimed_by_id, claimed_at) if lapses > (at or now()) else (None, None)


def claim_holder(report: ProgressReport, at: dt.datetime | None = None):
    """The reviewer who holds the report now, or None (never taken, or lapsed)."""
    lapses = claim_lapses_at(report)
    if report.claimed_by_id is None or lapses is None or lapses <= (at or now()):
        return None
    return report.claimed_by


def claim_check(report: ProgressReport, actor) -> None:
    """Refuse a decision on a report that another reviewer holds (409)."""
    holder = claim_holder(report)
    if holder is not None and holder.pk != actor.pk:
        raise ConflictError(
            _("%(name)s đang thẩm định báo cáo này (nhận lúc %(at)s).")
            % {"name": holder.get_full_name() or holder.get_username(),
               "at": report.claimed_at.strftime("%H:%M")})

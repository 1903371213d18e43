"""What the obligations' status history reads of this app: submissions and reviews.

Registered with `assignments.selectors.register_report_facts` (ReportsConfig.ready): the
assignments floor replays an obligation's status without importing this one.
"""

import datetime as dt

from django.db.models import QuerySet

from .models import ProgressReport, Review


def report_facts(obligation_ids: QuerySet, until: dt.datetime | None):
    """(submissions: (obligation_id, submitted_at), reviews: (obligation_id, decided_at,
    decision, resubmit_by)) of the obligations, made by `until` when given."""
    reports = ProgressReport.objects.filter(obligation_id__in=obligation_ids,
                                            submitted_at__isnull=False)
    reviews = Review.objects.filter(report__obligation_id__in=obligation_ids)
    if until is not None:
        reports = reports.filter(submitted_at__lte=until)
        reviews = reviews.filter(decided_at__lte=until)
    return (reports.values_list("obligation_id", "submitted_at"),
            reviews.values_list("report__obligation_id", "decided_at", "decision",
                                "resubmit_by"))

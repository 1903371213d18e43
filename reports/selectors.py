"""Reads for progress reports, scoped to the caller (tracker.policy)."""

from django.db.models import Prefetch, QuerySet

from tracker import policy

from .models import Evidence, IndicatorValue, ProgressReport, Review


def report_list(*, user) -> QuerySet:
    return (policy.scope_reports(ProgressReport.objects.all(), user)
            .select_related("obligation__assignment__unit",
                            "obligation__assignment__item__directive", "obligation__period")
            .prefetch_related(
                Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "id")),
                Prefetch("indicator_values",
                         queryset=IndicatorValue.objects.order_by("indicator_id", "breakdown")),
                Prefetch("reviews", queryset=Review.objects.order_by("decided_at")),
            ))


def evidence_get(*, report: ProgressReport, pk: int) -> Evidence:
    return Evidence.objects.get(report=report, pk=pk)

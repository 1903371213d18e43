"""Reads for progress reports, scoped to the caller (tracker.policy)."""

from collections import defaultdict

from django.db.models import Prefetch, QuerySet

from tracker import policy

from .models import Evidence, IndicatorValue, ProgressReport, Review


def report_list(*, user) -> QuerySet:
    return (policy.scope_reports(ProgressReport.objects.all(), user)
            .select_related("obligation__assignment__unit", "obligation__assignment__item",
                            "obligation__period")
            .prefetch_related(
                Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "id")),
                Prefetch("indicator_values",
                         queryset=IndicatorValue.objects.order_by("indicator_id", "breakdown")),
                Prefetch("reviews", queryset=Review.objects.order_by("decided_at")),
            ))


def evidence_get(*, report: ProgressReport, pk: int) -> Evidence:
    return Evidence.objects.get(report=report, pk=pk)


# --- list pages as plain rows (the API list; see reports.api.serializers) ---------------

REPORT_ROW = (
    "id", "obligation_id", "obligation__assignment_id",
    "obligation__assignment__item__directive_id", "obligation__assignment__unit_id",
    "obligation__assignment__unit__code", "obligation__assignment__unit__name",
    "obligation__assignment__unit__short_name", "obligation__period__label", "version",
    "author_id", "unit_name", "status", "text", "leadership_text", "results_text",
    "shortcomings_text", "next_steps_text", "proposals_text", "progress_percent",
    "completed", "submitted_at", "decided_at", "lock_version", "created_at", "updated_at")


def report_rows(queryset: QuerySet) -> QuerySet:
    """A (filtered, scoped) `report_list` as dicts: no model instances per row."""
    return queryset.prefetch_related(None).values(*REPORT_ROW)


def report_parts(report_ids: list[int]) -> dict[str, dict[int, list[dict]]]:
    """Evidence, indicator values and reviews of the given reports (three queries), in
    the order `report_list` prefetches them, grouped by report."""
    parts: dict[str, dict[int, list[dict]]] = {
        "evidence": defaultdict(list), "indicator_values": defaultdict(list),
        "reviews": defaultdict(list)}
    for name, rows in (
            ("evidence", Evidence.objects.filter(report_id__in=report_ids)
             .order_by("uploaded_at", "id")
             .values("report_id", "id", "original_name", "content_type", "size",
                     "uploaded_by_id", "uploaded_at")),
            ("indicator_values", IndicatorValue.objects.filter(report_id__in=report_ids)
             .order_by("indicator_id", "breakdown")
             .values("report_id", "indicator_id", "breakdown", "reported_value",
                     "verified_value")),
            ("reviews", Review.objects.filter(report_id__in=report_ids)
             .order_by("decided_at")
             .values("report_id", "id", "reviewer_id", "decision", "comment",
                     "resubmit_by", "decided_at"))):
        for row in rows:
            parts[name][row["report_id"]].append(row)
    return parts

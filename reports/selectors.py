"""Reads for progress reports, scoped to the caller (`visible_to`)."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from assignments.models import ReportObligation

from .models import Evidence, IndicatorValue, ProgressReport, ReportEvidence, Review


def _detail_prefetches() -> dict[str, Prefetch]:
    """The report's lists the API shows, in their display order."""
    return {
        "evidence": Prefetch("evidence",
                             queryset=Evidence.objects.order_by("uploaded_at", "id")),
        "indicator_values": Prefetch(
            "indicator_values",
            queryset=IndicatorValue.objects.order_by("indicator_id", "breakdown")),
        "reviews": Prefetch("reviews", queryset=Review.objects.order_by("decided_at")),
    }


def awaiting_review(reports: QuerySet) -> QuerySet:
    """The reports of `reports` waiting for the board's decision (the review queue).

    A submitted report whose obligation was withdrawn (its item withdrawn, its unit
    merged into one that already had the duty) is not waiting: it can be neither accepted
    nor returned (`reports.services`), so it leaves the queue and stays in the history."""
    return reports.filter(status=ProgressReport.Status.SUBMITTED).exclude(
        obligation__state=ReportObligation.State.WITHDRAWN)


def report_list(*, user) -> QuerySet:
    return (ProgressReport.objects.visible_to(user)
            .select_related("obligation__assignment__unit", "obligation__assignment__item",
                            "obligation__period")
            .prefetch_related(*_detail_prefetches().values()))


def report_target(*, user) -> QuerySet:
    """Reports the user may see, read lean (id and version) for a write: the service
    re-reads the row under a lock, so only visibility (404) and If-Match need it here."""
    return ProgressReport.objects.only("id", "lock_version").visible_to(user)


def report_written_lists(report: ProgressReport, *,
                         known_empty: Iterable[str] = ()) -> dict[str, dict]:
    """The lists of a report a service has just written (read under its lock with
    obligation, assignment, unit, item and period), as `report_parts` gives them for a
    page, so that the API answers without reading the report again: one plain query per
    list, none for a list the caller knows to be empty (a new draft has no evidence or
    reviews)."""
    unknown = set(known_empty) - set(REPORT_LISTS)
    if unknown:
        raise ValueError(f"not a report list: {sorted(unknown)}")
    return {name: {report.pk: [] if name in known_empty else list(_list_rows(name, [report.pk]))}
            for name in REPORT_LISTS}


def evidence_list(*, report: ProgressReport) -> QuerySet:
    """The files a version of a report shows (uploaded with it or carried forward)."""
    return Evidence.objects.filter(links__report=report).order_by("uploaded_at", "id")


def evidence_get(*, report: ProgressReport, pk: int) -> Evidence:
    """One file this version shows; another version's file is DoesNotExist here."""
    return evidence_list(report=report).get(pk=pk)


# --- list pages as plain rows (the API list; see reports.api.serializers) ---------------

# Units and period labels are read with the page's other parts (`report_parts`): two more
# joins in the page query cost more planning time than two small queries.
REPORT_ROW = (
    "id", "obligation_id", "obligation__assignment_id",
    "obligation__assignment__item__directive_id", "obligation__assignment__unit_id",
    "obligation__period_id", "version", "author_id", "unit_name", "status", "text",
    "leadership_text", "results_text", "shortcomings_text", "next_steps_text",
    "proposals_text", "progress_percent", "completed", "submitted_at", "decided_at",
    "lock_version", "created_at", "updated_at")


# A report's lists as the API shows them, in `report_list`'s prefetch order.
REPORT_LISTS = {
    # Read through the per-version links: a file may be shown by several versions.
    "evidence": (ReportEvidence, ("evidence__uploaded_at", "evidence_id"),
                 ("report_id", "evidence_id", "evidence__original_name",
                  "evidence__content_type", "evidence__size", "evidence__uploaded_by_id",
                  "evidence__uploaded_at")),
    "indicator_values": (IndicatorValue, ("indicator_id", "breakdown"),
                         ("report_id", "indicator_id", "breakdown", "reported_value",
                          "verified_value")),
    "reviews": (Review, ("decided_at",),
                ("report_id", "id", "reviewer_id", "decision", "comment", "resubmit_by",
                 "decided_at")),
}


def _list_rows(name: str, report_ids: list[int]) -> QuerySet:
    model, order, columns = REPORT_LISTS[name]
    return model.objects.filter(report_id__in=report_ids).order_by(*order).values(*columns)


def report_rows(queryset: QuerySet) -> QuerySet:
    """A (filtered, scoped) `report_list` as dicts: no model instances per row."""
    return queryset.prefetch_related(None).values(*REPORT_ROW)


def report_parts(rows: list[dict]) -> dict[str, dict]:
    """What a page of `report_rows` shows besides its columns, by id: evidence, indicator
    values and reviews by report (in `report_list`'s prefetch order), units and period
    labels. Five small queries."""
    from assignments.models import ReportingPeriod
    from assignments.selectors import page_units

    report_ids = [row["id"] for row in rows]
    parts: dict[str, dict] = {
        "evidence": defaultdict(list), "indicator_values": defaultdict(list),
        "reviews": defaultdict(list)}
    for name in REPORT_LISTS:
        for child in _list_rows(name, report_ids):
            parts[name][child["report_id"]].append(child)
    parts["units"] = page_units(row["obligation__assignment__unit_id"] for row in rows)
    parts["period_labels"] = dict(
        ReportingPeriod.objects.filter(pk__in={row["obligation__period_id"] for row in rows})
        .order_by().values_list("id", "label"))
    return parts

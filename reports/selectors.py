"""Reads for progress reports, scoped to the caller (tracker.policy)."""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from tracker import policy

from .models import Evidence, IndicatorValue, ProgressReport, Review


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


def report_list(*, user) -> QuerySet:
    return (policy.scope_reports(ProgressReport.objects.all(), user)
            .select_related("obligation__assignment__unit",
                            "obligation__assignment__item__directive", "obligation__period")
            .prefetch_related(*_detail_prefetches().values()))


def report_target(*, user) -> QuerySet:
    """Reports the user may see, read lean (id and version) for a write: the service
    re-reads the row under a lock, so only visibility (404) and If-Match need it here."""
    return policy.scope_reports(ProgressReport.objects.only("id", "lock_version"), user)


def report_detail_load(report: ProgressReport, *, known_empty: Iterable[str] = ()) -> None:
    """Load the lists of a report a service has just written (read under its lock, with
    obligation, assignment, unit, item, directive and period), so that the API answers
    without reading the report again: one plain query per list, none for a list the
    caller knows to be empty (a new draft has no evidence or reviews)."""
    prefetches = _detail_prefetches()
    unknown = set(known_empty) - set(prefetches)
    if unknown:
        raise ValueError(f"not a report list: {sorted(unknown)}")
    cache = getattr(report, "_prefetched_objects_cache", None)
    if cache is None:
        cache = report._prefetched_objects_cache = {}
    for name, prefetch in prefetches.items():
        # Left as a prefetch leaves it: an evaluated queryset the serializer reads.
        if name in known_empty:
            rows = prefetch.queryset.none()
            rows._result_cache = []
        else:
            rows = prefetch.queryset.filter(report=report)
            rows._fetch_all()
        rows._prefetch_done = True
        cache[name] = rows



def evidence_get(*, report: ProgressReport, pk: int) -> Evidence:
    return Evidence.objects.get(report=report, pk=pk)

"""Apply the API's list filters to an export job's saved parameters.

The FilterSets live with the API (`*/filters.py`); exports reuse them so an export
carries exactly the filters of the list it came from.
"""

from django.db.models import QuerySet
from django.http import QueryDict


def filter_export_queryset(qs: QuerySet, params: dict, user=None) -> QuerySet:
    """`qs` with the list's filters; `user` for the filters that read who asks (the
    review queue's `to_review`, the history's `mine`, the dashboard's `tracked=listed`)."""
    from types import SimpleNamespace

    filterset_class = _filterset_for(qs.model)
    if filterset_class is None:
        return qs
    data = QueryDict(mutable=True)
    for key, value in (params.get("filters") or {}).items():
        if isinstance(value, list):
            data.setlist(key, [str(v) for v in value])
        else:
            data[key] = str(value)
    filterset = filterset_class(data=data, queryset=qs, request=SimpleNamespace(user=user))
    if not filterset.is_valid():
        raise FilterError(filterset.errors)
    return filterset.qs


class FilterError(ValueError):
    """The filters are malformed; `errors` maps each field to its messages."""

    def __init__(self, errors):
        super().__init__(str(errors))
        self.errors = errors


def _filterset_for(model):
    from assignments.filters import AssignmentFilter, ObligationFilter
    from reports.filters import ReportFilter

    return {"assignments.Assignment": AssignmentFilter,
            "assignments.ReportObligation": ObligationFilter,
            "reports.ProgressReport": ReportFilter}.get(model._meta.label)

"""Filters for progress reports."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from tracker.filters import ChoicesFilter, IdFilter, TextSearchFilter, UnitTreeFilter

from .models import REPORT_PARTS, ProgressReport


class ReportFilter(df.FilterSet):
    status = ChoicesFilter(choices=ProgressReport.Status.choices,
                                     label=_("Trạng thái"))
    obligation = IdFilter(field_name="obligation_id", label=_("Yêu cầu báo cáo"))
    assignment = IdFilter(field_name="obligation__assignment_id")
    directive = IdFilter(field_name="obligation__assignment__item__directive_id",
                         label=_("Văn bản"))
    item = IdFilter(field_name="obligation__assignment__item_id", label=_("Nhiệm vụ"))
    period = IdFilter(field_name="obligation__period_id", label=_("Kỳ báo cáo"))
    unit = IdFilter(field_name="unit_id", label=_("Đơn vị"))  # scope column
    unit_tree = UnitTreeFilter(unit_path="unit_id")
    submitted_after = df.DateFilter(field_name="submitted_at", lookup_expr="date__gte")
    submitted_before = df.DateFilter(field_name="submitted_at", lookup_expr="date__lte")
    completed = df.BooleanFilter()
    q = TextSearchFilter(fields=("text", *[name for name, _label in REPORT_PARTS],
                                 "unit_name"))

    class Meta:
        model = ProgressReport
        fields: list[str] = []

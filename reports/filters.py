"""Filters for progress reports."""

import datetime as dt

import django_filters as df
from django.utils.translation import gettext_lazy as _

from tracker import policy
from tracker.filters import ChoicesFilter, DayFilter, IdFilter, TextSearchFilter, UnitTreeFilter
from tracker.timeutil import end_of_day, today

from .models import REPORT_PARTS, ProgressReport
from .selectors import awaiting_review, reviewed_by_q


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
    unit_tree = UnitTreeFilter(unit_path="unit_id",
                               label=_("Đơn vị và các đơn vị trực thuộc"))
    submitted_after = DayFilter(field_name="submitted_at", lookup_expr="date__gte",
                                label=_("Nộp từ ngày"))
    submitted_before = DayFilter(field_name="submitted_at", lookup_expr="date__lte",
                                 label=_("Nộp đến ngày"))
    due_after = DayFilter(field_name="obligation__due_on", lookup_expr="gte",
                          label=_("Hạn từ ngày"))
    due_before = DayFilter(field_name="obligation__due_on", lookup_expr="lte",
                           label=_("Hạn đến ngày"))
    waited_days_min = df.NumberFilter(method="_waited", min_value=0, max_value=10000,
                                      label=_("Chờ ít nhất số ngày"))
    completed = df.BooleanFilter(label=_("Đề nghị hoàn thành"))
    to_review = df.BooleanFilter(method="_to_review",
                                 label=_("Chờ ban theo dõi của tôi thẩm định"))
    mine = df.BooleanFilter(method="_mine", label=_("Của đơn vị tôi"))
    q = TextSearchFilter(fields=("text", *[name for name, _label in REPORT_PARTS],
                                 "unit_name"))

    def _user(self):
        return getattr(getattr(self, "request", None), "user", None)

    def _to_review(self, queryset, name, value):
        """The review queue (`reports.selectors.review_queue`): submitted reports, their
        obligation not withdrawn, of directives the user's board supervises."""
        if value is None:
            return queryset
        user = self._user()
        if user is None:
            return queryset.none()
        mine = awaiting_review(queryset).filter(reviewed_by_q(user))
        return mine if value else queryset.exclude(pk__in=mine.values("pk"))

    def _mine(self, queryset, name, value):
        """The reports of the user's own units (the unit's history, "Đã gửi")."""
        if value is None:
            return queryset
        own = policy.unit_ids(self._user(), *policy.UNIT_ROLES) if self._user() else []
        # The report's unit column (reports.scope keeps it the obligation's unit): no
        # join through the obligation and the assignment.
        rule = {"unit_id__in": own}
        return queryset.filter(**rule) if value else queryset.exclude(**rule)

    def _waited(self, queryset, name, value):
        """Submitted at least `value` days before today (a report waiting that long)."""
        if value is None:
            return queryset
        return queryset.filter(submitted_at__lte=end_of_day(today() - dt.timedelta(
            days=int(value))))

    class Meta:
        model = ProgressReport
        fields: list[str] = []

"""Filters for directives and items."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from tracker.filters import ChoicesFilter, DayFilter, IdFilter, TextSearchFilter, UnitTreeFilter
from tracker.timeutil import today

from .models import Directive, ResponsibilityItem
from .selectors import tracked_q


class DirectiveFilter(df.FilterSet):
    status = ChoicesFilter(choices=Directive.Status.choices, label=_("Trạng thái"))
    kind = ChoicesFilter(choices=Directive.Kind.choices, label=_("Loại văn bản"))
    supervising_unit = IdFilter(field_name="supervising_unit_id", label=_("Đơn vị theo dõi"))
    unit = IdFilter(field_name="items__assignments__unit_id", distinct=True,
                    label=_("Có nhiệm vụ giao cho đơn vị"))
    unit_tree = UnitTreeFilter(unit_path="items__assignments__unit_id", distinct=True,
                               label=_("Giao cho đơn vị hoặc đơn vị trực thuộc"))
    issued_after = DayFilter(field_name="issued_on", lookup_expr="gte",
                             label=_("Ban hành từ ngày"))
    issued_before = DayFilter(field_name="issued_on", lookup_expr="lte",
                              label=_("Ban hành đến ngày"))
    q = TextSearchFilter(fields=("number", "title", "full_text"))
    tracked = df.BooleanFilter(method="_tracked", label=_("Tổng quan đang theo dõi"))
    as_of = DayFilter(method="_noop", label=_("Tính đến ngày"))

    def _noop(self, queryset, name, value):
        return queryset

    def _tracked(self, queryset, name, value):
        """The directives the dashboard counts on `as_of` (default today)."""
        if value is None:
            return queryset
        rule = tracked_q(self.form.cleaned_data.get("as_of") or today())
        return queryset.filter(rule) if value else queryset.exclude(rule)

    class Meta:
        model = Directive
        fields: list[str] = []


class ItemFilter(df.FilterSet):
    directive = IdFilter(field_name="directive_id", label=_("Văn bản"))
    section = IdFilter(field_name="section_id", label=_("Phần"))
    status = ChoicesFilter(choices=ResponsibilityItem.Status.choices)
    deadline_mode = ChoicesFilter(choices=ResponsibilityItem.DeadlineMode.choices)
    assignment_mode = ChoicesFilter(
        choices=ResponsibilityItem.AssignmentMode.choices)
    unit = IdFilter(field_name="assignments__unit_id", distinct=True,
                    label=_("Giao cho đơn vị"))
    unit_tree = UnitTreeFilter(unit_path="assignments__unit_id", distinct=True,
                               label=_("Giao cho đơn vị hoặc đơn vị trực thuộc"))
    due_after = DayFilter(field_name="due_on", lookup_expr="gte")
    due_before = DayFilter(field_name="due_on", lookup_expr="lte")
    q = TextSearchFilter(fields=("content", "expected_output", "directive__title",
                                 "directive__number"))

    class Meta:
        model = ResponsibilityItem
        fields: list[str] = []

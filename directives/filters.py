"""Filters for directives and items."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from tracker.filters import ChoicesFilter, IdFilter, TextSearchFilter, UnitTreeFilter

from .models import Directive, ResponsibilityItem


class DirectiveFilter(df.FilterSet):
    status = ChoicesFilter(choices=Directive.Status.choices, label=_("Trạng thái"))
    kind = ChoicesFilter(choices=Directive.Kind.choices, label=_("Loại văn bản"))
    supervising_unit = IdFilter(field_name="supervising_unit_id", label=_("Đơn vị theo dõi"))
    unit = IdFilter(field_name="items__assignments__unit_id", distinct=True,
                    label=_("Có nhiệm vụ giao cho đơn vị"))
    issued_after = df.DateFilter(field_name="issued_on", lookup_expr="gte")
    issued_before = df.DateFilter(field_name="issued_on", lookup_expr="lte")
    q = TextSearchFilter(fields=("number", "title", "full_text"))

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
    due_after = df.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = df.DateFilter(field_name="due_on", lookup_expr="lte")
    q = TextSearchFilter(fields=("content", "expected_output", "directive__title",
                                 "directive__number"))

    class Meta:
        model = ResponsibilityItem
        fields: list[str] = []

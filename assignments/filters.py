"""Filters for assignments, obligations, periods and extension requests.

`status` takes the computed snake_case statuses of DESIGN §3. For today (and later
days) a status is translated into conditions on the stored columns
(statuses.orm.*_status_q, the same branches as statuses.orm.*_status_case) that the
partial indexes serve; for `?as_of=` a past day they are replayed from the dated
history (statuses.rule). `overdue` is statuses.rule.*_is_overdue in either form.
"""

import datetime as dt

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directives.models import Cadence
from directives.selectors import listed_directive_ids, tracked_q
from tracker.filters import (
    ChoicesFilter,
    DayFilter,
    IdFilter,
    TextSearchFilter,
    UnitOnDayFilter,
    UnitTreeFilter,
)
from tracker.models import UnitGroup
from tracker.timeutil import end_of_day, today

from .models import (
    Assignment,
    AssignmentStatus,
    ExtensionRequest,
    ObligationStatus,
    ReportingPeriod,
    ReportObligation,
)
from .selectors import states_as_of
from .statuses import (
    assignment_is_overdue,
    assignment_overdue_q,
    assignment_status_q,
    obligation_due_q,
    obligation_is_due,
    obligation_is_overdue,
    obligation_overdue_q,
    obligation_status_q,
)

COMPUTED = ("status", "overdue", "days_overdue_min", "as_of", "due", "tracked")
TRACKED = (("all", _("Mọi văn bản tổng quan tính")),
           ("listed", _("Các văn bản tổng quan liệt kê")))


def as_of_day(value) -> dt.date | None:
    """The `as_of` query parameter, or None when absent or malformed (the filter form
    reports malformed values as 400)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


class ComputedStatusFilterSet(df.FilterSet):
    """Shared: `as_of`, `status` (multiple), `overdue`, `days_overdue_min`."""

    as_of = DayFilter(method="_noop", label=_("Tính đến ngày"))
    overdue = df.BooleanFilter(method="_noop", label=_("Đang quá hạn"))
    days_overdue_min = df.NumberFilter(
        method="_noop", min_value=0, max_value=100000,
        label=_("Quá hạn (chưa hoàn thành) ít nhất số ngày"))


    def _noop(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        for name, value in data.items():
            if name in COMPUTED:
                continue
            queryset = self.filters[name].filter(queryset, value)
        day = data.get("as_of")
        statuses = data.get("status") or []
        overdue = data.get("overdue")
        min_days = data.get("days_overdue_min")
        min_days = int(min_days) if min_days is not None else None
        due = data.get("due") if "due" in self.filters else None
        if day is not None:
            queryset = queryset.filter(created_at__lte=end_of_day(day))
        if data.get("tracked"):
            queryset = self._tracked(queryset, data["tracked"], day or today())
        if not statuses and overdue is None and min_days is None and due is None:
            return queryset
        if day is None or day >= today():
            queryset = self._filter_sql(queryset, day or today(), statuses, overdue, min_days)
            if due is not None:
                queryset = (queryset.filter(self._due_q(day or today())) if due
                            else queryset.exclude(self._due_q(day or today())))
            return queryset
        return self._filter_replayed(queryset, day, statuses, overdue, min_days, due)

    # The directive path of the rows, for `tracked`.
    directive_path = ""

    def _tracked(self, queryset, which: str, day: dt.date):
        """`tracked=all`: rows of the directives the dashboard counts on the day;
        `tracked=listed`: of those it lists (its bars, units and overdue table)."""
        if which == "listed":
            user = getattr(getattr(self, "request", None), "user", None)
            if user is None:
                return queryset.none()
            return queryset.filter(**{f"{self.directive_path}_id__in":
                                      listed_directive_ids(user, day)})
        return queryset.filter(tracked_q(day, f"{self.directive_path}__"))

    def _due_q(self, day: dt.date) -> Q:
        raise NotImplementedError

    def _is_due(self, state, day: dt.date) -> bool:
        raise NotImplementedError

    # Statuses for today (or a later day) as column conditions, so that a status filter
    # reads the partial indexes instead of computing the CASE for every row in scope.
    def _status_q(self, status: str, day: dt.date) -> Q:
        raise NotImplementedError

    def _late_q(self, day: dt.date, due_by: dt.date | None = None) -> Q:
        raise NotImplementedError

    def _is_late(self, state) -> bool:
        raise NotImplementedError

    def _filter_sql(self, queryset, day, statuses, overdue, min_days):
        if statuses:
            wanted = Q()
            for status in dict.fromkeys(statuses):
                wanted |= self._status_q(status, day)
            queryset = queryset.filter(wanted)
        if overdue is not None:
            late = self._late_q(day)
            queryset = queryset.filter(late) if overdue else queryset.exclude(late)
        if min_days:
            queryset = queryset.filter(self._late_q(day, day - dt.timedelta(days=min_days)))
        return queryset

    def _filter_replayed(self, queryset, day, statuses, overdue, min_days, due=None):
        keep = []
        for pk, state in states_as_of(queryset, day).items():
            is_late = self._is_late(state)
            if due is not None and self._is_due(state, day) != due:
                continue
            if statuses and state.status not in statuses:
                continue
            if overdue is not None and is_late != overdue:
                continue
            if min_days and not (is_late and state.days_overdue >= min_days):
                continue
            keep.append(pk)
        return queryset.filter(pk__in=keep)


class AssignmentFilter(ComputedStatusFilterSet):
    directive = IdFilter(field_name="item__directive_id", label=_("Văn bản"))
    item = IdFilter(field_name="item_id", label=_("Nhiệm vụ"))
    section = IdFilter(field_name="item__section_id", label=_("Phần"))
    unit = IdFilter(field_name="unit_id", label=_("Đơn vị"))
    unit_tree = UnitTreeFilter(unit_path="unit_id",
                               label=_("Đơn vị và các đơn vị trực thuộc"))
    role = ChoicesFilter(choices=Assignment.Role.choices, label=_("Vai trò"))
    state = ChoicesFilter(choices=Assignment.State.choices, label=_("Tình trạng"))
    due_after = DayFilter(field_name="current_due_on", lookup_expr="gte",
                          label=_("Hạn từ ngày"))
    due_before = DayFilter(field_name="current_due_on", lookup_expr="lte",
                           label=_("Hạn đến ngày"))
    tracked = df.ChoiceFilter(choices=TRACKED, method="_noop", label=_("Văn bản"))
    q = TextSearchFilter(fields=("item__content", "item__directive__title",
                                 "item__directive__number"))
    status = ChoicesFilter(choices=AssignmentStatus.choices, method="_noop",
                                     label=_("Trạng thái (tính đến ngày)"))

    directive_path = "item__directive"

    def _status_q(self, status, day):
        return assignment_status_q(status, day)

    def _late_q(self, day, due_by=None):
        return assignment_overdue_q(day, due_by)

    def _is_late(self, state):
        return assignment_is_overdue(state)

    class Meta:
        model = Assignment
        fields: list[str] = []


class ObligationFilter(ComputedStatusFilterSet):
    # An obligation's directive through its period (one join to a small table): the
    # period is one of its assignment's directive (assignments.services makes them so,
    # a reorganisation moves the assignment, never the item); through the assignment and
    # the item the drill-down's count joined every obligation in scope twice.
    directive = IdFilter(field_name="period__directive_id", label=_("Văn bản"))
    item = IdFilter(field_name="assignment__item_id", label=_("Nhiệm vụ"))
    assignment = IdFilter(field_name="assignment_id", label=_("Giao nhiệm vụ"))
    unit = UnitOnDayFilter(field_name="unit_id", original_path="assignment__original_unit_id",
                           label=_("Đơn vị"))  # scope column
    unit_tree = UnitTreeFilter(unit_path="unit_id",
                               label=_("Đơn vị và các đơn vị trực thuộc"))
    role = ChoicesFilter(field_name="assignment__role",
                                   choices=Assignment.Role.choices, label=_("Vai trò"))
    unit_group = IdFilter(method="_in_unit_group", label=_("Nhóm đơn vị"))
    period = IdFilter(field_name="period_id", label=_("Kỳ báo cáo"))
    cadence = ChoicesFilter(field_name="period__cadence", choices=Cadence.choices)
    due_after = DayFilter(field_name="due_on", lookup_expr="gte", label=_("Hạn từ ngày"))
    due_before = DayFilter(field_name="due_on", lookup_expr="lte", label=_("Hạn đến ngày"))
    tracked = df.ChoiceFilter(choices=TRACKED, method="_noop",
                              label=_("Văn bản trên trang tổng quan"))
    due = df.BooleanFilter(method="_noop", label=_("Đã đến hạn (tính vào tỷ lệ)"))
    q = TextSearchFilter(fields=("assignment__item__content", "period__label",
                                 "assignment__item__directive__title",
                                 "assignment__item__directive__number"))
    status = ChoicesFilter(choices=ObligationStatus.choices, method="_noop",
                                     label=_("Trạng thái (tính đến ngày)"))

    directive_path = "period__directive"

    def _in_unit_group(self, queryset, name, value):
        """The obligations of the assignments to a member of the unit group: the rows of
        the compliance matrix filtered by that group (`?group=`), whose column headers
        open this list."""
        return queryset.filter(assignment__unit_id__in=UnitGroup.members.through.objects
                               .filter(unitgroup_id=value).values("unit_id"))

    def _status_q(self, status, day):
        return obligation_status_q(status, day)

    def _due_q(self, day):
        return obligation_due_q(day)

    def _is_due(self, state, day):
        return obligation_is_due(state, day)

    def _late_q(self, day, due_by=None):
        return obligation_overdue_q(day, due_by)

    def _is_late(self, state):
        return obligation_is_overdue(state)

    class Meta:
        model = ReportObligation
        fields: list[str] = []


class PeriodFilter(df.FilterSet):
    directive = IdFilter(field_name="directive_id", label=_("Văn bản"))
    cadence = ChoicesFilter(choices=Cadence.choices)
    due_after = DayFilter(field_name="due_on", lookup_expr="gte")
    due_before = DayFilter(field_name="due_on", lookup_expr="lte")
    q = TextSearchFilter(fields=("label",))

    class Meta:
        model = ReportingPeriod
        fields: list[str] = []


class ExtensionRequestFilter(df.FilterSet):
    status = ChoicesFilter(choices=ExtensionRequest.Status.choices, label=_("Trạng thái"))
    directive = IdFilter(field_name="assignment__item__directive_id", label=_("Văn bản"))
    item = IdFilter(field_name="assignment__item_id", label=_("Nhiệm vụ"))
    assignment = IdFilter(field_name="assignment_id")
    obligation = IdFilter(field_name="obligation_id")
    unit = IdFilter(field_name="assignment__unit_id", label=_("Đơn vị"))
    unit_tree = UnitTreeFilter(unit_path="assignment__unit_id",
                               label=_("Đơn vị và các đơn vị trực thuộc"))
    requested_after = DayFilter(field_name="created_at", lookup_expr="date__gte",
                                label=_("Gửi từ ngày"))
    requested_before = DayFilter(field_name="created_at", lookup_expr="date__lte",
                                 label=_("Gửi đến ngày"))
    q = TextSearchFilter(fields=("reason", "decision_note", "assignment__item__content",
                                 "assignment__unit__name"))

    class Meta:
        model = ExtensionRequest
        fields: list[str] = []

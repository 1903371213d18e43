"""django-filter FilterSets of the core, and the shared filter pieces of every app."""

import datetime as dt

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Notification, Unit, UnitGroup
from .selectors import unit_tree_ids, unit_tree_on, units_on_q

MAX_ID = 2**63 - 1


def id_or_none(raw) -> int | None:
    """An id read from a URL or a query string: ASCII digits ("²" and "١" are digits to
    str.isdigit, not to int) within the database's range; None for anything else."""
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_ID:
        return int(raw)
    return None


class ChoicesFilter(df.MultipleChoiceFilter):
    """Several values of one column. No DISTINCT: these columns never multiply rows, and
    DISTINCT over a wide select costs a sort (measured by `manage.py bench`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class IdFilter(df.NumberFilter):
    """A primary key in a query parameter: an integer in the database's range."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def _as_of(flt) -> dt.date | None:
    """The `as_of` day of the filter set a filter belongs to (None: today's rows)."""
    form = getattr(getattr(flt, "parent", None), "form", None)
    return (getattr(form, "cleaned_data", None) or {}).get("as_of")


class UnitOnDayFilter(IdFilter):
    """The rows a unit owes; with `as_of`, those it owed that day (issue 17): a row now
    owed by a successor created after the day is the old unit's then
    (`UnitTree.owner`: the row's original unit when it was in the day's tree, else the
    successor's predecessor)."""

    def __init__(self, *args, original_path: str = "", **kwargs):
        self.original_path = original_path
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        day = _as_of(self)
        if value in (None, "") or day is None:
            return super().filter(qs, value)
        unit_id = int(value)
        tree = unit_tree_on(day)
        later = tree.later()
        if not later:
            return qs.filter(**{self.field_name: unit_id})
        by_lineage = {pk for pk in later if tree.owner(pk) == unit_id}
        in_tree = {u.id for u in tree.units}
        unit, original = self.field_name, self.original_path
        # A unit created after the day owed nothing of its own then.
        own = Q(**{unit: unit_id}) if unit_id not in later else Q(pk__in=[])
        owed = own | (Q(**{f"{unit}__in": by_lineage})
                      & ~Q(**{f"{original}__in": sorted(in_tree)}))
        if unit_id in in_tree:  # the rows that name it as their original unit
            owed |= Q(**{f"{unit}__in": later, original: unit_id})
        return qs.filter(owed)


class UnitTreeFilter(IdFilter):
    """A unit with all its sub-units."""

    def __init__(self, *args, unit_path: str = "unit_id", **kwargs):
        self.unit_path = unit_path
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        # With `as_of` (a filter set that has one), the sub-units are those of that day's
        # tree (issue 17): before a reorganisation a unit's rows include its old sub-units.
        day = _as_of(self)
        ids = (unit_tree_on(day).subtree_ids(int(value)) if day is not None
               else unit_tree_ids(int(value)))
        qs = qs.filter(**{f"{self.unit_path}__in": ids})
        return qs.distinct() if self.distinct else qs


class DayFilter(df.DateFilter):
    """A calendar day: dd/mm/yyyy as the pages' forms write it, or ISO 8601 (the API)."""

    def __init__(self, *args, **kwargs):
        from .forms import DATE_FORMATS, DateInput

        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("widget", DateInput())
        super().__init__(*args, **kwargs)


class TextSearchFilter(df.CharFilter):
    """`q`: words that must all appear in one of the given text fields."""

    def __init__(self, *args, fields: tuple[str, ...] = (), **kwargs):
        self.search_fields = fields
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("label", _("Tìm trong tiêu đề và nội dung"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value or not value.strip():
            return qs
        for word in value.split()[:10]:
            q = Q()
            for name in self.search_fields:
                q |= Q(**{f"{name}__icontains": word})
            qs = qs.filter(q)
        return qs


class UnitFilter(df.FilterSet):
    kind = ChoicesFilter(choices=Unit.Kind.choices, label=_("Loại"))
    is_active = df.BooleanFilter(label=_("Đang hoạt động"))
    parent = IdFilter(field_name="parent_id", label=_("Đơn vị cấp trên"))
    unit_tree = UnitTreeFilter(unit_path="id", label=_("Đơn vị và các đơn vị trực thuộc"))
    q = TextSearchFilter(fields=("name", "short_name", "code"))
    as_of = df.DateFilter(method="_on_day", label=_("Cây đơn vị của ngày (YYYY-MM-DD)"))

    class Meta:
        model = Unit
        fields: list[str] = []


    def _on_day(self, qs, name, value):
        return qs.filter(units_on_q(value)) if value else qs


class UnitGroupFilter(df.FilterSet):
    unit = IdFilter(field_name="members", label=_("Có đơn vị"))
    q = TextSearchFilter(fields=("name", "code"))

    class Meta:
        model = UnitGroup
        fields: list[str] = []


class NotificationFilter(df.FilterSet):
    unread = df.BooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("Chưa đọc"))
    kind = df.CharFilter(max_length=48, label=_("Loại"))

    class Meta:
        model = Notification
        fields: list[str] = []

"""The list pages' shared machinery: a django-filter FilterSet (the same one the API list
uses, so both give the same rows), a whitelisted sort, a page, and the query string
that keeps it all (sortable headers, the pager and the export button carry it).

Everything is in the GET query string: a list's URL can be shared and Back works."""

import html
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe

PAGE_SIZE = 50


@dataclass
class ListPage:
    filterset: object
    page: Page
    sort: str  # the sort key asked for (with "-" for descending), or the default
    query: QueryDict  # the filters and the sort, without the page
    valid: bool
    sorts: dict = field(default_factory=dict)
    shown: tuple = ()  # the filters the page's form shows (default: every one)
    fixed: tuple = ()  # the filters the page always applies (not the user's)

    @property
    def shown_fields(self) -> list:
        form = self.filterset.form
        return [form[name] for name in (self.shown or form.fields) if name in form.fields]

    @property
    def other_errors(self) -> list[str]:
        """Messages of malformed filters the form does not show."""
        shown = {f.name for f in self.shown_fields}
        form = self.filterset.form
        return [f"{form.fields[name].label or name}: {message}" if name in form.fields
                else str(message)
                for name, messages in form.errors.items() if name not in shown
                for message in messages]

    @property
    def hidden_params(self) -> list[tuple[str, str]]:
        """Filters in the URL the form does not show (a drill-down's `tracked`, `due`…):
        kept as hidden inputs so that filtering further keeps them."""
        shown = {f.name for f in self.shown_fields} | {"sort"}
        return [(key, value) for key in self.query if key not in shown
                for value in self.query.getlist(key)]

    @property
    def status(self) -> int:
        """400 when a filter was malformed (the form shows the message)."""
        return 200 if self.valid else 400

    def with_params(self, **changes) -> str:
        """The query string with some parameters changed (None removes one)."""
        query = self.query.copy()
        for key, value in changes.items():
            if value is None:
                query.pop(key, None)
            else:
                query[key] = value
        return query.urlencode()

    @property
    def querystring(self) -> str:
        return self.query.urlencode()

    @property
    def filter_query(self) -> str:
        """The filters alone (no sort, no page): what an export receives."""
        query = self.query.copy()
        query.pop("sort", None)
        return query.urlencode()

    @property
    def active_filters(self) -> int:
        return sum(1 for key in self.query if key not in ("sort", *self.fixed)
                   and any(self.query.getlist(key)))


class LongSelect(forms.Select):
    """A drop-down of many options (every unit, every directive) written in one pass:
    Django's Select renders each option through a template, which took most of a list
    page's time at national scale (3,468 units and 2,000 directives on every page).
    The same HTML: the select's attributes, then each option with `selected` on the
    chosen one. The options' HTML is kept by the process for the same choices
    (`_options_html`), and the choices are taken as the pairs they are (`Pairs`)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in (value if isinstance(value, (list, tuple)) else [value])
                  if v is not None}
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        pairs = self.choices.pairs if isinstance(self.choices, Pairs) else tuple(
            (str(k), str(v)) for k, v in self.choices)
        options = _options_html(pairs)
        for key in chosen:
            plain = f'<option value="{html.escape(key)}">'
            options = options.replace(plain, f"{plain[:-1]} selected>", 1)
        return format_html("<select{}>{}</select>", flatatt(final),
                           mark_safe(options))  # noqa: S308 (each part escaped)


class Pairs(BaseChoiceIterator):
    """(value, label) pairs of strings, taken as they are: assigning a plain list to a
    widget's choices runs Django's normalize_choices over each pair, looking for groups
    (some 15 ms a list page for 5,500 options)."""

    def __init__(self, choices):
        self.pairs = tuple((str(k), str(v)) for k, v in choices)

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


# {pairs: their <option> HTML, none selected}: every list page writes the same thousands of
# unit and directive options; written once per process while they are unchanged.
_options_kept: dict[tuple, str] = {}
_OPTIONS_KEPT = 16


def _options_html(pairs: tuple) -> str:
    found = _options_kept.get(pairs)
    if found is None:
        if len(_options_kept) >= _OPTIONS_KEPT:
            _options_kept.clear()
        # html.escape is what django.utils.html.escape applies (quotes included), without
        # the SafeString and the lazy-string checks on each of thousands of labels.
        found = _options_kept[pairs] = "".join(
            f'<option value="{html.escape(key)}">{html.escape(label)}</option>'
            for key, label in pairs)
    return found


def choices_for(listing: ListPage, name: str, choices) -> None:
    """Show the id filter `name` as a drop-down of (id, label) pairs instead of a number
    box (the filter itself, and the API, still take the id)."""
    from django.utils.translation import gettext as _

    form = listing.filterset.form
    if name in form.fields and name in (listing.shown or form.fields):
        form.fields[name].widget = LongSelect(choices=Pairs([("", _("Tất cả")), *choices]))


def page_objects(queryset: QuerySet, ids: list) -> list:
    """The rows of `queryset` with these ids, in the ids' order."""
    by_id = {row.pk: row for row in queryset.filter(pk__in=ids).order_by()} if ids else {}
    return [by_id[pk] for pk in ids if pk in by_id]


class CountedRows:
    """Rows whose number is already known (a summary table's figure): the paginator
    reads `count()` instead of counting them again, and slices the rows for its page."""

    def __init__(self, rows, count: int):
        self.rows, self._count = rows, count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, key):
        return self.rows[key]


SORT_IN_PYTHON_MAX = 5000


def _sorted_in_python(ids: QuerySet, order: tuple, count: int, columns: tuple):
    """The ids in `order`: sorted here when they are few (`count`) and every column of
    the order is one of `columns`, else by the database. A few rows of a large table
    (the overdue rows of the dashboard's listed directives: 1,223 of 3,000,000) are found
    at once through their own indexes when read without an order; asked in order, the
    planner walked the due-date index of every open row of the country (0.47 s against
    0.02 s at national scale): it cannot know that they are few."""
    names = [o.lstrip("-") for o in order]
    if count > SORT_IN_PYTHON_MAX or not set(names) <= {*columns, "id"}:
        return ids
    # Read at most one row more than the bound: a count that fell behind its rows (a
    # commit between the two reads) never loads an unbounded list.
    rows = list(ids.order_by().values_list(*names)[:SORT_IN_PYTHON_MAX + 1])
    if len(rows) > SORT_IN_PYTHON_MAX:
        return ids
    for position in reversed(range(len(names))):  # stable sorts, the last key first
        rows.sort(key=lambda row: row[position], reverse=order[position].startswith("-"))
    return [row[names.index("id")] for row in rows]


def list_page(request, *, filterset_class, queryset: QuerySet, sorts: dict[str, tuple],
              default_sort: str, shown: tuple = (), fixed: dict | None = None,
              page_size: int | None = None, rows_read: str = "by_id",
              counted: Callable[[dict], int | None] | None = None,
              sort_in_python: tuple = ()) -> ListPage:
    """Filter `queryset` with `filterset_class` from the GET parameters, sort it by the
    `sort` parameter (a key of `sorts`, "-" in front for descending; anything else falls
    back to `default_sort`) and cut page `page`. `fixed`: filters the page always applies
    (the review queue's `to_review`), kept in the query so that the export applies them.
    `counted`: given the filters' cleaned data, the number of rows when a summary knows
    it (the dashboard's figure a drill-down opens), else None (the rows are counted).
    `sort_in_python`: the sort columns (dates, numbers) whose order Python gives alike;
    a known count of at most SORT_IN_PYTHON_MAX rows sorted by them alone is read
    unordered and sorted here (see _sorted_in_python).
    A malformed filter gives an empty page and `valid` False: the view answers 400 with
    the form's messages, never 500.

    `rows_read`: "by_id" cuts the page over the ids, then reads its rows by id; "ids"
    leaves the ids alone on the page (a view that reads its rows itself); "direct" cuts
    the queryset itself (a small table whose queryset aggregates, such as the directives
    with their item counts: the cut over ids would aggregate twice)."""
    data = request.GET.copy()
    for key, value in (fixed or {}).items():
        data[key] = value
    filterset = filterset_class(data=data, queryset=queryset, request=request)
    sort = data.get("sort", default_sort)
    if sort.lstrip("-") not in sorts:
        sort = default_sort
    valid = filterset.is_valid()
    rows = filterset.qs if valid else queryset.none()
    order = sorts[sort.lstrip("-")]
    if sort.startswith("-"):
        order = tuple(o[1:] if o.startswith("-") else f"-{o}" for o in order)
    order = (*order, "-id" if sort.startswith("-") else "id")
    rows = rows.order_by(*order)
    # The page is cut over the ids alone (the filter's and the sort's joins only), then
    # its rows are read by id with the list's own joins and prefetches: PostgreSQL does
    # not drop an inner join, so the full query joined every row in scope (every
    # obligation behind an extension request) before keeping one page.
    if rows_read == "direct":
        page = Paginator(rows, page_size or PAGE_SIZE).get_page(data.get("page"))
    else:
        ids = rows.select_related(None).prefetch_related(None).values_list("pk", flat=True)
        known = counted(filterset.form.cleaned_data) if counted and valid else None
        if known is not None:
            ids = _sorted_in_python(ids, order, known, sort_in_python)
            # Rows read whole are counted as read (every one reachable); otherwise the
            # summary's figure stands for the database's count.
            ids = CountedRows(ids, len(ids) if isinstance(ids, list) else known)
        page = Paginator(ids, page_size or PAGE_SIZE).get_page(data.get("page"))
        page.object_list = (page_objects(queryset, list(page.object_list))
                            if rows_read == "by_id" else list(page.object_list))
    query = data.copy()
    query.pop("page", None)
    return ListPage(filterset=filterset, page=page, sort=sort, query=query, valid=valid,
                    sorts=sorts, shown=shown, fixed=tuple(fixed or ()))

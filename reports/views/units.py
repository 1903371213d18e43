"""The units' pages: the list of units the user may open, and one unit's page ("Trang
đơn vị": its items, obligations, reports, extension requests, on-time rate by period,
predecessors and successors). Scoped by `reports.units.unit_scope_ids`: a unit outside
the user's scope is 404."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from assignments.filters import ObligationFilter
from assignments.selectors import (
    OBLIGATION_SORTS,
    obligation_page_list,
    obligation_page_rows,
    period_choosers,
)
from directives.selectors import list_choosers
from tracker.filters import UnitFilter
from tracker.lists import list_page
from tracker.selectors import unit_tree_on
from tracker.timeutil import today
from tracker.views.common import as_of

from ..units import unit_page, unit_scope_ids, units_for

# The unit page's obligation list: the obligation list page's filters but the unit's own.
UNIT_OBLIGATION_FILTERS = ("q", "status", "directive", "period", "due_after", "due_before",
                           "days_overdue_min", "overdue", "as_of")
UNIT_PAGE_SIZE = 20  # obligations a page: the page has four lists
UNIT_SORTS = {"order": ("order", "name"), "name": ("name",), "code": ("code",)}


@login_required
def unit_list(request):
    """The units the user may open, filtered by the API's UnitFilter (name, kind, active,
    sub-units of…), 50 a page."""
    listing = list_page(request, filterset_class=UnitFilter, queryset=units_for(request.user),
                        sorts=UNIT_SORTS, default_sort="order",
                        shown=("q", "kind", "is_active", "unit_tree"))
    list_choosers(listing, request.user)
    return render(request, "reports/unit_list.html", {"listing": listing, "day": today()},
                  status=listing.status)


@login_required
def unit_tree(request):
    """The organisation chart as of a day (`?as_of=dd/mm/yyyy`): the units of that day
    with the names and parents they had then (issue 17). Every signed-in user reads it,
    as the API's `/units/`; a name links to its unit page where the user may open it."""
    day, as_of_form, valid = as_of(request)
    tree = unit_tree_on(day)
    scope = unit_scope_ids(request.user)
    rows = [(unit, "\u2003" * depth, tree.name(unit.parent_id) if unit.parent_id else "",
             scope is None or unit.id in scope)
            for unit, depth in tree.walk()]
    return render(request, "reports/unit_tree.html", {
        "rows": rows, "day": day, "as_of_form": as_of_form,
    }, status=200 if valid else 400)


@login_required
def unit_detail(request, pk: int):
    unit = get_object_or_404(units_for(request.user), pk=pk)
    day, as_of_form, valid = as_of(request)
    listing = list_page(request, filterset_class=ObligationFilter,
                        queryset=obligation_page_list(user=request.user),
                        sorts=OBLIGATION_SORTS, default_sort="-due",
                        shown=UNIT_OBLIGATION_FILTERS, fixed={"unit": str(unit.pk)},
                        page_size=UNIT_PAGE_SIZE, rows_read="ids")
    list_choosers(listing, request.user)
    period_choosers(listing, request.user)
    rows = obligation_page_rows(listing.page.object_list, day)
    return render(request, "reports/unit_detail.html", {
        **unit_page(user=request.user, unit=unit, day=day), "as_of_form": as_of_form,
        "listing": listing, "rows": rows,
    }, status=200 if valid and listing.valid else 400)

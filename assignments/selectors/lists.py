"""The API's lists, scoped (`visible_to`), with today's statuses computed in SQL.

`statuses.orm`: `computed_status` is the status CASE over the stored columns.
"""

import datetime as dt

from django.db.models import QuerySet

from tracker.models import Unit
from tracker.timeutil import today

from ..models import (
    Assignment,
    ExtensionRequest,
    ReportingPeriod,
    ReportObligation,
)
from ..statuses import (
    assignment_status_case,
    obligation_status_case,
)
from .facts import assignment_states, obligation_states

# (statuses.orm: `computed_status` is the status CASE over the stored columns).

def assignment_list(*, user, day: dt.date | None = None) -> QuerySet:
    """Assignments the user sees, with `computed_status` for `day` (default today).

    Only the columns the API shows are read (no directive row, no long texts but the
    item's content); `assignment_rows` projects a page to plain rows.
    """
    return (Assignment.objects.visible_to(user)
            .select_related("item", "unit")
            .only(*ASSIGNMENT_COLUMNS, "item__content", "item__directive_id",
                  "item__deadline_mode", *UNIT_BRIEF_COLUMNS)
            .annotate(computed_status=assignment_status_case(day or today())))


def obligation_list(*, user, day: dt.date | None = None) -> QuerySet:
    """Obligations the user sees, with `computed_status` for `day` (default today)."""
    return (ReportObligation.objects.visible_to(user)
            .select_related("assignment__unit", "assignment__item", "period")
            .only(*OBLIGATION_COLUMNS, "assignment__item_id", "assignment__unit_id",
                  "assignment__item__directive_id",
                  *(f"assignment__{c}" for c in UNIT_BRIEF_COLUMNS), "period")
            .annotate(computed_status=obligation_status_case(day or today())))


def obligation_page_list(*, user) -> QuerySet:
    """Obligations the user sees, for the obligation list page: the page is cut over
    their ids (its rows come from `obligation_page_rows`), so the page query joins nothing
    but what its filter and its sort need (the full `obligation_list` joined assignment,
    item, unit and period for every row in scope before cutting the page)."""
    return ReportObligation.objects.visible_to(user)


def period_list(*, user) -> QuerySet:
    return (ReportingPeriod.objects.visible_to(user)
            .order_by("directive_id", "cadence", "starts_on", "id"))


def period_choosers(listing, user) -> None:
    """The `period` filter as a drop-down: the periods of the directive chosen (or of the
    chosen period's directive, as the matrix's links give), in the page's language with
    the directive's number; none before a directive is chosen (thousands of periods at
    national scale), rather than a box for a period's id."""
    from tracker.filters import id_or_none
    from tracker.lists import choices_for
    from tracker.period_labels import localized_period_label

    def number(key: str) -> int | None:
        return id_or_none((listing.query.get(key) or "").strip())

    visible = period_list(user=user)
    directive_id = number("directive")
    if directive_id is None and number("period") is not None:
        directive_id = visible.filter(pk=number("period")).values_list(
            "directive_id", flat=True).first()
    rows = [] if directive_id is None else (
        visible.filter(directive_id=directive_id).order_by("due_on", "pk")
        .values_list("pk", "label", "directive__number"))
    choices_for(listing, "period", [(pk, f"{localized_period_label(label)} · {number_}")
                                    for pk, label, number_ in rows])


def extension_request_list(*, user) -> QuerySet:
    return (ExtensionRequest.objects.visible_to(user)
            .select_related("assignment__unit", "assignment__item__directive", "obligation",
                            "requested_by", "decided_by")
            .order_by("-created_at", "-id"))


def states_as_of(qs: QuerySet, day: dt.date) -> dict:
    """Statuses on a past day for the rows of `qs` (assignments or obligations)."""
    if qs.model is Assignment:
        return assignment_states(qs, day)
    return obligation_states(qs, day)


# --- list helpers: pages as plain rows, statuses as column conditions -----------------

# The stored columns the list endpoints show (the API fields; see assignments.api).
ASSIGNMENT_COLUMNS = (
    "id", "item", "unit", "original_unit", "role", "is_joint", "via_group", "assigned_on",
    "original_due_on", "current_due_on", "state", "completed_on", "completed_at",
    "withdrawn_at", "created_at")
OBLIGATION_COLUMNS = (
    "id", "assignment", "period", "original_due_on", "due_on", "state", "first_submitted_at",
    "effective_submitted_on", "resubmit_by", "accepted_at", "withdrawn_at", "created_at")
UNIT_BRIEF_COLUMNS = ("unit__code", "unit__name", "unit__short_name")

ASSIGNMENT_ROW = (
    "id", "item_id", "item__content", "item__directive_id", "item__deadline_mode", "unit_id",
    "unit__code", "unit__name", "unit__short_name", "original_unit_id", "role", "is_joint",
    "via_group_id", "assigned_on", "original_due_on", "current_due_on", "state",
    "computed_status", "completed_on", "completed_at", "withdrawn_at", "created_at")
# The unit and the period of a page are read apart (`page_units`, `page_periods`): two
# more joins in the page query cost more planning time than two small queries.
OBLIGATION_ROW = (
    "id", "assignment_id", "assignment__item_id", "assignment__item__directive_id",
    "assignment__unit_id", "period_id", "original_due_on", "due_on", "state",
    "computed_status", "first_submitted_at", "effective_submitted_on", "resubmit_by",
    "accepted_at", "withdrawn_at", "created_at")


def assignment_rows(queryset: QuerySet) -> QuerySet:
    """A (filtered, scoped) `assignment_list` as dicts: no model instances per row."""
    return queryset.values(*ASSIGNMENT_ROW)


def obligation_rows(queryset: QuerySet) -> QuerySet:
    """A (filtered, scoped) `obligation_list` as dicts: no model instances per row."""
    return queryset.values(*OBLIGATION_ROW)


def page_units(unit_ids) -> dict[int, dict]:
    """id → {id, code, name, short_name} for the units of a page."""
    return {row["id"]: row for row in Unit.objects.filter(pk__in=set(unit_ids)).order_by()
            .values("id", "code", "name", "short_name")}


def page_periods(period_ids) -> dict[int, dict]:
    """id → the period's columns, for the periods of a page."""
    return {row["id"]: row for row in ReportingPeriod.objects.filter(pk__in=set(period_ids))
            .order_by().values("id", "directive_id", "cadence", "label", "starts_on",
                               "ends_on", "due_on")}



# --- the obligation list page (the overdue list, the dashboard's drill-down) -----------

# Sort keys of the obligation list page: the column orders (`tracker.lists.list_page`).
# `unit` reads the scope column (the assignment's unit, kept by assignments.scope): no
# join through the assignment.
OBLIGATION_SORTS = {
    "due": ("due_on",),
    "unit": ("unit__name",),
    "directive": ("assignment__item__directive__number", "assignment__item__order"),
    "period": ("period__due_on", "period__label"),
}
OBLIGATION_PAGE_COLUMNS = (
    "id", "due_on", "assignment__item__order", "assignment__item__content",
    "assignment__item__directive_id", "assignment__item__directive__number",
    "assignment__unit_id", "period_id")


def obligation_page_rows(page_ids: list[int], day: dt.date) -> list[dict]:
    """The rows of one page of the obligation list, in the page's order: their columns,
    unit, period and status on `day` (the same `obligation_states` as the export)."""
    rows = {row["id"]: row for row in ReportObligation.objects.filter(pk__in=page_ids)
            .order_by().values(*OBLIGATION_PAGE_COLUMNS)}
    units = page_units(row["assignment__unit_id"] for row in rows.values())
    periods = page_periods(row["period_id"] for row in rows.values())
    states = obligation_states(ReportObligation.objects.filter(pk__in=page_ids), day)
    return [{**rows[pk], "unit": units.get(rows[pk]["assignment__unit_id"]),
             "period": periods.get(rows[pk]["period_id"]), "state": states.get(pk)}
            for pk in page_ids if pk in rows]

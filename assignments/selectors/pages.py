"""Reads for the assignments app's pages and the pages above that show its rows."""

import datetime as dt

from django.db.models import Prefetch, QuerySet

from directives.models import Directive, ResponsibilityItem, Section
from tracker import policy
from tracker.models import UnitRevision

from ..models import (
    Assignment,
    ExtensionRequest,
    Reorganisation,
    ReorganisationUnit,
    ReportingPeriod,
    ReportObligation,
)
from .facts import assignment_states


def obligations_for(user) -> QuerySet:
    return ReportObligation.objects.visible_to(user).select_related(
            "assignment__item__directive", "assignment__item__section", "assignment__unit",
            "period")


def extension_requests_for(user) -> QuerySet:
    return ExtensionRequest.objects.visible_to(user).select_related(
            "assignment__item__directive", "assignment__unit", "obligation__period",
            "requested_by", "decided_by")


# What the extension page shows of a request: the unit, the directive's number, the item,
# the period, the dates, the reason, the decision; the requester's name on pending ones.
EXTENSION_PAGE_FIELDS = (
    "assignment", "assignment__unit", "assignment__unit__name",
    "assignment__unit__short_name", "assignment__item", "assignment__item__order",
    "assignment__item__directive", "assignment__item__directive__number", "obligation",
    "obligation__period", "obligation__period__label", "current_due_on", "requested_due_on",
    "reason", "status", "decided_at", "decision_note", "created_at")
EXTENSION_REQUESTER_FIELDS = ("requested_by", "requested_by__username",
                              "requested_by__first_name", "requested_by__last_name")


def extension_page_rows(user, *, requester: bool = False) -> QuerySet:
    """The extension requests the user sees, read with what the extension page shows of
    them alone (`requester`: with the name of who asked): not every column of the nine
    tables `extension_requests_for` joins (a directive's full text on each row, its
    users' password hashes), each turned into Python values for a page of fifty rows."""
    joins = ("assignment__item__directive", "assignment__unit", "obligation__period")
    fields = EXTENSION_PAGE_FIELDS + (EXTENSION_REQUESTER_FIELDS if requester else ())
    return (ExtensionRequest.objects.visible_to(user)
            .select_related(*joins, *(("requested_by",) if requester else ()))
            .only(*fields))


def recent_extension_requests(user, limit: int = 8) -> list[ExtensionRequest]:
    """The latest extension requests of the user's units, for the "my work" page.

    Narrow rows by the units' assignment ids, the latest picked here, then those read with
    their labels: a unit asks for few extensions, while a plan that walks the requests by
    date, or joins them to the assignments, reads the whole country's.
    """
    own = policy.unit_ids(user, *policy.UNIT_ROLES)
    assignments = list(Assignment.objects.filter(unit_id__in=own).order_by()
                       .values_list("id", flat=True))
    latest = sorted(ExtensionRequest.objects.filter(assignment_id__in=assignments).order_by()
                    .values_list("created_at", "id"), reverse=True)[:limit]
    return list(ExtensionRequest.objects.filter(pk__in=[pk for _at, pk in latest])
                .select_related("assignment__item__directive", "obligation__period")
                .only("assignment", "obligation", "current_due_on", "requested_due_on",
                      "status", "approved_due_on", "decision_note", "created_at",
                      "assignment__item", "assignment__item__order",
                      "assignment__item__directive", "assignment__item__directive__number",
                      "obligation__period", "obligation__period__label")
                .order_by("-created_at", "-id"))


def matrix_periods(directive: Directive) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.filter(directive=directive)
                .order_by("due_on", "starts_on"))


def default_period(periods: list[ReportingPeriod], day: dt.date) -> ReportingPeriod | None:
    """The latest period already due (else the first one)."""
    due = [p for p in periods if p.due_on <= day]
    if due:
        return max(due, key=lambda p: (p.due_on, p.cadence != "one_off"))
    return periods[0] if periods else None


def directive_breakdown(*, directive: Directive, day: dt.date, user
                        ) -> tuple[list[Section], list[ResponsibilityItem]]:
    """A directive's sections, each with its items (`section.view_items`), and the items
    outside any section; each item's assignments the user may see, each with its status
    on `day` (`assignment.view_state`)."""
    assignments_qs = Assignment.objects.visible_to(user).filter(
        item__directive=directive
    ).select_related("unit", "via_group").order_by("unit__order", "unit__name")
    states = assignment_states(assignments_qs, day)
    items = (ResponsibilityItem.objects.filter(directive=directive).order_by("order")
             .prefetch_related(Prefetch("assignments", queryset=assignments_qs)))
    sections = list(Section.objects.filter(directive=directive).order_by("order"))
    by_section: dict = {s.pk: [] for s in sections}
    loose = []
    for item in items:
        for a in item.assignments.all():
            a.view_state = states.get(a.pk)
        (by_section.get(item.section_id, loose)).append(item)
    for section in sections:
        section.view_items = by_section[section.pk]
    return sections, loose


def recent_reorganisations(user, limit: int = 200) -> list[Reorganisation]:
    """The reorganisations the user sees, newest first, each with its old units
    (`sources`), its successors (`targets`) and, for a rename, the unit's name until the
    change (`name_before`, from its revision): a fixed number of queries."""
    sides = ReorganisationUnit.objects.select_related("unit")
    rows = list(Reorganisation.objects.visible_to(user)
                .prefetch_related(Prefetch("units", sides.filter(side="source"),
                                           to_attr="sources"),
                                  Prefetch("units", sides.filter(side="target"),
                                           to_attr="targets"))
                .select_related("new_parent").order_by("-effective_on", "-id")[:limit])
    renames = {(r.sources[0].unit_id, r.effective_on): r for r in rows
               if r.kind == Reorganisation.Kind.RENAME and r.sources}
    for unit_id, valid_to, name in UnitRevision.objects.filter(
            unit_id__in={unit for unit, _day in renames}).values_list(
            "unit_id", "valid_to", "name"):
        if (unit_id, valid_to) in renames:
            renames[(unit_id, valid_to)].name_before = name
    return rows

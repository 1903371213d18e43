"""Reads for directives, sections and items, scoped to the caller (`visible_to`)."""

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from tracker import policy
from tracker.models import Membership, Unit

from .models import Cadence, Directive, ResponsibilityItem, Section


def directive_list(*, user) -> QuerySet:
    return (Directive.objects.visible_to(user)
            .select_related("supervising_unit", "issuer_unit")
            .prefetch_related(Prefetch("sections", queryset=Section.objects.order_by("order")))
            .order_by("-issued_on", "number", "id"))


def item_list(*, user) -> QuerySet:
    return (ResponsibilityItem.objects.visible_to(user)
            .select_related("directive", "section")
            .order_by("directive_id", "order", "id"))


# --- the directives the figures count ---------------------------------------------

def tracked_q(day: dt.date, prefix: str = "") -> Q:
    """The directives the dashboard counts on `day`: issued by then, and active or closed
    that day or later. `prefix` reads them through a relation ("assignment__item__directive__").
    The dashboard's tiles and the lists they open (`?tracked=all`) share this one rule."""
    return (Q(**{f"{prefix}status": Directive.Status.ACTIVE})
            | Q(**{f"{prefix}status": Directive.Status.CLOSED,
                   f"{prefix}closed_at__date__gte": day})) & Q(**{f"{prefix}issued_on__lte": day})


def tracked_directives(user, day: dt.date) -> QuerySet:
    """The directives the user's dashboard counts, newest first; the first
    TRACKER_DASHBOARD_DIRECTIVES are the ones it lists (`listed_directive_ids`)."""
    return Directive.objects.visible_to(user).filter(tracked_q(day)).order_by(
        "-issued_on", "number")


def listed_directive_ids(user, day: dt.date) -> list[int]:
    """The directives the dashboard lists (its bars, units, trend and overdue table)."""
    from django.conf import settings

    return list(tracked_directives(user, day).values_list("pk", flat=True)
                [:settings.TRACKER_DASHBOARD_DIRECTIVES])


# --- for the pages ----------------------------------------------------------------

def directives_for(user) -> QuerySet:
    return Directive.objects.visible_to(user).select_related(
        "supervising_unit")


def reviewable_directives(user) -> QuerySet:
    """Directives the user may change (the supervising board, or an administrator)."""
    if getattr(user, "is_superuser", False):
        return Directive.objects.all()
    return Directive.objects.filter(
        supervising_unit_id__in=policy.unit_ids(user, Membership.Role.REVIEWER))


def import_review_context(*, preview: dict[str, Any], source: str, board_units: list[Unit],
                          errors: list[str]) -> dict[str, Any]:
    """The import review page: the preview beside the numbered source lines, and the
    choices its fields offer."""
    units = list(Unit.objects.filter(is_active=True).order_by("order", "name"))
    sections = preview.get("sections") or []
    return {
        "preview": preview, "sections": sections, "errors": errors,
        "lines": list(enumerate(source.splitlines(), start=1)),
        "units": units, "board_units": board_units,
        "kinds": Directive.Kind.choices, "cadences": Cadence.choices,
        "deadline_modes": ResponsibilityItem.DeadlineMode.choices,
        "section_choices": [(i, s.get("addressee") or _("(không có đối tượng)"))
                            for i, s in enumerate(sections)],
        "item_count": sum(len(s.get("items") or []) for s in sections),
    }


def list_choosers(listing, user) -> None:
    """The list pages' drop-downs: the directives the user sees (newest first) for
    `directive`, the active units (in the organisation's order) for `unit_tree`."""
    from tracker.lists import choices_for

    choices_for(listing, "directive", directives_for(user).order_by("-issued_on", "number")
                .values_list("id", "number"))
    choices_for(listing, "unit_tree", Unit.objects.filter(is_active=True)
                .order_by("order", "name").values_list("id", "name"))

"""Reads for directives, sections and items, scoped to the caller (`visible_to`)."""

from django.db.models import Prefetch, QuerySet

from tracker import policy
from tracker.models import Membership

from .models import Directive, ResponsibilityItem, Section


def directive_list(*, user) -> QuerySet:
    return (Directive.objects.visible_to(user)
            .select_related("supervising_unit", "issuer_unit")
            .prefetch_related(Prefetch("sections", queryset=Section.objects.order_by("order")))
            .order_by("-issued_on", "number", "id"))


def item_list(*, user) -> QuerySet:
    return (ResponsibilityItem.objects.visible_to(user)
            .select_related("directive", "section")
            .order_by("directive_id", "order", "id"))


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

"""Reads for directives, sections and items, scoped to the caller (tracker.policy)."""

from django.db.models import Prefetch, QuerySet

from tracker import policy

from .models import Directive, ResponsibilityItem, Section


def directive_list(*, user) -> QuerySet:
    return (policy.scope_directives(Directive.objects.all(), user)
            .select_related("supervising_unit", "issuer_unit")
            .prefetch_related(Prefetch("sections", queryset=Section.objects.order_by("order")))
            .order_by("-issued_on", "number", "id"))


def directive_get(*, user, pk: int) -> Directive:
    return directive_list(user=user).get(pk=pk)


def directives_supervised(*, user) -> QuerySet:
    """Directives the user may change (their board supervises them)."""
    if getattr(user, "is_superuser", False):
        return Directive.objects.all()
    from tracker.models import Membership

    return Directive.objects.filter(
        supervising_unit_id__in=policy.unit_ids(user, Membership.Role.REVIEWER))


def item_list(*, user) -> QuerySet:
    return (policy.scope_items(ResponsibilityItem.objects.all(), user)
            .select_related("directive", "section")
            .order_by("directive_id", "order", "id"))


def section_list(*, user) -> QuerySet:
    return policy.scope_directive_children(Section.objects.all(), user)

"""Reads of the shared core: units, groups, notifications."""

from collections import defaultdict

from django.db.models import QuerySet

from . import policy
from .models import Notification, Unit, UnitGroup


def unit_list(*, user) -> QuerySet:
    """Units are the public organisation chart: every signed-in user may read them."""
    return Unit.objects.all().order_by("order", "name", "id")


def unit_group_list(*, user) -> QuerySet:
    return UnitGroup.objects.prefetch_related("members").order_by("name", "id")


def unit_tree_ids(unit_id: int) -> set[int]:
    """The unit and all its sub-units (one query)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Unit.objects.values_list("id", "parent_id"):
        children[parent_id].append(pk)
    found, stack = set(), [unit_id]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, []))
    return found


def notification_list(*, user) -> QuerySet:
    return policy.scope_notifications(Notification.objects.all(), user).order_by("-id")


def notification_unread_count(*, user) -> int:
    return notification_list(user=user).filter(read_at__isnull=True).count()

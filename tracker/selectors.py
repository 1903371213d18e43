"""Reads of the shared core: units, groups, notifications."""

from django.db import connection
from django.db.models import QuerySet

from .models import Notification, Unit, UnitGroup


def unit_list(*, user) -> QuerySet:
    """Units are the public organisation chart: every signed-in user may read them."""
    return Unit.objects.all().order_by("order", "name", "id")


def unit_group_list(*, user) -> QuerySet:
    return UnitGroup.objects.prefetch_related("members").order_by("name", "id")


def unit_tree_ids(unit_id: int) -> set[int]:
    """The unit and all its sub-units, walked in the database: one query that reads only
    the subtree's rows (a national chart has thousands of units)."""
    table = connection.ops.quote_name(Unit._meta.db_table)
    sql = (f"WITH RECURSIVE tree(id) AS (SELECT id FROM {table} WHERE id = %s "  # noqa: S608
           f"UNION SELECT u.id FROM {table} u JOIN tree ON u.parent_id = tree.id) "
           "SELECT id FROM tree")
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit_id])
        return {row[0] for row in cursor.fetchall()}


def notification_list(*, user) -> QuerySet:
    return Notification.objects.visible_to(user).order_by("-id")


def notification_unread_count(*, user) -> int:
    return notification_list(user=user).filter(read_at__isnull=True).count()

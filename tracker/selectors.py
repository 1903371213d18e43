"""Reads of the shared core: units, groups, notifications."""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from . import policy
from .models import Membership, Notification, Unit, UnitGroup, UnitRevision


def unit_list(*, user) -> QuerySet:
    """Units are the public organisation chart: every signed-in user may read them."""
    return Unit.objects.all().order_by("order", "name", "id").prefetch_related(
        "succession_in", "succession_out",
        Prefetch("revisions", queryset=UnitRevision.objects.order_by("valid_to", "id")))


def units_on_q(day: dt.date, prefix: str = "") -> Q:
    """The units that existed on `day` (the tree of that day, issue 17)."""
    return ((Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day}))
            & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day}))
            & (Q(**{f"{prefix}dissolved_on__isnull": True})
               | Q(**{f"{prefix}dissolved_on__gt": day})))


def unit_revision_on(unit: Unit, day: dt.date) -> UnitRevision | None:
    """The name and parent `unit` had on `day`, when it has changed since (None: its
    current ones). Reads the prefetched revisions (`unit_list`)."""
    for revision in unit.revisions.all():
        if revision.valid_to > day:
            return revision
    return None


def unit_name_on(unit: Unit, day: dt.date) -> str:
    revision = unit_revision_on(unit, day)
    return revision.name if revision is not None else unit.name


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


# --- for the pages (the shell) -----------------------------------------------------

@dataclass(frozen=True)
class Roles:
    unit: bool
    reviewer: bool
    leader: bool
    superuser: bool

    @property
    def board(self) -> bool:
        return self.reviewer or self.superuser

    @property
    def sees_dashboard(self) -> bool:
        return self.leader or self.board


def roles_of(user) -> Roles:
    return Roles(
        unit=bool(policy.unit_ids(user, *policy.UNIT_ROLES)),
        reviewer=bool(policy.unit_ids(user, Membership.Role.REVIEWER)),
        leader=bool(policy.unit_ids(user, Membership.Role.LEADER)),
        superuser=bool(getattr(user, "is_superuser", False)),
    )


def user_units(user) -> QuerySet:
    return Unit.objects.filter(pk__in=policy.unit_ids(user)).order_by("order", "name")


def notifications_for(user) -> QuerySet:
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    from tracker import notify

    counter = getattr(notify, "unread_count", None)
    if counter is not None:
        return counter(user)
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

"""The permission policy: who may see and change what (DESIGN §5).

One mechanism for every read path: selectors, API views and pages call `scope_*`
so that a unit user sees its own units' work, a reviewer the directives its unit
supervises, and a leader everything (read-only).
"""

from django.db.models import Q, QuerySet

from .errors import NotAllowed
from .models import Membership

UNIT_ROLES = (Membership.Role.REPORTER, Membership.Role.UNIT_HEAD)


def _memberships(user) -> list[tuple[int, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_tracker_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).values_list("unit_id", "role"))
        user._tracker_memberships = cached
    return cached


def unit_ids(user, *roles: str) -> set[int]:
    """Units where the user holds one of `roles` (any role when none given)."""
    return {unit for unit, role in _memberships(user) if not roles or role in roles}


def sees_everything(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or bool(
        unit_ids(user, Membership.Role.LEADER)
    )


def is_leader_only(user) -> bool:
    """A leader with no other role: may read everything, change nothing."""
    if getattr(user, "is_superuser", False):
        return False
    roles = {role for _, role in _memberships(user)}
    return roles == {Membership.Role.LEADER}


def is_reviewer(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or bool(
        unit_ids(user, Membership.Role.REVIEWER)
    )


def can_review(user, directive) -> bool:
    """Only the supervising board (or an administrator) reviews and decides."""
    if getattr(user, "is_superuser", False):
        return True
    return directive.supervising_unit_id in unit_ids(user, Membership.Role.REVIEWER)


def can_report_for(user, assignment) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return assignment.unit_id in unit_ids(user, *UNIT_ROLES)


def require(allowed: bool, message=None) -> None:
    if not allowed:
        raise NotAllowed(message)


# --- scoping querysets -----------------------------------------------------------

def scope_directives(qs: QuerySet, user) -> QuerySet:
    if sees_everything(user):
        return qs
    reviewer_units = unit_ids(user, Membership.Role.REVIEWER)
    own_units = unit_ids(user, *UNIT_ROLES)
    return qs.filter(
        Q(supervising_unit_id__in=reviewer_units)
        | Q(items__assignments__unit_id__in=own_units, status__in=["active", "closed"])
    ).distinct()


def assignment_scope_q(user, prefix: str = "") -> Q | None:
    """The Q that keeps assignments the user may see; None means no restriction."""
    if sees_everything(user):
        return None
    reviewer_units = unit_ids(user, Membership.Role.REVIEWER)
    own_units = unit_ids(user, *UNIT_ROLES)
    return Q(**{f"{prefix}unit_id__in": own_units}) | Q(
        **{f"{prefix}item__directive__supervising_unit_id__in": reviewer_units}
    )


def scope_by_assignment(qs: QuerySet, user, prefix: str = "") -> QuerySet:
    q = assignment_scope_q(user, prefix)
    return qs if q is None else qs.filter(q)

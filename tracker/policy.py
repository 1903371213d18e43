"""The permission policy: who may see and change what (DESIGN §5).

One mechanism for every read path: selectors, API views and pages call `scope_*`
so that a unit user sees its own units' work, a reviewer the directives its unit
supervises, and a leader everything (read-only).
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet

from .errors import NotAllowed
from .models import Membership

UNIT_ROLES = (Membership.Role.REPORTER, Membership.Role.UNIT_HEAD)

# A unit's members also see the directives and items their units are assigned to. The
# assignments live above this floor: the assignments app registers how to read them
# (AssignmentsConfig.ready), the core never imports it.
_assignments_of_units: Callable[[Iterable[int]], QuerySet] | None = None


def register_assignments_of_units(reader: Callable[[Iterable[int]], QuerySet]) -> None:
    global _assignments_of_units
    _assignments_of_units = reader


def _assignments_of(units: Iterable[int]) -> QuerySet:
    if _assignments_of_units is None:
        raise ImproperlyConfigured("the assignments app has not registered its reader")
    return _assignments_of_units(units)


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
    seen = Q(supervising_unit_id__in=reviewer_units)
    if own_units:
        # A subquery, not a join: no duplicate rows, so no DISTINCT over the directives.
        seen |= Q(status__in=["active", "closed"], pk__in=_assignments_of(
            own_units).values("item__directive_id"))
    return qs.filter(seen)


def _any(*branches) -> Q:
    """OR of the branches that apply (a user without units or boards has no branch for
    them: leaving it out keeps its joins out of the query). None of them: nothing."""
    kept = [q for q in branches if q]
    if not kept:
        return Q(pk__in=[])
    out = kept[0]
    for q in kept[1:]:
        out |= q
    return out


def assignment_scope_q(user, prefix: str = "") -> Q | None:
    """The Q that keeps assignments (or rows reached through `prefix`, e.g.
    "assignment__") the user may see; None means no restriction. The board is read from
    the assignment's scope column (assignments.scope), not through item → directive."""
    if sees_everything(user):
        return None
    reviewer_units = unit_ids(user, Membership.Role.REVIEWER)
    own_units = unit_ids(user, *UNIT_ROLES)
    return _any(own_units and Q(**{f"{prefix}unit_id__in": own_units}),
                reviewer_units and Q(**{f"{prefix}board_id__in": reviewer_units}))


def scope_by_assignment(qs: QuerySet, user, prefix: str = "") -> QuerySet:
    q = assignment_scope_q(user, prefix)
    return qs if q is None else qs.filter(q)


# --- scoping for the API and pages (added with the REST API) -------------------------

LIVE_DIRECTIVE_STATES = ("active", "closed")


def visible_assignment_q(user, prefix: str = "") -> Q | None:
    """Like `assignment_scope_q`, but a unit sees nothing of a directive still in draft."""
    if sees_everything(user):
        return None
    reviewer_units = unit_ids(user, Membership.Role.REVIEWER)
    own_units = unit_ids(user, *UNIT_ROLES)
    return _any(own_units and Q(**{f"{prefix}unit_id__in": own_units,
                                   f"{prefix}item__directive__status__in":
                                       LIVE_DIRECTIVE_STATES}),
                reviewer_units and Q(**{f"{prefix}board_id__in": reviewer_units}))


def scope_assignments(qs: QuerySet, user, prefix: str = "") -> QuerySet:
    """Assignments (or rows reached through `prefix`, e.g. "assignment__") the user sees."""
    q = visible_assignment_q(user, prefix)
    return qs if q is None else qs.filter(q)


def scope_obligations(qs: QuerySet, user, prefix: str = "") -> QuerySet:
    """Obligations (or rows reached through `prefix`, e.g. "obligation__") the user sees,
    by the obligation's own scope columns: a board's lists page along its indexes."""
    if sees_everything(user):
        return qs
    reviewer_units = unit_ids(user, Membership.Role.REVIEWER)
    own_units = unit_ids(user, *UNIT_ROLES)
    return qs.filter(_any(
        own_units and Q(**{f"{prefix}unit_id__in": own_units,
                           f"{prefix}assignment__item__directive__status__in":
                               LIVE_DIRECTIVE_STATES}),
        reviewer_units and Q(**{f"{prefix}board_id__in": reviewer_units})))


def scope_items(qs: QuerySet, user) -> QuerySet:
    """Items of directives the user's board supervises, or assigned to the user's units."""
    if sees_everything(user):
        return qs
    reviewer_units = unit_ids(user, Membership.Role.REVIEWER)
    own_units = unit_ids(user, *UNIT_ROLES)
    assigned = _assignments_of(own_units).values("item_id")
    return qs.filter(
        Q(directive__supervising_unit_id__in=reviewer_units)
        | Q(pk__in=assigned, directive__status__in=LIVE_DIRECTIVE_STATES)
    )


def scope_directive_children(qs: QuerySet, user, prefix: str = "directive__") -> QuerySet:
    """Rows hanging off a directive (periods, sections): visible with their directive."""
    if sees_everything(user):
        return qs
    directives = _related_model(qs.model, prefix).objects.all()
    visible = scope_directives(directives, user).values("pk")
    return qs.filter(**{f"{prefix}pk__in": visible})


def _related_model(model, prefix: str):
    """The model at the end of a lookup path ("directive__" from a period: Directive)."""
    for name in prefix.strip("_").split("__"):
        model = model._meta.get_field(name).related_model
    return model


def scope_reports(qs: QuerySet, user, prefix: str = "") -> QuerySet:
    """Reports: a unit sees its own (drafts included); the board and leaders see what was
    submitted — a draft stays with the unit that writes it. Read from the report's own
    scope columns (assignments.scope)."""
    if getattr(user, "is_superuser", False):
        return qs
    own_units = unit_ids(user, *UNIT_ROLES)
    reviewer_units = unit_ids(user, Membership.Role.REVIEWER)
    mine = own_units and Q(**{
        f"{prefix}unit_id__in": own_units,
        f"{prefix}obligation__assignment__item__directive__status__in": LIVE_DIRECTIVE_STATES})
    not_draft = ~Q(**{f"{prefix}status": "draft"})
    if sees_everything(user):
        return qs.filter(_any(mine, not_draft))
    board = reviewer_units and (Q(**{f"{prefix}board_id__in": reviewer_units}) & not_draft)
    return qs.filter(_any(mine, board))


def scope_notifications(qs: QuerySet, user) -> QuerySet:
    return qs.filter(recipient_id=getattr(user, "pk", None))


def can_write(user) -> bool:
    """Leaders read; everyone else may attempt writes (services check the details)."""
    return bool(getattr(user, "is_authenticated", False)) and not is_leader_only(user)

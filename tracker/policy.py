"""The permission policy: who may see and change what (DESIGN §5).

One mechanism for every read path: `Model.objects.visible_to(user)` (tracker.scoping)
applies the Q builders below, so that a unit user sees its own units' work, a reviewer
the directives its unit supervises, and a leader everything (read-only).
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
    """The assignment's unit writes its reports; a user whose units were all dissolved
    (`is_stranded`) reads their old unit's obligations and writes nothing."""
    if getattr(user, "is_superuser", False):
        return True
    return assignment.unit_id in unit_ids(user, *UNIT_ROLES) and not is_stranded(user)


def require(allowed: bool, message=None) -> None:
    if not allowed:
        raise NotAllowed(message)


# --- who sees which rows -----------------------------------------------------------
#
# One Q builder per kind of row, each taking the path (`prefix`) from the model being
# read to that row. The models' managers (`tracker.scoping.scoped`) call them from
# `visible_to(user)`; nothing else filters by visibility. None means "no restriction".

LIVE_DIRECTIVE_STATES = ("active", "closed")


class _System:
    """The product itself reading everything: the scheduler's digests, the bench.

    Passed where a user is expected, so that a read of everything is written out at
    its call site, never implied by a missing user."""

    is_authenticated = False  # nobody signed in: it writes no event as an actor
    is_active = True
    is_superuser = True  # sees every row
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


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


def _live(prefix: str) -> Q:
    return Q(**{f"{prefix}status__in": LIVE_DIRECTIVE_STATES})


def directive_q(user, prefix: str = "") -> Q | None:
    """Directives the user's board supervises, or live ones its units are assigned to."""
    if sees_everything(user):
        return None
    reviewer_units = unit_ids(user, Membership.Role.REVIEWER)
    own_units = unit_ids(user, *UNIT_ROLES)
    # A subquery, not a join: no duplicate rows, so no DISTINCT over the directives.
    return _any(
        reviewer_units and Q(**{f"{prefix}supervising_unit_id__in": reviewer_units}),
        own_units and (_live(prefix) & Q(**{f"{prefix}pk__in": _assignments_of(
            own_units).values("item__directive_id")})))


def item_q(user, prefix: str = "") -> Q | None:
    """Items of directives the user's board supervises, or assigned to the user's units."""
    if sees_everything(user):
        return None
    reviewer_units = unit_ids(user, Membership.Role.REVIEWER)
    own_units = unit_ids(user, *UNIT_ROLES)
    return _any(
        reviewer_units and Q(**{f"{prefix}directive__supervising_unit_id__in":
                                reviewer_units}),
        own_units and (_live(f"{prefix}directive__") & Q(**{
            f"{prefix}pk__in": _assignments_of(own_units).values("item_id")})))


def assignment_q(user, prefix: str = "") -> Q | None:
    """Assignments of the user's units (in live directives) or of its board, read from
    the assignment's scope columns (assignments.scope)."""
    if sees_everything(user):
        return None
    reviewer_units = unit_ids(user, Membership.Role.REVIEWER)
    own_units = unit_ids(user, *UNIT_ROLES)
    return _any(own_units and (Q(**{f"{prefix}unit_id__in": own_units})
                               & _live(f"{prefix}item__directive__")),
                reviewer_units and Q(**{f"{prefix}board_id__in": reviewer_units}))


def obligation_q(user, prefix: str = "") -> Q | None:
    """Obligations, by the obligation's own scope columns: a board's lists page along
    its indexes."""
    if sees_everything(user):
        return None
    reviewer_units = unit_ids(user, Membership.Role.REVIEWER)
    own_units = unit_ids(user, *UNIT_ROLES)
    return _any(own_units and (Q(**{f"{prefix}unit_id__in": own_units})
                               & _live(f"{prefix}assignment__item__directive__")),
                reviewer_units and Q(**{f"{prefix}board_id__in": reviewer_units}))


def report_q(user, prefix: str = "") -> Q | None:
    """Reports: a unit sees its own (drafts included); the board and leaders see what was
    submitted — a draft stays with the unit that writes it. Read from the report's own
    scope columns (assignments.scope)."""
    if getattr(user, "is_superuser", False):
        return None
    own_units = unit_ids(user, *UNIT_ROLES)
    reviewer_units = unit_ids(user, Membership.Role.REVIEWER)
    mine = own_units and (Q(**{f"{prefix}unit_id__in": own_units})
                          & _live(f"{prefix}obligation__assignment__item__directive__"))
    not_draft = ~Q(**{f"{prefix}status": "draft"})
    if sees_everything(user):
        return _any(mine, not_draft)
    board = reviewer_units and (Q(**{f"{prefix}board_id__in": reviewer_units}) & not_draft)
    return _any(mine, board)


def is_stranded(user) -> bool:
    """A user whose every unit was dissolved or merged (issue 17): they keep their login
    and read their old unit's history, and change nothing until an administrator gives
    them a new unit."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_superuser", False):
        return False
    cached = getattr(user, "_tracker_stranded", None)
    if cached is None:
        units = unit_ids(user)
        cached = bool(units) and not Membership.objects.filter(
            user=user, unit__is_active=True).exists()
        user._tracker_stranded = cached
    return cached


def can_write(user) -> bool:
    """Leaders read; everyone else may attempt writes (services check the details)."""
    return (bool(getattr(user, "is_authenticated", False)) and not is_leader_only(user)
            and not is_stranded(user))

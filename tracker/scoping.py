"""Scoped querysets: every read of workflow rows asks `visible_to(user)` once.

Modelled on NetBox's `RestrictedQuerySet.restrict`: each model's queryset says, through
the Q builders of `tracker.policy`, which of its rows a user may see, and selectors,
API views and pages call `Model.objects.visible_to(user)` (or `.visible_to(user)` on a
queryset they narrowed). There is no "no user means everything": `user=None` raises. A
read that really spans everything, by the product itself (the scheduler's digests and
exports, the bench), passes `policy.SYSTEM`.
"""

from django.db.models import Manager, QuerySet


class ScopedQuerySet(QuerySet):
    """A queryset whose rows are filtered by who reads them.

    Subclasses set `visibility`: a function `(user, prefix) -> Q | None` from
    `tracker.policy`, None meaning "no restriction" (a leader, an administrator). A
    model reached through another (an extension request through its assignment) names
    the path in `visibility_prefix`.
    """

    visibility = None
    visibility_prefix = ""

    def visible_to(self, user) -> "ScopedQuerySet":
        if user is None:
            raise TypeError("visible_to() needs the reading user; "
                            "pass tracker.policy.SYSTEM for a read of everything")
        if type(self).visibility is None:
            raise NotImplementedError(f"{type(self).__name__} has no visibility rule")
        q = type(self).visibility(user, self.visibility_prefix)
        return self if q is None else self.filter(q)


def scoped(visibility, prefix: str = "", mixins: tuple = ()) -> Manager:
    """A manager whose querysets answer `visible_to(user)` by `visibility` through
    `prefix` (e.g. `scoped(policy.assignment_q, "assignment__")`); `mixins` go before
    ScopedQuerySet (tracker.appendonly's guard)."""
    queryset = type("ScopedQuerySet", (*mixins, ScopedQuerySet),
                    {"visibility": staticmethod(visibility), "visibility_prefix": prefix})
    return Manager.from_queryset(queryset)()


__all__ = ["ScopedQuerySet", "scoped"]

"""Token authentication that reads the user's memberships with the token.

Every API call scopes its answer by the caller's memberships (tracker.policy); DRF's
TokenAuthentication reads the token and the user, then policy reads the memberships in
a second query. Here one query reads all three.
"""

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from tracker.models import Membership

# policy._memberships keeps the (unit_id, role) pairs it read on the user under this
# name; filling it here saves it the query.
MEMBERSHIPS_ATTRIBUTE = "_tracker_memberships"


def _roles_sql() -> str:
    """'unit:role,unit:role…' of the token's user (roles are snake_case words)."""
    table = Membership._meta.db_table
    aggregate = ("string_agg(m.unit_id || ':' || m.role, ',')"
                 if connection.vendor == "postgresql"
                 else "group_concat(m.unit_id || ':' || m.role, ',')")
    return (f"SELECT {aggregate} FROM {table} m "  # noqa: S608 (constant fragments)
            "WHERE m.user_id = authtoken_token.user_id")


def parse_roles(value: str | None) -> list[tuple[int, str]]:
    if not value:
        return []
    pairs = []
    for part in value.split(","):
        unit, role = part.split(":", 1)
        pairs.append((int(unit), role))
    return pairs


class TokenWithRolesAuthentication(TokenAuthentication):
    """`Authorization: Token …`, as DRF's, with the memberships read in the same query."""

    def authenticate_credentials(self, key):
        model = self.get_model()
        try:
            token = (model.objects.select_related("user")
                     .annotate(tracker_roles=RawSQL(_roles_sql(), ()))  # noqa: S611
                     .get(key=key))
        except model.DoesNotExist as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from exc
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        setattr(token.user, MEMBERSHIPS_ATTRIBUTE, parse_roles(token.tracker_roles))
        return (token.user, token)

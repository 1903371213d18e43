"""Token authentication that reads the user's memberships with the token.

Tokens are django-rest-knox's (tracker.accounts: one per device, only a hash stored,
expiring when idle and at a fixed maximum age). Every API call scopes its answer by
the caller's memberships (tracker.policy); knox's TokenAuthentication reads the token
and the user, then policy reads the memberships in a second query. Here one query reads
all three (plus, at most once a minute per token, the UPDATE moving its expiry).
"""

import binascii
from hmac import compare_digest

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.settings import CONSTANTS, knox_settings
from rest_framework import exceptions

from tracker.accounts.models import DeviceToken
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
            f"WHERE m.user_id = {DeviceToken._meta.db_table}.user_id")


def parse_roles(value: str | None) -> list[tuple[int, str]]:
    if not value:
        return []
    pairs = []
    for part in value.split(","):
        unit, role = part.split(":", 1)
        pairs.append((int(unit), role))
    return pairs


class TokenWithRolesAuthentication(TokenAuthentication):
    """`Authorization: Token …`, as knox's, with the memberships read in the same query."""

    def authenticate_credentials(self, token):
        invalid = _("Invalid token.")
        key = token.decode("utf-8") if isinstance(token, bytes) else token
        try:
            digest = hash_token(key)
        except (TypeError, ValueError, binascii.Error) as exc:
            raise exceptions.AuthenticationFailed(invalid) from exc
        candidates = (DeviceToken.objects.select_related("user")
                      .annotate(tracker_roles=RawSQL(_roles_sql(), ()))  # noqa: S611
                      .filter(token_key=key[:CONSTANTS.TOKEN_KEY_LENGTH]))
        for auth_token in candidates:
            if not compare_digest(digest, auth_token.digest):
                continue
            if auth_token.expiry is not None and auth_token.expiry < timezone.now():
                auth_token.delete()
                break
            if knox_settings.AUTO_REFRESH and auth_token.expiry:
                self.renew_token(auth_token)
            user, auth_token = self.validate_user(auth_token)
            setattr(user, MEMBERSHIPS_ATTRIBUTE, parse_roles(auth_token.tracker_roles))
            return (user, auth_token)
        raise exceptions.AuthenticationFailed(invalid)


class TokenWithRolesScheme(OpenApiAuthenticationExtension):
    """OpenAPI: the same `tokenAuth` scheme (`Authorization: Token <key>`) as before knox."""

    target_class = TokenWithRolesAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization",
                                                   token_prefix=knox_settings.AUTH_HEADER_PREFIX)

"""Issuing, listing and revoking API tokens.

Lifetime (settings REST_KNOX, from TRACKER_TOKEN_IDLE_HOURS and TRACKER_TOKEN_MAX_DAYS):
a token is issued for TOKEN_TTL (the idle window, 8 h) and every authenticated call
moves its expiry to now + TOKEN_TTL (AUTO_REFRESH), never past created +
AUTO_REFRESH_MAX_TTL (30 days). An expired token is refused and deleted."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import DeviceToken

# A token's public id: the start of its digest (the key's SHA-512), never the key.
PUBLIC_ID_LENGTH = 16


def issue(user, name: str = "") -> tuple[DeviceToken, str]:
    """A new token for one device; the key is returned once and only its hash is kept."""
    DeviceToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    return DeviceToken.objects.create(user=user, name=name[:100])


def active(user) -> QuerySet[DeviceToken]:
    return DeviceToken.objects.filter(user=user, expiry__gt=timezone.now())


def public_id(token: DeviceToken) -> str:
    return token.digest[:PUBLIC_ID_LENGTH]


def revoke(user, token_id: str) -> int:
    """Revoke the user's token with this public id; how many were revoked (0 or 1)."""
    if len(token_id) != PUBLIC_ID_LENGTH:
        return 0
    deleted, _ = DeviceToken.objects.filter(user=user, digest__startswith=token_id).delete()
    return deleted


def purge_expired() -> int:
    """Delete every expired token (knox deletes one only when it is presented again);
    how many were deleted. Run by the beat task tracker.tokens_purge_expired and by
    `manage.py purge_expired_tokens`."""
    deleted, _ = DeviceToken.objects.filter(expiry__lt=timezone.now()).delete()
    return deleted


def revoke_all(user) -> int:
    deleted, _ = DeviceToken.objects.filter(user=user).delete()
    return deleted

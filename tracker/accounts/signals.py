"""Revocation on password change and deactivation, and the security log's receivers.

A changed password (web page, admin, `changepassword`, `set_password` anywhere) or a
deactivated account revokes every API token of the user. Sessions need nothing more:
Django keeps a hash of the password in each session and ends the sessions whose hash no
longer matches (the page that changed the password keeps its own session through
update_session_auth_hash), and an inactive user's session is not authenticated."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from . import tokens
from .security import log_event

User = get_user_model()
_WATCHED = {"password", "is_active"}


@receiver(pre_save, sender=User, dispatch_uid="accounts.remember_credentials")
def _remember_credentials(sender, instance, update_fields=None, raw=False, **kwargs):
    instance._accounts_revoke = False
    if raw or instance.pk is None:
        return
    if update_fields is not None and not _WATCHED.intersection(update_fields):
        return
    before = (User._default_manager.filter(pk=instance.pk)
              .values("password", "is_active").first())
    if before is None:
        return
    instance._accounts_revoke = (before["password"] != instance.password
                                 or (before["is_active"] and not instance.is_active))


@receiver(post_save, sender=User, dispatch_uid="accounts.revoke_on_credentials_change")
def _revoke_on_credentials_change(sender, instance, created=False, **kwargs):
    if created or not getattr(instance, "_accounts_revoke", False):
        return
    instance._accounts_revoke = False
    revoked = tokens.revoke_all(instance)
    reason = "password_changed" if instance.is_active else "deactivated"
    log_event("tokens_revoked", outcome="success", user=instance, reason=reason,
              tokens=revoked)


@receiver(user_logged_in, dispatch_uid="accounts.log_login")
def _log_login(sender, request, user, **kwargs):
    log_event("login", outcome="success", request=request, user=user, method="session")


@receiver(user_logged_out, dispatch_uid="accounts.log_logout")
def _log_logout(sender, request, user, **kwargs):
    log_event("logout", outcome="success", request=request, user=user, method="session")


@receiver(user_login_failed, dispatch_uid="accounts.log_login_failed")
def _log_login_failed(sender, credentials, request=None, **kwargs):
    locked = bool(getattr(request, "axes_locked_out", False))
    log_event("login", outcome="locked_out" if locked else "failure", request=request,
              username=str((credentials or {}).get("username") or "-"),
              level=logging.WARNING)


@receiver(user_locked_out, dispatch_uid="accounts.log_locked_out")
def _log_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    log_event("lockout", outcome="locked_out", request=request, username=username,
              level=logging.WARNING)

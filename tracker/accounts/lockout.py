"""django-axes with a second limit: per client IP across user names.

Axes locks a user name from one IP after AXES_FAILURE_LIMIT failures (settings
AXES_LOCKOUT_PARAMETERS). Its parameter groups share that one limit, so trying many
user names once each from one address (password spraying) is counted here instead:
an IP that failed with AXES_IP_USERNAME_LIMIT different user names within the cool-off
is locked out for every user name until the cool-off ends."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings


class TrackerAxesHandler(AxesDatabaseHandler):
    def _usernames_tried(self, request) -> int:
        ip = getattr(request, "axes_ip_address", None)
        if not ip:
            return 0
        return (AccessAttempt.objects
                .filter(ip_address=ip, attempt_time__gte=get_cool_off_threshold(request))
                .values("username").distinct().count())

    def _ip_locked(self, request) -> bool:
        limit = getattr(settings, "AXES_IP_USERNAME_LIMIT", None)
        return bool(limit) and self._usernames_tried(request) >= limit

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or (
            settings.AXES_LOCK_OUT_AT_FAILURE and self._ip_locked(request))

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if (request is None or getattr(request, "axes_locked_out", False)
                or not settings.AXES_LOCK_OUT_AT_FAILURE or self.is_whitelisted(request)):
            return
        if self._ip_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send("axes", request=request,
                                 username=get_client_username(request, credentials),
                                 ip_address=request.axes_ip_address)

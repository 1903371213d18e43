"""Shared pieces of every API view: permissions, object lookup, versions (ETag)."""

import re

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import permissions
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter

from tracker import policy
from tracker.api.exceptions import PreconditionFailed, PreconditionRequired
from tracker.filters import id_or_none

STRANDED_MESSAGE = _("Đơn vị của bạn đã giải thể hoặc hợp nhất: bạn chỉ xem được lịch sử "
                     "của đơn vị cũ cho đến khi quản trị hệ thống giao đơn vị mới.")


class LeadersReadOnly(permissions.BasePermission):
    """Leaders (Thường trực, Ban Thường vụ) read everything and change nothing."""

    message = _("Lãnh đạo chỉ được xem, không được thay đổi dữ liệu.")

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if policy.is_stranded(request.user):
            self.message = STRANDED_MESSAGE
        return policy.can_write(request.user)


class TrackerViewMixin:
    """Scoped querysets from selectors, JSON 404 for foreign or malformed ids."""

    permission_classes = [permissions.IsAuthenticated, LeadersReadOnly]
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields: list[str] = ["id"]
    lookup_value_regex = r"[0-9]+"

    def lookup_id(self) -> int:
        """The id in the URL; 404 unless it is one an object could have."""
        value = id_or_none(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field))
        if value is None:
            raise NotFound()
        return value

    def get_object(self):
        self.lookup_id()
        return super().get_object()


_VERSION = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


def etag_for(obj: Model) -> str:
    return f'W/"{obj.lock_version}"'


def expected_version(request, obj: Model) -> int:
    """The version the client edits (If-Match): 428 without, 412 when stale."""
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired()
    if header.strip() == "*":
        return obj.lock_version
    for candidate in header.split(","):
        match = _VERSION.match(candidate)
        if match and int(match.group(1)) == obj.lock_version:
            return obj.lock_version
    raise PreconditionFailed()

"""API views of the core: login token, units, unit groups, notifications."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker import selectors, services
from tracker.accounts import tokens
from tracker.accounts.security import log_event
from tracker.errors import DomainError
from tracker.filters import NotificationFilter, UnitFilter, UnitGroupFilter
from tracker.models import Unit
from tracker.pagination import TrackerCursorPagination

from .base import TrackerViewMixin
from .exceptions import LockedOut
from .serializers import (
    DeviceTokenSerializer,
    NotificationSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UnitGroupSerializer,
    UnitSerializer,
    UnreadCountSerializer,
)


class TokenView(APIView):
    """POST username + password → a new API token for this device (`Authorization: Token
    <key>`). It expires after 8 hours without use and 30 days after sign-in at most
    (settings TRACKER_TOKEN_IDLE_HOURS, TRACKER_TOKEN_MAX_DAYS); a password change or a
    deactivation revokes every token of the user."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer},
                   auth=[], tags=["auth"])
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request=request._request, username=data.validated_data["username"],
                            password=data.validated_data["password"])
        if user is None and getattr(request._request, "axes_locked_out", False):
            raise _locked_out(request._request)
        if user is None or not user.is_active:
            raise DomainError(_("Tên đăng nhập hoặc mật khẩu không đúng."),
                              code="invalid_credentials")
        name = (data.validated_data.get("device")
                or request.META.get("HTTP_USER_AGENT", ""))[:100]
        token, key = tokens.issue(user, name)
        log_event("login", outcome="success", request=request._request, user=user,
                  method="token", token=tokens.public_id(token))
        return Response({"token": key, "user": user.pk, "username": user.username,
                         "id": tokens.public_id(token), "expiry": token.expiry},
                        status=status.HTTP_200_OK)


class TokenListView(APIView):
    """The caller's signed-in devices (API tokens that have not expired)."""

    @extend_schema(responses={200: DeviceTokenSerializer(many=True)}, tags=["auth"])
    def get(self, request):
        rows = tokens.active(request.user)
        return Response(DeviceTokenSerializer(rows, many=True,
                                              context={"request": request}).data)


class TokenDetailView(APIView):
    """DELETE: revoke one of the caller's tokens (sign that device out)."""

    @extend_schema(request=None, responses={204: None}, tags=["auth"])
    def delete(self, request, token_id: str):
        if not tokens.revoke(request.user, token_id):
            from django.http import Http404

            raise Http404
        log_event("token_revoked", outcome="success", request=request._request,
                  user=request.user, token=token_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutView(APIView):
    """POST: revoke the token this request carries (sign this device out)."""

    @extend_schema(request=None, responses={204: None}, tags=["auth"])
    def post(self, request):
        auth = request.auth
        if isinstance(auth, tokens.DeviceToken):
            auth.delete()
        log_event("logout", outcome="success", request=request._request,
                  user=request.user, method="token")
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(APIView):
    """POST: revoke every token of the caller (sign every device out)."""

    @extend_schema(request=None, responses={204: None}, tags=["auth"])
    def post(self, request):
        revoked = tokens.revoke_all(request.user)
        log_event("logout_all", outcome="success", request=request._request,
                  user=request.user, method="token", tokens=revoked)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _locked_out(django_request) -> LockedOut:
    """django-axes locked this sign-in out. Its middleware would answer its HTML page in
    place of any response; the API answers its own JSON 429 instead, so take the flag."""
    from axes.helpers import get_cool_off

    django_request.axes_locked_out = False
    cool_off = get_cool_off(django_request)
    return LockedOut(wait=cool_off.total_seconds() if cool_off else None)


class UnitViewSet(TrackerViewMixin, viewsets.ReadOnlyModelViewSet):
    """Units (đơn vị): the organisation chart, readable by every signed-in user."""

    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    ordering_fields = ["id", "code", "created_at"]

    def get_queryset(self):
        return selectors.unit_list(user=self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        form = UnitFilter(self.request.query_params, queryset=Unit.objects.none())
        if form.is_valid():  # a malformed as_of is the filter's 400
            day = form.form.cleaned_data.get("as_of")
            if day is not None:
                context["tree"] = selectors.unit_tree_on(day)
        return context


class UnitGroupViewSet(TrackerViewMixin, viewsets.ReadOnlyModelViewSet):
    """Unit groups (nhóm đơn vị) as directives address them."""

    serializer_class = UnitGroupSerializer
    filterset_class = UnitGroupFilter
    ordering_fields = ["id", "code", "created_at"]

    def get_queryset(self):
        return selectors.unit_group_list(user=self.request.user)


class NotificationViewSet(TrackerViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    """The caller's own notifications; `read/` marks one read, `unread-count/` counts."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    pagination_class = TrackerCursorPagination
    ordering_fields = ["id", "created_at"]
    ordering = ["-id"]
    permission_classes = [permissions.IsAuthenticated]  # leaders read their own too

    def get_queryset(self):
        return selectors.notification_list(user=self.request.user)

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = services.notification_mark_read(notification=self.get_object(),
                                                       actor=request.user)
        return Response(NotificationSerializer(notification, context={"request": request}).data)

    @extend_schema(filters=False, responses={200: UnreadCountSerializer})
    @action(detail=False, methods=["get"], url_path="unread-count", filter_backends=[],
            pagination_class=None)
    def unread_count(self, request):
        return Response({"unread": selectors.notification_unread_count(user=request.user)})

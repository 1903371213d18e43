"""API views for assignments, periods, obligations, extensions and the dashboard."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from assignments import selectors, services
from assignments.filters import (
    AssignmentFilter,
    ExtensionRequestFilter,
    ObligationFilter,
    PeriodFilter,
    as_of_day,
)
from tracker.api.base import TrackerViewMixin
from tracker.pagination import TrackerCursorPagination
from tracker.timeutil import today

from .serializers import (
    AssignmentSerializer,
    AssignSerializer,
    DeadlineEditSerializer,
    ExtensionApproveSerializer,
    ExtensionRejectSerializer,
    ExtensionRequestCreateSerializer,
    ExtensionRequestSerializer,
    ObligationSerializer,
    PeriodSerializer,
    assignment_rows_data,
    obligation_rows_data,
)

AS_OF = OpenApiParameter("as_of", str, description="YYYY-MM-DD (default: today)")


class AsOfMixin:
    """Lists whose `status` is computed as of a day (`?as_of=`, default today)."""

    def request_day(self):
        return as_of_day(self.request.query_params.get("as_of"))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        day = self.request_day()
        context["day"] = day or today()
        return context

    def _states(self, objects) -> dict | None:
        day = self.request_day()
        if day is None or day >= today():
            return None
        model = self.get_queryset().model
        ids = [o["id"] if isinstance(o, dict) else o.pk for o in objects]
        return selectors.states_as_of(model.objects.filter(pk__in=ids), day)

    def list_rows(self, queryset):
        """The filtered queryset as plain rows (dicts)."""
        raise NotImplementedError

    def list_data(self, rows, context) -> list[dict]:
        """What `serializer_class(many=True)` gives, from the rows of `list_rows`."""
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        # A page is read as plain rows: no model instance and no serializer field call
        # per column (most of a 100-row request otherwise). Detail and schema use
        # `serializer_class`; tests hold both to the same output.
        page = self.paginate_queryset(self.list_rows(self.filter_queryset(self.get_queryset())))
        context = self.get_serializer_context()
        context["states"] = self._states(page)
        return self.get_paginated_response(self.list_data(page, context))

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        context = self.get_serializer_context()
        context["states"] = self._states([obj])
        return Response(self.get_serializer_class()(obj, context=context).data)


class AssignmentViewSet(AsOfMixin, TrackerViewMixin, mixins.ListModelMixin,
                        mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Assignments (giao nhiệm vụ) with their status as of a day; the board assigns."""

    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    pagination_class = TrackerCursorPagination
    ordering_fields = ["id", "created_at", "current_due_on"]
    ordering = ["-id"]

    def get_queryset(self):
        return selectors.assignment_list(user=self.request.user, day=self.request_day())

    def list_rows(self, queryset):
        return selectors.assignment_rows(queryset)

    def list_data(self, rows, context):
        return assignment_rows_data(rows, context)

    @extend_schema(request=AssignSerializer, responses={201: AssignmentSerializer(many=True)})
    def create(self, request):
        """Assign an item to units and/or groups (a group fans out to its members)."""
        data = AssignSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        created = services.item_assign(item=fields.pop("item"), actor=request.user,
                                       units=fields.get("units", []),
                                       groups=fields.get("groups", []),
                                       lead_unit=fields.get("lead_unit"),
                                       due_on=fields.get("due_on"))
        rows = self.get_queryset().filter(pk__in=[a.pk for a in created]).order_by("id")
        return Response(AssignmentSerializer(rows, many=True,
                                             context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


class PeriodViewSet(TrackerViewMixin, viewsets.ReadOnlyModelViewSet):
    """Reporting periods (kỳ báo cáo) of the directives the caller sees."""

    serializer_class = PeriodSerializer
    filterset_class = PeriodFilter
    ordering_fields = ["id"]

    def get_queryset(self):
        return selectors.period_list(user=self.request.user)


class ObligationViewSet(AsOfMixin, TrackerViewMixin, mixins.ListModelMixin,
                        mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Report obligations (yêu cầu báo cáo): what is due, by when, and its status."""

    serializer_class = ObligationSerializer
    filterset_class = ObligationFilter
    pagination_class = TrackerCursorPagination
    ordering_fields = ["id", "created_at", "due_on"]
    ordering = ["due_on", "id"]

    def get_queryset(self):
        return selectors.obligation_list(user=self.request.user, day=self.request_day())

    def list_rows(self, queryset):
        return selectors.obligation_rows(queryset)

    def list_data(self, rows, context):
        return obligation_rows_data(
            rows, context, units=selectors.page_units(r["assignment__unit_id"] for r in rows),
            periods=selectors.page_periods(r["period_id"] for r in rows))

    @extend_schema(request=DeadlineEditSerializer, responses={200: ObligationSerializer})
    @action(detail=True, methods=["post"])
    def deadline(self, request, pk=None):
        """The board moves a due date by a logged edit."""
        obligation = self.get_object()
        data = DeadlineEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.deadline_edit(obligation=obligation, actor=request.user, **data.validated_data)
        return self.retrieve(request, pk=pk)


class ExtensionRequestViewSet(TrackerViewMixin, mixins.ListModelMixin,
                              mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Extension requests (đề nghị gia hạn): units ask, the board approves or rejects."""

    serializer_class = ExtensionRequestSerializer
    filterset_class = ExtensionRequestFilter
    ordering_fields = ["id", "created_at"]

    def get_queryset(self):
        return selectors.extension_request_list(user=self.request.user)

    def _read(self, request_obj, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=request_obj.pk)
        return Response(ExtensionRequestSerializer(fresh).data, status=code)

    @extend_schema(request=ExtensionRequestCreateSerializer,
                   responses={201: ExtensionRequestSerializer})
    def create(self, request):
        data = ExtensionRequestCreateSerializer(data=request.data,
                                                context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        created = services.extension_request_create(actor=request.user, **data.validated_data)
        return self._read(created, status.HTTP_201_CREATED)

    @extend_schema(request=ExtensionApproveSerializer, responses={200: ExtensionRequestSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        ext = self.get_object()
        data = ExtensionApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ext = services.extension_approve(request=ext, actor=request.user, **data.validated_data)
        return self._read(ext)

    @extend_schema(request=ExtensionRejectSerializer, responses={200: ExtensionRequestSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        ext = self.get_object()
        data = ExtensionRejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ext = services.extension_reject(request=ext, actor=request.user, **data.validated_data)
        return self._read(ext)

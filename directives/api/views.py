"""API views for directives and items: thin; reads from selectors, writes via services."""

import copy

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from directives import selectors, services
from directives.filters import DirectiveFilter, ItemFilter
from tracker import policy
from tracker.api.base import TrackerViewMixin, etag_for, expected_version
from tracker.api.exceptions import PreconditionFailed
from tracker.errors import ConflictError
from tracker.filters import id_or_none

from .serializers import (
    DirectiveCloseSerializer,
    DirectiveImportSerializer,
    DirectivePublishSerializer,
    DirectiveSerializer,
    DirectiveWriteSerializer,
    ImportJobSerializer,
    ImportPreviewSerializer,
    ImportQuerySerializer,
    ItemCreateSerializer,
    ItemSerializer,
    ItemUpdateSerializer,
    ItemWithdrawSerializer,
    PublishPreviewSerializer,
    SectionSerializer,
    SectionWriteSerializer,
)

MAX_PDF_UPLOAD = 20 * 1024 * 1024


class DirectiveViewSet(TrackerViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    """Directives (văn bản chỉ đạo). The supervising board creates, edits and publishes."""

    # Two read actions on this path live with what they read: `summary` in
    # assignments.api.views, `report` in reports.api.views.

    serializer_class = DirectiveSerializer
    filterset_class = DirectiveFilter
    ordering_fields = ["id", "created_at"]

    def get_queryset(self):
        return selectors.directive_list(user=self.request.user)

    def _read(self, directive, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=directive.pk)
        return Response(DirectiveSerializer(fresh, context=self.get_serializer_context()).data,
                        status=code)

    @extend_schema(request=DirectiveWriteSerializer, responses={201: DirectiveSerializer})
    def create(self, request):
        data = DirectiveWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        directive = services.directive_create(actor=request.user,
                                              supervising_unit=fields.pop("supervising_unit"),
                                              **fields)
        return self._read(directive, status.HTTP_201_CREATED)

    @extend_schema(request=DirectiveWriteSerializer, responses={200: DirectiveSerializer})
    def partial_update(self, request, pk=None):
        directive = self.get_object()
        data = DirectiveWriteSerializer(directive, data=request.data, partial=True,
                                        context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        directive = services.directive_update(directive=directive, actor=request.user,
                                              **data.validated_data)
        return self._read(directive)

    @extend_schema(request=DirectivePublishSerializer,
                   responses={200: DirectiveSerializer},
                   parameters=[OpenApiParameter("dry_run", bool, description=(
                       "Only the preview (PublishPreviewSerializer); nothing is written"))])
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        directive = self.get_object()
        data = DirectivePublishSerializer(data={
            name: request.data.get(name, request.query_params.get(name))
            for name in ("track_from", "dry_run")
            if name in request.data or name in request.query_params})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values["dry_run"]:
            preview = services.directive_publish_preview(
                directive=directive, actor=request.user, track_from=values["track_from"])
            return Response(PublishPreviewSerializer(preview.as_dict()).data)
        directive = services.directive_publish(directive=directive, actor=request.user,
                                               track_from=values["track_from"])
        return self._read(directive)

    @extend_schema(request=DirectiveCloseSerializer, responses={200: DirectiveSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        directive = self.get_object()
        data = DirectiveCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        directive = services.directive_close(directive=directive, actor=request.user,
                                             note=data.validated_data["note"])
        return self._read(directive)

    @extend_schema(request=SectionWriteSerializer, responses={201: SectionSerializer})
    @action(detail=True, methods=["post"])
    def sections(self, request, pk=None):
        directive = self.get_object()
        data = SectionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        section = services.section_create(directive=directive, actor=request.user,
                                          **data.validated_data)
        return Response(SectionSerializer(section).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"application/json": DirectiveImportSerializer,
                 "multipart/form-data": DirectiveImportSerializer},
        parameters=[OpenApiParameter("dry_run", bool, description="Only preview (DESIGN §5)")],
        responses={200: ImportPreviewSerializer, 201: DirectiveSerializer,
                   202: ImportJobSerializer}, filters=False)
    @action(detail=False, methods=["post"], url_path="import", filter_backends=[],
            pagination_class=None)
    def import_text(self, request):
        """Read a directive's text: preview it (`?dry_run=true`) or create the draft."""
        from directives.importer import ImportInputError
        from directives.importing import (
            import_create,
            import_job_create,
            import_job_state,
            import_preview,
            input_error_message,
            preview_refresh,
            preview_shape_check,
            text_from_upload,
            upload_is_pdf,
        )
        from directives.tasks import import_job_enqueue
        from tracker.errors import DomainError, NotAllowed

        if not policy.is_reviewer(request.user):
            raise NotAllowed(_("Chỉ ban theo dõi mới nhập văn bản."))
        query = ImportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = DirectiveImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        text = values.get("text") or ""
        try:
            if values.get("file") is not None:
                upload = values["file"]
                head = upload.read(1024)
                upload.seek(0)
                if upload_is_pdf(data=head, filename=upload.name):
                    # A PDF is read in the background, page by page: 202 and the job,
                    # whose resource gives the progress and then the preview.
                    if upload.size > MAX_PDF_UPLOAD:
                        raise ImportInputError("file", _("Tệp PDF quá lớn (tối đa 20 MB)."),
                                               "too_large")
                    job = import_job_create(actor=request.user, data=upload.read(),
                                            filename=upload.name)
                    import_job_enqueue(job)
                    location = f"{request.path.rstrip('/')}/jobs/{job.pk}/"
                    return Response({**import_job_state(job), "url": location},
                                    status=status.HTTP_202_ACCEPTED,
                                    headers={"Location": location})
                if upload.size > 2 * 1024 * 1024:
                    raise ImportInputError("file", _("Tệp quá lớn (tối đa 2 MB)."), "too_large")
                text = text_from_upload(data=upload.read(), filename=upload.name)
            preview = (preview_refresh(preview_shape_check(copy.deepcopy(values["preview"])))
                       if values.get("preview") else import_preview(text=text))
        except ImportInputError as exc:
            raise DomainError(input_error_message(exc), field=exc.field, code=exc.code) from exc
        if query.validated_data["dry_run"]:
            return Response(preview)
        directive = import_create(preview=preview, actor=request.user, text=text,
                                  report_cadence=values["report_cadence"],
                                  publish=values["publish"])
        return self._read(directive, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ImportJobSerializer}, filters=False)
    @action(detail=False, methods=["get"], url_path=r"import/jobs/(?P<job_id>[0-9]+)",
            url_name="import-job", filter_backends=[], pagination_class=None)
    def import_job(self, request, job_id=None):
        """A PDF being read: status, pages_done/pages_total, then the preview (or error)."""
        from directives.importing import import_job_state
        from directives.models import ImportJob
        from directives.tasks import import_job_requeue_stale

        job = ImportJob.objects.filter(pk=id_or_none(job_id), created_by=request.user).first()
        if job is None:
            raise NotFound()
        import_job_requeue_stale(job)
        return Response({**import_job_state(job), "url": request.path})


class ItemViewSet(TrackerViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  viewsets.GenericViewSet):
    """Responsibility items (nhiệm vụ). GET detail returns an ETag; edits need If-Match."""

    serializer_class = ItemSerializer
    filterset_class = ItemFilter
    ordering_fields = ["id", "created_at"]

    def get_queryset(self):
        return selectors.item_list(user=self.request.user)

    def _read(self, item, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=item.pk)
        return Response(ItemSerializer(fresh).data, status=code,
                        headers={"ETag": etag_for(fresh)})

    def retrieve(self, request, pk=None):
        item = self.get_object()
        return Response(ItemSerializer(item).data, headers={"ETag": etag_for(item)})

    @extend_schema(request=ItemCreateSerializer, responses={201: ItemSerializer})
    def create(self, request):
        data = ItemCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        item = services.item_create(actor=request.user, directive=fields.pop("directive"),
                                    content=fields.pop("content"), **fields)
        return self._read(item, status.HTTP_201_CREATED)

    def _update(self, request, partial: bool):
        item = self.get_object()
        version = expected_version(request, item)
        data = ItemUpdateSerializer(data=request.data, partial=partial,
                                    context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        try:
            item = services.item_update(item=item, actor=request.user,
                                        expected_version=version, **data.validated_data)
        except ConflictError as exc:
            raise PreconditionFailed() from exc
        return self._read(item)

    @extend_schema(request=ItemUpdateSerializer, responses={200: ItemSerializer})
    def partial_update(self, request, pk=None):
        return self._update(request, partial=True)

    @extend_schema(request=ItemUpdateSerializer, responses={200: ItemSerializer})
    def update(self, request, pk=None):
        return self._update(request, partial=False)

    @extend_schema(request=ItemWithdrawSerializer, responses={200: ItemSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        item = self.get_object()
        data = ItemWithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.item_withdraw(item=item, actor=request.user, **data.validated_data)
        return self._read(item)

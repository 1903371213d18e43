"""API views for progress reports: thin; reads from selectors, writes via services."""

from django.db import transaction
from django.http import FileResponse, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from assignments.api.serializers import DashboardSerializer
from assignments.api.views import AS_OF
from directives.api.serializers import (
    AsOfQuerySerializer,
    DirectiveSerializer,
    DirectiveSummarySerializer,
)
from directives.selectors import directive_list
from reports import reviewing, selectors, services, summaries
from reports.claims import live_claim
from reports.diffs import previous_version, report_changes
from reports.exports import consolidated_export
from reports.filters import ReportFilter
from reports.models import Evidence
from reports.previews import NoPreview, render_preview
from reports.units import unit_summary, units_for
from tracker.api.base import LeadersReadOnly, TrackerViewMixin, etag_for, expected_version
from tracker.api.exceptions import PreconditionFailed
from tracker.api.parsers import LimitedMultiPartParser
from tracker.errors import ConflictError
from tracker.filters import MAX_ID, id_or_none
from tracker.pagination import TrackerCursorPagination
from tracker.timeutil import today

from .serializers import (
    BulkAcceptResultSerializer,
    BulkAcceptSerializer,
    ClaimSerializer,
    EvidenceSerializer,
    EvidenceUploadSerializer,
    ReportChangesSerializer,
    ReportCommentSerializer,
    ReportCopyPreviousSerializer,
    ReportCreateSerializer,
    ReportExportQuerySerializer,
    ReportSerializer,
    ReportUpdateSerializer,
    ReturnDecisionSerializer,
    ReviewDecisionSerializer,
    UnitSummarySerializer,
    VerifyValuesSerializer,
    report_rows_data,
    report_written_data,
)


def _optional_version(request, report) -> int | None:
    """State changes take an optional If-Match: stale → 412."""
    if not request.headers.get("If-Match"):
        return None
    return expected_version(request, report)


class ReportViewSet(TrackerViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    """Progress reports (báo cáo tiến độ). Units write and submit; the board accepts or
    returns. GET detail returns an ETag; PATCH/PUT need If-Match."""

    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    pagination_class = TrackerCursorPagination
    ordering_fields = ["id", "created_at", "submitted_at"]
    ordering = ["-id"]

    def get_queryset(self):
        return selectors.report_list(user=self.request.user)

    def list(self, request, *args, **kwargs):
        # A page is read as plain rows plus small queries for its evidence, indicator
        # values, reviews, units and periods; `report_rows_data` renders what
        # `ReportSerializer` does.
        page = self.paginate_queryset(
            selectors.report_rows(self.filter_queryset(self.get_queryset())))
        return self.get_paginated_response(report_rows_data(page, selectors.report_parts(page)))

    def _read(self, report, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=report.pk)
        return Response(ReportSerializer(fresh).data, status=code,
                        headers={"ETag": etag_for(fresh)})

    def _written(self, report, code=status.HTTP_200_OK, *, known_empty=()):
        """Answer with the report as the service left it: it was read under the service's
        lock with everything the serializer shows but its lists, so only those are read."""
        lists = selectors.report_written_lists(report, known_empty=known_empty)
        return Response(report_written_data(report, lists), status=code,
                        headers={"ETag": etag_for(report)})

    def _target(self):
        """The report of the URL for a write: visible to the caller or 404, read lean (the
        service re-reads it under a lock); list filters do not apply to actions."""
        value = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        if not (isinstance(value, str) and value.isdigit() and 1 <= int(value) <= MAX_ID):
            raise NotFound()
        report = selectors.report_target(user=self.request.user).filter(pk=int(value)).first()
        if report is None:
            raise NotFound()
        self.check_object_permissions(self.request, report)
        return report

    def retrieve(self, request, pk=None):
        report = self.get_object()
        return Response(ReportSerializer(report).data, headers={"ETag": etag_for(report)})

    @extend_schema(request=ReportCreateSerializer, responses={201: ReportSerializer})
    def create(self, request):
        """Start a draft; on an obligation whose report was returned this is the next
        version, copied from the last one."""
        data = ReportCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        values = fields.pop("indicator_values", None)
        if values is None:
            report = services.report_create(obligation=fields.pop("obligation"),
                                            author=request.user, **fields)
            # No draft has reviews yet; a first version has no values or files to carry.
            empty = ["reviews"] + (["evidence", "indicator_values"] if report.version == 1
                                   else [])
            return self._written(report, status.HTTP_201_CREATED, known_empty=empty)
        with transaction.atomic():
            report = services.report_create(obligation=fields.pop("obligation"),
                                            author=request.user, **fields)
            services.indicator_values_set(report=report, actor=request.user, values=values)
        return self._read(report, status.HTTP_201_CREATED)

    @extend_schema(request=ReportCopyPreviousSerializer, responses={201: ReportSerializer})
    @action(detail=False, methods=["post"], url_path="copy-previous")
    def copy_previous(self, request):
        """Start the obligation's first report as a copy of the last period's report."""
        data = ReportCopyPreviousSerializer(data=request.data,
                                            context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        report = services.report_copy_previous(obligation=data.validated_data["obligation"],
                                               actor=request.user)
        return self._read(report, status.HTTP_201_CREATED)

    def _update(self, request, partial: bool):
        report = self.get_object()
        version = expected_version(request, report)
        data = ReportUpdateSerializer(data=request.data, partial=partial,
                                      context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        values = fields.pop("indicator_values", None)
        try:
            with transaction.atomic():
                report = services.report_update(report=report, actor=request.user,
                                                expected_version=version, **fields)
                if values is not None:
                    services.indicator_values_set(report=report, actor=request.user,
                                                  values=values)
        except ConflictError as exc:
            raise PreconditionFailed() from exc
        return self._read(report)

    @extend_schema(request=ReportUpdateSerializer, responses={200: ReportSerializer})
    def partial_update(self, request, pk=None):
        return self._update(request, partial=True)

    @extend_schema(request=ReportUpdateSerializer, responses={200: ReportSerializer})
    def update(self, request, pk=None):
        return self._update(request, partial=False)

    @extend_schema(request=None, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self._target()
        report = services.report_submit(report=report, actor=request.user,
                                        expected_version=_optional_version(request, report))
        # Reviews only follow a submission: a report just submitted has none.
        return self._written(report, known_empty=["reviews"])

    @extend_schema(request=ReviewDecisionSerializer, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        report = self.get_object()
        data = ReviewDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_accept(report=report, actor=request.user,
                                        expected_version=_optional_version(request, report),
                                        **data.validated_data)
        return self._read(report)

    @extend_schema(request=ReturnDecisionSerializer, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        report = self.get_object()
        data = ReturnDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_return(report=report, actor=request.user,
                                        expected_version=_optional_version(request, report),
                                        **data.validated_data)
        return self._read(report)

    @extend_schema(request=VerifyValuesSerializer, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """The board records verified indicator values (reported ones are kept)."""
        report = self.get_object()
        data = VerifyValuesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.indicator_values_verify(report=report, actor=request.user,
                                         values=data.validated_data["values"])
        return self._read(report)

    @extend_schema(methods=["GET"], request=None,
                   responses={200: EvidenceSerializer(many=True)}, filters=False)
    @extend_schema(methods=["POST"], request={"multipart/form-data": EvidenceUploadSerializer},
                   responses={201: EvidenceSerializer})
    @action(detail=True, methods=["get", "post"], url_path="evidence",
            parser_classes=[LimitedMultiPartParser], filter_backends=[],
            pagination_class=None)
    def evidence(self, request, pk=None):
        """GET: the files this version shows (uploaded with it or carried forward from the
        version before). POST: attach an evidence file (multipart `file`) to a draft."""
        report = self.get_object()
        if request.method == "GET":
            return Response(EvidenceSerializer(
                selectors.evidence_list(report=report), many=True).data)
        data = EvidenceUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = services.evidence_add(report=report, actor=request.user,
                                         upload=data.validated_data["file"])
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"],
                   responses={(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY)},
                   filters=False)
    @extend_schema(methods=["DELETE"], request=None, responses={204: None}, filters=False)
    @action(detail=True, methods=["get", "delete"],
            url_path=r"evidence/(?P<evidence_id>[0-9]+)", filter_backends=[],
            pagination_class=None)
    def evidence_download(self, request, pk=None, evidence_id=None):
        """GET: download an evidence file of this version (as an attachment, never rendered
        inline). DELETE: take the file off a draft version; earlier versions keep it."""
        report = self.get_object()
        if not (evidence_id.isdigit() and 1 <= int(evidence_id) <= MAX_ID):
            raise NotFound()
        try:
            evidence = selectors.evidence_get(report=report, pk=int(evidence_id))
        except Evidence.DoesNotExist as exc:
            raise NotFound() from exc
        if request.method == "DELETE":
            services.evidence_remove(report=report, actor=request.user, evidence=evidence)
            return Response(status=status.HTTP_204_NO_CONTENT)
        response = FileResponse(evidence.file.open("rb"), as_attachment=True,
                                filename=evidence.original_name,
                                content_type=evidence.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


    @extend_schema(methods=["GET"], parameters=[OpenApiParameter("page", int)],
                   responses={(200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY)},
                   filters=False)
    @action(detail=True, methods=["get"],
            url_path=r"evidence/(?P<evidence_id>[0-9]+)/preview", filter_backends=[],
            pagination_class=None)
    def evidence_preview(self, request, pk=None, evidence_id=None):
        """A PNG of one page (`?page=`, from 1) of a PDF or photo evidence file, drawn by
        the server; 404 for other types."""
        report = self.get_object()
        page = id_or_none(request.query_params.get("page", "1"))
        try:
            evidence = selectors.evidence_get(report=report, pk=id_or_none(evidence_id) or 0)
            preview = render_preview(evidence, page or 0)
        except (Evidence.DoesNotExist, NoPreview) as exc:
            raise NotFound() from exc
        response = HttpResponse(preview.png, content_type="image/png")
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["X-Pages"] = str(preview.pages)
        return response

    @extend_schema(request=None, responses={200: ClaimSerializer})
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        """Take a submitted report from the review queue: another reviewer's accept or
        return is refused (409) until it is released, decided, or the claim lapses
        (TRACKER_REVIEW_CLAIM_HOURS)."""
        report = reviewing.report_claim(report=self.get_object(), actor=request.user)
        return Response(_claim_data(report))

    @extend_schema(request=None, responses={200: ClaimSerializer})
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        """Give a taken report back to the review queue."""
        report = reviewing.report_release(report=self.get_object(), actor=request.user)
        return Response(_claim_data(report))

    @extend_schema(request=BulkAcceptSerializer, responses={200: BulkAcceptResultSerializer})
    @action(detail=False, methods=["post"], url_path="bulk-accept", filter_backends=[],
            pagination_class=None)
    def bulk_accept(self, request):
        """Accept several submitted reports, each on its own: the answer lists the accepted
        ids and, for each other id, why not (decided meanwhile, held by another reviewer,
        not found)."""
        data = BulkAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found, missing = selectors.reports_by_ids(request.user, data.validated_data["ids"])
        result = reviewing.reports_accept(reports=found, missing=missing, actor=request.user,
                                          comment=data.validated_data["comment"])
        return Response({"accepted": result.accepted, "refused": result.refused})

    @extend_schema(methods=["GET"], request=None,
                   responses={200: ReportCommentSerializer(many=True)}, filters=False)
    @extend_schema(methods=["POST"], request=ReportCommentSerializer,
                   responses={201: ReportCommentSerializer})
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def comments(self, request, pk=None):
        """The thread between the board and the unit about this report: the messages on
        every version of its obligation, oldest first (`report` says which version).
        POST adds a message (`body`) to this version; the other side is notified."""
        report = self.get_object()
        if request.method == "GET":
            return Response(ReportCommentSerializer(selectors.report_thread(report),
                                                    many=True).data)
        data = ReportCommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = reviewing.report_comment_add(report=report, actor=request.user,
                                               body=data.validated_data["body"])
        return Response(ReportCommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ReportChangesSerializer}, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def changes(self, request, pk=None):
        """This version against the one submitted before it, part by part, as runs of
        kept, added and removed text."""
        report = self.get_object()
        previous = previous_version(report)
        if previous is None:
            return Response({"report": report.pk, "previous": None, "progress_percent": None,
                             "parts": []})
        return Response({
            "report": report.pk, "previous": previous.pk,
            "progress_percent": [previous.progress_percent, report.progress_percent],
            "parts": [c.as_dict() for c in report_changes(report, previous)]})


def _claim_data(report) -> dict:
    holder, since = live_claim(report.claimed_by_id, report.claimed_at)
    return ClaimSerializer({"id": report.pk, "claimed_by": holder, "claimed_at": since}).data


class DirectiveReportViewSet(TrackerViewMixin, viewsets.GenericViewSet):
    """`/directives/{id}/summary/` and `/directives/{id}/report/`: a directive's figures and
    its consolidated report are this app's, so the actions live here, on the directives'
    path (the directives' own actions: directives.api.views)."""

    serializer_class = DirectiveSerializer

    def get_queryset(self):
        return directive_list(user=self.request.user)

    @extend_schema(parameters=[ReportExportQuerySerializer, OpenApiParameter("period", int)],
                   filters=False, responses={
                       (200, "application/vnd.openxmlformats-officedocument."
                             "wordprocessingml.document"): OpenApiTypes.BINARY,
                       (200, "application/vnd.openxmlformats-officedocument."
                             "spreadsheetml.sheet"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="report", filter_backends=[],
            pagination_class=None)
    def consolidated_report(self, request, pk=None):
        """The consolidated report (DOCX in the Party format, or XLSX): figures as of a
        day, dated and signed on its issue day."""
        directive = self.get_object()
        query = ReportExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = None
        if request.query_params.get("period"):
            period_id = id_or_none(request.query_params["period"])
            period = directive.periods.filter(pk=period_id).first() if period_id else None
            if period is None:
                raise NotFound()
        data, filename, content_type = consolidated_export(
            directive=directive, day=query.validated_data.get("as_of") or today(),
            fmt=query.validated_data["format"], actor=request.user, period=period,
            issued_on=query.validated_data.get("issued_on"))
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @extend_schema(parameters=[AS_OF], filters=False,
                   responses={200: DirectiveSummarySerializer})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def summary(self, request, pk=None):
        """Counts by status overall, per section and per unit; rates over what is due."""
        day = today()
        if "as_of" in request.query_params:
            query = AsOfQuerySerializer(data=request.query_params)
            query.is_valid(raise_exception=True)
            day = query.validated_data.get("as_of") or day
        summary = summaries.directive_summary_of(pk=self.lookup_id(), day=day, user=request.user)
        if summary is None:
            raise NotFound()
        return Response(summary)


class UnitSummaryViewSet(TrackerViewMixin, viewsets.GenericViewSet):
    """`/units/{id}/summary/`: a unit's figures, the unit page's (reports.units). The
    units' own routes are tracker.api's; a unit outside the caller's scope is 404."""

    serializer_class = UnitSummarySerializer

    def get_queryset(self):
        return units_for(self.request.user)

    @extend_schema(parameters=[AS_OF], filters=False, responses={200: UnitSummarySerializer})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def summary(self, request, pk=None):
        """A unit's items, obligations and on-time figures (overall and per period), its
        validity, predecessors and successors."""
        unit = self.get_object()
        query = AsOfQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.validated_data.get("as_of") or today()
        data = unit_summary(user=request.user, unit=unit, day=day)
        return Response(UnitSummarySerializer(data).data)


class DashboardView(APIView):
    """The leaders' summary across active directives, scoped to the caller."""

    permission_classes = TrackerViewMixin.permission_classes + [LeadersReadOnly]

    @extend_schema(parameters=[AS_OF], responses={200: DashboardSerializer})
    def get(self, request):
        query = AsOfQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.validated_data.get("as_of") or today()
        return Response(summaries.dashboard(user=request.user, day=day))

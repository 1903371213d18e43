"""API for list exports: background jobs with progress, and their downloads."""

from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from reports.exports import CONTENT_TYPES, LIST_KINDS, export_job_create
from reports.models import ExportJob
from reports.tasks import export_job_enqueue
from tracker.api.base import TrackerViewMixin


class ExportJobSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = ["id", "kind", "format", "params", "status", "progress", "total_rows",
                  "error", "created_at", "started_at", "finished_at", "download"]
        read_only_fields = fields

    def get_download(self, job) -> str | None:
        if job.status != ExportJob.Status.DONE:
            return None
        return reverse("v1:export-download", args=[job.pk])


class ExportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k, k) for k in LIST_KINDS])
    format = serializers.ChoiceField(choices=[("xlsx", "xlsx"), ("csv", "csv")],
                                     default="xlsx")
    filters = serializers.DictField(
        child=serializers.JSONField(), required=False, default=dict,
        help_text="The list's query parameters, e.g. {\"status\": [\"overdue\"], "
                  "\"unit_tree\": 12}.")
    as_of = serializers.DateField(required=False)


class ExportJobViewSet(TrackerViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    """Exports of assignments, obligations or reports (XLSX/CSV), run in the background;
    each carries the filters of the list it came from and is scoped to the caller."""

    serializer_class = ExportJobSerializer
    filter_backends: list = []

    def get_queryset(self):
        return ExportJob.objects.filter(requested_by=self.request.user).order_by("-id")

    @extend_schema(request=ExportRequestSerializer, responses={202: ExportJobSerializer})
    def create(self, request):
        data = ExportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        params = {"filters": values["filters"]}
        if values.get("as_of"):
            params["as_of"] = values["as_of"].isoformat()
        job = export_job_create(kind=values["kind"], fmt=values["format"], actor=request.user,
                                params=params)
        export_job_enqueue(job)
        return Response(ExportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={
        (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
            OpenApiTypes.BINARY,
        (200, "text/csv"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request, pk=None):
        job = self.get_object()
        if job.status != ExportJob.Status.DONE:
            from rest_framework.exceptions import NotFound

            raise NotFound()
        response = FileResponse(job.file.open("rb"), as_attachment=True,
                                filename=f"{job.kind}-{job.pk}.{job.format}",
                                content_type=CONTENT_TYPES[job.format])
        response["X-Content-Type-Options"] = "nosniff"
        return response

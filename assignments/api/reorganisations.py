"""API of reorganisations (issue 17): `/api/v1/reorganisations/`.

POST a plan (`?dry_run=true`: its preview only, nothing saved), GET its `preview/`,
POST `apply/` (with the split's choices). Board reviewers and administrators only:
others get 403 on writes and see no row (404)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from assignments import reorganisation as reorg
from assignments.models import Reorganisation
from tracker.api.base import TrackerViewMixin
from tracker.models import Unit


class TargetInputSerializer(serializers.Serializer):
    unit = serializers.CharField(max_length=64, required=False, allow_blank=True,
                                 help_text=_("Đơn vị có sẵn (mã số hoặc mã); bỏ trống để tạo mới"))
    code = serializers.SlugField(max_length=64, required=False, allow_blank=True)
    name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Unit.Kind.choices, required=False, allow_blank=True)
    parent = serializers.CharField(max_length=64, required=False, allow_blank=True)


class ChoiceSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(min_value=1)
    targets = serializers.ListField(child=serializers.IntegerField(min_value=0), min_length=1,
                                    max_length=200, help_text=_("Vị trí trong `targets`"))


class PlanSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Reorganisation.Kind.choices)
    effective_on = serializers.DateField()
    sources = serializers.ListField(child=serializers.CharField(max_length=64), min_length=1,
                                    max_length=1000)
    targets = TargetInputSerializer(many=True, required=False, max_length=1000)
    new_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    new_short_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    new_parent = serializers.CharField(max_length=64, required=False, allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    choices = ChoiceSerializer(many=True, required=False, max_length=200000)


class ApplySerializer(serializers.Serializer):
    choices = ChoiceSerializer(many=True, required=False, max_length=200000)


class ReorganisationSerializer(serializers.ModelSerializer):
    sources = serializers.SerializerMethodField()
    targets = serializers.SerializerMethodField()

    class Meta:
        model = Reorganisation
        fields = ["id", "kind", "effective_on", "status", "sources", "targets", "new_name",
                  "new_short_name", "new_parent", "note", "created_by", "created_at",
                  "applied_by", "applied_at", "summary"]
        read_only_fields = fields

    def _side(self, row, side) -> list[dict]:
        return [{"position": u.position, "unit": u.unit_id, "code": u.code, "name": u.name,
                 "kind": u.kind, "parent": u.parent_id}
                for u in row.units.all() if u.side == side]

    def get_sources(self, row) -> list[int]:
        return [u["unit"] for u in self._side(row, "source")]

    def get_targets(self, row) -> list[dict]:
        return self._side(row, "target")


DRY_RUN = OpenApiParameter("dry_run", bool, description="true: only the preview, nothing saved")


class ReorganisationViewSet(TrackerViewMixin, mixins.CreateModelMixin, mixins.ListModelMixin,
                            mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reorganisations: rename, merge, split, move, dissolve a unit on a date."""

    serializer_class = ReorganisationSerializer
    ordering_fields = ["id", "effective_on"]

    def get_queryset(self):
        return (Reorganisation.objects.visible_to(self.request.user)
                .prefetch_related("units").order_by("-effective_on", "-id"))

    @extend_schema(request=PlanSerializer, parameters=[DRY_RUN],
                   responses={201: ReorganisationSerializer, 200: dict})
    def create(self, request, *args, **kwargs):
        reorg.require_reorganiser(request.user)
        data = PlanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = reorg.plan_from(data.validated_data)
        if request.query_params.get("dry_run") in ("true", "1"):
            return Response(reorg.plan_preview(plan))
        row = reorg.reorganisation_create(plan=plan, actor=request.user)
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"])
    def preview(self, request, pk=None):
        return Response(reorg.plan_preview(reorg.plan_of(self.get_object())))

    @extend_schema(request=ApplySerializer, responses={200: ReorganisationSerializer})
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        row = self.get_object()
        data = ApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        choices = None
        if "choices" in data.validated_data:
            choices = {}
            for c in data.validated_data["choices"]:
                choices.setdefault(c["assignment"], []).extend(c["targets"])
        row = reorg.reorganisation_apply(reorganisation=row, actor=request.user,
                                         choices=choices)
        return Response(self.get_serializer(row).data)

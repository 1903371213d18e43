"""Serializers for assignments, periods, obligations, extension requests, dashboard."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assignments.models import (
    Assignment,
    AssignmentStatus,
    ExtensionRequest,
    ObligationStatus,
    ReportingPeriod,
    ReportObligation,
)
from directives.api.serializers import AssignmentRollupSerializer, ObligationRollupSerializer
from directives.models import ResponsibilityItem
from tracker import policy
from tracker.api.fields import ScopedRelatedField
from tracker.models import Unit, UnitGroup
from tracker.timeutil import today


class ComputedStatusMixin:
    """`status` and `days_overdue` as of the requested day.

    For today they come from the SQL annotation `computed_status`; for a past
    `as_of` the view passes the replayed states in the context (`states`).
    """

    def _state(self, obj):
        states = self.context.get("states")
        if states is not None:
            return states.get(obj.pk)
        return None

    def _day(self):
        return self.context.get("day") or today()


def _days(later, earlier) -> int:
    if later is None or earlier is None:
        return 0
    return max((later - earlier).days, 0)


class UnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "short_name"]
        read_only_fields = fields


class AssignmentSerializer(ComputedStatusMixin, serializers.ModelSerializer):
    unit = UnitBriefSerializer(read_only=True)
    directive = serializers.IntegerField(source="item.directive_id", read_only=True)
    item_content = serializers.CharField(source="item.content", read_only=True)
    deadline_mode = serializers.CharField(source="item.deadline_mode", read_only=True)
    status = serializers.SerializerMethodField()
    days_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = ["id", "item", "item_content", "directive", "deadline_mode", "unit",
                  "original_unit", "role", "is_joint", "via_group", "assigned_on",
                  "original_due_on", "current_due_on", "state", "status", "days_overdue",
                  "completed_on", "completed_at", "withdrawn_at", "created_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=AssignmentStatus.choices,
                                                 allow_null=True))
    def get_status(self, obj):
        state = self._state(obj)
        if self.context.get("states") is not None:
            return state.status if state else None
        return obj.computed_status

    def get_days_overdue(self, obj) -> int:
        if self.context.get("states") is not None:
            state = self._state(obj)
            return state.days_overdue if state else 0
        if obj.computed_status == AssignmentStatus.IN_PROGRESS_OVERDUE:
            return _days(self._day(), obj.current_due_on)
        if obj.computed_status == AssignmentStatus.DONE_LATE:
            return _days(obj.completed_on, obj.current_due_on)
        return 0


class AssignSerializer(serializers.Serializer):
    """Assign an item to units and/or unit groups; `lead_unit` for joint items."""

    item = ScopedRelatedField(queryset=ResponsibilityItem.objects.all(),
                              scope=lambda qs, user: policy.scope_items(qs, user))
    units = ScopedRelatedField(queryset=Unit.objects.all(), many=True, required=False)
    groups = ScopedRelatedField(queryset=UnitGroup.objects.all(), many=True, required=False)
    lead_unit = ScopedRelatedField(queryset=Unit.objects.all(), required=False,
                                   allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "directive", "cadence", "label", "starts_on", "ends_on", "due_on"]
        read_only_fields = fields


class ObligationSerializer(ComputedStatusMixin, serializers.ModelSerializer):
    unit = UnitBriefSerializer(source="assignment.unit", read_only=True)
    item = serializers.IntegerField(source="assignment.item_id", read_only=True)
    directive = serializers.IntegerField(source="assignment.item.directive_id", read_only=True)
    period = PeriodSerializer(read_only=True)
    status = serializers.SerializerMethodField()
    days_overdue = serializers.SerializerMethodField()

    class Meta:
        model = ReportObligation
        fields = ["id", "assignment", "item", "directive", "unit", "period",
                  "original_due_on", "due_on", "state", "status", "days_overdue",
                  "first_submitted_at", "effective_submitted_on", "resubmit_by",
                  "accepted_at", "withdrawn_at", "created_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=ObligationStatus.choices,
                                                 allow_null=True))
    def get_status(self, obj):
        state = self._state(obj)
        if self.context.get("states") is not None:
            return state.status if state else None
        return obj.computed_status

    def get_days_overdue(self, obj) -> int:
        if self.context.get("states") is not None:
            state = self._state(obj)
            return state.days_overdue if state else 0
        if obj.computed_status in (ObligationStatus.OVERDUE, ObligationStatus.RETURNED):
            return _days(self._day(), obj.due_on)
        if obj.computed_status == ObligationStatus.ACCEPTED_LATE:
            return _days(obj.effective_submitted_on, obj.due_on)
        return 0


class DeadlineEditSerializer(serializers.Serializer):
    new_due_on = serializers.DateField()
    reason = serializers.CharField(max_length=4000)


class ExtensionRequestSerializer(serializers.ModelSerializer):
    unit = UnitBriefSerializer(source="assignment.unit", read_only=True)
    directive = serializers.IntegerField(source="assignment.item.directive_id", read_only=True)

    class Meta:
        model = ExtensionRequest
        fields = ["id", "assignment", "obligation", "directive", "unit", "requested_by",
                  "current_due_on", "requested_due_on", "reason", "status", "decided_by",
                  "decided_at", "decision_note", "approved_due_on", "created_at"]
        read_only_fields = fields


class ExtensionRequestCreateSerializer(serializers.Serializer):
    assignment = ScopedRelatedField(
        queryset=Assignment.objects.all(),
        scope=lambda qs, user: policy.scope_assignments(qs, user))
    obligation = ScopedRelatedField(
        queryset=ReportObligation.objects.all(), required=False, allow_null=True,
        scope=lambda qs, user: policy.scope_assignments(qs, user, prefix="assignment__"))
    requested_due_on = serializers.DateField()
    reason = serializers.CharField(max_length=4000)


class ExtensionApproveSerializer(serializers.Serializer):
    approved_due_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class ExtensionRejectSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=4000)


class DashboardDirectiveSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    assignments = AssignmentRollupSerializer()
    obligations = ObligationRollupSerializer()


class DashboardSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    indicators = serializers.JSONField(
        required=False, help_text="Indicator roll-ups (reports.indicators.indicator_summary).")
    active_directives = serializers.IntegerField()
    assignments = AssignmentRollupSerializer()
    obligations = ObligationRollupSerializer()
    reports_waiting_review = serializers.IntegerField()
    directives = DashboardDirectiveSerializer(many=True)

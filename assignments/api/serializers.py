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
from assignments.statuses.orm import assignment_days_overdue, obligation_days_overdue
from directives.api.serializers import AssignmentRollupSerializer, ObligationRollupSerializer
from directives.models import ResponsibilityItem
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
        return assignment_days_overdue(obj.computed_status, day=self._day(),
                                       current_due_on=obj.current_due_on,
                                       completed_on=obj.completed_on)


# --- list pages as plain rows ---------------------------------------------------------
# A list page is read with `.values()` (selectors.*_rows) and turned into exactly what the
# serializers above produce, without a model instance and a DRF field call per column:
# at 100 rows that is most of the request (tests compare both paths field by field).

_DATETIME = serializers.DateTimeField()


def api_datetime(value) -> str | None:
    """A datetime as the serializers render it (ISO 8601, current time zone)."""
    return None if value is None else _DATETIME.to_representation(value)


def api_date(value) -> str | None:
    return None if value is None else value.isoformat()


def _unit_brief(row: dict, path: str) -> dict:
    """`UnitBriefSerializer` of the unit at `path` ("unit", "assignment__unit")."""
    return {"id": row[f"{path}_id"], "code": row[f"{path}__code"],
            "name": row[f"{path}__name"], "short_name": row[f"{path}__short_name"]}


def _replayed(context: dict, pk: int) -> tuple[str | None, int] | None:
    """(status, days overdue) replayed for a past `as_of`, or None for today's columns."""
    states = context.get("states")
    if states is None:
        return None
    state = states.get(pk)
    return (state.status, state.days_overdue) if state else (None, 0)


def assignment_rows_data(rows, context: dict) -> list[dict]:
    """`AssignmentSerializer(many=True).data` for rows of `selectors.assignment_rows`."""
    day = context.get("day") or today()
    out = []
    for r in rows:
        replayed = _replayed(context, r["id"])
        if replayed is None:
            status = r["computed_status"]
            days = assignment_days_overdue(status, day=day, current_due_on=r["current_due_on"],
                                           completed_on=r["completed_on"])
        else:
            status, days = replayed
        out.append({
            "id": r["id"], "item": r["item_id"], "item_content": r["item__content"],
            "directive": r["item__directive_id"], "deadline_mode": r["item__deadline_mode"],
            "unit": _unit_brief(r, "unit"), "original_unit": r["original_unit_id"],
            "role": r["role"], "is_joint": r["is_joint"], "via_group": r["via_group_id"],
            "assigned_on": api_date(r["assigned_on"]),
            "original_due_on": api_date(r["original_due_on"]),
            "current_due_on": api_date(r["current_due_on"]), "state": r["state"],
            "status": status, "days_overdue": days,
            "completed_on": api_date(r["completed_on"]),
            "completed_at": api_datetime(r["completed_at"]),
            "withdrawn_at": api_datetime(r["withdrawn_at"]),
            "created_at": api_datetime(r["created_at"]),
        })
    return out


def obligation_rows_data(rows, context: dict, units: dict[int, dict],
                         periods: dict[int, dict]) -> list[dict]:
    """`ObligationSerializer(many=True).data` for rows of `selectors.obligation_rows`,
    with their units and periods (`selectors.page_units`, `selectors.page_periods`)."""
    day = context.get("day") or today()
    out = []
    for r in rows:
        unit, period = units[r["assignment__unit_id"]], periods[r["period_id"]]
        replayed = _replayed(context, r["id"])
        if replayed is None:
            status = r["computed_status"]
            days = obligation_days_overdue(
                status, day=day, due_on=r["due_on"],
                effective_submitted_on=r["effective_submitted_on"])
        else:
            status, days = replayed
        out.append({
            "id": r["id"], "assignment": r["assignment_id"], "item": r["assignment__item_id"],
            "directive": r["assignment__item__directive_id"],
            "unit": {"id": unit["id"], "code": unit["code"], "name": unit["name"],
                     "short_name": unit["short_name"]},
            "period": {"id": period["id"], "directive": period["directive_id"],
                       "cadence": period["cadence"], "label": period["label"],
                       "starts_on": api_date(period["starts_on"]),
                       "ends_on": api_date(period["ends_on"]),
                       "due_on": api_date(period["due_on"])},
            "original_due_on": api_date(r["original_due_on"]),
            "due_on": api_date(r["due_on"]), "state": r["state"], "status": status,
            "days_overdue": days,
            "first_submitted_at": api_datetime(r["first_submitted_at"]),
            "effective_submitted_on": api_date(r["effective_submitted_on"]),
            "resubmit_by": api_date(r["resubmit_by"]),
            "accepted_at": api_datetime(r["accepted_at"]),
            "withdrawn_at": api_datetime(r["withdrawn_at"]),
            "created_at": api_datetime(r["created_at"]),
        })
    return out


class AssignSerializer(serializers.Serializer):
    """Assign an item to units and/or unit groups; `lead_unit` for joint items."""

    item = ScopedRelatedField(queryset=ResponsibilityItem.objects.all())
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
        return obligation_days_overdue(obj.computed_status, day=self._day(), due_on=obj.due_on,
                                       effective_submitted_on=obj.effective_submitted_on)


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
        queryset=Assignment.objects.all())
    obligation = ScopedRelatedField(
        queryset=ReportObligation.objects.all(), required=False, allow_null=True)
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

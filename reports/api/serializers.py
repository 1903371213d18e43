"""Serializers for progress reports, reviews, evidence and indicator values."""

import copy
import datetime as dt

from rest_framework import serializers

from assignments.api.serializers import UnitBriefSerializer, api_date, api_datetime
from assignments.models import ReportObligation
from reports.claims import live_claim
from reports.models import (
    Evidence,
    Indicator,
    IndicatorValue,
    ProgressReport,
    ReportComment,
    Review,
)
from tracker.api.fields import ScopedRelatedField
from tracker.limits import COMMENT_MAX_LENGTH, TEXT_MAX_LENGTH

PART_FIELDS = ["leadership_text", "results_text", "shortcomings_text", "next_steps_text",
               "proposals_text"]


class FieldsOnceMixin:
    """A read-only ModelSerializer that builds its fields from the model once per class.

    ModelSerializer introspects the model for every instance it is created for, which
    was most of the time spent answering a report write; the fields depend only on the
    class, so later instances take a deep copy (what DRF does with declared fields).
    """

    def get_fields(self):
        built = type(self).__dict__.get("_fields_once")
        if built is None:
            built = super().get_fields()
            type(self)._fields_once = built
        return copy.deepcopy(built)


class EvidenceSerializer(FieldsOnceMixin, serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
        read_only_fields = fields


class IndicatorValueSerializer(FieldsOnceMixin, serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["indicator", "breakdown", "reported_value", "verified_value"]
        read_only_fields = fields


class ReviewSerializer(FieldsOnceMixin, serializers.ModelSerializer):
    class Meta:
        model = Review
        fields = ["id", "reviewer", "decision", "comment", "resubmit_by", "decided_at"]
        read_only_fields = fields


class ReportSerializer(FieldsOnceMixin, serializers.ModelSerializer):
    unit = UnitBriefSerializer(source="obligation.assignment.unit", read_only=True)
    assignment = serializers.IntegerField(source="obligation.assignment_id", read_only=True)
    directive = serializers.IntegerField(source="obligation.assignment.item.directive_id",
                                         read_only=True)
    period_label = serializers.CharField(source="obligation.period.label", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    indicator_values = IndicatorValueSerializer(many=True, read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)
    claimed_by = serializers.SerializerMethodField(
        help_text="The reviewer holding the report (claim), null when free or lapsed.")
    claimed_at = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = ["id", "obligation", "assignment", "directive", "unit", "period_label",
                  "version", "author", "unit_name", "status", "text", *PART_FIELDS,
                  "progress_percent", "completed", "submitted_at", "decided_at",
                  "lock_version", "claimed_by", "claimed_at", "evidence", "indicator_values",
                  "reviews", "created_at", "updated_at"]
        read_only_fields = fields


    def get_claimed_by(self, report) -> int | None:
        return live_claim(report.claimed_by_id, report.claimed_at)[0]

    def get_claimed_at(self, report) -> dt.datetime | None:  # ISO 8601 text
        return api_datetime(live_claim(report.claimed_by_id, report.claimed_at)[1])


_REPORTED = IndicatorValueSerializer().fields["reported_value"]
_VERIFIED = IndicatorValueSerializer().fields["verified_value"]


def _decimal(field, value):
    return None if value is None else field.to_representation(value)


def report_rows_data(rows, parts: dict[str, dict]) -> list[dict]:
    """`ReportSerializer(many=True).data` for rows of `selectors.report_rows` and their
    `selectors.report_parts`."""
    evidence, values, reviews = (parts["evidence"], parts["indicator_values"],
                                 parts["reviews"])
    units, labels = parts["units"], parts["period_labels"]
    out = []
    for r in rows:
        pk = r["id"]
        unit = units[r["obligation__assignment__unit_id"]]
        out.append({
            "id": pk, "obligation": r["obligation_id"],
            "assignment": r["obligation__assignment_id"],
            "directive": r["obligation__assignment__item__directive_id"],
            "unit": {"id": unit["id"], "code": unit["code"], "name": unit["name"],
                     "short_name": unit["short_name"]},
            "period_label": labels[r["obligation__period_id"]], "version": r["version"],
            "author": r["author_id"], "unit_name": r["unit_name"], "status": r["status"],
            "text": r["text"], **{name: r[name] for name in PART_FIELDS},
            "progress_percent": r["progress_percent"], "completed": r["completed"],
            "submitted_at": api_datetime(r["submitted_at"]),
            "decided_at": api_datetime(r["decided_at"]), "lock_version": r["lock_version"],
            "claimed_by": live_claim(r["claimed_by_id"], r["claimed_at"])[0],
            "claimed_at": api_datetime(live_claim(r["claimed_by_id"], r["claimed_at"])[1]),
            "evidence": [
                {"id": e["evidence_id"], "original_name": e["evidence__original_name"],
                 "content_type": e["evidence__content_type"], "size": e["evidence__size"],
                 "uploaded_by": e["evidence__uploaded_by_id"],
                 "uploaded_at": api_datetime(e["evidence__uploaded_at"])}
                for e in evidence.get(pk, ())],
            "indicator_values": [
                {"indicator": v["indicator_id"], "breakdown": v["breakdown"],
                 "reported_value": _decimal(_REPORTED, v["reported_value"]),
                 "verified_value": _decimal(_VERIFIED, v["verified_value"])}
                for v in values.get(pk, ())],
            "reviews": [
                {"id": v["id"], "reviewer": v["reviewer_id"], "decision": v["decision"],
                 "comment": v["comment"], "resubmit_by": api_date(v["resubmit_by"]),
                 "decided_at": api_datetime(v["decided_at"])}
                for v in reviews.get(pk, ())],
            "created_at": api_datetime(r["created_at"]),
            "updated_at": api_datetime(r["updated_at"]),
        })
    return out


def report_written_data(report: ProgressReport, lists: dict[str, dict]) -> dict:
    """`ReportSerializer(report).data` for a report a service has just written: the report
    with its obligation, assignment, unit and period as the service read them, and its
    lists from `selectors.report_written_lists`. Rendered by `report_rows_data`, so the
    answer to a write is built the way a page of the list is."""
    obligation = report.obligation
    assignment = obligation.assignment
    unit = assignment.unit
    row = {name: getattr(report, name) for name in _ROW_FIELDS}
    row.update({
        "obligation__assignment_id": obligation.assignment_id,
        "obligation__assignment__item__directive_id": assignment.item.directive_id,
        "obligation__assignment__unit_id": assignment.unit_id,
        "obligation__period_id": obligation.period_id})
    parts = {**lists,
             "units": {unit.pk: {"id": unit.pk, "code": unit.code, "name": unit.name,
                                 "short_name": unit.short_name}},
             "period_labels": {obligation.period_id: obligation.period.label}}
    return report_rows_data([row], parts)[0]


_ROW_FIELDS = ("id", "obligation_id", "version", "author_id", "unit_name", "status", "text",
               *PART_FIELDS, "progress_percent", "completed", "submitted_at", "decided_at",
               "lock_version", "claimed_by_id", "claimed_at", "created_at", "updated_at")


class IndicatorValueInputSerializer(serializers.Serializer):
    indicator = ScopedRelatedField(
        queryset=Indicator.objects.all())
    breakdown = serializers.CharField(max_length=64, required=False, allow_blank=True,
                                      default="")
    value = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class ReportUpdateSerializer(serializers.Serializer):
    """Edit a draft (send If-Match with its ETag)."""

    text = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True)
    leadership_text = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False,
                                            allow_blank=True)
    results_text = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False,
                                         allow_blank=True)
    shortcomings_text = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False,
                                              allow_blank=True)
    next_steps_text = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False,
                                            allow_blank=True)
    proposals_text = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False,
                                           allow_blank=True)
    progress_percent = serializers.IntegerField(min_value=0, max_value=100, required=False)
    completed = serializers.BooleanField(required=False)
    indicator_values = IndicatorValueInputSerializer(many=True, required=False,
                                                     max_length=500)


class ReportCreateSerializer(ReportUpdateSerializer):
    """Start a report for an obligation; after a return the last version is copied."""

    # Only its id is read here: the service re-reads the obligation under a lock.
    obligation = ScopedRelatedField(
        queryset=ReportObligation.objects.only("id"))


class ReportCopyPreviousSerializer(serializers.Serializer):
    """Start a new period's first report from a copy of the unit's last period's report
    (summary, parts, progress, indicator values; not its evidence files)."""

    obligation = ScopedRelatedField(queryset=ReportObligation.objects.only("id"))


class ReviewDecisionSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=COMMENT_MAX_LENGTH, required=False, allow_blank=True,
                                    default="")


class ReturnDecisionSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=COMMENT_MAX_LENGTH)
    resubmit_by = serializers.DateField(required=False, allow_null=True)


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(max_length=255, allow_empty_file=False)


class VerifiedValueSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(min_value=1)
    breakdown = serializers.CharField(required=False, allow_blank=True, default="",
                                      max_length=64)
    verified_value = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0,
                                              allow_null=True)


class VerifyValuesSerializer(serializers.Serializer):
    """The board's verified figures, kept apart from the reported ones."""

    values = VerifiedValueSerializer(many=True, allow_empty=False)


class ClaimSerializer(serializers.Serializer):
    """Who holds a report of the review queue now (after a claim or a release)."""

    id = serializers.IntegerField()
    claimed_by = serializers.IntegerField(allow_null=True)
    claimed_at = serializers.DateTimeField(allow_null=True)


class BulkAcceptSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
                                min_length=1, max_length=500,
                                help_text="Ids of submitted reports to accept (at most 500).")
    comment = serializers.CharField(required=False, allow_blank=True, default="",
                                    max_length=COMMENT_MAX_LENGTH)


class BulkRefusalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    detail = serializers.CharField()


class BulkAcceptResultSerializer(serializers.Serializer):
    accepted = serializers.ListField(child=serializers.IntegerField())
    refused = BulkRefusalSerializer(many=True)


class ReportCommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportComment
        fields = ["id", "report", "author", "side", "body", "created_at"]
        read_only_fields = ["id", "report", "author", "side", "created_at"]
        extra_kwargs = {"body": {"max_length": COMMENT_MAX_LENGTH}}


class SegmentSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["same", "added", "removed"])
    text = serializers.CharField()


class PartChangeSerializer(serializers.Serializer):
    part = serializers.CharField()
    label = serializers.CharField()
    changed = serializers.BooleanField()
    segments = SegmentSerializer(many=True)


class ReportChangesSerializer(serializers.Serializer):
    """A version against the one submitted before it (`previous` null: the first)."""

    report = serializers.IntegerField()
    previous = serializers.IntegerField(allow_null=True)
    progress_percent = serializers.ListField(child=serializers.IntegerField(), min_length=2,
                                             max_length=2, allow_null=True)
    parts = PartChangeSerializer(many=True)


# --- a unit's summary (/units/{id}/summary/, the unit page's figures) ---------------

class UnitLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["merge", "split"])
    effective_on = serializers.DateField(allow_null=True)


class UnitPeriodRateSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="The period's label (Vietnamese, as stored).")
    due_on = serializers.DateField()
    due = serializers.IntegerField(help_text="Reports due in the period (counted in the rate).")
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    overdue = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True, help_text="Percent, one decimal.")


class UnitSummarySerializer(serializers.Serializer):
    """One unit's figures as its page and the dashboard's unit bar count them: reports
    due, accepted on time, late, overdue and the on-time rate over the directives the
    dashboard lists, per period too; its validity and lineage."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    parent = serializers.IntegerField(allow_null=True)
    is_active = serializers.BooleanField()
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)
    dissolved_on = serializers.DateField(allow_null=True)
    read_only = serializers.BooleanField(help_text="Dissolved or merged: history only.")
    as_of = serializers.DateField()
    predecessors = UnitLinkSerializer(many=True)
    successors = UnitLinkSerializer(many=True)
    items = serializers.IntegerField(help_text="Assignments of the unit the caller sees.")
    obligations = serializers.IntegerField(help_text="Report obligations the caller sees.")
    due = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    overdue = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    trend = UnitPeriodRateSerializer(many=True)


class ReportExportQuerySerializer(serializers.Serializer):
    """`/directives/{id}/report/`'s query: the figures' day, the day the board issues
    (dates and signs) the report, and the file kind; each bad value is a 400 on its name."""

    as_of = serializers.DateField(required=False,
                                  help_text="YYYY-MM-DD; default: today (Asia/Ho_Chi_Minh).")
    issued_on = serializers.DateField(
        required=False, help_text="YYYY-MM-DD: the report's issue (signing) date, printed "
        "in its place-and-date line; default: today (Asia/Ho_Chi_Minh), not before as_of.")
    format = serializers.ChoiceField(choices=["docx", "xlsx"], default="docx")

    def validate(self, attrs):
        from reports.consolidated import issue_day_error
        from tracker.timeutil import today

        error = issue_day_error(day=attrs.get("as_of") or today(),
                                issued_on=attrs.get("issued_on"))
        if error:
            raise serializers.ValidationError({"issued_on": [error]})
        return attrs

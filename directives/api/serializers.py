"""Serializers for directives, sections and items: read shapes and write inputs."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from directives.models import Cadence, Directive, ImportJob, ResponsibilityItem, Section
from tracker import policy
from tracker.api.fields import BoundedJSONField, ScopedRelatedField
from tracker.limits import ITEM_CONTENT_MAX_LENGTH, TEXT_MAX_LENGTH
from tracker.models import Membership, Unit


def _supervised_units(queryset, user):
    if getattr(user, "is_superuser", False):
        return queryset
    return queryset.filter(pk__in=policy.unit_ids(user, Membership.Role.REVIEWER))


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "order", "addressee", "source_line"]
        read_only_fields = fields


class DirectiveSerializer(serializers.ModelSerializer):
    sections = SectionSerializer(many=True, read_only=True)

    class Meta:
        model = Directive
        fields = ["id", "number", "kind", "title", "issuer", "issuer_unit", "issued_on",
                  "signer", "supervising_unit", "status", "full_text", "parent",
                  "report_cadence", "report_due_day", "report_due_month_offset",
                  "reporting_starts_on", "reporting_ends_on", "published_at", "track_from",
                  "closed_at", "sections", "created_at", "updated_at"]
        read_only_fields = fields


class DirectiveWriteSerializer(serializers.ModelSerializer):
    """Create (draft) or edit a directive; the caller's board supervises it."""

    supervising_unit = ScopedRelatedField(queryset=Unit.objects.all(), scope=_supervised_units)
    issuer_unit = ScopedRelatedField(queryset=Unit.objects.all(), required=False,
                                     allow_null=True)
    parent = ScopedRelatedField(queryset=Directive.objects.all(),
                                required=False, allow_null=True)
    report_due_day = serializers.IntegerField(min_value=1, max_value=31, required=False)
    report_due_month_offset = serializers.IntegerField(min_value=-11, max_value=11,
                                                       required=False)

    class Meta:
        model = Directive
        fields = ["number", "kind", "title", "issuer", "issuer_unit", "issued_on", "signer",
                  "supervising_unit", "full_text", "parent", "report_cadence",
                  "report_due_day", "report_due_month_offset", "reporting_starts_on",
                  "reporting_ends_on"]
        extra_kwargs = {"full_text": {"max_length": TEXT_MAX_LENGTH}}
        validators: list = []  # uniqueness is checked by the service (full_clean)


class SectionWriteSerializer(serializers.Serializer):
    addressee = serializers.CharField(max_length=2000)
    order = serializers.IntegerField(min_value=1, max_value=32767, required=False)
    source_line = serializers.IntegerField(min_value=1, max_value=2_000_000, required=False)


class DirectiveCloseSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class ItemSerializer(serializers.ModelSerializer):
    cadence = serializers.ChoiceField(choices=Cadence.choices, allow_blank=True, read_only=True,
                                      help_text="Blank: the directive's cadence.")

    class Meta:
        model = ResponsibilityItem
        fields = ["id", "directive", "section", "order", "content", "expected_output",
                  "deadline_mode", "assignment_mode", "due_on", "cadence", "status",
                  "withdrawn_at", "source_line", "lock_version", "created_at", "updated_at"]
        read_only_fields = fields


class ItemUpdateSerializer(serializers.Serializer):
    """Edit an item (send If-Match with its ETag)."""

    section = ScopedRelatedField(queryset=Section.objects.all(),
                                 required=False, allow_null=True)
    order = serializers.IntegerField(min_value=1, max_value=2_000_000, required=False)
    content = serializers.CharField(max_length=ITEM_CONTENT_MAX_LENGTH, required=False)
    expected_output = serializers.CharField(max_length=500, required=False, allow_blank=True)
    deadline_mode = serializers.ChoiceField(choices=ResponsibilityItem.DeadlineMode.choices,
                                            required=False)
    assignment_mode = serializers.ChoiceField(
        choices=ResponsibilityItem.AssignmentMode.choices, required=False)
    due_on = serializers.DateField(required=False, allow_null=True)
    cadence = serializers.ChoiceField(
        choices=Cadence.choices, required=False, allow_blank=True,
        help_text=_("Theo kỳ của văn bản"))


class ItemCreateSerializer(ItemUpdateSerializer):
    """Add an item to a directive of the caller's board."""

    directive = ScopedRelatedField(queryset=Directive.objects.all())
    content = serializers.CharField(max_length=ITEM_CONTENT_MAX_LENGTH)


class ItemWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


# --- summary (documentation of reports.summaries.directive_summary) -------------

class AssignmentRollupSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField(),
                                   help_text="Counts by assignment status (DESIGN §3).")
    due = serializers.IntegerField(help_text="Items that are due (nhiệm vụ đến hạn).")
    done_on_time_rate = serializers.FloatField(allow_null=True)
    done_rate = serializers.FloatField(allow_null=True)
    overdue_rate = serializers.FloatField(allow_null=True)


class ObligationRollupSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField(),
                                   help_text="Counts by report obligation status.")
    due = serializers.IntegerField()
    submitted_rate = serializers.FloatField(allow_null=True)
    on_time_rate = serializers.FloatField(allow_null=True)
    overdue_count = serializers.IntegerField()
    max_days_overdue = serializers.IntegerField()


class SummarySectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    addressee = serializers.CharField()
    assignments = AssignmentRollupSerializer()
    obligations = ObligationRollupSerializer()


class SummaryUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField(allow_blank=True)
    assignments = AssignmentRollupSerializer()
    obligations = ObligationRollupSerializer()


class SummaryOverdueSerializer(serializers.Serializer):
    obligation = serializers.IntegerField()
    assignment = serializers.IntegerField()
    unit = serializers.IntegerField()
    item = serializers.IntegerField()
    status = serializers.CharField()
    due_on = serializers.DateField()
    days_overdue = serializers.IntegerField()


class DirectiveSummarySerializer(serializers.Serializer):
    directive = serializers.IntegerField()
    as_of = serializers.DateField()
    indicators = serializers.JSONField(
        required=False, help_text="Indicator roll-ups (reports.indicators.indicator_summary).")
    assignments = AssignmentRollupSerializer()
    obligations = ObligationRollupSerializer()
    sections = SummarySectionSerializer(many=True)
    units = SummaryUnitSerializer(many=True)
    overdue = SummaryOverdueSerializer(many=True)


class AsOfQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False,
                                  help_text="YYYY-MM-DD; default: today (Asia/Ho_Chi_Minh).")


class DirectiveImportSerializer(serializers.Serializer):
    """Text in (pasted or a .txt/.docx/.pdf file), a preview or a draft directive out.

    A PDF (up to 20 MB, 50 pages) is read in the background: the answer is 202 with an
    import job to poll; when done it carries the preview."""

    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                 max_length=2 * 1024 * 1024)
    file = serializers.FileField(required=False)
    preview = BoundedJSONField(
        required=False, help_text="A corrected preview (from dry_run) to create instead of "
                                  "the text's own reading.")
    report_cadence = serializers.ChoiceField(choices=Cadence.choices, default="semi_annual")
    publish = serializers.BooleanField(default=False)

    def validate(self, attrs):
        if not attrs.get("text") and not attrs.get("file") and not attrs.get("preview"):
            raise serializers.ValidationError(
                {"text": [_("Hãy gửi nội dung văn bản (text) hoặc một tệp (file).")]})
        if attrs.get("preview") is not None and not isinstance(attrs["preview"], dict):
            raise serializers.ValidationError({"preview": [_("Cần một đối tượng JSON.")]})
        return attrs


class ImportJobSerializer(serializers.Serializer):
    """A PDF being read in the background (202 from import with a PDF file)."""

    id = serializers.IntegerField()
    url = serializers.CharField(help_text="This resource: poll it until status is done or "
                                          "failed.")
    filename = serializers.CharField()
    status = serializers.ChoiceField(choices=ImportJob.Status.values)
    pages_done = serializers.IntegerField()
    pages_total = serializers.IntegerField()
    ocr_pages = serializers.IntegerField(help_text="Scanned pages read by OCR so far.")
    percent = serializers.IntegerField()
    preview = serializers.JSONField(required=False, help_text="When done: the same preview "
                                    "as for a .txt/.docx (send it back with dry_run=false).")
    text = serializers.CharField(required=False, help_text="When done: the text read.")
    error = serializers.JSONField(required=False, help_text="When failed: field, message, "
                                  "code.")


class ImportQuerySerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(required=False, default=False)


class ImportClaritySerializer(serializers.Serializer):
    """The "5 rõ" check of one item: each check true when met, `missing` the others."""

    who = serializers.BooleanField(help_text="Rõ người: a lead unit is named.")
    what = serializers.BooleanField(help_text="Rõ việc: the text is a duty (5+ words, not "
                                              "a heading ending with ':').")
    when = serializers.BooleanField(help_text="Rõ thời gian: a fixed deadline with its date, "
                                              "a periodic cadence, or continuous.")
    responsibility = serializers.BooleanField(
        help_text="Rõ trách nhiệm: false when partner units are named but no lead.")
    product = serializers.BooleanField(help_text="Rõ sản phẩm: expected_output is not empty.")
    missing = serializers.ListField(
        child=serializers.ChoiceField(choices=["who", "what", "when", "responsibility",
                                               "product"]))


class ImportClaritySummarySerializer(serializers.Serializer):
    items = serializers.IntegerField()
    complete = serializers.IntegerField(help_text="Items that pass all five checks.")
    missing = serializers.DictField(child=serializers.IntegerField(),
                                    help_text="Items failing each check.")


class ImportItemSerializer(serializers.Serializer):
    line = serializers.IntegerField(required=False, allow_null=True)
    text = serializers.CharField(required=False)
    lead = serializers.ListField(required=False, child=serializers.CharField(),
                                 help_text="Unit codes, or a new unit's key (new-1).")
    cooperating = serializers.ListField(required=False, child=serializers.CharField())
    deadline = serializers.DateField(required=False, allow_null=True)
    deadline_mode = serializers.CharField(
        required=False, allow_null=True,
        help_text="fixed | periodic | continuous; null when not stated.")
    cadence = serializers.ChoiceField(required=False, choices=Cadence.values, allow_null=True)
    expected_output = serializers.CharField(
        allow_blank=True, help_text="The product, suggested from the text ('kế hoạch').")
    confidence = serializers.FloatField(required=False)
    clarity = ImportClaritySerializer()


class ImportSectionSerializer(serializers.Serializer):
    line = serializers.IntegerField(required=False, allow_null=True)
    addressee = serializers.CharField(required=False, allow_null=True)
    units = serializers.ListField(required=False, child=serializers.CharField())
    assignment_mode = serializers.CharField(required=False)
    confidence = serializers.FloatField(required=False)
    items = ImportItemSerializer(many=True)


class ImportNewUnitSerializer(serializers.Serializer):
    """A body the registry lacks; created on import when some item names its key."""

    key = serializers.CharField(help_text="new-1, new-2 …: use it in items' lead/cooperating.")
    name = serializers.CharField(required=False)
    read_as = serializers.CharField(required=False, help_text="The name as the text wrote it.")
    kind = serializers.ChoiceField(required=False, choices=Unit.Kind.values)
    parent = serializers.CharField(required=False, allow_null=True,
                                   help_text="Suggested parent unit code.")
    line = serializers.IntegerField(required=False, allow_null=True)
    lines = serializers.ListField(required=False,
                                  child=serializers.IntegerField(allow_null=True))
    create = serializers.BooleanField(help_text="True when some item names it.")
    items = serializers.IntegerField(help_text="Items naming it.")


class ImportPreviewSerializer(serializers.Serializer):
    """The preview of DESIGN §5 (shape documented there), with the "5 rõ" check
    (`sections[].items[].clarity`, counts in `clarity`) and suggested `new_units`.
    Send a corrected preview back with dry_run=true to have it checked again."""

    directive = serializers.DictField()
    sections = ImportSectionSerializer(many=True)
    context = serializers.ListField(child=serializers.DictField(), required=False)
    references = serializers.ListField(child=serializers.DictField(), required=False)
    unmatched = serializers.ListField(
        child=serializers.DictField(),
        help_text="Names still not matched after corrections ({line, text}).")
    unmatched_read = serializers.ListField(
        child=serializers.DictField(), help_text="Every name the text had that the registry "
                                                 "did not match, as read.")
    new_units = ImportNewUnitSerializer(many=True)
    clarity = ImportClaritySummarySerializer()


class DirectivePublishSerializer(serializers.Serializer):
    """Publish a draft. `track_from` (ISO date, not after today): periods that ended before
    it owe no report. `dry_run` (also as `?dry_run=true`): only the preview."""

    track_from = serializers.DateField(required=False, allow_null=True, default=None)
    dry_run = serializers.BooleanField(required=False, default=False)


class PublishPreviewSerializer(serializers.Serializer):
    """What publishing would create (`dry_run`); nothing is written."""

    today = serializers.DateField()
    track_from = serializers.DateField(allow_null=True)
    suggested_track_from = serializers.DateField(
        allow_null=True, help_text="Set when the plan is back-dated: the publishing day.")
    obligations = serializers.IntegerField()
    overdue = serializers.IntegerField(help_text="Overdue on the publishing day.")
    skipped = serializers.IntegerField(help_text="Left out by track_from.")
    units = serializers.IntegerField()
    overdue_units = serializers.ListField(child=serializers.CharField())
    periods = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField(), help_text=(
        "overdue_obligations, overdue_reminders, leader_figures"))
    rows = serializers.ListField(child=serializers.DictField())

from django.contrib import admin

from .models import Evidence, Indicator, IndicatorValue, ProgressReport, ReportEvidence, Review


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    readonly_fields = ["reviewer", "decision", "comment", "resubmit_by", "decided_at"]
    can_delete = False


class EvidenceInline(admin.TabularInline):
    """The files this version shows (uploaded with it or carried forward)."""

    model = ReportEvidence
    extra = 0
    readonly_fields = ["evidence"]
    fields = readonly_fields
    can_delete = False


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["id", "unit_name", "obligation", "version", "status", "progress_percent",
                    "completed", "submitted_at"]
    list_filter = ["status", "completed", "obligation__assignment__item__directive"]
    search_fields = ["unit_name", "text", "results_text"]
    date_hierarchy = "submitted_at"
    raw_id_fields = ["obligation", "author"]
    readonly_fields = ["status", "submitted_at", "decided_at", "lock_version", "version"]
    inlines = [IndicatorValueInline, EvidenceInline, ReviewInline]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["decided_at", "report", "reviewer", "decision", "resubmit_by"]
    list_filter = ["decision"]
    search_fields = ["comment"]
    raw_id_fields = ["report"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "directive", "item", "unit_of_measure", "target", "aggregation"]
    list_filter = ["aggregation", "directive"]
    search_fields = ["name", "code"]
    raw_id_fields = ["item"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "report", "content_type", "size", "uploaded_at"]
    search_fields = ["original_name"]
    raw_id_fields = ["report"]

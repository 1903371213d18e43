"""Reports, reviews and evidence are workflow rows: the report services write them and
the admin only shows them. Reviews and evidence are never deleted from here."""

from django.contrib import admin

from tracker.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Evidence,
    Indicator,
    IndicatorValue,
    ProgressReport,
    ReportComment,
    ReportEvidence,
    Review,
)


class ReviewInline(ReadOnlyInline, admin.TabularInline):
    model = Review
    readonly_fields = ["reviewer", "decision", "comment", "resubmit_by", "decided_at"]


class EvidenceInline(ReadOnlyInline, admin.TabularInline):
    """The files this version shows (uploaded with it or carried forward)."""

    model = ReportEvidence
    readonly_fields = ["evidence"]
    fields = readonly_fields


class IndicatorValueInline(ReadOnlyInline, admin.TabularInline):
    model = IndicatorValue


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["id", "unit_name", "obligation", "version", "status", "progress_percent",
                    "completed", "submitted_at"]
    list_filter = ["status", "completed", "obligation__assignment__item__directive"]
    search_fields = ["unit_name", "text", "results_text"]
    date_hierarchy = "submitted_at"
    raw_id_fields = ["obligation", "author"]
    inlines = [IndicatorValueInline, EvidenceInline, ReviewInline]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["decided_at", "report", "reviewer", "decision", "resubmit_by"]
    list_filter = ["decision"]
    search_fields = ["comment"]
    raw_id_fields = ["report"]


@admin.register(ReportComment)
class ReportCommentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "report", "side", "author"]
    list_filter = ["side"]
    search_fields = ["body"]
    raw_id_fields = ["report"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """A directive's measures are edited here; one is deleted only while its directive is
    a draft (its values are reported data), and never in bulk."""

    list_display = ["name", "directive", "item", "unit_of_measure", "target", "aggregation"]
    list_filter = ["aggregation", "directive"]
    search_fields = ["name", "code"]
    raw_id_fields = ["item"]

    def has_delete_permission(self, request, obj=None):
        from directives.models import Directive

        return (obj is not None and obj.directive.status == Directive.Status.DRAFT
                and super().has_delete_permission(request, obj))


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "report", "content_type", "size", "uploaded_at"]
    search_fields = ["original_name"]
    raw_id_fields = ["report"]

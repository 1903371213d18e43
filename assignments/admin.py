"""Assignments, obligations, extensions and reminder logs are workflow rows: the
services write them (with their events, counts and scope columns) and the admin only
shows them. Reminder policies are reference data, saved through their service."""

from django.contrib import admin

from directives.admin import ResponsibilityItemAdmin
from directives.models import ResponsibilityItem
from tracker.admin import ReadOnlyAdmin, ReadOnlyInline, SavedByService

from .models import (
    Assignment,
    DeadlineChange,
    ExtensionRequest,
    ReminderDispatch,
    ReminderPolicy,
    ReportingPeriod,
    ReportObligation,
)


class ObligationInline(ReadOnlyInline, admin.TabularInline):
    model = ReportObligation
    fields = ["period", "original_due_on", "due_on", "state", "effective_submitted_on",
              "resubmit_by"]
    readonly_fields = fields
    show_change_link = True


class AssignmentInline(ReadOnlyInline, admin.TabularInline):
    model = Assignment
    fk_name = "item"
    fields = ["unit", "role", "via_group", "original_due_on", "current_due_on", "state"]
    readonly_fields = fields
    show_change_link = True


class ItemWithAssignmentsAdmin(ResponsibilityItemAdmin):
    """The item's page (directives) with its assignments below, added from this floor."""

    inlines = [*ResponsibilityItemAdmin.inlines, AssignmentInline]


admin.site.unregister(ResponsibilityItem)
admin.site.register(ResponsibilityItem, ItemWithAssignmentsAdmin)


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["id", "item", "unit", "role", "state", "original_due_on", "current_due_on",
                    "completed_on"]
    list_filter = ["state", "role", "is_joint", "item__directive", "unit"]
    search_fields = ["item__content", "unit__name", "original_unit__name"]
    list_select_related = ["item", "unit"]
    raw_id_fields = ["item"]
    inlines = [ObligationInline]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdmin):
    """Periods follow the directive's cadence (created with the obligations)."""

    list_display = ["label", "directive", "cadence", "starts_on", "ends_on", "due_on"]
    list_filter = ["cadence", "directive"]
    search_fields = ["label"]
    list_select_related = ["directive"]


@admin.register(ReportObligation)
class ReportObligationAdmin(ReadOnlyAdmin):
    list_display = ["id", "assignment", "period", "due_on", "state", "effective_submitted_on"]
    list_filter = ["state", "period__cadence", "assignment__item__directive",
                   "assignment__unit"]
    search_fields = ["assignment__unit__name", "assignment__item__content", "period__label"]
    list_select_related = ["assignment", "period"]
    raw_id_fields = ["assignment", "period"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    list_display = ["id", "assignment", "current_due_on", "requested_due_on", "status",
                    "decided_at"]
    list_filter = ["status"]
    search_fields = ["reason", "assignment__unit__name"]
    list_select_related = ["assignment"]
    raw_id_fields = ["assignment", "obligation"]


@admin.register(DeadlineChange)
class DeadlineChangeAdmin(ReadOnlyAdmin):
    list_display = ["changed_at", "assignment", "obligation", "old_due_on", "new_due_on",
                    "source"]
    list_filter = ["source"]
    search_fields = ["reason"]
    raw_id_fields = ["assignment", "obligation"]


# --- reminders ---------------------------------------------------------------------


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(SavedByService):
    """The board edits a directive's reminder ladder (saved through the service)."""

    list_display = ["directive", "enabled", "before_days", "on_due_day", "overdue_first_days",
                    "overdue_repeat_days", "escalate_after_days", "weekly_digest"]
    list_filter = ["enabled", "weekly_digest"]
    list_select_related = ["directive"]
    raw_id_fields = ["directive"]

    def save_model(self, request, obj, form, change):
        from .reminders.policy import POLICY_FIELDS, reminder_policy_set

        saved = reminder_policy_set(
            directive=obj.directive, actor=request.user,
            **{name: form.cleaned_data[name] for name in POLICY_FIELDS
               if name in form.cleaned_data})
        obj.pk = saved.pk


@admin.register(ReminderDispatch)
class ReminderDispatchAdmin(ReadOnlyAdmin):
    list_display = ["scheduled_at", "step", "recipient", "audience", "status", "sent_at",
                    "attempts"]
    list_filter = ["status", "audience"]
    search_fields = ["step", "recipient__username"]
    list_select_related = ["recipient"]
    raw_id_fields = ["obligation", "recipient", "notification"]
    date_hierarchy = "scheduled_at"

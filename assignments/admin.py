from django.contrib import admin

from directives import admin as directives_admin
from directives.models import Directive, ResponsibilityItem

from . import counts, scope
from .models import Assignment, DeadlineChange, ExtensionRequest, ReportingPeriod, ReportObligation


class RecountsDirectives:
    """Admin edits go around the services: re-derive the scope columns and recount the
    directives they touch."""

    @staticmethod
    def directives_of(obj) -> set[int]:
        raise NotImplementedError

    @staticmethod
    def _rederive(directives: set[int]) -> None:
        ids = sorted(directives)
        scope.sync(ids)  # first: the counts read the rows, not the scope columns
        counts.rebuild(ids)

    def _recounted(self, obj, write) -> None:
        before = self.directives_of(type(obj).objects.get(pk=obj.pk)) if obj.pk else set()
        write()
        after = self.directives_of(obj) if obj.pk else set()
        self._rederive(before | after)

    def save_model(self, request, obj, form, change):
        self._recounted(obj, lambda: super(RecountsDirectives, self).save_model(
            request, obj, form, change))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # inlines (items, assignments)
        self._rederive(self.directives_of(form.instance))

    def delete_model(self, request, obj):
        directives = self.directives_of(obj)
        super().delete_model(request, obj)
        self._rederive(directives)

    def delete_queryset(self, request, queryset):
        directives = set().union(*(self.directives_of(obj) for obj in queryset))
        super().delete_queryset(request, queryset)
        self._rederive(directives)


# Directive and item edits in the admin change what this app keeps (scope columns,
# status counts): the directives app's admins, extended here.
admin.site.unregister(Directive)


@admin.register(Directive)
class DirectiveAdmin(RecountsDirectives, directives_admin.DirectiveAdmin):
    @staticmethod
    def directives_of(obj) -> set[int]:
        return {obj.pk} if obj.pk else set()


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fk_name = "item"
    extra = 0
    fields = ["unit", "role", "via_group", "original_due_on", "current_due_on", "state"]
    readonly_fields = ["state", "original_due_on", "current_due_on", "via_group"]
    autocomplete_fields = ["unit"]


admin.site.unregister(ResponsibilityItem)


@admin.register(ResponsibilityItem)
class ResponsibilityItemAdmin(RecountsDirectives, directives_admin.ResponsibilityItemAdmin):
    @staticmethod
    def directives_of(obj) -> set[int]:
        return {obj.directive_id}

    inlines = [*directives_admin.ResponsibilityItemAdmin.inlines, AssignmentInline]


class ObligationInline(admin.TabularInline):
    model = ReportObligation
    extra = 0
    fields = ["period", "original_due_on", "due_on", "state", "effective_submitted_on",
              "resubmit_by"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Assignment)
class AssignmentAdmin(RecountsDirectives, admin.ModelAdmin):
    @staticmethod
    def directives_of(obj) -> set[int]:
        return {obj.item.directive_id}

    list_display = ["id", "item", "unit", "role", "state", "original_due_on", "current_due_on",
                    "completed_on"]
    list_filter = ["state", "role", "is_joint", "item__directive", "unit"]
    search_fields = ["item__content", "unit__name", "original_unit__name"]
    list_select_related = ["item", "unit"]
    autocomplete_fields = ["unit", "original_unit"]
    raw_id_fields = ["item"]
    readonly_fields = ["state", "completed_on", "completed_at", "withdrawn_at", "original_unit",
                       "original_due_on", "current_due_on"]
    inlines = [ObligationInline]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "directive", "cadence", "starts_on", "ends_on", "due_on"]
    list_filter = ["cadence", "directive"]
    search_fields = ["label"]
    list_select_related = ["directive"]


@admin.register(ReportObligation)
class ReportObligationAdmin(RecountsDirectives, admin.ModelAdmin):
    @staticmethod
    def directives_of(obj) -> set[int]:
        return {obj.assignment.item.directive_id}

    list_display = ["id", "assignment", "period", "due_on", "state", "effective_submitted_on"]
    list_filter = ["state", "period__cadence", "assignment__item__directive",
                   "assignment__unit"]
    search_fields = ["assignment__unit__name", "assignment__item__content", "period__label"]
    list_select_related = ["assignment", "period"]
    raw_id_fields = ["assignment", "period"]
    readonly_fields = ["state", "first_submitted_at", "effective_submitted_on", "accepted_at",
                       "withdrawn_at", "original_due_on", "due_on", "resubmit_by"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    list_display = ["id", "assignment", "current_due_on", "requested_due_on", "status",
                    "decided_at"]
    list_filter = ["status"]
    search_fields = ["reason", "assignment__unit__name"]
    list_select_related = ["assignment"]
    raw_id_fields = ["assignment", "obligation"]
    readonly_fields = ["status", "decided_by", "decided_at", "approved_due_on"]


@admin.register(DeadlineChange)
class DeadlineChangeAdmin(admin.ModelAdmin):
    list_display = ["changed_at", "assignment", "obligation", "old_due_on", "new_due_on",
                    "source"]
    list_filter = ["source"]
    search_fields = ["reason"]
    raw_id_fields = ["assignment", "obligation"]

    def has_change_permission(self, request, obj=None):
        return False


# --- reminders ---------------------------------------------------------------------

from .models import ReminderDispatch, ReminderPolicy  # noqa: E402


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
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
class ReminderDispatchAdmin(admin.ModelAdmin):
    list_display = ["scheduled_at", "step", "recipient", "audience", "status", "sent_at",
                    "attempts"]
    list_filter = ["status", "audience"]
    search_fields = ["step", "recipient__username"]
    list_select_related = ["recipient"]
    raw_id_fields = ["obligation", "recipient", "notification"]
    date_hierarchy = "scheduled_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

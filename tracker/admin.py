from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponseRedirect
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .models import Event, Holiday, Membership, Notification, NotificationDelivery, Unit, UnitGroup

admin.site.site_header = _("Theo dõi thực hiện chỉ thị — Quản trị")
admin.site.site_title = _("Theo dõi thực hiện chỉ thị")
admin.site.index_title = _("Quản trị hệ thống")


# --- workflow rows: written by the services, shown by the admin ---------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    """A workflow row (assignment, obligation, report, decision, log...). Its services
    write it; the admin shows it and never adds, changes or deletes it, so the bulk
    "delete selected" action is gone too."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline:
    """Mix into an inline: rows shown, never added, changed or deleted from here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SavedByService(admin.ModelAdmin):
    """The change form saves through a service: `save_model` calls it with the admin user
    as the actor. A rule the service refuses (`DomainError`) becomes an error message on
    the same page, never a 500, and nothing is saved.

    The admin's own transaction around the form is left out: the service opens its own
    (an outer service may be `atomic(durable=True)`, which cannot nest)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return self._changeform_view(request, object_id, form_url, extra_context)
        except DomainError as error:
            self.message_user(request, refusal_message(self.model, error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


def refusal_message(model, error: DomainError) -> str:
    """The service's message, led by the label of the field it is about."""
    try:
        label = model._meta.get_field(error.field).verbose_name if error.field else None
    except FieldDoesNotExist:
        label = None
    return f"{capfirst(label)}: {error.message}" if label else str(error.message)


def changed_values(form, editable) -> dict:
    """The fields the admin changed that the service accepts, as the service takes them."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name in editable}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "kind", "parent", "order", "is_active",
                    "successor"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code", "aliases"]
    list_select_related = ["parent", "successor"]
    autocomplete_fields = ["parent", "successor"]
    inlines = [MembershipInline]
    readonly_fields = ["dissolved_on", "successor"]


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code", "aliases"]
    filter_horizontal = ["members"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user", "unit"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["at", "verb", "target_type", "target_id", "from_status", "to_status", "actor"]
    list_filter = ["verb", "target_type"]
    search_fields = ["note", "verb"]
    date_hierarchy = "at"
    list_select_related = ["actor", "target_type"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "kind", "source"]
    list_filter = ["kind", "source"]
    search_fields = ["name"]
    date_hierarchy = "date"


class DeliveryInline(ReadOnlyInline, admin.TabularInline):
    model = NotificationDelivery
    readonly_fields = ["channel", "status", "attempts", "sent_at", "error"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "body", "recipient__username"]
    list_select_related = ["recipient"]
    inlines = [DeliveryInline]

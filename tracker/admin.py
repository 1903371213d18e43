from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Event, Holiday, Membership, Notification, NotificationDelivery, Unit, UnitGroup

admin.site.site_header = _("Theo dõi thực hiện chỉ thị — Quản trị")
admin.site.site_title = _("Theo dõi thực hiện chỉ thị")
admin.site.index_title = _("Quản trị hệ thống")


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
class EventAdmin(admin.ModelAdmin):
    list_display = ["at", "verb", "target_type", "target_id", "from_status", "to_status", "actor"]
    list_filter = ["verb", "target_type"]
    search_fields = ["note", "verb"]
    date_hierarchy = "at"
    list_select_related = ["actor", "target_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "kind", "source"]
    list_filter = ["kind", "source"]
    search_fields = ["name"]
    date_hierarchy = "date"


class DeliveryInline(admin.TabularInline):
    model = NotificationDelivery
    extra = 0
    readonly_fields = ["channel", "status", "attempts", "sent_at", "error"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "body", "recipient__username"]
    list_select_related = ["recipient"]
    inlines = [DeliveryInline]

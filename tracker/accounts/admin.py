from django.contrib import admin

from .models import DeviceToken


@admin.register(DeviceToken)
class DeviceTokenAdmin(admin.ModelAdmin):
    """Tokens to revoke (delete); a token is issued by signing in, never here."""

    list_display = ("user", "name", "created", "expiry")
    search_fields = ("user__username", "name")
    readonly_fields = ("user", "name", "token_key", "created", "expiry")
    exclude = ("digest",)
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

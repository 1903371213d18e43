"""Directives and their items are edited through the directive services (each change
writes its event and keeps the scope columns and counts); nothing is deleted from here:
an item is withdrawn, a directive's follow-up ended, on the board's pages, which call
`item_withdraw` and `directive_close` (the change form links to them)."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tracker.admin import ReadOnlyAdmin, ReadOnlyInline, SavedByService, changed_values
from tracker.errors import ConflictError

from . import services
from .models import Directive, ResponsibilityItem, Section


class EditedByService(SavedByService):
    """Change only: no adding here, no deleting (nothing published is hard-deleted).
    The fields the service does not accept are shown read-only."""

    editable: tuple[str, ...] = ()
    shown: tuple[str, ...] = ()  # computed, read-only

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*(field.name for field in self.model._meta.fields
                  if field.editable and not field.primary_key
                  and field.name not in self.editable), *self.shown]


def _page_link(active: bool, url_name: str, pk: int, label) -> str:
    """A link to the board's page that makes the change through its service."""
    if not active:
        return "—"
    return format_html('<a href="{}">{}</a>', reverse(url_name, args=[pk]), label)


class SectionInline(ReadOnlyInline, admin.TabularInline):
    model = Section
    fields = ["order", "addressee", "source_line"]
    readonly_fields = fields


class ItemInline(ReadOnlyInline, admin.StackedInline):
    model = ResponsibilityItem
    fields = [("order", "section", "status"), "content",
              ("deadline_mode", "assignment_mode", "due_on", "cadence")]
    readonly_fields = ["order", "section", "status", "content", "deadline_mode",
                       "assignment_mode", "due_on", "cadence"]
    show_change_link = True


class DirectiveForm(forms.ModelForm):
    """Carries when the directive was last saved as the page was opened: a save after
    someone else's newer change is refused instead of overwriting it (directives have no
    version number; the check is made just before the service, not under its lock)."""

    opened_at = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_at"].initial = self.instance.updated_at.isoformat()


@admin.register(Directive)
class DirectiveAdmin(EditedByService):
    editable = services.DIRECTIVE_EDITABLE
    shown = ("end_follow_up",)
    form = DirectiveForm

    list_display = ["number", "kind", "short_title", "issued_on", "supervising_unit", "status"]
    list_filter = ["status", "kind", "supervising_unit"]
    search_fields = ["number", "title", "issuer", "full_text"]
    date_hierarchy = "issued_on"
    list_select_related = ["supervising_unit"]
    autocomplete_fields = ["supervising_unit", "issuer_unit", "parent"]
    inlines = [SectionInline, ItemInline]

    @admin.display(description="Trích yếu")
    def short_title(self, obj):
        return obj.title[:90]

    @admin.display(description=_("Kết thúc theo dõi"))
    def end_follow_up(self, obj):
        return _page_link(obj.status == Directive.Status.ACTIVE, "web:directive-close", obj.pk,
                          _("Kết thúc theo dõi văn bản"))

    def save_model(self, request, obj, form, change):
        saved = Directive.objects.values_list("updated_at", flat=True).get(pk=obj.pk)
        if saved.isoformat() != form.cleaned_data["opened_at"]:
            raise ConflictError(_("Văn bản đã được người khác sửa; hãy tải lại."))
        services.directive_update(directive=obj, actor=request.user,
                                  **changed_values(form, self.editable))


class ItemForm(forms.ModelForm):
    """Carries the version the page was opened at, so that a save over someone else's
    newer edit is refused (`item_update` compares it) instead of overwriting it."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.lock_version


@admin.register(ResponsibilityItem)
class ResponsibilityItemAdmin(EditedByService):
    editable = services.ITEM_EDITABLE
    shown = ("withdraw",)
    form = ItemForm

    list_display = ["order", "short_content", "directive", "section", "deadline_mode",
                    "assignment_mode", "status"]
    list_filter = ["status", "deadline_mode", "assignment_mode", "directive"]
    search_fields = ["content", "directive__number"]
    list_select_related = ["directive", "section"]

    @admin.display(description="Nội dung")
    def short_content(self, obj):
        return obj.content[:100]

    @admin.display(description=_("Rút nhiệm vụ"))
    def withdraw(self, obj):
        return _page_link(obj.status == ResponsibilityItem.Status.ACTIVE, "web:item-withdraw",
                          obj.pk, _("Rút nhiệm vụ"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":  # only the sections of the item's own directive
            item_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Section.objects.filter(directive__items=item_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.item_update(item=obj, actor=request.user,
                             expected_version=form.cleaned_data["expected_version"],
                             **changed_values(form, self.editable))


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ["directive", "order", "addressee"]
    list_filter = ["directive"]
    search_fields = ["addressee"]
    list_select_related = ["directive"]

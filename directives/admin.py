"""The directives admin. The assignments app extends the directive and item admins
(`assignments.admin`): it re-derives what it keeps from them and shows an item's
assignments."""

from django.contrib import admin

from .models import Directive, ResponsibilityItem, Section


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "addressee", "source_line"]


class ItemInline(admin.StackedInline):
    model = ResponsibilityItem
    extra = 0
    fields = [("order", "section", "status"), "content",
              ("deadline_mode", "assignment_mode", "due_on", "cadence")]
    readonly_fields = ["status"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            directive_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Section.objects.filter(directive_id=directive_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "short_title", "issued_on", "supervising_unit", "status"]
    list_filter = ["status", "kind", "supervising_unit"]
    search_fields = ["number", "title", "issuer", "full_text"]
    date_hierarchy = "issued_on"
    list_select_related = ["supervising_unit"]
    autocomplete_fields = ["supervising_unit", "issuer_unit", "parent"]
    readonly_fields = ["status", "published_at", "closed_at"]
    inlines = [SectionInline, ItemInline]

    @admin.display(description="Trích yếu")
    def short_title(self, obj):
        return obj.title[:90]


@admin.register(ResponsibilityItem)
class ResponsibilityItemAdmin(admin.ModelAdmin):
    list_display = ["order", "short_content", "directive", "section", "deadline_mode",
                    "assignment_mode", "status"]
    list_filter = ["status", "deadline_mode", "assignment_mode", "directive"]
    search_fields = ["content", "directive__number"]
    list_select_related = ["directive", "section"]
    readonly_fields = ["status", "withdrawn_at", "lock_version"]

    @admin.display(description="Nội dung")
    def short_content(self, obj):
        return obj.content[:100]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["directive", "order", "addressee"]
    list_filter = ["directive"]
    search_fields = ["addressee"]
    list_select_related = ["directive"]

from django.contrib import admin

from suggestions.models import (
    Assignment,
    Commitment,
    ExtensionRequest,
    History,
    ResultClass,
    Suggestion,
    SuggestionCategory,
    WorkdayOverride,
)


@admin.register(SuggestionCategory)
class SuggestionCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]


@admin.register(ResultClass)
class ResultClassAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "order", "needs_commitment", "is_active"]


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["unit", "role", "assigned_at", "reply_due", "sign_due", "signed_at", "is_active"]
    readonly_fields = fields


class HistoryInline(admin.TabularInline):
    model = History
    extra = 0
    fields = ["at", "action", "from_status", "to_status", "actor_name", "note"]
    readonly_fields = fields
    can_delete = False


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "status", "is_key", "reply_due", "created_at"]
    list_filter = ["status", "is_key", "category"]
    search_fields = ["title"]
    raw_id_fields = ["lead_deputy", "leading_leader", "created_by"]
    inlines = [AssignmentInline, HistoryInline]

    def has_change_permission(self, request, obj=None):
        return False  # changes go through the workflow (services), never a raw edit


admin.site.register([ExtensionRequest, Commitment])

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from congress.models import (
    ApiToken,
    AuditLog,
    Congress,
    HandlingUnit,
    Region,
    Session,
    Term,
    User,
)
from congress.tokens import tokens_revoke


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "name", "role", "region", "handling_unit", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "name"]
    raw_id_fields = ["region", "handling_unit"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            _("人大平台"),
            {
                "fields": [
                    "name",
                    "role",
                    "region",
                    "handling_unit",
                    "phone",
                    "must_change_password",
                ]
            },
        ),
    )


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(Congress)
class CongressAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "region"]
    list_filter = ["level"]
    search_fields = ["name"]
    raw_id_fields = ["region"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["__str__", "start_date", "end_date"]
    raw_id_fields = ["congress"]
    inlines = [SessionInline]


@admin.register(HandlingUnit)
class HandlingUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    raw_id_fields = ["region"]


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: the audit trail can be searched, never changed."""

    list_display = ["at", "actor_name", "action", "model", "object_pk", "object_repr", "ip"]
    list_filter = ["action", "model"]
    search_fields = ["object_repr", "actor_name", "object_pk"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only but revocable: administrators see who holds which token and can end it."""

    list_display = [
        "user",
        "name",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
        "revoked_reason",
    ]
    list_filter = ["revoked_reason"]
    search_fields = ["user__username", "user__name", "name", "prefix"]
    exclude = ["key_hash", "password_fingerprint"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("吊销所选令牌"), permissions=["view"])
    def revoke(self, request, queryset):
        revoked = 0
        for user in User.objects.filter(api_tokens__in=queryset).distinct():
            ids = [t.pk for t in queryset if t.user_id == user.pk]
            revoked += tokens_revoke(user=user, reason=ApiToken.Reason.ADMIN, ids=ids)
        self.message_user(request, _("已吊销 %(n)d 个令牌。") % {"n": revoked})

from django.contrib import admin

from congress.personal import mask_id_number, mask_phone
from representatives.models import Deputy, DeputyGroup, Mandate


class MandateInline(admin.TabularInline):
    model = Mandate
    extra = 0
    raw_id_fields = ["congress", "term", "group"]


@admin.register(Deputy)
class DeputyAdmin(admin.ModelAdmin):
    """Admins see the register masked here too; full values go through the audited reveal."""

    list_display = ["name", "gender", "region", "occupation", "masked_phone", "masked_id_number"]
    list_filter = ["gender", "occupation", "affiliation"]
    search_fields = ["name", "name_initials"]
    raw_id_fields = ["region", "user"]
    exclude = ["id_number", "phone"]
    readonly_fields = ["masked_id_number", "masked_phone", "name_initials"]
    inlines = [MandateInline]

    @admin.display(description="公民身份号码")
    def masked_id_number(self, obj):
        return mask_id_number(obj.id_number)

    @admin.display(description="手机号码")
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    def has_add_permission(self, request):
        return False  # registered through the portal, where ID numbers are checked

    def has_delete_permission(self, request, obj=None):
        return False  # deputies are never hard-deleted: a mandate ends


@admin.register(DeputyGroup)
class DeputyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "congress", "region"]
    search_fields = ["name"]
    raw_id_fields = ["congress", "region"]


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["deputy", "congress", "term", "status", "start_date", "end_date"]
    list_filter = ["status", "congress__level"]
    search_fields = ["deputy__name"]
    raw_id_fields = ["deputy", "congress", "term", "group"]

from django.contrib import admin

from liaison_stations.models import (
    CriterionCheck,
    DutyRule,
    LiaisonStation,
    Opinion,
    StandardCriterion,
    StationVisit,
)


@admin.register(LiaisonStation)
class LiaisonStationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "rating", "is_public", "is_active"]
    list_filter = ["kind", "rating", "is_active"]
    search_fields = ["name", "address"]
    raw_id_fields = ["region"]


@admin.register(StandardCriterion)
class StandardCriterionAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "order", "is_active"]
    list_filter = ["category", "is_active"]


@admin.register(CriterionCheck)
class CriterionCheckAdmin(admin.ModelAdmin):
    list_display = ["station", "criterion", "met"]
    raw_id_fields = ["station"]


@admin.register(DutyRule)
class DutyRuleAdmin(admin.ModelAdmin):
    list_display = ["station", "kind", "days", "group", "per_day", "is_active"]
    raw_id_fields = ["station", "group"]


@admin.register(StationVisit)
class StationVisitAdmin(admin.ModelAdmin):
    list_display = ["date", "deputy", "station", "kind", "confirmed"]
    list_filter = ["kind", "confirmed", "online"]
    raw_id_fields = ["deputy", "station", "group", "logged_by", "confirmed_by"]
    date_hierarchy = "date"


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    list_display = ["tracking_code", "title", "station", "status", "received_at"]
    list_filter = ["status", "source"]
    search_fields = ["tracking_code", "title"]
    raw_id_fields = ["station", "assigned_staff", "assigned_deputy", "handling_unit"]
    # Contact details stay out of the admin list on purpose (masked everywhere but the board).
    exclude = ["citizen_phone"]

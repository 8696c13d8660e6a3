"""Admin views: for inspection. Points, snapshots and scores are written by the services only."""

from django.contrib import admin

from evaluation.models import (
    ArchiveEntry,
    Aspect,
    DeputyPoints,
    EvaluationRound,
    Indicator,
    IndicatorSystem,
    PointsRule,
    PointsRuleSet,
    PointsSnapshot,
    RoundTarget,
    Score,
    VoterReport,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ArchiveEntry)
class ArchiveEntryAdmin(ReadOnly):
    list_display = ["occurred_on", "deputy", "kind", "title", "source"]
    list_filter = ["kind", "source"]
    search_fields = ["title", "deputy__name"]
    raw_id_fields = ["deputy"]


class PointsRuleInline(admin.TabularInline):
    model = PointsRule
    extra = 0


@admin.register(PointsRuleSet)
class PointsRuleSetAdmin(ReadOnly):
    list_display = ["name", "region", "year", "talk_threshold"]
    inlines = [PointsRuleInline]


@admin.register(DeputyPoints)
class DeputyPointsAdmin(ReadOnly):
    list_display = ["deputy", "rule_set", "total", "computed_at"]
    raw_id_fields = ["deputy"]


@admin.register(PointsSnapshot)
class PointsSnapshotAdmin(ReadOnly):
    list_display = ["rule_set", "quarter", "cutoff", "published_at"]


@admin.register(VoterReport)
class VoterReportAdmin(ReadOnly):
    list_display = ["deputy", "reported_on", "audience", "attendance"]
    raw_id_fields = ["deputy"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(Aspect)
class AspectAdmin(ReadOnly):
    list_display = ["system", "order", "name", "is_bonus"]
    inlines = [IndicatorInline]


@admin.register(IndicatorSystem)
class IndicatorSystemAdmin(ReadOnly):
    list_display = ["name", "region", "year", "target_kind"]


class RoundTargetInline(admin.TabularInline):
    model = RoundTarget
    extra = 0


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(ReadOnly):
    list_display = ["name", "region", "year", "status"]
    inlines = [RoundTargetInline]


@admin.register(Score)
class ScoreAdmin(ReadOnly):
    list_display = ["target", "indicator", "stage", "value", "is_computed"]

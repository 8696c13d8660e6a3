"""Reads of points: rule sets, rankings (by group, region, congress level), the talk list,
published quarters, and one deputy's standing, each narrowed to what the viewer may see."""

from dataclasses import dataclass

from django.db.models import F, QuerySet, Window
from django.db.models.functions import Rank

from congress.models import User
from congress.scope import get_visible_or_404, visible
from evaluation.models import DeputyPoints, PointsRuleSet, PointsSnapshot, PointsSnapshotRow
from evaluation.performance.points import rule_set_for
from representatives.models import Deputy, DeputyGroup, Mandate

REGION_PATHS = {"region": "region__code"}


def rule_set_list(*, viewer: User) -> QuerySet[PointsRuleSet]:
    return visible(
        PointsRuleSet.objects.select_related("region").prefetch_related("rules"),
        viewer,
        **REGION_PATHS,
    )


def rule_set_get(*, viewer: User, pk: int) -> PointsRuleSet:
    return get_visible_or_404(
        PointsRuleSet.objects.select_related("region").prefetch_related("rules"),
        viewer,
        paths=REGION_PATHS,
        pk=pk,
    )


@dataclass
class RankingFilters:
    group: int | None = None
    region: str = ""
    level: str = ""
    below_threshold: bool = False


def points_ranking(
    *, viewer: User, rule_set: PointsRuleSet, filters: RankingFilters | None = None
) -> QuerySet[DeputyPoints]:
    """Deputies' points ranked within the chosen group, region or congress level."""
    f = filters or RankingFilters()
    qs = visible(
        DeputyPoints.objects.filter(rule_set=rule_set).select_related("deputy__region"),
        viewer,
        region="deputy__region__code",
        deputy="deputy",
    )
    if f.group:
        qs = qs.filter(deputy_id__in=Mandate.objects.filter(group_id=f.group).values("deputy_id"))
    if f.level:
        qs = qs.filter(
            deputy_id__in=Mandate.objects.filter(congress__level=f.level).values("deputy_id")
        )
    if f.region:
        qs = qs.filter(deputy__region__code__startswith=f.region)
    if f.below_threshold:
        qs = qs.filter(total__lt=rule_set.talk_threshold)
    return qs.annotate(rank=Window(Rank(), order_by=F("total").desc())).order_by(
        "-total", "deputy__name", "deputy_id"
    )


def talk_list(*, viewer: User, rule_set: PointsRuleSet) -> QuerySet[DeputyPoints]:
    """Deputies below the talk threshold, lowest first."""
    return points_ranking(
        viewer=viewer, rule_set=rule_set, filters=RankingFilters(below_threshold=True)
    ).order_by("total", "deputy_id")


def snapshot_list(*, viewer: User, rule_set: PointsRuleSet) -> QuerySet[PointsSnapshot]:
    return rule_set.snapshots.select_related("published_by").order_by("quarter")


def snapshot_get(*, viewer: User, pk: int) -> PointsSnapshot:
    return get_visible_or_404(
        PointsSnapshot.objects.select_related("rule_set"),
        viewer,
        paths={"region": "rule_set__region__code"},
        pk=pk,
    )


def snapshot_rows(*, viewer: User, snapshot: PointsSnapshot) -> QuerySet[PointsSnapshotRow]:
    return visible(
        snapshot.rows.all(), viewer, region="deputy__region__code", deputy="deputy"
    ).order_by("rank", "deputy_id")


def group_choices(*, viewer: User, rule_set: PointsRuleSet) -> QuerySet:
    """Deputy groups of the rule set's region the viewer may see (for ranking within a group)."""

    return visible(
        DeputyGroup.objects.filter(region__code__startswith=rule_set.region_id).select_related(
            "congress"
        ),
        viewer,
        region="region__code",
    ).order_by("congress__region_id", "region_id", "name")


def deputy_group(deputy: Deputy, region_code: str = "") -> Mandate | None:
    """The serving mandate whose group the deputy is ranked in: the seat in the congress that
    made the points rules, else the most local one."""
    seats = list(
        Mandate.objects.filter(deputy=deputy, status=Mandate.Status.SERVING, group__isnull=False)
        .select_related("group", "congress")
        .order_by("-congress__region_id")
    )
    own = [m for m in seats if m.congress.region_id == region_code]
    return (own or seats or [None])[0]


def deputy_points_summary(*, deputy: Deputy, year: int) -> dict:
    """Points, rank within group and region, and the talk threshold, for the deputy's year."""
    rule_set = rule_set_for(region_code=deputy.region_id, year=year)
    if rule_set is None:
        return {"year": year, "rule_set": None}
    row = DeputyPoints.objects.filter(rule_set=rule_set, deputy=deputy).first()
    total = row.total if row else 0
    all_rows = DeputyPoints.objects.filter(rule_set=rule_set)
    mandate = deputy_group(deputy, rule_set.region_id)
    group_rank = group_size = None
    if mandate is not None:
        members = Mandate.objects.filter(group=mandate.group).values("deputy_id")
        in_group = all_rows.filter(deputy_id__in=members)
        group_rank = in_group.filter(total__gt=total).count() + 1
        group_size = in_group.count()
    return {
        "year": year,
        "rule_set": {"id": rule_set.pk, "name": rule_set.name},
        "total": float(total),
        "breakdown": row.breakdown if row else {},
        "talk_threshold": float(rule_set.talk_threshold),
        "below_threshold": total < rule_set.talk_threshold,
        "group": mandate.group.name if mandate else None,
        "group_rank": group_rank,
        "group_size": group_size,
        "region_rank": all_rows.filter(total__gt=total).count() + 1,
        "region_size": all_rows.count(),
        "published": [
            {"quarter": q, "total": float(t), "rank": r}
            for q, t, r in PointsSnapshotRow.objects.filter(
                snapshot__rule_set=rule_set, deputy=deputy
            )
            .order_by("snapshot__quarter")
            .values_list("snapshot__quarter", "total", "rank")
        ],
    }

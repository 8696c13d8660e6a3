"""Reads of deputy performance and evaluation, each narrowed to what the viewer may see:
staff and supervisors their region's subtree, a deputy only their own archive."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import Rank
from django.http import Http404
from django.utils.translation import gettext as _

from congress.models import Role, Term, User
from congress.scope import get_visible_or_404, region_prefix, visible
from evaluation.models import (
    ArchiveEntry,
    Aspect,
    DeputyPoints,
    EvaluationRound,
    Indicator,
    IndicatorSystem,
    PointsRuleSet,
    PointsSnapshot,
    PointsSnapshotRow,
    RoundTarget,
    Score,
    VoterReport,
)
from evaluation.services import rule_set_for
from representatives.models import Deputy, Mandate

ENTRY_PATHS = {"region": "deputy__region__code", "deputy": "deputy"}
REGION_PATHS = {"region": "region__code"}


def _is_deputy(viewer: User) -> bool:
    return viewer.is_authenticated and viewer.role == Role.DEPUTY and not viewer.is_admin


def visible_deputies(viewer: User) -> QuerySet[Deputy]:
    if _is_deputy(viewer):
        return Deputy.objects.filter(user=viewer)
    return visible(Deputy.objects.all(), viewer, region="region__code")


def deputy_get(*, viewer: User, pk: int) -> Deputy:
    deputy = visible_deputies(viewer).select_related("region").filter(pk=pk).first()
    if deputy is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return deputy


def deputy_of_user(user: User) -> Deputy:
    deputy = Deputy.objects.select_related("region").filter(user=user).first()
    if deputy is None:
        raise Http404(_("您的账号尚未关联代表信息，请联系人大机关工作人员。"))
    return deputy


# --- Archive ----------------------------------------------------------------------------------


@dataclass
class EntryFilters:
    deputy: int | None = None
    kind: str = ""
    source: str = ""
    region: str = ""
    year: int | None = None
    q: str = ""


def archive_entry_list(*, viewer: User, filters: EntryFilters | None = None) -> QuerySet:
    f = filters or EntryFilters()
    qs = visible(ArchiveEntry.objects.select_related("deputy__region"), viewer, **ENTRY_PATHS)
    if f.deputy:
        qs = qs.filter(deputy_id=f.deputy)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.region:
        qs = qs.filter(deputy__region__code__startswith=f.region)
    if f.year:
        qs = qs.filter(
            occurred_on__gte=dt.date(f.year, 1, 1), occurred_on__lte=dt.date(f.year, 12, 31)
        )
    if f.q:
        qs = qs.filter(Q(title__contains=f.q) | Q(deputy__name__contains=f.q))
    return qs.order_by("-occurred_on", "-id")


def archive_entry_get(*, viewer: User, pk: int) -> ArchiveEntry:
    return get_visible_or_404(
        ArchiveEntry.objects.select_related("deputy"), viewer, paths=ENTRY_PATHS, pk=pk
    )


def voter_report_get(*, viewer: User, pk: int) -> VoterReport:
    report = voter_report_list(viewer=viewer).filter(pk=pk).first()
    if report is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return report


def deputy_terms(deputy: Deputy) -> QuerySet[Term]:
    return Term.objects.filter(mandates__deputy=deputy).select_related("congress").distinct()


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


def voter_report_list(*, viewer: User, deputy: int | None = None) -> QuerySet[VoterReport]:
    qs = visible(VoterReport.objects.select_related("deputy__region"), viewer, **ENTRY_PATHS)
    if deputy:
        qs = qs.filter(deputy_id=deputy)
    return qs


# --- Points -----------------------------------------------------------------------------------


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


# --- Indicator systems and rounds -------------------------------------------------------------


def _tree_prefetch() -> Prefetch:
    return Prefetch(
        "aspects",
        queryset=Aspect.objects.order_by("order").prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order"))
        ),
    )


def system_list(*, viewer: User) -> QuerySet[IndicatorSystem]:
    """The viewer's region's systems and the ones above it (a county uses the city's)."""
    prefix = region_prefix(viewer)
    if prefix is None:
        return IndicatorSystem.objects.none()
    qs = IndicatorSystem.objects.select_related("region").prefetch_related(_tree_prefetch())
    if prefix:
        above = [prefix[:n] for n in (2, 4, 6, 9, 12) if n <= len(prefix)]
        qs = qs.filter(Q(region__code__startswith=prefix) | Q(region_id__in=above))
    return qs


def system_get(*, viewer: User, pk: int) -> IndicatorSystem:
    system = system_list(viewer=viewer).filter(pk=pk).first()
    if system is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return system


def _round_scope(viewer: User) -> Q | None:
    """Staff see rounds their region organises, and rounds in which their region is a target."""
    prefix = region_prefix(viewer)
    if prefix is None:
        return None
    if prefix == "":
        return Q()
    targeted = RoundTarget.objects.filter(region__code__startswith=prefix).values("round_id")
    return Q(region__code__startswith=prefix) | Q(pk__in=targeted)


def round_list(*, viewer: User, year: int | None = None) -> QuerySet[EvaluationRound]:
    q = _round_scope(viewer)
    if q is None:
        return EvaluationRound.objects.none()
    qs = EvaluationRound.objects.filter(q).select_related("system", "region")
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-id")


def round_get(*, viewer: User, pk: int) -> EvaluationRound:
    round_ = round_list(viewer=viewer).filter(pk=pk).first()
    if round_ is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return round_


def round_targets(*, viewer: User, round_: EvaluationRound) -> QuerySet[RoundTarget]:
    """The round's targets the viewer may see: all for the organisers, their own for a township."""
    qs = round_.targets.select_related("region", "handling_unit")
    prefix = region_prefix(viewer)
    if prefix and not round_.region_id.startswith(prefix):
        qs = qs.filter(region__code__startswith=prefix)
    return qs.order_by("rank", "region_id")


def round_target_get(*, viewer: User, round_: EvaluationRound, pk: int) -> RoundTarget:
    target = round_targets(viewer=viewer, round_=round_).filter(pk=pk).first()
    if target is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return target


def round_indicators(round_: EvaluationRound) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(aspect__system_id=round_.system_id)
        .select_related("aspect")
        .order_by("aspect__order", "order")
    )


def round_scores(*, viewer: User, round_: EvaluationRound) -> QuerySet[Score]:
    targets = round_targets(viewer=viewer, round_=round_)
    return Score.objects.filter(target__in=targets.values("pk")).select_related("scored_by")


def score_get(*, viewer: User, pk: int) -> Score:
    """One score of a round target the viewer sees (404 otherwise)."""
    score = Score.objects.select_related("target").filter(pk=pk).first()
    if score is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    round_ = round_get(viewer=viewer, pk=score.target.round_id)
    round_target_get(viewer=viewer, round_=round_, pk=score.target_id)
    return score


def round_system(round_: EvaluationRound) -> IndicatorSystem:
    """The round's indicator tree (a round may use a system of a region above the viewer's)."""
    return (
        IndicatorSystem.objects.select_related("region")
        .prefetch_related(_tree_prefetch())
        .get(pk=round_.system_id)
    )


def group_choices(*, viewer: User, rule_set: PointsRuleSet) -> QuerySet:
    """Deputy groups of the rule set's region the viewer may see (for ranking within a group)."""
    from representatives.models import DeputyGroup

    return visible(
        DeputyGroup.objects.filter(region__code__startswith=rule_set.region_id).select_related(
            "congress"
        ),
        viewer,
        region="region__code",
    ).order_by("congress__region_id", "region_id", "name")


def eligible_evaluators(*, round_: EvaluationRound) -> QuerySet[User]:
    """Staff of the organising region and of the regions above it."""
    above = [round_.region_id[:n] for n in (2, 4, 6, 9, 12) if n <= len(round_.region_id)]
    return User.objects.filter(role=Role.STAFF, region_id__in=above, is_active=True).order_by(
        "region_id", "name"
    )

"""Reads of indicator systems and evaluation rounds, narrowed to what the viewer may see: the
systems of their region and above, the rounds their region organises or is a target of."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from congress.models import Role, User
from congress.scope import region_in_scope, region_prefix
from evaluation.models import (
    Aspect,
    EvaluationRound,
    Indicator,
    IndicatorSystem,
    RoundTarget,
    Score,
)


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
    qs = IndicatorSystem.objects.select_related("region", "copied_from").prefetch_related(
        _tree_prefetch()
    )
    if prefix:
        above = [prefix[:n] for n in (2, 4, 6, 9, 12) if n <= len(prefix)]
        qs = qs.filter(Q(region__code__startswith=prefix) | Q(region_id__in=above))
    return qs


def system_get(*, viewer: User, pk: int) -> IndicatorSystem:
    system = system_list(viewer=viewer).filter(pk=pk).first()
    if system is None:
        raise Http404(_("未找到该记录，或您无权查看。"))
    return system


def unit_of(viewer: User) -> int | None:
    """The handling unit a handling-unit user acts for (None for anyone else)."""
    if viewer.is_authenticated and viewer.is_active and viewer.role == Role.HANDLING_UNIT:
        return viewer.handling_unit_id
    return None


def _round_scope(viewer: User) -> Q | None:
    """Staff see rounds their region organises, and rounds in which their region is a target."""
    prefix = region_prefix(viewer)
    if prefix is None:
        if unit_of(viewer):  # a handling unit sees the rounds it is a target of
            return Q(
                pk__in=RoundTarget.objects.filter(handling_unit_id=unit_of(viewer)).values(
                    "round_id"
                )
            )
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
    if prefix is None:
        qs = qs.filter(handling_unit_id=unit_of(viewer)) if unit_of(viewer) else qs.none()
    elif prefix and not region_in_scope(viewer, round_.region_id):
        qs = qs.filter(region__code__startswith=prefix)
    return qs.order_by("rank", "region_id", "handling_unit__name")


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


def eligible_evaluators(*, round_: EvaluationRound) -> QuerySet[User]:
    """Staff of the organising region and of the regions above it."""
    above = [round_.region_id[:n] for n in (2, 4, 6, 9, 12) if n <= len(round_.region_id)]
    return User.objects.filter(role=Role.STAFF, region_id__in=above, is_active=True).order_by(
        "region_id", "name"
    )

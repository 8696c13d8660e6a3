"""Scores: by hand (self-assessment and review), computed from the portal's data, and the
round's totals (weighted, bonus capped) and competition ranks."""

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import ApplicationError, invalid
from congress.models import AuditLog, User
from congress.services import model_create, model_update
from evaluation.models import ComputedMeasure, EvaluationRound, Indicator, RoundTarget, Score
from evaluation.township import measures, workflow

ZERO = Decimal("0")
STAGE_ACTIONS = {Score.Stage.SELF: "score_self", Score.Stage.REVIEW: "score_review"}


@transaction.atomic
def score_submit(
    *,
    actor: User,
    target: RoundTarget,
    indicator: Indicator,
    stage: str,
    value: Decimal,
    reason: str = "",
    evidence: str = "",
    evidence_file=None,
) -> Score:
    """Score one indicator of one target by hand (self-assessment or review)."""
    round_ = EvaluationRound.objects.select_for_update().get(pk=target.round_id)
    if stage not in Score.Stage.values:
        raise ApplicationError(
            _("评分环节有误。"), fields={"stage": [_("评分环节须为自评或评审。")]}
        )
    row = workflow.check(round_, STAGE_ACTIONS[stage], actor, target=target)
    if indicator.aspect.system_id != round_.system_id:
        raise ApplicationError(
            _("该指标不属于本轮评价的指标体系。"),
            fields={"indicator": [_("该指标不属于本轮评价的指标体系。")]},
        )
    errors = {}
    if indicator.method == Indicator.Method.COMPUTED:
        errors["indicator"] = [_("该指标由平台数据自动计算，不能手工评分。")]
    value = Decimal(str(value))
    if value < 0:
        errors["value"] = [_("得分不能为负数。")]
    elif value > indicator.max_score:
        errors["value"] = [
            _("得分不能超过该指标满分%(max)s分。") % {"max": _fmt(indicator.max_score)}
        ]
    if indicator.evidence_required and not (evidence or "").strip() and not evidence_file:
        errors["evidence"] = [_("该指标须提供佐证材料：%(w)s") % {"w": indicator.evidence_wanted}]
    if not (reason or "").strip():
        errors["reason"] = [_("请填写评分理由。")]
    if not errors and indicator.aspect.is_bonus:
        others = Score.objects.filter(
            target=target, stage=stage, indicator__aspect__is_bonus=True
        ).exclude(indicator=indicator)
        if sum((s.value for s in others), ZERO) + value > round_.system.bonus_cap:
            errors["value"] = [
                _("创新加分合计不能超过%(cap)s分。") % {"cap": _fmt(round_.system.bonus_cap)}
            ]
    if errors:
        raise invalid(errors, summary=_("评分有误。"))
    data = {
        "value": value,
        "reason": reason.strip(),
        "evidence": evidence.strip(),
        "is_computed": False,
        "measured": None,
        "scored_by": actor,
        "scored_at": timezone.now(),
    }
    if evidence_file:
        data["evidence_file"] = evidence_file
    score = Score.objects.filter(target=target, indicator=indicator, stage=stage).first()
    if score is None:
        score = Score(target=target, indicator=indicator, stage=stage, **data)
        model_create(score, validate=True)
    else:
        score, _changed = model_update(instance=score, fields=list(data), data=data)
    round_totals(round_=round_)
    workflow.history(round_, row, target=target.pk, indicator=indicator.pk, value=str(value))
    return score


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


@transaction.atomic
def round_compute(*, actor: User, round_: EvaluationRound) -> int:
    """Fill the computed indicators of every target from the portal's own data."""
    round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    row = workflow.check(round_, "compute", actor)
    indicators = list(
        Indicator.objects.filter(
            aspect__system=round_.system, method=Indicator.Method.COMPUTED
        ).select_related("aspect")
    )
    targets = list(round_.targets.all())
    existing = {
        (s.target_id, s.indicator_id): s
        for s in Score.objects.filter(
            target__round=round_, stage=Score.Stage.REVIEW, indicator__in=indicators
        )
    }
    new, changed = [], []
    regions = [t.region_id for t in targets if not t.handling_unit_id]
    units = [t.handling_unit_id for t in targets if t.handling_unit_id]
    for indicator in indicators:
        values = measures.measure_many(indicator.measure, region_codes=regions, year=round_.year)
        unit_values = measures.measure_units(indicator.measure, unit_ids=units, year=round_.year)
        for target in targets:
            note = ""
            if target.handling_unit_id:
                measured, note = unit_values.get(target.handling_unit_id, (None, ""))
            else:
                measured = values.get(target.region_id)
            if measured is None:
                continue
            value = computed_score(indicator, measured)
            score = existing.get((target.pk, indicator.pk))
            reason = _("平台数据：%(m)s") % {"m": ComputedMeasure(indicator.measure).label}
            if note:
                reason = f"{reason}；{note}"
            if score is None:
                new.append(
                    Score(
                        target=target,
                        indicator=indicator,
                        stage=Score.Stage.REVIEW,
                        value=value,
                        measured=measured,
                        is_computed=True,
                        reason=reason,
                        scored_by=actor,
                    )
                )
            elif score.value != value or score.measured != measured or score.reason != reason:
                score.value, score.measured, score.scored_by = value, measured, actor
                score.reason = reason
                changed.append(score)
    Score.objects.bulk_create(new)
    Score.objects.bulk_update(changed, ["value", "measured", "reason", "scored_by", "scored_at"])
    audit.record(
        AuditLog.Action.UPDATE,
        model="evaluation.Score",
        object_pk=round_.pk,
        object_repr=f"{round_}: computed {len(new)} new, {len(changed)} changed",
    )
    round_totals(round_=round_)
    workflow.history(round_, row, new=len(new), changed=len(changed))
    return len(new) + len(changed)


def computed_score(indicator: Indicator, measured: Decimal) -> Decimal:
    """Full marks at or above full_marks_at, in proportion below it."""
    ratio = min(Decimal(1), max(ZERO, Decimal(measured) / indicator.full_marks_at))
    return (indicator.max_score * ratio).quantize(Decimal("0.01"))


def round_totals(*, round_: EvaluationRound) -> None:
    """Totals (weighted, bonus capped) and competition ranks of every target of the round."""
    cap = round_.system.bonus_cap
    sums: dict = defaultdict(
        lambda: {"self": ZERO, "review": ZERO, "self_bonus": ZERO, "bonus": ZERO}
    )
    for target_id, stage, value, weight, is_bonus in Score.objects.filter(
        target__round=round_
    ).values_list(
        "target_id", "stage", "value", "indicator__weight", "indicator__aspect__is_bonus"
    ):
        key = ("self_bonus" if stage == Score.Stage.SELF else "bonus") if is_bonus else stage
        sums[target_id][key] += value * weight
    targets = list(round_.targets.all())
    fields = ["self_total", "review_total", "bonus", "final_total", "rank"]
    before = {t.pk: [getattr(t, f) for f in fields] for t in targets}
    for target in targets:
        s = sums[target.pk]
        target.self_total = (s["self"] + min(s["self_bonus"], cap)).quantize(Decimal("0.01"))
        target.review_total = s["review"].quantize(Decimal("0.01"))
        target.bonus = min(s["bonus"], cap).quantize(Decimal("0.01"))
        target.final_total = target.review_total + target.bonus
    targets.sort(key=lambda t: (-t.final_total, t.region_id, t.handling_unit_id or 0))
    rank, previous = 0, None
    for position, target in enumerate(targets, start=1):
        if target.final_total != previous:
            rank, previous = position, target.final_total
        target.rank = rank
    changed = [t for t in targets if [getattr(t, f) for f in fields] != before[t.pk]]
    if changed:
        RoundTarget.objects.bulk_update(changed, fields)
        audit.record(
            AuditLog.Action.UPDATE,
            model="evaluation.RoundTarget",
            object_pk=round_.pk,
            object_repr=f"{round_}: totals and ranks of {len(changed)} targets",
        )

"""Writes of evaluation rounds: open one over a set of targets, name its evaluators, close it."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import ApplicationError, invalid
from congress.models import AuditLog, Region, Role, User
from congress.notifications import notify
from congress.scope import region_in_scope, region_prefix
from congress.services import model_create, model_update
from evaluation.models import EvaluationRound, IndicatorSystem, RoundTarget, TargetKind
from evaluation.township import workflow
from evaluation.township.scoring import round_compute


@transaction.atomic
def round_open(
    *,
    actor: User,
    system: IndicatorSystem,
    name: str,
    target_codes: list[str],
    evaluator_ids: list[int] | None = None,
) -> EvaluationRound:
    """Open a round for the system's year over a set of regions inside the system's region."""
    # A county may use its city's system: the round is then the county's own.
    prefix = region_prefix(actor) or ""
    below = prefix.startswith(system.region_id) and prefix != system.region_id
    organiser = Region.objects.get(code=prefix) if below else system.region
    errors = {}
    if not (name or "").strip():
        errors["name"] = [_("请填写评价轮次名称。")]
    codes = list(dict.fromkeys(target_codes or []))
    if not codes:
        errors["target_codes"] = [_("请至少选择一个评价对象。")]
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    wrong = [
        c
        for c in codes
        if c not in regions
        or not c.startswith(organiser.code)
        or c == organiser.code
        or not region_in_scope(actor, c)
        or (
            system.target_kind != TargetKind.HANDLING_UNIT
            and regions[c].level != Region.Level.TOWNSHIP
        )
    ]
    if wrong:
        errors["target_codes"] = [
            _("以下区划不在本指标体系的范围内：%(codes)s") % {"codes": "、".join(wrong)}
        ]
    if errors:
        raise invalid(errors, summary=_("评价轮次有误。"))
    round_ = EvaluationRound(
        system=system, region=organiser, year=system.year, name=name.strip(), opened_by=actor
    )
    model_create(round_, validate=True)
    RoundTarget.objects.bulk_create([RoundTarget(round=round_, region_id=c) for c in codes])
    audit.record(
        AuditLog.Action.CREATE,
        model="evaluation.RoundTarget",
        object_pk=round_.pk,
        object_repr=f"{round_}: {len(codes)} targets",
    )
    # The organiser reviews unless others are named.
    round_assign_evaluators(actor=actor, round_=round_, user_ids=evaluator_ids or [actor.pk])
    notify(
        recipients=User.objects.filter(role=Role.STAFF, region_id__in=codes, is_active=True),
        title=_("请开展%(name)s自评") % {"name": round_.name},
        body=_("请对照指标体系逐项自评并附佐证材料。"),
        link=reverse("evaluation-round", args=[round_.pk]),
        kind="evaluation_round",
    )
    return round_


@transaction.atomic
def round_assign_evaluators(
    *, actor: User, round_: EvaluationRound, user_ids: list[int]
) -> EvaluationRound:
    """Set who reviews: staff of the round's region (or above it)."""
    round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    row = workflow.check(round_, "assign_evaluators", actor)
    users = list(User.objects.filter(pk__in=user_ids, is_active=True))
    eligible = [
        u
        for u in users
        if u.is_admin
        or (u.role == Role.STAFF and u.region_id and round_.region_id.startswith(u.region_id))
    ]
    if len(eligible) != len(set(user_ids)):
        raise ApplicationError(
            _("评价人须为本级或上级人大机关工作人员。"),
            fields={"evaluator_ids": [_("评价人须为本级或上级人大机关工作人员。")]},
        )
    before = set(round_.evaluators.values_list("pk", flat=True))
    round_.evaluators.set(eligible)
    workflow.history(round_, row, evaluators=sorted(u.pk for u in eligible))
    notify(
        recipients=[u for u in eligible if u.pk not in before and u.pk != actor.pk],
        title=_("您被指定为%(name)s的评价人") % {"name": round_.name},
        link=reverse("evaluation-round", args=[round_.pk]),
        kind="evaluation_round",
    )
    return round_


@transaction.atomic
def round_close(*, actor: User, round_: EvaluationRound) -> EvaluationRound:
    """Compute what the portal measures one last time, rank, and lock the round for good."""
    round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    row = workflow.check(round_, "close", actor)
    round_compute(actor=actor, round_=round_)
    model_update(
        instance=round_,
        fields=["status", "closed_at"],
        data={"status": row.target, "closed_at": timezone.now()},
    )
    workflow.history(round_, row)
    return round_

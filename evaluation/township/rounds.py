"""Writes of evaluation rounds: open one over a set of targets, name its evaluators, close it."""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import ApplicationError, invalid
from congress.models import AuditLog, HandlingUnit, Region, Role, User
from congress.notifications import notify
from congress.scope import region_in_scope, region_prefix
from congress.services import model_create, model_update
from evaluation.models import EvaluationRound, IndicatorSystem, RoundTarget, TargetKind
from evaluation.township import workflow
from evaluation.township.scoring import round_compute

# The level each kind of target sits at, one level below the organiser.
LEVEL_OF_KIND = {
    TargetKind.TOWNSHIP: Region.Level.TOWNSHIP,
    TargetKind.STREET_COMMITTEE: Region.Level.TOWNSHIP,
    TargetKind.COUNTY: Region.Level.COUNTY,
    TargetKind.CITY: Region.Level.CITY,
}


def round_organiser(actor: User, system: IndicatorSystem) -> Region:
    """The region that organises a round on this system: the actor's own when the system is of a
    region above it (a county may use its city's system), else the system's region."""
    prefix = region_prefix(actor) or ""
    below = prefix.startswith(system.region_id) and prefix != system.region_id
    return Region.objects.get(code=prefix) if below else system.region


def target_candidates(*, actor: User, system: IndicatorSystem, organiser: Region | None = None):
    """What a round on this system may be opened over, for this actor: the regions one level below
    the organiser (counties of a city, townships of a county, cities of the province), or for a
    handling-unit system the active units of the organiser's level and of the level below."""
    organiser = organiser or round_organiser(actor, system)
    if system.target_kind == TargetKind.HANDLING_UNIT:
        units = HandlingUnit.objects.filter(is_active=True).filter(
            Q(region=organiser) | Q(region__parent=organiser)
        )
        return [u for u in units.select_related("region") if region_in_scope(actor, u.region_id)]
    regions = Region.objects.filter(parent=organiser, level=LEVEL_OF_KIND[system.target_kind])
    return [r for r in regions.order_by("code") if region_in_scope(actor, r.code)]


def _periods(self_due, review_due, closes_on) -> dict:
    errors = {}
    today = timezone.localdate()
    for field, value in (
        ("self_due", self_due),
        ("review_due", review_due),
        ("closes_on", closes_on),
    ):
        if value is not None and value < today:
            errors[field] = [_("日期不能早于今天。")]
    if self_due and review_due and self_due > review_due and "review_due" not in errors:
        errors["review_due"] = [_("评分截止日期不能早于自评截止日期。")]
    if review_due and closes_on and review_due > closes_on and "closes_on" not in errors:
        errors["closes_on"] = [_("评价结束日期不能早于评分截止日期。")]
    if self_due and closes_on and self_due > closes_on and "closes_on" not in errors:
        errors["closes_on"] = [_("评价结束日期不能早于自评截止日期。")]
    return errors


@transaction.atomic
def round_open(
    *,
    actor: User,
    system: IndicatorSystem,
    name: str,
    target_codes: list[str] | None = None,
    unit_ids: list[int] | None = None,
    evaluator_ids: list[int] | None = None,
    self_due=None,
    review_due=None,
    closes_on=None,
) -> EvaluationRound:
    """Open a round for the system's year over regions one level below the organiser, or, for a
    handling-unit system, over handling units of the organiser's level (and the level below)."""
    organiser = round_organiser(actor, system)
    errors = _periods(self_due, review_due, closes_on)
    if not (name or "").strip():
        errors["name"] = [_("请填写评价轮次名称。")]
    by_unit = system.target_kind == TargetKind.HANDLING_UNIT
    allowed = target_candidates(actor=actor, system=system, organiser=organiser)
    if by_unit:
        ids = list(dict.fromkeys(unit_ids or []))
        known = {u.pk: u for u in allowed}
        if not ids:
            errors["unit_ids"] = [_("请至少选择一个承办单位。")]
        wrong = [str(i) for i in ids if i not in known]
        if wrong:
            errors["unit_ids"] = [
                _("以下承办单位不在本级或下一级的在用承办单位范围内：%(ids)s")
                % {"ids": "、".join(wrong)}
            ]
        if errors:
            raise invalid(errors, summary=_("评价轮次有误。"))
        rows = [RoundTarget(region_id=known[i].region_id, handling_unit=known[i]) for i in ids]
    else:
        codes = list(dict.fromkeys(target_codes or []))
        if not codes:
            errors["target_codes"] = [_("请至少选择一个评价对象。")]
        known = {r.code for r in allowed}
        wrong = [c for c in codes if c not in known]
        if wrong:
            errors["target_codes"] = [
                _("评价对象须为%(org)s的下一级%(kind)s，以下区划不符：%(codes)s")
                % {
                    "org": organiser.name,
                    "kind": TargetKind(system.target_kind).label,
                    "codes": "、".join(wrong),
                }
            ]
        if errors:
            raise invalid(errors, summary=_("评价轮次有误。"))
        rows = [RoundTarget(region_id=c) for c in codes]
    round_ = EvaluationRound(
        system=system,
        region=organiser,
        year=system.year,
        name=name.strip(),
        opened_by=actor,
        self_due=self_due,
        review_due=review_due,
        closes_on=closes_on,
    )
    model_create(round_, validate=True)
    for row in rows:
        row.round = round_
    RoundTarget.objects.bulk_create(rows)
    audit.record(
        AuditLog.Action.CREATE,
        model="evaluation.RoundTarget",
        object_pk=round_.pk,
        object_repr=f"{round_}: {len(rows)} targets",
    )
    # The organiser reviews unless others are named.
    round_assign_evaluators(actor=actor, round_=round_, user_ids=evaluator_ids or [actor.pk])
    if by_unit:
        recipients = User.objects.filter(
            role=Role.HANDLING_UNIT,
            handling_unit_id__in=[r.handling_unit_id for r in rows],
            is_active=True,
        )
    else:
        recipients = User.objects.filter(
            role=Role.STAFF, region_id__in=[r.region_id for r in rows], is_active=True
        )
    notify(
        recipients=recipients,
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

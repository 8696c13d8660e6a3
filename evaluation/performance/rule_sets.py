"""Writes of points rules: a region's rules for a year; every covered deputy's points follow at once."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import invalid
from congress.models import AuditLog, Region, User
from congress.services import model_create, model_delete, model_update
from evaluation.models import DeputyPoints, PeriodChoices, PointsRule, PointsRuleSet
from evaluation.performance.points import points_recompute


def _build_rules(rule_set: PointsRuleSet, rules: list[dict]) -> list[PointsRule]:
    built, errors, seen = [], {}, set()
    for i, data in enumerate(rules):
        rule = PointsRule(
            rule_set=rule_set,
            kind=data.get("kind"),
            points=data.get("points"),
            cap=data.get("cap"),
            period=data.get("period") or PeriodChoices.YEAR,
        )
        try:
            rule.full_clean(exclude=["rule_set"], validate_unique=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"rules[{i}].{field}"] = messages
        if rule.kind in seen:
            errors[f"rules[{i}].kind"] = [_("同一履职类别只能设置一条规则。")]
        seen.add(rule.kind)
        built.append(rule)
    if errors:
        raise invalid(errors, summary=_("积分规则有误。"))
    return built


@transaction.atomic
def points_rule_set_create(
    *,
    actor: User,
    region: Region,
    year: int,
    name: str,
    talk_threshold: Decimal = Decimal("10"),
    rules: list[dict],
) -> PointsRuleSet:
    """Create a region's rules for a year and compute every covered deputy's points."""
    rule_set = PointsRuleSet(region=region, year=year, name=name, talk_threshold=talk_threshold)
    rule_set.full_clean()
    built = _build_rules(rule_set, rules)
    model_create(rule_set)
    for rule in built:
        rule.rule_set = rule_set
        model_create(rule)
    points_recompute(rule_set=rule_set)
    # The region's deputies now count under these rules, no longer under a wider region's.
    wider = [region.code[:n] for n in (2, 4, 6, 9) if n < len(region.code)]
    for parent in PointsRuleSet.objects.filter(year=year, region_id__in=wider):
        moved, _counts = DeputyPoints.objects.filter(
            rule_set=parent, deputy__region__code__startswith=region.code
        ).delete()
        if moved:
            audit.record(
                AuditLog.Action.DELETE,
                model="evaluation.DeputyPoints",
                object_pk=parent.pk,
                object_repr=f"{parent}: {moved} now counted under {rule_set}",
            )
    return rule_set


@transaction.atomic
def points_rule_set_update(
    *,
    actor: User,
    rule_set: PointsRuleSet,
    name: str | None = None,
    talk_threshold: Decimal | None = None,
    rules: list[dict] | None = None,
) -> PointsRuleSet:
    """Change the rules; every covered deputy's points are recomputed at once."""
    rule_set = PointsRuleSet.objects.select_for_update().get(pk=rule_set.pk)
    data = {"name": name, "talk_threshold": talk_threshold, "updated_at": timezone.now()}
    data = {key: value for key, value in data.items() if value is not None}
    model_update(instance=rule_set, fields=list(data), data=data)
    built = _build_rules(rule_set, rules) if rules is not None else None
    if built is not None:
        for old in PointsRule.objects.filter(rule_set=rule_set):
            model_delete(old)
        for rule in built:
            model_create(rule)
    points_recompute(rule_set=rule_set)
    return rule_set

"""Writes of points rules: a region's rules for a year; every covered deputy's points follow at once."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congress.models import Region, User
from evaluation.models import DeputyPoints, PeriodChoices, PointsRule, PointsRuleSet
from evaluation.performance.points import points_recompute
from evaluation.validation import _invalid, _validate


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
        raise _invalid(_("积分规则有误。"), errors)
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
    _validate(rule_set)
    built = _build_rules(rule_set, rules)
    rule_set.save()
    for rule in built:
        rule.rule_set = rule_set
        rule.save()
    points_recompute(rule_set=rule_set)
    # The region's deputies now count under these rules, no longer under a wider region's.
    wider = [region.code[:n] for n in (2, 4, 6, 9) if n < len(region.code)]
    for parent in PointsRuleSet.objects.filter(year=year, region_id__in=wider):
        DeputyPoints.objects.filter(
            rule_set=parent, deputy__region__code__startswith=region.code
        ).delete()
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
    fields = []
    if name is not None:
        rule_set.name = name
        fields.append("name")
    if talk_threshold is not None:
        rule_set.talk_threshold = talk_threshold
        fields.append("talk_threshold")
    _validate(rule_set)
    built = _build_rules(rule_set, rules) if rules is not None else None
    rule_set.save(update_fields=[*fields, "updated_at"])
    if built is not None:
        for old in PointsRule.objects.filter(rule_set=rule_set):
            old.delete()
        for rule in built:
            rule.save()
    points_recompute(rule_set=rule_set)
    return rule_set

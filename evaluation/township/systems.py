"""Writes of indicator systems: a whole tree checked before anything is stored, and next year's copy."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from congress.errors import ApplicationError, invalid
from congress.models import Region, User
from congress.services import model_create, model_delete, model_update
from evaluation.models import Aspect, ComputedMeasure, Indicator, IndicatorSystem, TargetKind
from evaluation.township.measures import measures_for_kind

ZERO = Decimal("0")


def _tree(system: IndicatorSystem, aspects: list[dict], existing: dict | None = None):
    """Build (unsaved) aspects and indicators from the input and check every field (the models'
    own clean rules, and which measures this kind of target may use). Returns (errors, tree)."""
    allowed = set(measures_for_kind(system.target_kind))
    existing = existing or {}
    errors, tree = {}, []
    if not aspects:
        errors["aspects"] = [_("指标体系至少要有一个评价方面。")]
    for a, data in enumerate(aspects):
        aspect = existing.get(("a", data.get("id"))) or Aspect(system=system)
        aspect.order = a + 1
        aspect.name = (data.get("name") or "").strip()
        aspect.is_bonus = bool(data.get("is_bonus", False))
        try:
            aspect.full_clean(exclude=["system", "order"], validate_unique=False)
        except ValidationError as exc:
            errors.update({f"aspects[{a}].{k}": v for k, v in exc.message_dict.items()})
        indicators = []
        for i, item in enumerate(data.get("indicators") or []):
            indicator = existing.get(("i", item.get("id"), aspect.pk)) or Indicator(aspect=aspect)
            indicator.order = i + 1
            fields = {"measure": "", "full_marks_at": None, **_indicator_fields(item)}
            if fields.get("method", "manual") == Indicator.Method.MANUAL:
                fields["measure"], fields["full_marks_at"] = "", None
            for key, value in fields.items():
                setattr(indicator, key, value)
            key = f"aspects[{a}].indicators[{i}]"
            try:
                indicator.full_clean(exclude=["aspect", "order"], validate_unique=False)
            except ValidationError as exc:
                errors.update({f"{key}.{k}": v for k, v in exc.message_dict.items()})
            if indicator.measure and indicator.measure not in allowed:
                errors[f"{key}.measure"] = [
                    _("“%(m)s”不适用于评价对象为“%(kind)s”的指标体系。")
                    % {
                        "m": ComputedMeasure(indicator.measure).label,
                        "kind": TargetKind(system.target_kind).label,
                    }
                ]
            indicators.append(indicator)
        if not indicators:
            errors[f"aspects[{a}].indicators"] = [_("每个评价方面至少要有一项指标。")]
        tree.append((aspect, indicators))
    return errors, tree


def _clean_system(system: IndicatorSystem) -> dict:
    try:
        system.full_clean(exclude=["copied_from"])
    except ValidationError as exc:
        messages = exc.message_dict
        if "__all__" in messages:  # the unique (region, year, kind, name)
            messages = {**messages, "name": [_("本区划该年度已有同名同类的指标体系。")]}
            messages.pop("__all__")
        return dict(messages)
    return {}


@transaction.atomic
def indicator_system_create(
    *,
    actor: User | None,
    region: Region,
    year: int,
    target_kind: str,
    name: str,
    bonus_cap: Decimal = ZERO,
    description: str = "",
    aspects: list[dict],
    copied_from: IndicatorSystem | None = None,
) -> IndicatorSystem:
    """Create a whole tree: aspects, each with its indicators. Everything is checked first."""
    system = IndicatorSystem(
        region=region,
        year=year,
        target_kind=target_kind,
        name=(name or "").strip(),
        bonus_cap=bonus_cap,
        description=description,
        copied_from=copied_from,
    )
    errors = _clean_system(system)
    if "target_kind" not in errors:
        tree_errors, tree = _tree(system, aspects)
        errors.update(tree_errors)
    if errors:
        raise invalid(errors, summary=_("指标体系有误。"))
    model_create(system)
    for aspect, indicators in tree:
        aspect.system = system
        model_create(aspect)
        for indicator in indicators:
            indicator.aspect = aspect
            model_create(indicator)
    return system


def is_locked(system: IndicatorSystem) -> bool:
    """A system some round has used is fixed for good (its scores point at its indicators)."""
    return system.rounds.exists()


@transaction.atomic
def indicator_system_update(
    *,
    actor: User,
    system: IndicatorSystem,
    year: int,
    target_kind: str,
    name: str,
    bonus_cap: Decimal = ZERO,
    description: str = "",
    aspects: list[dict],
) -> IndicatorSystem:
    """Replace a system's fields and tree as edited: aspects and indicators keep their rows when
    given their id, new ones are added, the ones left out are deleted. Refused (409) once a round
    uses the system: copy it instead."""
    system = IndicatorSystem.objects.select_for_update().get(pk=system.pk)
    if is_locked(system):
        raise ApplicationError(
            _("该指标体系已被评价轮次使用，不能再修改；如需调整，请复制后修改。"),
            code="system_locked",
            status=409,
        )
    data = {
        "year": year,
        "target_kind": target_kind,
        "name": (name or "").strip(),
        "bonus_cap": bonus_cap,
        "description": description,
    }
    draft = IndicatorSystem(pk=system.pk, region=system.region, **data)
    draft._state.adding = False  # the row itself exists: only the other systems are checked
    errors = _clean_system(draft)
    existing = {}
    for aspect in system.aspects.all():
        existing[("a", aspect.pk)] = aspect
        for indicator in aspect.indicators.all():
            existing[("i", indicator.pk, aspect.pk)] = indicator
    if "target_kind" not in errors:
        tree_errors, tree = _tree(draft, aspects, existing)
        errors.update(tree_errors)
    if errors:
        raise invalid(errors, summary=_("指标体系有误。"))
    model_update(instance=system, fields=list(data), data=data)
    kept_aspects = {a.pk for a, _i in tree if a.pk}
    kept_indicators = {i.pk for _a, items in tree for i in items if i.pk}
    for indicator in Indicator.objects.filter(aspect__system=system).exclude(
        pk__in=kept_indicators
    ):
        model_delete(indicator)
    for aspect in system.aspects.exclude(pk__in=kept_aspects):
        model_delete(aspect)
    # Orders are unique per parent: park the kept rows out of the way before renumbering.
    Indicator.objects.filter(aspect__system=system).update(order=F("order") + 1000)
    system.aspects.update(order=F("order") + 1000)
    for aspect, indicators in tree:
        if aspect.pk:
            model_update(
                instance=Aspect.objects.get(pk=aspect.pk),
                fields=["order", "name", "is_bonus"],
                data={"order": aspect.order, "name": aspect.name, "is_bonus": aspect.is_bonus},
            )
        else:
            aspect.system = system
            model_create(aspect)
        for indicator in indicators:
            if indicator.pk:
                fields = ["order", *INDICATOR_FIELDS]
                model_update(
                    instance=Indicator.objects.get(pk=indicator.pk),
                    fields=fields,
                    data={f: getattr(indicator, f) for f in fields},
                )
            else:
                indicator.aspect = aspect
                model_create(indicator)
    return system


def indicator_system_copy(
    *,
    actor: User,
    system: IndicatorSystem,
    year: int,
    name: str = "",
    region: Region | None = None,
) -> IndicatorSystem:
    """A deep copy (aspects and indicators) for a new year and/or another region: next year's
    system starts as this year's (宁乡 sets its rules anew every year), a county starts from its
    city's or a neighbour's. The copy remembers where it came from (copied_from)."""
    aspects = [
        {
            "name": a.name,
            "is_bonus": a.is_bonus,
            "indicators": [
                {f: getattr(i, f) for f in INDICATOR_FIELDS} for i in a.indicators.order_by("order")
            ],
        }
        for a in system.aspects.order_by("order")
    ]
    region = region or system.region
    default = system.name.replace(str(system.year), str(year))
    if region.pk != system.region_id:
        default = default.replace(system.region.name, region.name)
        if region.name not in default:
            default = f"{region.name}{default}"
    return indicator_system_create(
        actor=actor,
        region=region,
        year=year,
        target_kind=system.target_kind,
        name=name or default,
        bonus_cap=system.bonus_cap,
        description=system.description,
        aspects=aspects,
        copied_from=system,
    )


INDICATOR_FIELDS = (
    "name",
    "max_score",
    "weight",
    "scoring_rule",
    "evidence_wanted",
    "evidence_required",
    "method",
    "measure",
    "full_marks_at",
)


def _indicator_fields(item: dict) -> dict:
    fields = {k: item[k] for k in INDICATOR_FIELDS if k in item and item[k] is not None}
    for key in ("max_score", "weight", "full_marks_at"):
        if key in fields:
            fields[key] = Decimal(str(fields[key]))
    return fields

"""Writes of indicator systems: a whole tree checked before anything is stored, and next year's copy."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import Region, User
from congress.services import model_create
from evaluation.models import Aspect, Indicator, IndicatorSystem

ZERO = Decimal("0")


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
) -> IndicatorSystem:
    """Create a whole tree: aspects, each with its indicators. Everything is checked first."""
    system = IndicatorSystem(
        region=region,
        year=year,
        target_kind=target_kind,
        name=name,
        bonus_cap=bonus_cap,
        description=description,
    )
    system.full_clean()
    errors, tree = {}, []
    if not aspects:
        errors["aspects"] = [_("指标体系至少要有一个评价方面。")]
    for a, data in enumerate(aspects):
        aspect = Aspect(
            system=system,
            order=a + 1,
            name=data.get("name", ""),
            is_bonus=data.get("is_bonus", False),
        )
        try:
            aspect.full_clean(exclude=["system"], validate_unique=False)
        except ValidationError as exc:
            errors.update({f"aspects[{a}].{k}": v for k, v in exc.message_dict.items()})
        indicators = []
        for i, item in enumerate(data.get("indicators") or []):
            indicator = Indicator(aspect=aspect, order=i + 1, **_indicator_fields(item))
            try:
                indicator.full_clean(exclude=["aspect"], validate_unique=False)
            except ValidationError as exc:
                errors.update(
                    {f"aspects[{a}].indicators[{i}].{k}": v for k, v in exc.message_dict.items()}
                )
            indicators.append(indicator)
        if not indicators:
            errors[f"aspects[{a}].indicators"] = [_("每个评价方面至少要有一项指标。")]
        tree.append((aspect, indicators))
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


def indicator_system_copy(
    *, actor: User, system: IndicatorSystem, year: int, name: str = ""
) -> IndicatorSystem:
    """Next year's system starts as a copy of this one (宁乡 sets its rules anew every year)."""
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
    return indicator_system_create(
        actor=actor,
        region=system.region,
        year=year,
        target_kind=system.target_kind,
        name=name or system.name.replace(str(system.year), str(year)),
        bonus_cap=system.bonus_cap,
        description=system.description,
        aspects=aspects,
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

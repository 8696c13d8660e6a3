"""Factories of the evaluation tests: deputies with a seat in a county congress, rule sets,
and the 宁乡-shaped indicator system."""

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from congress.models import Congress, Region, Role, Term
from evaluation.models import ArchiveEntry
from evaluation.performance import rule_sets
from evaluation.township import systems
from evaluation.township.examples import ningxiang_system_fields
from representatives.models import Deputy, DeputyGroup, Mandate
from tests.conftest import DONGKOU, LINWU, make_user

NINGXIANG = "430182"
_ids = itertools.count(1)


def county_term(code: str) -> Term:
    congress = Congress.objects.get(region_id=code)
    term, _ = Term.objects.get_or_create(
        congress=congress,
        number=18,
        defaults={"start_date": date(2021, 9, 28), "end_date": date(2026, 9, 27)},
    )
    return term


def make_deputy(name: str, *, region: str = DONGKOU, user=None, group=None, county=None) -> Deputy:
    n = next(_ids)
    deputy = Deputy.objects.create(
        name=name,
        gender="F" if n % 2 else "M",
        birth_date=date(1970 + n % 30, 1 + n % 12, 1 + n % 28),
        affiliation="cpc",
        education="bachelor",
        occupation="farmer",
        id_number=f"T{n:017d}",
        region_id=region,
        user=user,
    )
    term = county_term(county or region[:6])
    Mandate.objects.create(
        deputy=deputy,
        congress=term.congress,
        term=term,
        group=group,
        start_date=term.start_date,
    )
    return deputy


def make_group(name: str, county: str = DONGKOU) -> DeputyGroup:
    return DeputyGroup.objects.create(
        congress=Congress.objects.get(region_id=county), name=name, region_id=county
    )


def entry(deputy, kind, day, quantity=1, source=ArchiveEntry.Source.STAFF, key=""):
    """An archive row written straight to the table (as gathering would), without recompute."""
    return ArchiveEntry.objects.create(
        deputy=deputy,
        kind=kind,
        occurred_on=day,
        title=f"{kind} {day}",
        quantity=quantity,
        source=source,
        source_key=key,
    )


RULES = [
    {"kind": "suggestion_led", "points": Decimal("3")},
    {"kind": "inspection", "points": Decimal("3"), "cap": Decimal("6"), "period": "quarter"},
    {"kind": "meeting_absent", "points": Decimal("-1"), "cap": Decimal("4"), "period": "year"},
    {"kind": "station_visit", "points": Decimal("2"), "cap": Decimal("8"), "period": "month"},
    {"kind": "training", "points": Decimal("1")},
]


@pytest.fixture
def dongkou_rules(dongkou_staff):
    return rule_sets.points_rule_set_create(
        actor=dongkou_staff,
        region=Region.objects.get(code=DONGKOU),
        year=2026,
        name="洞口县2026年代表履职积分办法",
        talk_threshold=Decimal("5"),
        rules=RULES,
    )


@pytest.fixture
def deputy_user(regions):
    return make_user("deputy_wang", role=Role.DEPUTY, name="王秀英")


@pytest.fixture
def wang(deputy_user):
    return make_deputy("王秀英", region="430525001", user=deputy_user, county=DONGKOU)


@pytest.fixture
def linwu_deputy(regions):
    return make_deputy("陈立", region=LINWU)


@pytest.fixture
def ningxiang_staff(regions):
    return make_user("ningxiang_staff", role=Role.STAFF, region=NINGXIANG, name="周立新")


@pytest.fixture
def ningxiang_system(ningxiang_staff):
    return systems.indicator_system_create(
        actor=ningxiang_staff,
        region=Region.objects.get(code=NINGXIANG),
        **ningxiang_system_fields(timezone.localdate().year),
    )

"""One account per role for bench/api_walk.py and bench/locustfile.py, made in the bench copy
through the ORM (idempotent; never run against bench_base, which the walker refuses)."""

from django.contrib.auth.hashers import make_password
from django.db.models import Count

from congress.models import HandlingUnit, Region, Role, User
from liaison_stations.models import LiaisonStation, StationMembership
from representatives.models import Deputy
from suggestions.models import Assignment

PASSWORD = "Bench#2026x"  # the same as bench/generate.py's accounts
COUNTY = "430525"


def _township() -> str:
    region = Region.objects.filter(code__startswith=COUNTY, level="township").order_by("code")
    return (region.values_list("code", flat=True).first()) or COUNTY


def _busiest_unit() -> HandlingUnit | None:
    busiest = (
        Assignment.objects.filter(unit__region__code__startswith=COUNTY)
        .values("unit").annotate(n=Count("id")).order_by("-n", "unit").first()
    )  # fmt: skip
    units = HandlingUnit.objects.order_by("id")
    return units.filter(pk=busiest["unit"]).first() if busiest else units.first()


def _serving_deputy() -> Deputy | None:
    """A serving deputy of the county with visits (their home page is not empty)."""
    deputies = Deputy.objects.filter(
        region__code__startswith=COUNTY, mandates__end_date__isnull=True
    )
    with_user = deputies.filter(user__username="walk_deputy").first()
    return with_user or deputies.filter(user__isnull=True).order_by("id").first()


def ensure_accounts() -> dict[str, str | None]:
    """role label -> username (None: anonymous)."""
    password = make_password(PASSWORD)
    unit = _busiest_unit()
    specs = {
        "province_staff": dict(role=Role.STAFF, region_id="43"),
        "county_staff": dict(role=Role.STAFF, region_id=COUNTY),
        "township_staff": dict(role=Role.STAFF, region_id=_township()),
        "leader": dict(role=Role.SUPERVISOR, region_id="43"),
        "deputy": dict(role=Role.DEPUTY, region_id=None),
        "unit": dict(role=Role.HANDLING_UNIT, region_id=None, handling_unit=unit),
        "official": dict(role=Role.OFFICIAL, region_id=None, handling_unit=unit),
        "expert": dict(role=Role.EXPERT, region_id=None),
    }
    if unit is None:  # no handling unit in the data: no unit or official account
        specs.pop("unit"), specs.pop("official")
    out: dict[str, str | None] = {}
    for label, fields in specs.items():
        username = f"walk_{label}"
        # The password only on creation: a new hash would log out every session of a run
        # going on at the same time (the session carries a hash of the password).
        User.objects.update_or_create(
            username=username,
            defaults=dict(fields, name=username, must_change_password=False),
            create_defaults=dict(
                fields, password=password, name=username, must_change_password=False
            ),
        )
        out[label] = username
    deputy = _serving_deputy()
    if deputy is not None and deputy.user_id is None:
        Deputy.objects.filter(pk=deputy.pk).update(user=User.objects.get(username="walk_deputy"))
    station = LiaisonStation.objects.filter(region__code__startswith=COUNTY).order_by("id").first()
    if deputy is not None and station is not None:  # the deputy's home page and visit logging
        StationMembership.objects.get_or_create(deputy=deputy, station=station, end_date=None)
    out["anonymous"] = None
    return out

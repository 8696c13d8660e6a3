"""Stations, deputies and a deputy account in 洞口县 and 临武县, built with the real services."""

import itertools
from datetime import date

import pytest
from django.core.cache import cache

from congress.models import Congress, Role, Term
from liaison_stations.models import LiaisonStation, StationKind
from liaison_stations.services.members import members_add
from representatives.models import Deputy, DeputyGroup, Mandate
from tests.conftest import DONGKOU, LINWU, make_user

_ids = itertools.count(1)


@pytest.fixture(autouse=True)
def fresh_cache_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def county_term(region_code: str) -> Term:
    congress = Congress.objects.get(region_id=region_code)
    term, _ = Term.objects.get_or_create(
        congress=congress,
        number=18,
        defaults={"start_date": date(2021, 9, 28), "end_date": date(2026, 12, 27)},
    )
    return term


def make_deputy(name: str, region: str, *, group: DeputyGroup | None = None, user=None, phone=""):
    n = next(_ids)
    deputy = Deputy.objects.create(
        name=name,
        gender="F",
        birth_date=date(1975, 1, 1),
        affiliation="cpc",
        education="bachelor",
        occupation="farmer",
        id_number=f"{region}1975010{n:05d}"[:18].ljust(18, "0"),
        phone=phone or f"139{n:08d}",
        region_id=region,
        user=user,
    )
    term = county_term(region[:6])
    Mandate.objects.create(
        deputy=deputy,
        congress=term.congress,
        term=term,
        start_date=term.start_date,
        group=group,
    )
    return deputy


def make_station(region: str, name: str, **fields) -> LiaisonStation:
    return LiaisonStation.objects.create(
        region_id=region,
        name=name,
        kind=fields.pop("kind", StationKind.STATION),
        address=fields.pop("address", "镇政府一楼"),
        contact_name=fields.pop("contact_name", "站长张明"),
        contact_phone=fields.pop("contact_phone", "13807390001"),
        opening_rules=fields.pop("opening_rules", "每月6日、16日、26日 9:00-12:00"),
        **fields,
    )


@pytest.fixture
def dongkou_group(regions):
    congress = Congress.objects.get(region_id=DONGKOU)
    return DeputyGroup.objects.create(congress=congress, name="文昌街道代表小组", region_id=DONGKOU)


@pytest.fixture
def dongkou_station(regions):
    return make_station(DONGKOU, "文昌街道代表联络站")


@pytest.fixture
def linwu_station(regions):
    return make_station(LINWU, "舜峰镇代表联络站")


@pytest.fixture
def deputy_user(regions):
    return make_user("deputy_wang", role=Role.DEPUTY, name="王秀英", phone="13900000001")


@pytest.fixture
def wang(deputy_user, dongkou_station, dongkou_group):
    """王秀英, a county deputy of 洞口县 with an account, grouped into 文昌街道代表联络站."""
    deputy = make_deputy("王秀英", DONGKOU, group=dongkou_group, user=deputy_user)
    members_add(
        actor=make_user("setup_admin", role=Role.ADMIN, is_superuser=True),
        station=dongkou_station,
        deputy_ids=[deputy.pk],
        group_id=dongkou_group.pk,
    )
    return deputy


@pytest.fixture
def colleague(wang, dongkou_station, dongkou_group):
    """Another deputy of the same group and station, without an account."""
    deputy = make_deputy("李建国", DONGKOU, group=dongkou_group)
    dongkou_station.memberships.create(deputy=deputy, group=dongkou_group)
    return deputy

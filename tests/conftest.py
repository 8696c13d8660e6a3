"""Shared fixtures: the real Hunan regions and personas in fixed roles across two counties.

洞口县 (430525, under 邵阳市 4305) and 临武县 (431025, under 郴州市 4310):
  dongkou_staff   staff of 洞口县            linwu_staff     staff of 临武县
  shaoyang_staff  staff of 邵阳市 (above 洞口) supervisor      leader of 洞口县 (read-only)
  outsider        an account with no role    admin_user      system administrator
"""

import pytest
from rest_framework.test import APIClient

from congress.models import HandlingUnit, Region, Role, User
from congress.services import regions_load

DONGKOU, LINWU, SHAOYANG, CHENZHOU = "430525", "431025", "4305", "4310"
PASSWORD = "Tq7#pLm2x"


@pytest.fixture
def regions(db):
    if not Region.objects.filter(code=DONGKOU).exists():
        regions_load()
    return Region.objects


def make_user(
    username: str,
    *,
    role: str = "",
    region: str | None = None,
    unit: HandlingUnit | None = None,
    **extra,
) -> User:
    user = User(
        username=username,
        name=extra.pop("name", username),
        role=role,
        region_id=region,
        handling_unit=unit,
        **extra,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def dongkou_staff(regions):
    return make_user("dongkou_staff", role=Role.STAFF, region=DONGKOU, name="尹建华")


@pytest.fixture
def linwu_staff(regions):
    return make_user("linwu_staff", role=Role.STAFF, region=LINWU, name="李春燕")


@pytest.fixture
def shaoyang_staff(regions):
    return make_user("shaoyang_staff", role=Role.STAFF, region=SHAOYANG, name="曾志刚")


@pytest.fixture
def supervisor(regions):
    return make_user("dongkou_leader", role=Role.SUPERVISOR, region=DONGKOU, name="肖国平")


@pytest.fixture
def outsider(regions):
    return make_user("outsider", name="路人")


@pytest.fixture
def admin_user(regions):
    return make_user("root", role=Role.ADMIN, is_staff=True, is_superuser=True, name="管理员")


@pytest.fixture
def dongkou_unit(regions):
    return HandlingUnit.objects.create(name="洞口县教育局", region_id=DONGKOU)


@pytest.fixture
def linwu_unit(regions):
    return HandlingUnit.objects.create(name="临武县教育局", region_id=LINWU)


@pytest.fixture
def unit_user(dongkou_unit):
    return make_user("dongkou_jyj", role=Role.HANDLING_UNIT, unit=dongkou_unit, name="刘文斌")


@pytest.fixture
def client_for():
    """A logged-in API client for a user (a real session, as the pages use)."""

    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return make

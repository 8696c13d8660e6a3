"""Factories of the contacts tests: 洞口县 and 临武县 congresses with deputies who have accounts,
an official (国家机关领导干部) of 洞口县人民政府 and one of 临武县人民政府, a standing-committee
member, relations made through the real service, and the tests' clock (2026-12-01 10:00 in
Beijing)."""

import datetime as dt
from unittest import mock

import pytest

from ballots.models import CommitteeMember
from congress.models import HandlingUnit, Role
from contacts.models import Kind
from contacts.services.relations import relation_create
from tests.ballots.conftest import congress_with_term, make_deputy
from tests.clock import NOW
from tests.conftest import DONGKOU, LINWU, make_user

DONGKOU_TOWN = "430525101"  # 江口镇
START = dt.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def clock():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


@pytest.fixture
def dongkou(regions):
    return congress_with_term(DONGKOU)


@pytest.fixture
def linwu(regions):
    return congress_with_term(LINWU)


@pytest.fixture
def deputies(dongkou):
    return [make_deputy(dongkou, f"代表{c}", username=f"deputy_{c}") for c in "abc"]


@pytest.fixture
def linwu_deputy(linwu):
    return make_deputy(linwu, "临武代表", username="linwu_deputy")


def make_official(username: str, region: str, county: str):
    unit, _ = HandlingUnit.objects.get_or_create(region_id=region, name=f"{county}人民政府")
    return make_user(username, role=Role.OFFICIAL, unit=unit, name=f"{county}副县长")


@pytest.fixture
def official(regions):
    return make_official("dongkou_official", DONGKOU, "洞口县")


@pytest.fixture
def linwu_official(regions):
    return make_official("linwu_official", LINWU, "临武县")


@pytest.fixture
def member(dongkou):
    deputy = make_deputy(dongkou, "常委委员", username="member_a")
    return CommitteeMember.objects.create(
        term=dongkou.terms.get(number=18), deputy=deputy, post="委员"
    )


@pytest.fixture
def township_staff(regions):
    return make_user("jiangkou_staff", role=Role.STAFF, region=DONGKOU_TOWN, name="江口镇干事")


@pytest.fixture
def official_relation(dongkou_staff, official, deputies):
    return relation_create(actor=dongkou_staff, kind=Kind.OFFICIAL, contactor_id=official.pk,
                           deputy_id=deputies[0].pk, starts_on=START)  # fmt: skip


@pytest.fixture
def member_relation(dongkou_staff, member, deputies):
    return relation_create(actor=dongkou_staff, kind=Kind.MEMBER, member_id=member.pk,
                           deputy_id=deputies[1].pk, starts_on=START)  # fmt: skip


@pytest.fixture
def township_relation(dongkou_staff, supervisor):
    return relation_create(actor=dongkou_staff, kind=Kind.TOWNSHIP, contactor_id=supervisor.pk,
                           township=DONGKOU_TOWN, yearly_target=4, starts_on=START)  # fmt: skip


@pytest.fixture
def linwu_relation(linwu_staff, linwu_official, linwu_deputy):
    return relation_create(actor=linwu_staff, kind=Kind.OFFICIAL,
                           contactor_id=linwu_official.pk, deputy_id=linwu_deputy.pk,
                           starts_on=START)  # fmt: skip

"""Factories of the filings tests: 洞口县 (its 教育局 with a user, 江口镇's government with a
user, township staff of 江口镇), 临武县 (a department with a user), outside experts (two of
洞口县's pool, one of 临武县's), filings made through the real services, and a clock the tests
move (deadlines are dates)."""

import datetime as dt
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congress.models import HandlingUnit, Role
from filings.services import filing, reviews
from tests.clock import NOW
from tests.conftest import DONGKOU, LINWU, make_user

TOWN = "430525101"  # 江口镇, a township of 洞口县
TODAY = NOW.date()


class Clock:
    def __init__(self):
        self.now = NOW

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)

    @property
    def today(self) -> dt.date:
        return self.now.date()


@pytest.fixture(autouse=True)
def clock():
    """The tests' instant (2026-12-01 10:00 in Beijing), moved by clock.advance(days=...)."""
    c = Clock()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: c.now):
        yield c


@pytest.fixture
def town_unit(regions):
    return HandlingUnit.objects.create(name="江口镇人民政府", region_id=TOWN)


@pytest.fixture
def town_user(town_unit):
    return make_user("jiangkou_gov", role=Role.HANDLING_UNIT, unit=town_unit, name="江口镇政府")


@pytest.fixture
def town_staff(regions):
    return make_user("jiangkou_staff", role=Role.STAFF, region=TOWN, name="江口镇人大")


@pytest.fixture
def other_unit_user(regions):
    unit = HandlingUnit.objects.create(name="洞口县民政局", region_id=DONGKOU)
    return make_user("dongkou_mzj", role=Role.HANDLING_UNIT, unit=unit, name="民政局")


@pytest.fixture
def linwu_unit_user(linwu_unit):
    return make_user("linwu_jyj", role=Role.HANDLING_UNIT, unit=linwu_unit, name="临武教育局")


@pytest.fixture
def expert(regions):
    return make_user("dongkou_expert", role=Role.EXPERT, region=DONGKOU, name="欧阳明")


@pytest.fixture
def other_expert(regions):
    return make_user("dongkou_expert2", role=Role.EXPERT, region=DONGKOU, name="龙晓")


@pytest.fixture
def linwu_expert(regions):
    return make_user("linwu_expert", role=Role.EXPERT, region=LINWU, name="临武专家")


def txt(name="正文.txt", text="第一条 为规范管理，制定本办法。"):
    return SimpleUploadedFile(name, text.encode(), "text/plain")


def filed(user, *, title="城区学校招生入学工作实施办法", days_ago=10, file_it=True):
    """A document published `days_ago` days ago and filed today by its unit's user."""
    f = filing.filing_create(
        actor=user, title=title, doc_number="洞教发〔2026〕8号",
        published_on=TODAY - dt.timedelta(days=days_ago),
    )  # fmt: skip
    return filing.filing_file(actor=user, filing=f) if file_it else f


def under_review(staff, user, **kwargs):
    f = filed(user, **kwargs)
    filing.filing_register(actor=staff, filing=f)
    reviews.review_start(actor=staff, filing=f)
    f.refresh_from_db()
    return f


ALL_OK = {"basis_ok": True, "conflict_ok": True, "procedure_ok": True}


def checked(staff, f, **data):
    reviews.review_check(actor=staff, filing=f, data={**ALL_OK, **data})
    f.refresh_from_db()
    return f

"""The station statistics read from the aggregate rows (liaison_stations/dashboard.py,
STATION_SOURCES) once they are built: per station by its id, and the distinct totals at each
level of the region tree, so that a deputy grouped into stations of two townships counts once
in their county, city and province and once in each township. The kept figures equal the
counted ones for every reader's level, and a write shows after the next fold."""

from datetime import date

import pytest
from django.db import connection  # noqa: F401 (read by the skipif condition)
from django.utils import timezone

from congress.dashboards.models import Fact
from congress.dashboards.services import facts_fold, facts_refresh
from congress.models import Role, User
from liaison_stations import stats
from liaison_stations.models import StationMembership, StationVisit
from liaison_stations.selectors import station_list
from representatives.models import Mandate
from tests.conftest import DONGKOU, LINWU, make_user

from .conftest import make_deputy, make_station

pytestmark = pytest.mark.django_db
ON_POSTGRESQL = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="marks are PostgreSQL triggers"
)
JIANGKOU, YULAN = "430525101", "430525102"  # two townships of 洞口县
READERS = ["43", "4305", DONGKOU, JIANGKOU, YULAN, LINWU]


@pytest.fixture
def grouped(regions):
    """Stations in two townships of 洞口县 and one of 临武县; 王 is grouped at both townships'
    stations, 李 at one, 赵 (resigned) at one; visits this quarter by each of them."""
    today = timezone.localdate()
    q_start, _end = stats.quarter_bounds(today.year, (today.month - 1) // 3 + 1)
    jiangkou = make_station(JIANGKOU, "江口镇代表联络站")
    yulan = make_station(YULAN, "毓兰镇代表联络站")
    linwu = make_station(LINWU, "舜峰镇代表联络站")
    wang, li, zhao = (make_deputy(n, DONGKOU) for n in ("王秀英", "李建国", "赵明"))
    for deputy, station in [(wang, jiangkou), (wang, yulan), (li, yulan), (zhao, jiangkou)]:
        station.memberships.create(deputy=deputy)
    Mandate.objects.filter(deputy=zhao).update(status="resigned", end_date=today)
    visits = [
        (wang, jiangkou, today),
        (wang, yulan, q_start),
        (li, jiangkou, today),  # not grouped there: a visit, not a visitor
        (li, yulan, today),
        (zhao, jiangkou, today),  # no longer serving: a visit, not a visitor
        (li, linwu, today),
        (wang, yulan, date(today.year - 1, 6, 1)),  # another quarter
    ]
    for deputy, station, day in visits:
        StationVisit.objects.create(deputy=deputy, station=station, date=day, kind="reception")
    return {"wang": wang, "li": li, "jiangkou": jiangkou, "yulan": yulan, "q_start": q_start}


def _counted(region: str, q_start: date) -> dict:
    """The live count of the same figures, over the stations a province's staff see."""
    province = User.objects.filter(username="province_staff").first() or make_user(
        "province_staff", role=Role.STAFF, region="43"
    )
    ids = station_list(viewer=province, region_code=region).order_by().values("id")
    _start, end = stats.quarter_bounds(q_start.year, (q_start.month - 1) // 3 + 1)
    return stats._members_and_visits(ids, q_start, end)


def test_the_distinct_totals_count_a_deputy_once_at_each_level(grouped):
    q_start = grouped["q_start"]
    facts_refresh()
    totals = {r: stats._kept_members_and_visits(r, q_start) for r in READERS}
    # 王 and 李 serve, grouped in 洞口县 (王 at two townships); 赵 resigned.
    assert [totals[r]["grouped"] for r in READERS] == [2, 2, 2, 1, 2, 0]
    # Visitors of their own station: 王 at both townships, 李 at 毓兰 only.
    assert [totals[r]["visited"] for r in READERS] == [2, 2, 2, 1, 2, 0]
    county = totals[DONGKOU]
    jiangkou, yulan = grouped["jiangkou"].pk, grouped["yulan"].pk
    assert county["members"] == {jiangkou: 1, yulan: 2}
    assert county["visits"] == {
        jiangkou: {"visits": 3, "visitors": 1},
        yulan: {"visits": 2, "visitors": 2},
    }
    for region in READERS:
        assert totals[region] == _counted(region, q_start), region
    # Kept in the fine tier only: a county row of a station would repeat it.
    assert not Fact.objects.filter(metric__startswith="station_").exclude(tier=Fact.Tier.FINE)


def test_the_page_reads_the_kept_rows_once_built_and_shows_the_same(
    grouped, client_for, dongkou_staff
):
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    staff = client_for(dongkou_staff)
    urls = [f"/api/v1/liaison/statistics/?year={today.year}&quarter={quarter}"] + [
        f"/api/v1/liaison/statistics/?year={today.year}&quarter={quarter}&region={code}"
        for code in (JIANGKOU, YULAN)
    ]
    live = [staff.get(url).json() for url in urls]
    assert live[0]["totals"]["grouped_deputies"] == 2
    facts_refresh()
    Fact.objects.filter(metric="station_grouped", region=DONGKOU).update(value=99)
    assert staff.get(urls[0]).json()["totals"]["grouped_deputies"] == 99  # read from the rows
    facts_refresh()
    assert [staff.get(url).json() for url in urls] == live


@ON_POSTGRESQL
def test_a_membership_ended_or_a_mandate_ended_shows_after_the_next_fold(grouped):
    q_start = grouped["q_start"]
    facts_refresh()
    before = stats._kept_members_and_visits(DONGKOU, q_start)
    StationMembership.objects.filter(deputy=grouped["wang"], station=grouped["yulan"]).update(
        end_date=timezone.localdate()
    )
    assert stats._kept_members_and_visits(DONGKOU, q_start) == before  # not folded yet
    facts_fold()
    for region in READERS:
        assert stats._kept_members_and_visits(region, q_start) == _counted(region, q_start)
    assert stats._kept_members_and_visits(YULAN, q_start)["grouped"] == 1

    Mandate.objects.filter(deputy=grouped["li"]).update(status="resigned")
    StationVisit.objects.create(
        deputy=grouped["wang"], station=grouped["jiangkou"], date=q_start, kind="reception"
    )
    facts_fold()
    for region in READERS:
        assert stats._kept_members_and_visits(region, q_start) == _counted(region, q_start)
    assert stats._kept_members_and_visits(DONGKOU, q_start)["grouped"] == 1

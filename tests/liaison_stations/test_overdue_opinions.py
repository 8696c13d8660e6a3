"""One definition of an overdue opinion 超期社情民意 (Opinion.objects.overdue(on=day)), and the
same number on the board, the home page's to-do list, the station statistics, the dashboard and
the township evaluation indicator.

Overdue on a day: not answered and not turned into a suggestion, and past its deadline, which is
the due date given when it was forwarded, otherwise OPINION_ANSWER_DAYS after receipt."""

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from congress.dashboards.services import facts_refresh
from congress.models import Region
from congress.todo import todo_for
from evaluation.township import measures
from liaison_stations.models import OPINION_ANSWER_DAYS, LiaisonStation, Opinion
from tests.conftest import DONGKOU

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=SH)
TODAY = NOW.date()


@pytest.fixture
def frozen():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


def received(days_ago: int, hour: int = 10) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), SH).replace(
        hour=hour
    )


@pytest.fixture
def opinions(regions, frozen):
    town = Region.objects.filter(parent_id=DONGKOU).order_by("code").first().code
    station = LiaisonStation.objects.create(name="高沙镇代表联络站", region_id=town)
    n = iter(range(1, 100))

    def make(status, days_ago, due=None, answered=None, hour=10):
        return Opinion.objects.create(
            station=station, tracking_code=f"OV{next(n):06d}", source="station", title="路灯不亮",
            content="内容", status=status, received_at=received(days_ago, hour), due_date=due,
            answered_at=answered,
        )  # fmt: skip

    late = [
        make("forwarded", 40, due=TODAY - timedelta(days=1)),  # past the unit's due date
        make("received", OPINION_ANSWER_DAYS + 5),  # never forwarded, past 15 days
        make("with_deputy", OPINION_ANSWER_DAYS + 1, hour=0),  # 15 days ended yesterday
    ]
    make("received", OPINION_ANSWER_DAYS, hour=0)  # its 15th day (Beijing time) is today
    make("forwarded", 40, due=TODAY)  # due today: not yet late
    make("received", 3)
    make("forwarded", 40, due=TODAY + timedelta(days=9))
    make("answered", 60, due=TODAY - timedelta(days=30), answered=received(20))  # answered late
    make("suggestion", 50)  # turned into a suggestion: followed there
    return {"late": late, "station": station}


def test_the_definition_is_one_queryset(opinions):
    overdue = Opinion.objects.overdue(on=TODAY)
    assert set(overdue) == set(opinions["late"])
    assert {o for o in Opinion.objects.all() if o.is_overdue} == set(opinions["late"])
    # A day later the 15th day has passed and the due-today one is late too.
    assert Opinion.objects.overdue(on=TODAY + timedelta(days=1)).count() == 5


def test_board_todo_statistics_dashboard_and_indicator_agree(
    opinions, client_for, dongkou_staff, supervisor
):
    expected = len(opinions["late"])
    staff = client_for(dongkou_staff)
    board = staff.get("/api/v1/liaison/opinions/", {"overdue": "1"}).json()
    assert board["count"] == expected

    todo = {t["key"]: t["count"] for t in todo_for(dongkou_staff)}
    assert todo["opinion_overdue"] == expected

    stats = staff.get("/api/v1/liaison/statistics/", {"year": 2026, "quarter": 2}).json()
    assert stats["totals"]["opinions_overdue"] == expected

    facts_refresh()
    data = client_for(supervisor).get("/api/v1/dashboard/", {"period": "quarter"}).json()
    figure = next(f for f in data["figures"] if f["key"] == "opinions_overdue")
    assert figure["value"] == expected

    # The indicator: of the opinions received this year (the one turned into a suggestion is
    # left out, open ones not yet due too), answered on time over answered plus overdue.
    town = opinions["station"].region_id
    rate = measures.opinions_answered_on_time(region_codes=[town], year=2026)[town]
    answered_late = 1
    assert rate == 0 and answered_late + expected == 4
    assert measures.opinion_counts(region_codes=[town], year=2026)[town] == {
        "on_time": 0,
        "answered_late": answered_late,
        "overdue": expected,
    }

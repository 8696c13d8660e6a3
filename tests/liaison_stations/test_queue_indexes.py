"""The visits confirmation queue and the stations list at province scale: the same rows as
before, the queue read from its partial indexes on PostgreSQL, a station's member count
computed by a subquery on the page (not a GROUP BY over every membership)."""

from datetime import date, timedelta

import pytest
from django.db import connection

from liaison_stations.models import StationMembership, StationVisit
from liaison_stations.selectors import station_list, visit_list
from tests.conftest import DONGKOU, LINWU
from tests.liaison_stations.conftest import make_deputy, make_station

pytestmark = pytest.mark.django_db
VISITS = "/api/v1/liaison/visits/"


@pytest.fixture
def visits(regions):
    """Two 洞口县 stations and one of 临武县, each with confirmed and unconfirmed visits."""
    stations = [
        make_station(DONGKOU, "文昌"),
        make_station(DONGKOU, "高沙"),
        make_station(LINWU, "舜峰"),
    ]
    deputy = make_deputy("王秀英", DONGKOU)
    day = date(2026, 10, 1)
    StationVisit.objects.bulk_create(
        StationVisit(deputy=deputy, station=stations[i % 3], date=day - timedelta(days=i // 4),
                     kind="reception", confirmed=i % 4 == 0)
        for i in range(40)
    )  # fmt: skip
    return stations


def page_ids(client, **params):
    response = client.get(VISITS, {"page_size": 100, **params})
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def test_the_queue_lists_the_countys_unconfirmed_visits_newest_first(
    visits, client_for, dongkou_staff
):
    expected = list(
        StationVisit.objects.filter(station__region_id=DONGKOU, confirmed=False)
        .order_by("-date", "-id")
        .values_list("pk", flat=True)
    )
    assert len(expected) == 20
    assert page_ids(client_for(dongkou_staff), confirmed="false") == expected
    second = page_ids(client_for(dongkou_staff), confirmed="false", page_size=15, page=2)
    assert second == expected[15:]
    confirmed = page_ids(client_for(dongkou_staff), confirmed="true")
    assert set(confirmed) == set(
        StationVisit.objects.filter(station__region_id=DONGKOU, confirmed=True).values_list(
            "pk", flat=True
        )
    )


def test_the_station_list_counts_only_active_members(visits, client_for, dongkou_staff):
    wenchang, gaosha, _linwu = visits
    deputies = [make_deputy(f"代表{i}", DONGKOU) for i in range(3)]
    for deputy in deputies:
        StationMembership.objects.create(station=wenchang, deputy=deputy)
    StationMembership.objects.filter(deputy=deputies[0]).update(end_date=date(2026, 1, 1))
    StationMembership.objects.create(station=gaosha, deputy=deputies[0])
    rows = client_for(dongkou_staff).get("/api/v1/liaison/stations/").json()["results"]
    assert {r["name"]: r["member_count"] for r in rows} == {"文昌": 2, "高沙": 1}


def test_the_member_count_is_a_subquery_not_a_group_by(admin_user, visits):
    sql = str(station_list(viewer=admin_user).query).upper()
    assert "GROUP BY" in sql and sql.index("GROUP BY") > sql.index("(SELECT")  # only inside
    assert "LEFT OUTER JOIN" not in sql


def test_the_queue_reads_its_partial_indexes(visits, dongkou_staff, admin_user):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE liaison_stations_stationvisit")

    def plan(viewer) -> str:
        qs = visit_list(viewer=viewer, confirmed=False).values("pk")
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())

    assert "visit_unconfirmed" in plan(dongkou_staff)
    assert "visit_unconfirmed" in plan(admin_user)


def test_the_indexes_exist_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'liaison_stations_stationvisit'"
        )
        found = dict(cursor.fetchall())
    assert "WHERE (NOT confirmed)" in found["visit_unconfirmed_station_idx"]
    assert "WHERE (NOT confirmed)" in found["visit_unconfirmed_date_idx"]


def test_the_opinion_text_indexes_exist_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'liaison_stations_opinion'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {"opinion_title_trgm_idx", "opinion_content_trgm_idx"} <= names

"""bench/generate.py makes a tiny province in the test database: a schema change it does not
follow fails here, on every CI run, instead of minutes into `make bench`."""

import random
import statistics

import pytest
from django.db import connection, transaction

from bench._gen_common import COLUMNS, SchemaMismatch, check_schema
from bench.generate import generate
from congress.models import Region, Role
from congress.services import regions_load
from representatives.services import name_initials

SCALE = 0.002  # about 400 deputies, 5,000 visits, 600 suggestions


def one(sql: str, params=()):
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()[0]


def rows(sql: str, params=()):
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def index_and_key_count() -> int:
    return one(
        """SELECT (SELECT COUNT(*) FROM pg_indexes WHERE schemaname = 'public')
                + (SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f')"""
    )


@pytest.fixture(scope="module")
def province(django_db_setup, django_db_blocker):
    """One tiny province for the module (a few seconds), rolled back after its last test; each
    test runs in a savepoint inside it. Yields the count of indexes and keys before the load."""
    with django_db_blocker.unblock(), transaction.atomic():
        if not Region.objects.filter(code="430525").exists():
            regions_load()
        before = index_and_key_count()
        with connection.cursor() as cur:
            generate(cur.cursor, random.Random(2026), scale=SCALE)
        yield before
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_it_fills_every_table_it_writes(province):
    for table in COLUMNS:
        assert one(f"SELECT COUNT(*) FROM {table}") > 0, table


@pytest.mark.django_db
def test_it_puts_back_every_index_and_foreign_key_it_dropped_for_the_load(province):
    assert index_and_key_count() == province


@pytest.mark.django_db
def test_every_serving_deputy_has_an_active_station_membership(province):
    serving = one(
        """SELECT COUNT(DISTINCT deputy_id) FROM representatives_mandate WHERE status = 'serving'"""
    )
    without = one(
        """SELECT COUNT(*) FROM representatives_deputy d
           WHERE EXISTS (SELECT 1 FROM representatives_mandate m WHERE m.deputy_id = d.id AND m.status = 'serving')
             AND NOT EXISTS (SELECT 1 FROM liaison_stations_stationmembership s
                             WHERE s.deputy_id = d.id AND s.end_date IS NULL)"""
    )
    assert serving > 300
    assert without == 0


@pytest.mark.django_db
def test_visits_are_by_members_of_the_station(province):
    strangers = one(
        """SELECT COUNT(*) FROM liaison_stations_stationvisit v
           WHERE NOT EXISTS (SELECT 1 FROM liaison_stations_stationmembership s
                             WHERE s.station_id = v.station_id AND s.deputy_id = v.deputy_id)"""
    )
    assert strangers == 0


@pytest.mark.django_db
def test_name_initials_are_the_pinyin_the_portal_computes(province):
    sample = rows("SELECT name, name_initials FROM representatives_deputy ORDER BY id LIMIT 100")
    assert len(sample) == 100
    assert all(initials == name_initials(name) != "" for name, initials in sample)


@pytest.mark.django_db
def test_there_are_accounts_for_every_role(province):
    have = dict(rows("SELECT role, COUNT(*) FROM congress_user GROUP BY role"))
    assert {role: have.get(role, 0) > 0 for role in Role.values} == dict.fromkeys(Role.values, True)
    linked = one("SELECT COUNT(*) FROM representatives_deputy WHERE user_id IS NOT NULL")
    assert linked == one("SELECT COUNT(*) FROM congress_user WHERE role = 'deputy'") > 0
    assert (
        one("SELECT COUNT(DISTINCT password) FROM congress_user WHERE username LIKE 'bench%%'") == 1
    )


@pytest.mark.django_db
def test_visits_are_skewed_by_station_and_by_season(province):
    per_station = [
        n for (n,) in rows("SELECT COUNT(*) FROM liaison_stations_stationvisit GROUP BY station_id")
    ]
    assert max(per_station) > 3 * statistics.median(per_station)
    by_month = dict(
        rows(
            """SELECT EXTRACT(MONTH FROM date)::int, COUNT(*) FROM liaison_stations_stationvisit
               WHERE date >= '2025-01-01' AND date < '2026-01-01' GROUP BY 1"""
        )
    )
    assert by_month[3] > 1.5 * by_month[8]  # before the sessions against the summer holidays


@pytest.mark.django_db
def test_suggestion_texts_differ_so_a_search_narrows(province):
    total = one("SELECT COUNT(*) FROM suggestions_suggestion")
    found = one("SELECT COUNT(*) FROM suggestions_suggestion WHERE title LIKE '%%饮水安全%%'")
    assert one("SELECT COUNT(DISTINCT title) FROM suggestions_suggestion") > total / 3
    assert 0 < found < total / 10


@pytest.mark.django_db
def test_it_stops_at_once_naming_a_not_null_column_it_does_not_fill(regions):
    terms = one("SELECT COUNT(*) FROM congress_term")
    with connection.cursor() as cur:
        # A later migration's new column: NOT NULL, no database default (Django's way).
        cur.execute(
            "ALTER TABLE liaison_stations_opinion ADD COLUMN urgency text NOT NULL DEFAULT ''"
        )
        cur.execute("ALTER TABLE liaison_stations_opinion ALTER COLUMN urgency DROP DEFAULT")
        with pytest.raises(SchemaMismatch, match=r"liaison_stations_opinion\.urgency"):
            check_schema(cur.cursor)
        with pytest.raises(SchemaMismatch, match=r"liaison_stations_opinion\.urgency"):
            generate(cur.cursor, random.Random(1), scale=SCALE)
        assert one("SELECT COUNT(*) FROM congress_term") == terms  # nothing written


@pytest.mark.django_db
def test_some_deputies_are_grouped_at_two_stations_and_the_kept_totals_count_them_once(province):
    """Deputies with seats in two congresses are grouped at a second station of their county,
    so the station statistics' distinct totals are measured, and kept, with overlaps."""
    from congress.dashboards.services import facts_refresh  # noqa: PLC0415
    from liaison_stations import stats  # noqa: PLC0415
    from liaison_stations.models import (  # noqa: PLC0415
        LiaisonStation,
        StationMembership,
        StationVisit,
    )

    twice = one(
        """SELECT COUNT(*) FROM (SELECT deputy_id FROM liaison_stations_stationmembership
           WHERE end_date IS NULL GROUP BY deputy_id HAVING COUNT(*) > 1) t"""
    )
    assert twice > 0
    facts_refresh(only="liaison_stations.dashboard")
    busiest = StationVisit.objects.order_by("-date").values_list("date", flat=True).first()
    start, end = stats.quarter_bounds(busiest.year, (busiest.month - 1) // 3 + 1)
    regions = {"43"} | {
        code[:n]
        for code in StationMembership.objects.values_list("station__region_id", flat=True)
        for n in (4, 6)
    }
    for region in sorted(regions):
        ids = LiaisonStation.objects.filter(region__code__startswith=region).values("id")
        assert stats._kept_members_and_visits(region, start) == stats._members_and_visits(
            ids, start, end
        ), region

"""Liaison stations benchmark: coverage statistics (全员进站) at the scale of several counties and
of a city, the station list, the grouping-gap list, and the 2-day duty-notice sweep.
Uses a throw-away test database (DATABASE_URL, PostgreSQL expected).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_stations .venv/bin/python bench/liaison_stations_coverage.py

LS_BENCH_COUNTIES (default 6) counties are filled, each with 80 stations, 2,400 grouped deputies
and a year of visits (about 8 per deputy) and 600 opinions."""

import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

COUNTIES = int(os.environ.get("LS_BENCH_COUNTIES", "6"))
STATIONS, DEPUTIES, VISITS_PER_DEPUTY, OPINIONS = 80, 2400, 8, 600


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def timed(label, fn, repeat=3):
    best, result, queries = None, None, 0
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            result = fn()
            elapsed = time.perf_counter() - started
        queries = len(ctx.captured_queries)
        best = elapsed if best is None else min(best, elapsed)
    print(f"{label:<58} {best * 1000:8.1f} ms  ({queries} queries)")
    return result


def seed(rng):
    from congress.models import Congress, Region, Term
    from liaison_stations.models import (
        DutyShift,
        LiaisonStation,
        Opinion,
        StationMembership,
        StationVisit,
        random_code,
    )
    from representatives.models import Deputy, Mandate

    counties = list(
        Region.objects.filter(level="county", code__startswith="43")
        .exclude(code__endswith="01")
        .order_by("code")[:COUNTIES]
    )
    today = timezone.localdate()
    days = [today - timedelta(days=n) for n in range(1, 366)]
    started = time.perf_counter()
    n_visits = n_deputies = 0
    for index, county in enumerate(counties):
        towns = list(Region.objects.filter(parent=county))
        congress = Congress.objects.get(region=county)
        term = Term.objects.create(
            congress=congress, number=18, start_date=date(2021, 9, 28), end_date=date(2026, 12, 27)
        )
        stations = LiaisonStation.objects.bulk_create(
            [
                LiaisonStation(name=f"{county.name}第{i}联络站", region=towns[i % len(towns)])
                for i in range(STATIONS)
            ]
        )
        deputies = Deputy.objects.bulk_create(
            [
                Deputy(
                    name=f"代表{index}-{i}",
                    gender="F" if i % 2 else "M",
                    birth_date=date(1970 + i % 30, 1, 1),
                    affiliation="cpc",
                    education="bachelor",
                    occupation="farmer",
                    id_number=f"{county.code}{index:02d}{i:010d}",
                    phone=f"139{index:02d}{i:06d}",
                    region=towns[i % len(towns)],
                )
                for i in range(DEPUTIES)
            ],
            batch_size=2000,
        )
        Mandate.objects.bulk_create(
            [
                Mandate(deputy=d, congress=congress, term=term, start_date=term.start_date)
                for d in deputies
            ],
            batch_size=2000,
        )
        # A few newly elected deputies are left out: the gap list has something to find.
        grouped = deputies[:-15]
        StationMembership.objects.bulk_create(
            [
                StationMembership(station=stations[i % STATIONS], deputy=d)
                for i, d in enumerate(grouped)
            ],
            batch_size=2000,
        )
        visits = []
        for i, d in enumerate(grouped):
            station = stations[i % STATIONS]
            for day in rng.choices(days, k=rng.randint(0, 2 * VISITS_PER_DEPUTY)):
                visits.append(
                    StationVisit(
                        deputy=d, station=station, date=day, kind="reception", confirmed=True
                    )
                )
        StationVisit.objects.bulk_create(visits, batch_size=5000)
        n_visits += len(visits)
        n_deputies += len(deputies)
        Opinion.objects.bulk_create(
            [
                Opinion(
                    station=rng.choice(stations),
                    tracking_code=random_code(10),
                    source="public_form",
                    title="路灯",
                    content="路灯坏了",
                    status=rng.choice(["received", "forwarded", "answered", "answered"]),
                    received_at=timezone.make_aware(datetime.combine(rng.choice(days), dtime(10))),
                    due_date=today - timedelta(days=rng.randint(-20, 20)),
                )
                for _ in range(OPINIONS)
            ],
            batch_size=2000,
        )
        day = today + timedelta(days=2)
        DutyShift.objects.bulk_create(
            [
                DutyShift(
                    station=stations[i % STATIONS],
                    deputy=d,
                    date=day,
                    start_time=dtime(9),
                    end_time=dtime(12),
                )
                for i, d in enumerate(grouped[: len(grouped) // 3])
            ],
            batch_size=5000,
        )
    print(
        f"seeded {len(counties)} counties: {len(counties) * STATIONS} stations, {n_deputies} deputies, "
        f"{n_visits} visits in {time.perf_counter() - started:.0f}s"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return counties


def run():
    from congress.models import Role, User
    from congress.services import regions_load
    from liaison_stations import selectors
    from liaison_stations import stats as station_stats
    from liaison_stations.services.duty_notices import duty_notices_send

    regions_load()
    rng = random.Random(5)
    counties = seed(rng)
    admin = User.objects.create(username="bench_admin", role=Role.ADMIN, is_superuser=True)
    county_staff = User.objects.create(username="bench_county", role=Role.STAFF, region=counties[0])
    city = counties[0].parent
    city_staff = User.objects.create(username="bench_city", role=Role.STAFF, region=city)
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1

    stats = timed(
        "statistics, one county (80 stations, 2,400 deputies)",
        lambda: station_stats.station_statistics(
            viewer=county_staff, year=today.year, quarter=quarter
        ),
    )
    print(
        f"    coverage {stats['totals']['coverage']}, visits this year {sum(stats['totals']['visits_by_month'])}"
    )
    timed(
        f"statistics, city {city.name}",
        lambda: station_stats.station_statistics(
            viewer=city_staff, year=today.year, quarter=quarter
        ),
    )
    stats = timed(
        f"statistics, all {len(counties)} counties (admin)",
        lambda: station_stats.station_statistics(viewer=admin, year=today.year, quarter=quarter),
    )
    print(
        f"    {stats['totals']['stations']} stations, {stats['totals']['grouped_deputies']} grouped"
    )
    timed(
        "station list, first page of 20 (admin)",
        lambda: list(selectors.station_list(viewer=admin)[:20]),
    )
    gaps = timed(
        "grouping gaps, first page of 20 (admin)",
        lambda: list(selectors.grouping_gaps(viewer=admin)[:20]),
    )
    print(f"    gaps found on the first page: {len(gaps)}")
    sent = timed("duty-notice sweep (first run sends)", lambda: duty_notices_send(), repeat=1)
    print(f"    notices: {sent}")
    timed("duty-notice sweep again (sends nothing)", lambda: duty_notices_send(), repeat=1)


if __name__ == "__main__":
    main()

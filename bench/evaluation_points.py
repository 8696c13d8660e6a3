"""Evaluation benchmark at the size of 宁乡市 (2,435 deputies in 29 townships): recompute every
deputy's points after a rule change, publish a quarter, gather a year of station visits into
the archives, compute a round's indicators for the 29 townships, rank, export.
Uses a throw-away test database (DATABASE_URL, PostgreSQL expected).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_evaluation .venv/bin/python bench/evaluation_points.py

EV_BENCH_DEPUTIES (default 2435) deputies, each with EV_BENCH_ENTRIES (default 25) archive
entries in the year and 8 confirmed station visits."""

import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

DEPUTIES = int(os.environ.get("EV_BENCH_DEPUTIES", "2435"))
ENTRIES = int(os.environ.get("EV_BENCH_ENTRIES", "25"))
VISITS = 8
COUNTY = "430182"
YEAR = 2026
KINDS = ["inspection", "research", "training", "meeting_attended", "meeting_absent", "other",
         "law_enforcement_check", "award"]  # fmt: skip


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
    print(f"{label:<62} {best * 1000:9.1f} ms  ({queries} queries)")
    return result


def seed(rng):
    from congress.models import Congress, Region, Role, Term, User
    from congress.services import regions_load
    from evaluation.models import ArchiveEntry
    from liaison_stations.models import LiaisonStation, StationVisit
    from representatives.models import Deputy, Mandate

    regions_load()
    staff = User.objects.create(username="bench_staff", role=Role.STAFF, region_id=COUNTY)
    towns = list(Region.objects.filter(parent_id=COUNTY).values_list("code", flat=True))
    congress = Congress.objects.get(region_id=COUNTY)
    term = Term.objects.create(
        congress=congress, number=18, start_date=date(2021, 9, 28), end_date=date(2026, 9, 27)
    )
    deputies = Deputy.objects.bulk_create(
        [
            Deputy(
                name=f"代表{i}",
                gender="F" if i % 3 else "M",
                birth_date=date(1970, 1, 1),
                affiliation="cpc",
                education="bachelor",
                occupation="farmer",
                id_number=f"B{i:017d}",
                region_id=towns[i % len(towns)],
            )  # fmt: skip
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
    stations = {
        code: LiaisonStation.objects.create(name=f"站{code}", region_id=code) for code in towns
    }
    start = date(YEAR, 1, 1)
    entries, visits = [], []
    for d in deputies:
        for _ in range(ENTRIES):
            kind = rng.choice(KINDS)
            entries.append(
                ArchiveEntry(
                    deputy=d,
                    kind=kind,
                    occurred_on=start + timedelta(days=rng.randrange(330)),
                    title="履职",
                    quantity=2 if kind == "meeting_absent" else 1,
                    source="staff",
                )  # fmt: skip
            )
        for _ in range(VISITS):
            visits.append(
                StationVisit(
                    deputy=d,
                    station=stations[d.region_id],
                    kind="reception",
                    confirmed=True,
                    date=start + timedelta(days=rng.randrange(330)),
                )  # fmt: skip
            )
    ArchiveEntry.objects.bulk_create(entries, batch_size=5000)
    StationVisit.objects.bulk_create(visits, batch_size=5000)
    return staff, towns


def run():
    from congress.models import Region
    from evaluation.models import ArchiveEntry, DeputyPoints
    from evaluation.performance import archive, exports, publication, ranking, rule_sets, selectors
    from evaluation.township import rounds, scoring, systems
    from evaluation.township.examples import ningxiang_system_fields

    rng = random.Random(6)
    started = time.perf_counter()
    staff, towns = seed(rng)
    print(
        f"seeded {DEPUTIES} deputies, {DEPUTIES * ENTRIES} entries, {DEPUTIES * VISITS} visits "
        f"in {time.perf_counter() - started:.1f}s"
    )
    region = Region.objects.get(code=COUNTY)
    rules = [
        {"kind": k, "points": Decimal(p), "cap": c and Decimal(c), "period": per}
        for k, p, c, per in [
            ("inspection", "3", None, "year"), ("research", "3", None, "year"),
            ("training", "2", "6", "year"), ("meeting_attended", "2", None, "year"),
            ("meeting_absent", "-1", "10", "year"), ("station_visit", "2", "6", "quarter"),
            ("law_enforcement_check", "3", None, "year"), ("award", "5", "10", "year"),
        ]
    ]  # fmt: skip
    rule_set = timed(
        "create rule set + compute every deputy's points (first time)",
        lambda: rule_sets.points_rule_set_create(
            actor=staff, region=region, year=YEAR, name="积分", rules=rules
        ),
        repeat=1,
    )
    flip = iter(range(100))

    def change_rules():
        rules[0]["points"] = Decimal(3 + next(flip) % 2)
        rule_sets.points_rule_set_update(actor=staff, rule_set=rule_set, rules=rules)

    timed("change a rule → recompute every deputy's points", change_rules)
    gathered = timed(
        "gather a year of station visits into the archives",
        lambda: archive.archive_gather(
            region_code=COUNTY, start=date(YEAR, 1, 1), end=date(YEAR, 12, 31)
        ),
        repeat=1,
    )
    print(f"  gathered {gathered} entries; archive now {ArchiveEntry.objects.count()} rows")
    timed(
        "gather again (nothing new: idempotent)",
        lambda: archive.archive_gather(
            region_code=COUNTY, start=date(YEAR, 1, 1), end=date(YEAR, 12, 31)
        ),
    )
    deputy = DeputyPoints.objects.filter(rule_set=rule_set).first().deputy

    def add_entry():
        archive.archive_entry_create(
            actor=staff,
            deputy=deputy,
            kind="inspection",
            occurred_on=date(YEAR, 5, 5),
            title="视察",
        )

    timed("staff add one entry (points of that deputy follow)", add_entry)

    quarters = iter((1, 2, 3))

    def publish():
        return publication.points_publish(actor=staff, rule_set=rule_set, quarter=next(quarters))

    timed("publish a quarter (frozen snapshot of every deputy)", publish)
    timed(
        "ranking page (20 rows, window rank)",
        lambda: list(ranking.points_ranking(viewer=staff, rule_set=rule_set)[:20]),
    )
    timed(
        "a deputy's points, group and region rank",
        lambda: ranking.deputy_points_summary(deputy=deputy, year=YEAR),
    )
    system = systems.indicator_system_create(
        actor=staff, region=region, **ningxiang_system_fields(YEAR)
    )
    round_ = rounds.round_open(actor=staff, system=system, name="评价", target_codes=towns)
    timed(
        "compute a round's 5 portal indicators for 29 townships",
        lambda: scoring.round_compute(actor=staff, round_=round_),
    )
    entries = selectors.archive_entry_list(
        viewer=staff, filters=selectors.EntryFilters(region=COUNTY, year=YEAR)
    )
    with tempfile.TemporaryFile() as handle:
        timed(
            "export the county's archive for the year (.xlsx, streamed)",
            lambda: exports.archive_workbook(
                handle=handle, region=region, year=YEAR, entries=entries
            ),
            repeat=1,
        )
        print(f"  workbook {handle.seek(0, 2) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()

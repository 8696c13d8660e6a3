"""Fill a PostgreSQL database with Hunan-sized data on the real region tree, for `make bench`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_province .venv/bin/python bench/generate.py

Creates the database if needed, migrates it and loads the regions, checks that every NOT NULL
column of every table it writes is filled (a schema change stops it at once, naming the column:
COLUMNS in bench/_gen_common.py), then writes in one transaction, with COPY from memory and the
big tables' secondary indexes and foreign keys rebuilt once at the end:

- a term for every congress, 22 handling units per county and city;
- 200,000 deputies (pinyin name_initials filled) with mandates, 3 % of them resigned, and a
  station membership for every one (ended for the resigned);
- accounts for every role in congress.models.Role, all with the password BENCH_PASSWORD:
  bench_admin, bench_province and bench_county (supervisors), bench_staff_<region>_<n> and
  bench_leader_<region>_<n> for the province, each city and county, bench_staff_<township>
  for a tenth of townships, bench_unit_<id> and bench_official_<id> (一府一委两院) per unit,
  bench_expert_<region>_<n>, and bench_d<deputy id> for a fifth of the deputies;
- 4,400 stations; 2,500,000 visits by the stations' members, skewed by station (lognormal: a
  few busy, most quiet), by season (busy in January–March before the sessions, quiet in the
  summer holidays, at the Spring Festival and at weekends) and by year (about a million a year
  once the portal caught on, 2025–2026); recent visits half unconfirmed;
- 300,000 suggestions with assignments, replies and ratings, their titles and texts from 30
  topics; 50,000 citizens' opinions; 25,000 meetings and activities with invited deputies,
  answers and sign-ins; training (bench/_gen_training.py): the training events as offline
  courses' sessions, online courses, monthly study plans assigned to every serving deputy, and
  the hours all of it puts in the archives (about 700,000 entries).

Deterministic (fixed seed). Skips the work when the data is already there (--force wipes and
regenerates). Finally analyzes, rebuilds the dashboard's aggregate rows and prints how long each
step took. `generate(cur, rnd, scale=...)` makes a smaller province on any migrated database
(tests/bench/test_generate.py makes a tiny one on every CI run). Nothing generated is
committed: the database is the output."""

import argparse
import gc
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import (  # noqa: E402
    _gen_meetings,
    _gen_people,
    _gen_stations,
    _gen_suggestions,
    _gen_training,
)
from bench._gen_common import TARGETS, bulk_load, check_schema, log  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_province"
GENERATED = [
    "evaluation_archiveentry", "training_studyassignment", "training_studyitem", "training_studyplan",
    "training_material", "training_coursesession", "training_course", "meetings_signin", "meetings_invitation", "meetings_event", "suggestions_rating", "suggestions_reply",
    "suggestions_assignment", "suggestions_suggestion", "liaison_stations_opinion",
    "liaison_stations_stationvisit", "liaison_stations_stationmembership", "liaison_stations_liaisonstation",
    "representatives_mandate", "representatives_deputy",
]  # fmt: skip


def ensure_database(url: str) -> None:
    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password, dbname="postgres",
    )  # fmt: skip
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(f'CREATE DATABASE "{name}"')
            log(f"created database {name}")
    admin.close()


def generate(cur, rnd: random.Random, scale: float = 1.0) -> None:
    """Write a province of `scale` × TARGETS through the psycopg2 cursor `cur`, inside the
    caller's transaction, on a migrated database that holds the regions and their congresses."""
    check_schema(cur)
    cur.execute("SET LOCAL synchronous_commit = off")
    cur.execute("SET LOCAL max_parallel_workers_per_gather = 0")
    gc.disable()  # millions of row tuples, none cyclic: the collector would rescan them all
    try:
        with bulk_load(cur):
            w = _gen_people.people(cur, rnd, scale)
            _gen_stations.all_of_it(cur, w, rnd, scale)
            _gen_suggestions.suggestions(cur, w, rnd, scale)
            trainings = _gen_meetings.events(cur, w, rnd, scale)
            _gen_training.training(cur, w, rnd, trainings)
    finally:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--force", action="store_true", help="wipe the generated tables and start again"
    )
    parser.add_argument("--refresh", action="store_true", help="rebuild the dashboard's rows")
    args = parser.parse_args()
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("bench/generate.py needs PostgreSQL (DATABASE_URL=postgres://…)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.dev")
    os.environ["DJANGO_DEBUG"] = "0"
    started = time.monotonic()
    print(f"generating Hunan-sized data into {urlparse(url).path.lstrip('/')}", flush=True)
    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from congress.services import regions_load

    t0 = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)  # in this process: one start-up less
    log("migrated", t0)
    t0 = time.monotonic()
    regions, congresses = regions_load()
    log(f"regions loaded ({regions:,} new, {congresses:,} congresses)", t0)

    with connection.cursor() as cursor:  # before minutes of work, not after
        check_schema(cursor.cursor)

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM representatives_deputy")
        have = cursor.fetchone()[0]
    if have >= TARGETS["deputies"] and not args.force:
        generated = False
        log(f"already holds {have:,} deputies: skipping generation (use --force to regenerate)")
    else:
        generated = True
        with transaction.atomic(), connection.cursor() as cursor:
            if have:
                cursor.execute(f"TRUNCATE {', '.join(GENERATED)} CASCADE")
            t0 = time.monotonic()
            generate(cursor.cursor, random.Random(2026))
            log("generated, committing", t0)
        t0 = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(
                "VACUUM ANALYZE"
            ) if connection.connection.autocommit else cursor.execute("ANALYZE")
        log("analyzed", t0)
    t0 = time.monotonic()
    from congress.dashboards import services
    from congress.dashboards.models import Refresh

    if generated or args.refresh or not Refresh.objects.exists():
        rows = services.facts_refresh()
        for module, count in rows.items():
            log(f"facts {module}: {count:,} rows")
        log("dashboard facts rebuilt", t0)
    print(f"done in {time.monotonic() - started:.0f}s", flush=True)


if __name__ == "__main__":
    main()

"""What keeping the dashboard current costs at province scale: one fold of a realistic burst of
writes against one full rebuild, in WAL bytes, dead tuples, rows written and seconds.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_<yours> .venv/bin/python bench/dashboards_refresh.py
    BENCH_BASELINE=1 ...   also the old way: every row deleted and inserted again (minutes)

WRITES to the database it is pointed at (a copy of bench_base, never bench_base itself):
1,000 visits (one INSERT each, as the visit form does) and 200 suggestion status changes, across
50 townships. WAL is pg_current_wal_lsn() before and after; the cluster is shared, so the WAL
of an idle interval as long as the step is printed beside it (the other sessions' share).
Dead tuples and rows come from pg_stat_user_tables of dashboards_fact (this session's own)."""

import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.dev")
os.environ["DJANGO_DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from congress.dashboards import cells  # noqa: E402
from congress.dashboards.models import DirtyCell, Refresh  # noqa: E402

TABLE = "dashboards_fact"


def one(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone() if cursor.description else None  # ALTER TABLE returns no row


def stats() -> dict:
    one("SELECT pg_stat_force_next_flush()")
    time.sleep(1.2)
    one("SELECT pg_stat_clear_snapshot()")
    row = one(
        "SELECT n_tup_ins, n_tup_upd, n_tup_del, n_dead_tup FROM pg_stat_user_tables "
        "WHERE relname = %s",
        [TABLE],
    )
    return dict(zip(("ins", "upd", "del", "dead"), row, strict=True))


def measure(label: str, step) -> dict:
    before, lsn = stats(), one("SELECT pg_current_wal_lsn()")[0]
    started = time.monotonic()
    result = step()
    seconds = time.monotonic() - started
    wal = float(one("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s)", [lsn])[0])
    idle_lsn = one("SELECT pg_current_wal_lsn()")[0]
    time.sleep(min(seconds, 20))
    idle = float(one("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s)", [idle_lsn])[0])
    idle = idle * seconds / min(seconds, 20) if seconds else 0
    after = stats()
    delta = {k: after[k] - before[k] for k in before}
    print(
        f"{label:<44} {seconds:8.2f} s  WAL {wal / 2**20:9.2f} MiB (idle cluster same time "
        f"{idle / 2**20:7.2f} MiB)  fact rows +{delta['ins']} ~{delta['upd']} -{delta['del']}  "
        f"dead tuples {delta['dead']:+d}",
        flush=True,
    )
    return {"result": result, "seconds": seconds, "wal": wal, **delta}


def burst(rng: random.Random) -> None:
    """1,000 visits and 200 suggestion changes across 50 townships, each its own transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT region_id, array_agg(id) FROM liaison_stations_liaisonstation "
            "WHERE is_active GROUP BY region_id ORDER BY md5(region_id) LIMIT 50"
        )
        towns = cursor.fetchall()
        cursor.execute("SELECT id FROM representatives_deputy ORDER BY md5(id::text) LIMIT 1000")
        deputies = [r[0] for r in cursor.fetchall()]
        cursor.execute(
            "SELECT id, status FROM suggestions_suggestion WHERE region_id = ANY(%s) "
            "ORDER BY md5(id::text) LIMIT 200",
            [sorted({t[:6] for t, _ in towns} | {t for t, _ in towns})],
        )
        suggestions = cursor.fetchall()
    for i, deputy in enumerate(deputies):
        _town, stations = towns[i % len(towns)]
        day = date.today() - timedelta(days=rng.randrange(0, 60))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO liaison_stations_stationvisit (deputy_id, station_id, date, kind, "
                "kind_other, online, people_received, matters, batch, confirmed, created_at) "
                "VALUES (%s, %s, %s, 'reception', '', false, 3, '接待群众', '', false, now())",
                [deputy, rng.choice(stations), day],
            )
    statuses = ["signed", "replied", "closed"]
    for pk, status in suggestions:
        with transaction.atomic(), connection.cursor() as cursor:
            new = rng.choice([s for s in statuses if s != status])
            cursor.execute("UPDATE suggestions_suggestion SET status = %s WHERE id = %s", [new, pk])


def main() -> None:
    name = connection.settings_dict["NAME"]
    if name in ("bench_base", "bench_province"):
        sys.exit(f"Never write to {name}: point DATABASE_URL at a copy.")
    one(f"ALTER TABLE {TABLE} SET (autovacuum_enabled = false)")  # keep the dead tuples countable
    try:
        rng = random.Random(18)
        print(f"database {name}: {one(f'SELECT count(*) FROM {TABLE}')[0]} fact rows")
        if not Refresh.objects.exists():
            measure("first build (empty table)", cells.refresh)
        while DirtyCell.objects.exists():
            cells.fold()
        measure("full rebuild, figures already right", cells.refresh)
        started = time.monotonic()
        burst(rng)
        print(f"burst: 1,000 visits + 200 suggestion changes in "
              f"{time.monotonic() - started:.1f} s; {DirtyCell.objects.count()} marks")  # fmt: skip
        folded = measure("fold of the burst", cells.fold)
        print(f"  cells recomputed per metric: {folded['result']}")
        measure("fold of nothing", cells.fold)
        rebuilt = measure("full rebuild after the fold (safety net)", cells.refresh)
        print(f"  rows the rebuild still had to change: {sum(rebuilt['result'].values())}")
        if os.environ.get("BENCH_BASELINE"):
            real = cells._postgres
            cells._postgres = lambda: False  # the old way: replace every row
            try:
                measure("old full rebuild (delete + insert all)", cells.refresh)
            finally:
                cells._postgres = real
    finally:
        one(f"ALTER TABLE {TABLE} RESET (autovacuum_enabled)")


if __name__ == "__main__":
    main()

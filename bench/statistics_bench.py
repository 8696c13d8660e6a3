"""The statistics endpoints at Hunan's scale through the real HTTP stack, province and county.

    .venv/bin/python bench/statistics_bench.py            (after bench/generate.py)
    BENCH_ONLY=units .venv/bin/python bench/statistics_bench.py   (only labels containing these)

The harness of bench/dashboards_bench.py: gunicorn (2 workers, DEBUG off) on 127.0.0.1:$BENCH_PORT
against $DATABASE_URL, logged in through the login page as bench_province (a province leader)
and bench_county (洞口县); N requests per endpoint (p50 and p95), the queries of one request
counted in-process, and the plain SQL that computes the same figures from the base tables timed
in the same run. Target: p95 <= 300 ms, queries the same for the county and the province."""

import os
import statistics
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_PORT", "8118")
from bench.dashboards_bench import count_queries, login, pct, start_server, time_http, time_sql  # noqa: E402

today = date.today()
YEAR = today.year
QUARTER = (today.month - 1) // 3 + 1
Q_START = date(YEAR, 3 * (QUARTER - 1) + 1, 1)
Q_END = date(YEAR + (QUARTER == 4), 1 if QUARTER == 4 else 3 * QUARTER + 1, 1)
SERVING = "EXISTS (SELECT 1 FROM representatives_mandate m WHERE m.deputy_id = d.id AND m.status = 'serving')"


def deputies_sql(prefix: str, n: int) -> list[str]:
    """The composition: every dimension, the region one level down and the whole, one scan."""
    bands = ", ".join(
        f"count(*) FILTER (WHERE {c})"
        for c in ["gender = 'F'", "ethnicity <> '汉族'", "occupation IN ('worker','farmer')",
                  "affiliation NOT IN ('cpc','cpc_probationary')",
                  f"birth_date > DATE '{today}' - interval '35 years'"]
    )  # fmt: skip
    return [
        f"""SELECT substr(region_id,1,{n}), gender, ethnicity, occupation, affiliation, education,
            count(*), {bands} FROM representatives_deputy d WHERE region_id LIKE '{prefix}%' AND {SERVING}
            GROUP BY GROUPING SETS ((1), (gender), (ethnicity), (occupation), (affiliation), (education), ())"""
    ]


def stations_sql(prefix: str) -> list[str]:
    st = f"(SELECT id FROM liaison_stations_liaisonstation WHERE region_id LIKE '{prefix}%')"
    member = (
        "EXISTS (SELECT 1 FROM liaison_stations_stationmembership sm WHERE sm.station_id = v.station_id"
        " AND sm.deputy_id = v.deputy_id AND sm.end_date IS NULL)"
    )
    return [
        f"SELECT id, name, kind, region_id, rating FROM liaison_stations_liaisonstation WHERE region_id LIKE '{prefix}%'",
        f"""SELECT sm.station_id, count(DISTINCT sm.deputy_id) FROM liaison_stations_stationmembership sm
            JOIN representatives_deputy d ON d.id = sm.deputy_id WHERE sm.end_date IS NULL AND {SERVING}
            AND sm.station_id IN {st} GROUP BY 1""",
        f"""SELECT v.station_id, count(*), count(DISTINCT v.deputy_id) FILTER (WHERE {member})
            FROM liaison_stations_stationvisit v WHERE v.station_id IN {st}
            AND v.date >= '{Q_START}' AND v.date < '{Q_END}' GROUP BY 1""",
        f"""SELECT extract(month FROM date), count(*) FROM liaison_stations_stationvisit
            WHERE station_id IN {st} AND date >= '{YEAR}-01-01' AND date < '{YEAR + 1}-01-01' GROUP BY 1""",
        f"""SELECT station_id, count(*), count(*) FILTER (WHERE status = 'answered'),
            sum(answered_at - received_at) FILTER (WHERE status = 'answered' AND answered_at IS NOT NULL)
            FROM liaison_stations_opinion WHERE station_id IN {st}
            AND received_at >= '{YEAR}-01-01' AND received_at < '{YEAR + 1}-01-01' GROUP BY 1""",
    ]  # fmt: skip


def units_sql(prefix: str) -> list[str]:
    s = f"s.region_id LIKE '{prefix}%' AND s.status <> 'draft'"
    return [
        f"""SELECT a.unit_id, count(*), count(a.signed_at), count(*) FILTER (WHERE
            (a.signed_at AT TIME ZONE 'Asia/Shanghai')::date <= a.sign_due) FROM suggestions_assignment a
            JOIN suggestions_suggestion s ON s.id = a.suggestion_id WHERE a.is_active AND a.role = 'lead'
            AND {s} AND s.status <> 'withdrawn' GROUP BY 1""",
        f"""SELECT r.unit_id, r.result_class_id, count(*), count(*) FILTER (WHERE r.on_time)
            FROM suggestions_reply r JOIN suggestions_suggestion s ON s.id = r.suggestion_id
            WHERE r.round = 1 AND {s} GROUP BY 1, 2""",
        f"""SELECT p.unit_id, count(*), count(*) FILTER (WHERE t.result IN ('satisfied','basically'))
            FROM suggestions_rating t JOIN suggestions_reply p ON p.id = t.reply_id
            JOIN suggestions_suggestion s ON s.id = p.suggestion_id WHERE {s} AND NOT EXISTS (
              SELECT 1 FROM suggestions_rating t2 JOIN suggestions_reply p2 ON p2.id = t2.reply_id
              WHERE t2.deputy_id = t.deputy_id AND p2.suggestion_id = p.suggestion_id AND p2.round > p.round)
            GROUP BY 1""",
    ]  # fmt: skip


def regions_sql(prefix: str) -> list[str]:
    s = f"region_id LIKE '{prefix}%' AND status <> 'draft'"
    return [
        f"SELECT region_id, term_id, status, count(*) FROM suggestions_suggestion WHERE {s} GROUP BY 1, 2, 3",
        f"SELECT category_id, count(*) FROM suggestions_suggestion WHERE {s} GROUP BY 1",
    ]


SCOPES = [("province", "bench_province", "43", 4), ("county", "bench_county", "430525", 9)]
ENDPOINTS = [
    ("deputies/statistics", "/api/v1/deputies/statistics/", deputies_sql),
    ("deputies/statistics/export", "/api/v1/deputies/statistics/export/", deputies_sql),
    ("liaison/statistics", "/api/v1/liaison/statistics/", lambda p, n: stations_sql(p)),
    ("suggestions/stats/units", "/api/v1/suggestions/stats/units/", lambda p, n: units_sql(p)),
    (f"suggestions/stats/units?year={YEAR}", f"/api/v1/suggestions/stats/units/?year={YEAR}",
     lambda p, n: units_sql(p)),
    ("suggestions/stats/regions", "/api/v1/suggestions/stats/regions/", lambda p, n: regions_sql(p)),
]  # fmt: skip
CASES = [
    (f"{label} ({scope})", user, path, 300, sql(prefix, n))
    for label, path, sql in ENDPOINTS
    for scope, user, prefix, n in SCOPES
]
ONLY = [s for s in os.environ.get("BENCH_ONLY", "").split(",") if s]
if ONLY:
    CASES = [c for c in CASES if any(s in c[0] for s in ONLY)]


def main() -> None:
    import django

    django.setup()
    server = start_server()
    results, errors = [], []
    try:
        sessions = {}
        for label, user, path, target, sql in CASES:
            session = sessions.get(user) or sessions.setdefault(user, login(user))
            try:
                times = time_http(session, path)
            except RuntimeError as exc:
                errors.append(f"{label}: {exc}")
                continue
            q = count_queries(user, path)
            plain = time_sql(sql, rounds=3)
            results.append(
                (label, statistics.median(times), pct(times, 0.95), target, q, plain, len(times))
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
    for error in errors:
        print(f"ERROR {error}")
    print(f"\n{'endpoint':48} {'n':>3} {'p50':>9} {'p95':>9} {'queries':>7} {'plain SQL':>10}")
    for label, med, p95, target, q, plain, n in results:
        verdict = "PASS" if p95 <= target else "FAIL"
        print(f"{label:48} {n:3d} {med:7.1f}ms {p95:7.1f}ms {q:7d} {plain:8.1f}ms  {verdict}")
    print("\nplain SQL = the same figures computed from the base tables (median of 3), same run")
    print(
        f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (the machine is shared)"
    )


if __name__ == "__main__":
    main()

"""Dashboard and list-endpoint latency at Hunan's scale, through the real HTTP stack.

    .venv/bin/python bench/dashboards_bench.py            (after bench/generate.py)
    BENCH_ONLY=list,records .venv/bin/python bench/dashboards_bench.py   (only labels containing these)

Starts gunicorn (2 workers, DEBUG off) on 127.0.0.1:$BENCH_PORT against $DATABASE_URL
(default bench_province), logs in through the real login page, times N requests per endpoint
(median and p95), counts the queries of one request in-process (CaptureQueriesContext), and
times the plain SQL that computes the same figures from the base tables in the same run, to
report the ratio. Loopback only, bounded loops. Prints a table and PASS/FAIL against the targets
(province dashboard p95 <= 300 ms; list endpoints p95 <= 50 ms, queries not growing with the
page size)."""

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_province")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.dev")
os.environ["DJANGO_DEBUG"] = "0"
PORT = int(os.environ.get("BENCH_PORT", "8106"))
N = min(int(os.environ.get("BENCH_REQUESTS", "40")), 500)
BUDGET = float(
    os.environ.get("BENCH_SECONDS", "20")
)  # per endpoint: stop early (at least 5 samples)
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "Bench#2026x"  # set by bench/generate.py for its bench_* accounts

today = date.today()
QUARTER = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
Q_START = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
Q_END = date(Q_START.year + (Q_START.month + 2) // 12, (Q_START.month + 2) % 12 + 1, 1)


def dashboard_sql(prefix: str, n: int) -> list[str]:
    """The plain SQL that computes the dashboard's figures from the base tables, split by the
    next region level (n = its code length), for the region `prefix`."""
    return [
        # suggestions received this quarter by status; overdue now
        f"""SELECT substr(region_id,1,{n}), status, count(*) FROM suggestions_suggestion
            WHERE region_id LIKE '{prefix}%' AND submitted_at >= '{Q_START}' AND submitted_at < '{Q_END}' GROUP BY 1, 2""",
        f"""SELECT substr(region_id,1,{n}), count(*) FROM suggestions_suggestion WHERE region_id LIKE '{prefix}%'
            AND status IN ('assigned','signed','rehandling') AND reply_due < current_date GROUP BY 1""",
        # on-time replies and satisfaction by region and by unit this quarter
        f"""SELECT substr(s.region_id,1,{n}), r.unit_id, r.on_time, count(*) FROM suggestions_reply r
            JOIN suggestions_suggestion s ON s.id = r.suggestion_id WHERE s.region_id LIKE '{prefix}%'
            AND r.replied_at >= '{Q_START}' AND r.replied_at < '{Q_END}' GROUP BY 1, 2, 3""",
        f"""SELECT substr(s.region_id,1,{n}), r.unit_id, t.result, count(*) FROM suggestions_rating t
            JOIN suggestions_reply r ON r.id = t.reply_id JOIN suggestions_suggestion s ON s.id = r.suggestion_id
            WHERE s.region_id LIKE '{prefix}%' AND t.rated_at >= '{Q_START}' AND t.rated_at < '{Q_END}' GROUP BY 1, 2, 3""",
        # visits this quarter by region and kind; coverage: distinct deputies by region
        f"""SELECT substr(st.region_id,1,{n}), v.kind, count(*) FROM liaison_stations_stationvisit v
            JOIN liaison_stations_liaisonstation st ON st.id = v.station_id
            WHERE st.region_id LIKE '{prefix}%' AND v.date >= '{Q_START}' AND v.date < '{Q_END}' GROUP BY 1, 2""",
        f"""SELECT substr(d.region_id,1,{n}), count(DISTINCT v.deputy_id) FROM liaison_stations_stationvisit v
            JOIN representatives_deputy d ON d.id = v.deputy_id
            WHERE d.region_id LIKE '{prefix}%' AND v.date >= '{Q_START}' AND v.date < '{Q_END}' GROUP BY 1""",
        # serving mandates by region, level and composition
        f"""SELECT substr(d.region_id,1,{n}), c.level, d.gender, d.occupation, count(*) FROM representatives_mandate m
            JOIN representatives_deputy d ON d.id = m.deputy_id JOIN congress_congress c ON c.id = m.congress_id
            WHERE d.region_id LIKE '{prefix}%' AND m.end_date IS NULL GROUP BY 1, 2, 3, 4""",
        # stations by rating, opinions received this quarter
        f"""SELECT substr(region_id,1,{n}), rating, count(*) FROM liaison_stations_liaisonstation
            WHERE region_id LIKE '{prefix}%' GROUP BY 1, 2""",
        f"""SELECT substr(st.region_id,1,{n}), o.status, count(*) FROM liaison_stations_opinion o
            JOIN liaison_stations_liaisonstation st ON st.id = o.station_id WHERE st.region_id LIKE '{prefix}%'
            AND o.received_at >= '{Q_START}' AND o.received_at < '{Q_END}' GROUP BY 1, 2""",
    ]  # fmt: skip


PROVINCE_SQL = dashboard_sql("43", 4)
COUNTY_SQL = dashboard_sql("430525", 9)
# (label, account, path, target p95 ms, kind, plain SQL doing the same work on the base tables)


def capped_count(from_where: str) -> str:
    """The list's count as the API computes it (congress/pagination.py: at most 10,001 rows)."""
    return f"SELECT count(*) FROM (SELECT 1 FROM {from_where} LIMIT 10001) q"


def list_sql(table: str, where: str, order: str, size: int) -> list[str]:
    return [
        capped_count(f"{table} WHERE {where}"),
        f"SELECT * FROM {table} WHERE {where} ORDER BY {order} LIMIT {size}",
    ]


CASES = [
    ("province dashboard (quarter)", "bench_province", f"/api/v1/dashboard/?period=quarter&value={QUARTER}", 300, "dashboard", PROVINCE_SQL),
    ("province dashboard (year)", "bench_province", f"/api/v1/dashboard/?period=year&value={today.year}", 300, "dashboard", PROVINCE_SQL),
    ("county dashboard (quarter)", "bench_county", f"/api/v1/dashboard/?period=quarter&value={QUARTER}", 300, "dashboard",
     COUNTY_SQL),
    ("deputies list (province)", "bench_province", "/api/v1/deputies/?page_size=20", 50, "list",
     list_sql("representatives_deputy", "region_id LIKE '43%'", "region_id, name_initials, id", 20)),
    ("deputies list (county)", "bench_county", "/api/v1/deputies/?page_size=20", 50, "list",
     list_sql("representatives_deputy", "region_id LIKE '430525%'", "region_id, name_initials, id", 20)),
    ("suggestions list (province)", "bench_province", "/api/v1/suggestions/?page_size=20", 50, "list",
     list_sql("suggestions_suggestion", "region_id LIKE '43%' AND status <> 'draft'", "created_at DESC, id DESC", 20)),
    ("suggestions list (county)", "bench_county", "/api/v1/suggestions/?page_size=20", 50, "list",
     list_sql("suggestions_suggestion", "region_id LIKE '430525%' AND status <> 'draft'", "created_at DESC, id DESC", 20)),
    ("suggestions overdue (county)", "bench_county", "/api/v1/suggestions/?box=overdue&page_size=20", 50, "list",
     list_sql("suggestions_suggestion", "region_id LIKE '430525%' AND status IN ('assigned','signed','rehandling') AND reply_due < current_date", "reply_due, id", 20)),
    ("visits list (province)", "bench_province", "/api/v1/liaison/visits/?page_size=20", 50, "list",
     [capped_count("liaison_stations_stationvisit v JOIN liaison_stations_liaisonstation s ON s.id = v.station_id WHERE s.region_id LIKE '43%'"),
      "SELECT v.* FROM liaison_stations_stationvisit v JOIN liaison_stations_liaisonstation s ON s.id = v.station_id WHERE s.region_id LIKE '43%' ORDER BY v.date DESC, v.id DESC LIMIT 20"]),
    ("visits list (county)", "bench_county", "/api/v1/liaison/visits/?page_size=20", 50, "list",
     [capped_count("liaison_stations_stationvisit v JOIN liaison_stations_liaisonstation s ON s.id = v.station_id WHERE s.region_id LIKE '430525%'"),
      "SELECT v.* FROM liaison_stations_stationvisit v JOIN liaison_stations_liaisonstation s ON s.id = v.station_id WHERE s.region_id LIKE '430525%' ORDER BY v.date DESC, v.id DESC LIMIT 20"]),
    ("opinions list (province)", "bench_province", "/api/v1/liaison/opinions/?page_size=20", 50, "list",
     list_sql("liaison_stations_opinion", "true", "received_at DESC, id DESC", 20)),
    ("opinions list (county)", "bench_county", "/api/v1/liaison/opinions/?page_size=20", 50, "list",
     [capped_count("liaison_stations_opinion o JOIN liaison_stations_liaisonstation s ON s.id = o.station_id WHERE s.region_id LIKE '430525%'"),
      "SELECT o.* FROM liaison_stations_opinion o JOIN liaison_stations_liaisonstation s ON s.id = o.station_id WHERE s.region_id LIKE '430525%' ORDER BY o.received_at DESC, o.id DESC LIMIT 20"]),
    ("dashboard records: visits (province)", "bench_province", f"/api/v1/dashboard/records/?list=visits&period=quarter&value={QUARTER}&limit=20", 50, "list",
     [f"SELECT v.* FROM liaison_stations_stationvisit v JOIN liaison_stations_liaisonstation s ON s.id = v.station_id WHERE s.region_id LIKE '43%' AND v.date >= '{Q_START}' AND v.date < '{Q_END}' ORDER BY v.station_id, v.date DESC, v.id DESC LIMIT 21"]),
    ("dashboard records: overdue (province)", "bench_province", "/api/v1/dashboard/records/?list=suggestions&box=overdue&limit=20", 50, "list",
     list_sql("suggestions_suggestion", "region_id LIKE '43%' AND status IN ('assigned','signed','rehandling') AND reply_due < current_date", "reply_due, id", 21)[1:]),
]  # fmt: skip


ONLY = [s for s in os.environ.get("BENCH_ONLY", "").split(",") if s]  # label substrings
if ONLY:
    CASES = [c for c in CASES if any(s in c[0] for s in ONLY)]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def start_server() -> subprocess.Popen:
    env = dict(os.environ, DJANGO_DEBUG="0", DATABASE_CONN_MAX_AGE="600")
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "congress.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "2",
         "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    import requests

    for _ in range(100):
        try:
            if requests.get(f"{BASE}/healthz", timeout=1).status_code in (200, 503):
                return proc
        except requests.RequestException:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def login(username: str):
    import requests

    session = requests.Session()
    session.get(f"{BASE}/login/", timeout=10)
    token = session.cookies.get("csrftoken")
    r = session.post(
        f"{BASE}/login/", data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{BASE}/login/"}, timeout=30,
    )  # fmt: skip
    if "/login/" in r.url:
        raise SystemExit(f"could not log in as {username} (run bench/generate.py first)")
    return session


def time_http(session, path: str) -> list[float]:
    for _ in range(4):  # warm-up: both workers' connections and caches
        r = session.get(BASE + path, timeout=120)
        if r.status_code != 200:
            raise RuntimeError(f"HTTP {r.status_code}")
    out, started = [], time.monotonic()
    for _ in range(N):
        t = time.perf_counter()
        session.get(BASE + path, timeout=120)
        out.append((time.perf_counter() - t) * 1000)
        if time.monotonic() - started > BUDGET and len(out) >= 5:
            break
    return out


def time_cold(username: str, path: str, rounds: int = 5) -> float:
    """The dashboard computed without the cache (what the first viewer after a refresh waits)."""
    from urllib.parse import parse_qs, urlparse

    from congress.dashboards import selectors
    from congress.models import User

    viewer = User.objects.get(username=username)
    q = {k: v[0] for k, v in parse_qs(urlparse(path).query).items()}
    region = selectors.region_for(viewer=viewer, code=q.get("region"))
    period = selectors.period_from(
        region=region, kind=q.get("period", ""), value=q.get("value", "")
    )
    runs = []
    for _ in range(rounds):
        t = time.perf_counter()
        selectors.dashboard_get(viewer=viewer, region=region, period=period)
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs)


def time_sql(statements: list[str], rounds: int = 5) -> float:
    from django.db import connection

    runs = []
    with connection.cursor() as cursor:
        for _ in range(rounds):
            t = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
            runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs)


def count_queries(username: str, path: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from congress.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx)


def main() -> None:
    # Other apps add migrations during the day: bring the bench database up to date first.
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
        check=True,
        cwd=ROOT,
    )
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM liaison_stations_stationvisit")
        visits = cursor.fetchone()[0]
        cursor.execute("SELECT max(refreshed_at), sum(seconds) FROM dashboards_refresh")
        refreshed, refresh_seconds = cursor.fetchone()
    print(
        f"dashboards bench: {visits:,} station visits; facts refreshed {refreshed} (took {refresh_seconds or 0:.1f}s); N={N} per endpoint"
    )
    server = start_server()
    results, failed, errors = [], [], []
    try:
        sessions = {}
        for label, user, path, target, kind, sql in CASES:
            session = sessions.get(user) or sessions.setdefault(user, login(user))
            try:
                times = time_http(session, path)
            except RuntimeError as exc:
                errors.append(f"{label}: {exc}")
                failed.append(label)
                continue
            q = count_queries(user, path)
            grows = ""
            if kind == "list":
                bigger = path.replace("page_size=20", "page_size=100").replace(
                    "limit=20", "limit=100"
                )
                q_big = count_queries(user, bigger)
                grows = "" if q_big == q else f" (grows to {q_big} at 100/page)"
            plain = time_sql(sql)
            cold = (
                f" (uncached compute {time_cold(user, path):.0f}ms)" if kind == "dashboard" else ""
            )
            med, p95 = statistics.median(times), pct(times, 0.95)
            ok = p95 <= target and not grows
            results.append((label, med, p95, target, q, grows + cold, plain, ok, len(times)))
            if not ok:
                failed.append(label)
    finally:
        server.terminate()
        server.wait(timeout=10)
    load = os.getloadavg()[0]
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / "dashboards.json").write_text(json.dumps(results, indent=1, default=str))
    for error in errors:
        print(f"ERROR {error}")
    print(
        f"\n{'endpoint':40} {'n':>3} {'median':>8} {'p95':>8} {'target':>7} {'queries':>7} {'plain SQL':>10} {'ratio':>7}"
    )
    for label, med, p95, target, q, notes, plain, ok, n in results:
        verdict = "PASS" if ok else "FAIL"
        print(
            f"{label:40} {n:3d} {med:7.1f}ms {p95:7.1f}ms {target:5d}ms {q:7d} {plain:8.1f}ms {p95 / plain:6.2f}x  {verdict}{notes}"
        )
    print(
        "\nratio = HTTP p95 / the plain SQL computing the same figures from the base tables (median of 5), same run"
    )
    print(f"load average at the end: {load:.1f} on {os.cpu_count()} cores (the machine is shared)")
    total = len(results) + len(errors)
    print(
        f"{total - len(failed)}/{total} within target"
        + (f"; over: {', '.join(failed)}" if failed else "")
    )


if __name__ == "__main__":
    main()

"""The single-user list and search endpoints issue 18 found slow at Hunan's scale, through the
real HTTP stack, each beside the plain SQL of the same page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_province .venv/bin/python bench/lists_bench.py
    BENCH_ONLY=search,queue .venv/bin/python bench/lists_bench.py   (only labels containing these)

Uses bench/dashboards_bench.py's harness (gunicorn on loopback, a logged-in session, N timed
requests, the queries of one request counted in-process, the plain SQL timed in the same run).
The search terms are taken from the data (a three-character name, its surname and first two
characters, its pinyin initials, a word of a suggestion's title) and a deputy account is made
for a deputy who leads or co-signs suggestions (bench_lists_deputy), so the figures do not
depend on what the generator happened to name. Targets: p95 <= 50 ms and <= 3x the plain SQL;
the query count the same at page_size=20 and 100."""

import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("BENCH_PORT", "8116")
import dashboards_bench as harness  # noqa: E402

TARGET_MS, RATIO = 50, 3.0
COUNTY = "430525"


def capped(from_where: str) -> str:
    return f"SELECT count(*) FROM (SELECT 1 FROM {from_where} LIMIT 10001) q"


def terms() -> dict:
    """Search terms and ids from the data itself."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, name_initials FROM representatives_deputy WHERE char_length(name) = 3 "
            "AND name_initials <> '' ORDER BY id LIMIT 1 OFFSET 5000"
        )
        name, initials = cursor.fetchone()
        cursor.execute(
            "SELECT title FROM suggestions_suggestion WHERE status <> 'draft' ORDER BY id LIMIT 1 OFFSET 7000"
        )
        title = cursor.fetchone()[0]
    word = title.removeprefix("关于")[2:5] if title.startswith("关于") else title[:3]
    # and a rare one: the generator's titles share their words and end in a number
    rare = title[-4:] if title[-4:].isdigit() else title[-3:]
    return {"name": name, "surname": name[0], "two": name[:2], "initials": initials[:2],
            "word": word, "rare": rare}  # fmt: skip


def deputy_account() -> tuple[str, int]:
    """bench_lists_deputy: the account of a deputy who leads one suggestion and co-signs one."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from congress.models import Role, User
    from representatives.models import Deputy

    user = User.objects.filter(username="bench_lists_deputy").first()
    if user is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.deputy_id FROM suggestions_cosigner c JOIN representatives_deputy d "
                "ON d.id = c.deputy_id WHERE d.user_id IS NULL AND EXISTS (SELECT 1 FROM "
                "suggestions_suggestion s WHERE s.lead_deputy_id = c.deputy_id) LIMIT 1"
            )
            row = cursor.fetchone()
            if row is None:  # no co-signers in the data: a lead deputy will do
                cursor.execute(
                    "SELECT lead_deputy_id FROM suggestions_suggestion s JOIN representatives_deputy d "
                    "ON d.id = s.lead_deputy_id WHERE d.user_id IS NULL LIMIT 1"
                )
                row = cursor.fetchone()
        user = User.objects.create(
            username="bench_lists_deputy", role=Role.DEPUTY, name="bench deputy",
            password=make_password(harness.PASSWORD),
        )  # fmt: skip
        Deputy.objects.filter(pk=row[0]).update(user=user)
    return user.username, Deputy.objects.get(user=user).pk


def cases() -> list:
    t = terms()
    deputy_user, deputy_id = deputy_account()
    dep = "representatives_deputy"
    county_visits = (
        "liaison_stations_stationvisit v WHERE NOT v.confirmed AND v.station_id IN "
        f"(SELECT id FROM liaison_stations_liaisonstation WHERE region_id LIKE '{COUNTY}%')"
    )
    county_all = county_visits.replace("NOT v.confirmed AND ", "")
    own = (
        f"suggestions_suggestion s WHERE s.id IN (SELECT id FROM suggestions_suggestion WHERE lead_deputy_id = {deputy_id} "
        f"UNION SELECT suggestion_id FROM suggestions_cosigner WHERE deputy_id = {deputy_id})"
    )

    def text_where(word: str) -> str:
        return (
            "suggestions_suggestion WHERE region_id LIKE '43%' AND status <> 'draft' AND "
            f"(upper(title) LIKE '%{word.upper()}%' OR upper(body) LIKE '%{word.upper()}%')"
        )

    def name_sql(where: str, order: str = "region_id, name_initials, id", offset: int = 0):
        return [capped(f"{dep} WHERE region_id LIKE '43%' AND ({where})"),
                f"SELECT * FROM {dep} WHERE region_id LIKE '43%' AND ({where}) ORDER BY {order} "
                f"LIMIT 20 OFFSET {offset}"]  # fmt: skip

    def q(term: str) -> str:
        return f"/api/v1/deputies/?q={term}&page_size=20"

    return [
        (f"deputy search, name {t['name']} (province)", "bench_province", q(t["name"]),
         name_sql(f"name LIKE '%{t['name']}%'")),
        (f"deputy search, two chars {t['two']} (province)", "bench_province", q(t["two"]),
         name_sql(f"name LIKE '%{t['two']}%'")),
        (f"deputy search, surname {t['surname']} (province)", "bench_province", q(t["surname"]),
         name_sql(f"name LIKE '%{t['surname']}%'")),
        (f"deputy search, pinyin {t['initials']} (province)", "bench_province", q(t["initials"]),
         name_sql(f"name_initials LIKE '{t['initials']}%'")),
        ("deputies ordering=name page=500 (province)", "bench_province",
         "/api/v1/deputies/?ordering=name&page=500&page_size=20",
         name_sql("true", "name_initials, name, id", 9980)),
        *(
            (f"suggestion text search {t[key]} (province)", "bench_province",
             f"/api/v1/suggestions/?box=all&q={t[key]}&page_size=20",
             [capped(text_where(t[key])), f"SELECT * FROM {text_where(t[key])} ORDER BY created_at DESC, id DESC LIMIT 20"])
            for key in ("word", "rare")
        ),
        ("a deputy's own suggestions", deputy_user, "/api/v1/suggestions/?page_size=20",
         [capped(own), f"SELECT * FROM {own} ORDER BY created_at DESC, id DESC LIMIT 20"]),
        ("visits queue confirmed=false (county)", "bench_county",
         "/api/v1/liaison/visits/?confirmed=false&page_size=20",
         [capped(county_visits), f"SELECT * FROM {county_visits} ORDER BY date DESC, id DESC LIMIT 20"]),
        ("visits page=500 (county)", "bench_county", "/api/v1/liaison/visits/?page=500&page_size=20",
         [capped(county_all), f"SELECT * FROM {county_all} ORDER BY date DESC, id DESC LIMIT 20 OFFSET 9980"]),
        ("stations list (province)", "bench_province", "/api/v1/liaison/stations/?page_size=20",
         [capped("liaison_stations_liaisonstation WHERE region_id LIKE '43%'"),
          "SELECT s.*, (SELECT count(*) FROM liaison_stations_stationmembership m WHERE m.station_id = s.id "
          "AND m.end_date IS NULL) FROM liaison_stations_liaisonstation s WHERE region_id LIKE '43%' "
          "ORDER BY region_id, name, id LIMIT 20"]),
    ]  # fmt: skip


def start_server():
    """gunicorn as the dashboards bench starts it, with the app loaded before the workers fork
    (--preload) and a generous timeout: on this shared machine a worker importing the project
    on its first request took longer than gunicorn's default 30 s."""
    import subprocess
    import time

    import requests

    env = dict(os.environ, DJANGO_DEBUG="0", DATABASE_CONN_MAX_AGE="600")
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "congress.wsgi", "-b", f"127.0.0.1:{harness.PORT}",
         "-w", "2", "--preload", "--timeout", "120", "--access-logfile", "/dev/null",
         "--error-logfile", "-", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(300):
        try:
            if requests.get(f"{harness.BASE}/healthz", timeout=5).status_code in (200, 503):
                return proc
        except requests.RequestException:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def main() -> None:
    import subprocess

    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
                   check=True, cwd=ROOT)  # fmt: skip
    import django

    django.setup()
    rows, failed = [], []
    selected = cases()
    only = [s for s in os.environ.get("BENCH_ONLY", "").split(",") if s]
    if only:
        selected = [c for c in selected if any(s in c[0] for s in only)]
    server = start_server()
    try:
        sessions = {}
        for label, user, path, sql in selected:
            session = sessions.get(user) or sessions.setdefault(user, harness.login(user))
            try:
                times = harness.time_http(session, path)
            except RuntimeError as exc:
                print(f"ERROR {label}: {exc}", flush=True)
                failed.append(label)
                continue
            queries = harness.count_queries(user, path)
            # the same rows' offset at 100 a page (page 500 of 100 would be past the 10,000 cap)
            big = path.replace("page=500&page_size=20", "page=100&page_size=100")
            bigger = harness.count_queries(user, big.replace("page_size=20", "page_size=100"))
            plain = harness.time_sql(sql)
            med, p95 = statistics.median(times), harness.pct(times, 0.95)
            ok = p95 <= TARGET_MS and p95 <= max(RATIO * plain, TARGET_MS / 5) and bigger == queries
            rows.append((label, len(times), med, p95, queries, bigger, plain, ok))
            print(f"{label}: median {med:.1f} ms, p95 {p95:.1f} ms, {queries} queries, "
                  f"plain SQL {plain:.1f} ms", flush=True)  # fmt: skip
            if not ok:
                failed.append(label)
    finally:
        server.terminate()
        server.wait(timeout=60)
    print(
        f"\n{'endpoint':50} {'n':>3} {'median':>8} {'p95':>8} {'queries':>9} {'plain SQL':>9} {'ratio':>6}"
    )
    for label, n, med, p95, queries, bigger, plain, ok in rows:
        grows = "" if bigger == queries else f" (grows to {bigger} at 100/page)"
        print(f"{label:50} {n:3d} {med:7.1f}ms {p95:7.1f}ms {queries:5d}     {plain:7.1f}ms "
              f"{p95 / plain:5.1f}x  {'PASS' if ok else 'FAIL'}{grows}")  # fmt: skip
    print(
        f"\ntarget: p95 <= {TARGET_MS} ms and <= {RATIO:.0f}x the plain SQL (a plain SQL under "
        f"{TARGET_MS / 5 / RATIO:.1f} ms counts as {TARGET_MS / 5 / RATIO:.1f} ms: HTTP, session "
        "and serialisation cost about 10 ms alone)"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"{len(rows) - len(failed)}/{len(rows)} within target"
        + (f"; over: {', '.join(failed)}" if failed else "")
    )


if __name__ == "__main__":
    main()

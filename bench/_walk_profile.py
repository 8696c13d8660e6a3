"""What each request of the locust mix costs in Python, in-process (issue 18 item 6).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_<you> .venv/bin/python bench/_walk_profile.py [rounds]

Sends the mix's GET requests (bench/locustfile.py) through Django's full handler and
middleware stack with the test client, each role logged in, and reports the process CPU per
request (time.process_time: Python, not the database's own time) and then, under cProfile,
where that time goes: by area (session, middleware, audit, DRF serializers, ORM compile,
waiting on PostgreSQL...) and the top functions by own time."""

import cProfile
import os
import pstats
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TODAY = date.today()
DASHBOARD = os.environ.get("PROFILE_DASHBOARD", "1") == "1"
QUARTER = f"{TODAY.year}-Q{(TODAY.month - 1) // 3 + 1}"
AREAS = [  # (label, path fragment), the first that matches a function's file wins
    ("PostgreSQL (waiting in psycopg2)", "psycopg2"),
    ("sessions", "django/contrib/sessions"),
    ("auth (user lookup)", "django/contrib/auth"),
    ("audit", "congress/audit"),
    ("congress middleware", "congress/middleware"),
    ("csp / axes / whitenoise", ("csp/", "axes/", "whitenoise/")),
    ("django middleware", "django/middleware"),
    (
        "DRF serializers/fields",
        ("rest_framework/serializers", "rest_framework/fields", "rest_framework/relations"),
    ),
    ("DRF views/request/renderers", "rest_framework/"),
    ("django-filter", "django_filters/"),
    ("ORM (query building, model init)", "django/db/"),
    ("URL resolving", "django/urls/"),
    ("translation", ("django/utils/translation", "gettext")),
    ("templates", "django/template"),
    ("JSON", "json/"),
    ("other django", "django/"),
    ("project code (selectors, api)", str(ROOT)),
]


def requests_of_the_mix(station_code: str, station: int) -> list[tuple[str, str]]:
    return [
        ("county_staff", "/api/v1/deputies/?page_size=20"),
        ("county_staff", "/api/v1/deputies/?q=王"),
        ("county_staff", "/api/v1/suggestions/?page_size=20"),
        ("county_staff", "/api/v1/liaison/visits/?confirmed=false&page_size=20"),
        ("county_staff", "/api/v1/liaison/stations/"),
        ("county_staff", "/api/v1/todo/"),
        ("province_staff", "/api/v1/deputies/?page_size=20"),
        ("deputy", "/api/v1/me/"),
        ("deputy", "/api/v1/deputies/me/"),
        ("deputy", "/api/v1/liaison/my-station/"),
        ("deputy", "/api/v1/suggestions/?page_size=20"),
        *([("leader", f"/api/v1/dashboard/?period=quarter&value={QUARTER}")] if DASHBOARD else []),
        ("anonymous", f"/api/v1/public/stations/{station_code}/"),
        ("county_staff", "/bench/ping/"),
    ]


def area_of(filename: str) -> str:
    for label, fragments in AREAS:
        if any(f in filename for f in ([fragments] if isinstance(fragments, str) else fragments)):
            return label
    return "other (stdlib, C)"


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_province")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django  # noqa: PLC0415

    django.setup()
    from django.test import Client  # noqa: PLC0415

    from bench._walk_accounts import ensure_accounts  # noqa: PLC0415
    from congress.models import User  # noqa: PLC0415
    from liaison_stations.models import LiaisonStation  # noqa: PLC0415

    accounts = ensure_accounts()
    station = LiaisonStation.objects.filter(memberships__deputy__user__username="walk_deputy")
    station = station.first() or LiaisonStation.objects.order_by("id").first()
    clients = {}
    for role, username in accounts.items():
        clients[role] = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
        if username:
            clients[role].force_login(User.objects.get(username=username))
    mix = requests_of_the_mix(station.public_code, station.pk)
    for role, path in mix:  # warm-up; and every answer must be a 200
        status = clients[role].get(path).status_code
        if status != 200:
            print(f"  {path} as {role}: HTTP {status}")
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        for role, path in mix:
            clients[role].get(path)
    n = rounds * len(mix)
    cpu, wall = (time.process_time() - cpu) * 1000 / n, (time.perf_counter() - wall) * 1000 / n
    print(
        f"{n} requests of the mix in-process: {cpu:.1f} ms of Python CPU and {wall:.1f} ms wall per request"
    )
    per_path = {}
    for role, path in mix:
        t = time.process_time()
        for _ in range(max(3, rounds // 2)):
            clients[role].get(path)
        per_path[(role, path)] = (time.process_time() - t) * 1000 / max(3, rounds // 2)
    for (role, path), ms in per_path.items():
        print(f"  {ms:6.1f} ms CPU  {role:15} {path}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        for role, path in mix:
            clients[role].get(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    by_area, total = defaultdict(float), 0.0
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():
        by_area[area_of(filename)] += tottime
        total += tottime
    print(
        f"\nunder cProfile ({n} requests, {total * 1000 / n:.1f} ms per request with the profiler's overhead):"
    )
    for label, seconds in sorted(by_area.items(), key=lambda kv: -kv[1]):
        print(f"  {seconds * 1000 / n:6.2f} ms  {100 * seconds / total:4.1f} %  {label}")
    print("\ntop functions by own time:")
    stats.sort_stats("tottime").print_stats(25)
    load = os.getloadavg()
    print(f"load average: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()

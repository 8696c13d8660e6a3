"""Throughput of the realistic mix beside the stack's own ceiling, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_<you> .venv/bin/python bench/locustfile.py
    ... bench/locustfile.py --users 2,4,8,16,32 --seconds 20

Starts gunicorn with 4 workers on loopback (bench/settings.py: DEBUG off, /bench/ping/), makes
the accounts (bench/_walk_accounts.py) and then, for each number of users, runs locust
headless twice: PingUser alone (a logged-in GET of /bench/ping/: every middleware, the session
and the user, no query of its own: the ceiling) and the mix alone (StaffUser, DeputyUser,
LeaderUser, CitizenUser with the weights below). Prints requests/s, p50/p95 and 5xx per step,
the knee (the first step whose throughput grows by less than 10 % over the previous one), and
the mix's share of the ceiling. Locust's users wait 0.1-0.5 s between requests, like a busy
office rather than a flood; as a locustfile (`locust -f bench/locustfile.py`) it works too."""

import csv
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

from locust import HttpUser, between, task

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Bench#2026x"
TODAY = date.today()
QUARTER = f"{TODAY.year}-Q{(TODAY.month - 1) // 3 + 1}"
# Filled from the environment by the driver below (real ids of the bench database).
STATION = os.environ.get("BENCH_STATION", "")
STATION_CODE = os.environ.get("BENCH_STATION_CODE", "")
NAMES = os.environ.get("BENCH_NAMES", "王").split(",")
REPORTED_5XX = "5xx"
# Sessions made by the driver (username:key,...): a locust user starts logged in, so the
# measured window holds no argon2 logins (one per user, seconds each on a loaded machine).
SESSIONS: dict[str, list[str]] = {}
for _pair in filter(None, os.environ.get("BENCH_SESSIONS", "").split(",")):
    SESSIONS.setdefault(_pair.split(":")[0], []).append(_pair.split(":")[1])
CSRF = "b" * 32  # a CSRF secret of our own: the cookie and the header agree


class LoggedIn(HttpUser):
    abstract = True
    wait_time = between(0.1, 0.5)
    username = ""

    def on_start(self):
        if SESSIONS.get(self.username):
            self.client.cookies.set("sessionid", random.choice(SESSIONS[self.username]))
            self.client.cookies.set("csrftoken", CSRF)
            return
        self.client.get("/login/", name="login")
        self.client.post(
            "/login/",
            data={"username": self.username, "password": PASSWORD,
                  "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
            headers={"Referer": self.host + "/login/"}, name="login",
        )  # fmt: skip

    def get(self, path: str, name: str):
        with self.client.get(path, name=name, catch_response=True) as r:
            if r.status_code >= 500:
                r.failure(REPORTED_5XX)
            elif r.status_code >= 400:
                r.failure(f"HTTP {r.status_code}")


class PingUser(LoggedIn):
    username = "walk_county_staff"

    @task
    def ping(self):
        self.get("/bench/ping/", "ping")


class StaffUser(LoggedIn):
    """County (and now and then province) staff: registers, searches, queues."""

    weight = 5
    username = "walk_county_staff"

    def on_start(self):
        if random.random() < 0.3:
            self.username = "walk_province_staff"
        super().on_start()

    @task(4)
    def deputies(self):
        self.get("/api/v1/deputies/?page_size=20", "deputies list")

    @task(2)
    def deputy_search(self):
        self.get(f"/api/v1/deputies/?q={random.choice(NAMES)}", "deputies search")

    @task(3)
    def suggestions(self):
        self.get("/api/v1/suggestions/?page_size=20", "suggestions list")

    @task(1)
    def suggestion_search(self):
        self.get("/api/v1/suggestions/?q=道路", "suggestions search")

    @task(2)
    def visits_queue(self):
        self.get("/api/v1/liaison/visits/?confirmed=false&page_size=20", "visits queue")

    @task(1)
    def stations(self):
        self.get("/api/v1/liaison/stations/", "stations list")

    @task(1)
    def todo(self):
        self.get("/api/v1/todo/", "todo")


class DeputyUser(LoggedIn):
    """A deputy on the phone: home, own station, own suggestions, logging a visit."""

    weight = 3
    username = "walk_deputy"

    @task(3)
    def home(self):
        self.get("/api/v1/me/", "me")
        self.get("/api/v1/deputies/me/", "deputy me")

    @task(2)
    def my_station(self):
        self.get("/api/v1/liaison/my-station/", "my station")

    @task(2)
    def my_suggestions(self):
        self.get("/api/v1/suggestions/?page_size=20", "own suggestions")

    @task(1)
    def log_visit(self):
        with self.client.post(
            "/api/v1/liaison/visits/",
            json={"station": int(STATION or 0), "date": TODAY.isoformat(), "kind": "reception",
                  "people_received": 3, "matters": "接待群众反映道路维修问题"},
            headers={"X-CSRFToken": self.client.cookies.get("csrftoken", CSRF),
                     "Referer": self.host + "/"},
            name="log visit", catch_response=True,
        ) as r:  # fmt: skip
            if r.status_code >= 500:
                r.failure(REPORTED_5XX)
            elif r.status_code not in (200, 201):
                r.failure(f"HTTP {r.status_code}: {r.text[:80]}")


class LeaderUser(LoggedIn):
    weight = 1
    username = "walk_leader"

    @task(3)
    def dashboard(self):
        self.get(f"/api/v1/dashboard/?period=quarter&value={QUARTER}", "dashboard")

    @task(1)
    def dashboard_year(self):
        self.get(f"/api/v1/dashboard/?period=year&value={TODAY.year}", "dashboard year")


class CitizenUser(HttpUser):
    """A citizen who scanned the station's QR code (no account)."""

    weight = 2
    wait_time = between(0.1, 0.5)

    @task(2)
    def station_page(self):
        self.client.get(f"/s/{STATION_CODE}/", name="public station page")

    @task(1)
    def station_api(self):
        self.client.get(f"/api/v1/public/stations/{STATION_CODE}/", name="public station api")


MIX = ["StaffUser", "DeputyUser", "LeaderUser", "CitizenUser"]


def _csv(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def run_step(classes: list[str], users: int, seconds: int, port: int, env: dict) -> dict:
    prefix = f"/tmp/locust-walk-{os.getpid()}"
    cmd = [str(Path(sys.executable).parent / "locust"), "-f", __file__, "--headless",
           "-u", str(users), "-r", str(max(1, users)), "-t", f"{seconds}s",
           "--host", f"http://127.0.0.1:{port}", "--csv", prefix, "--only-summary",
           "--loglevel", "WARNING", *classes]  # fmt: skip
    subprocess.run(cmd, cwd=ROOT, env=env, check=False, capture_output=True)
    stats, failures = _csv(f"{prefix}_stats.csv"), _csv(f"{prefix}_failures.csv")
    total = next(r for r in stats if r["Name"] == "Aggregated")
    login = next((r for r in stats if r["Name"] == "login"), None)
    n_login = int(login["Request Count"]) if login else 0
    count = int(total["Request Count"]) - n_login
    return {
        "users": users,
        # logins happen once per user at the start: left out of the rate and the percentiles
        "rps": count / seconds,
        "p50": max(float(r["50%"]) for r in stats if r["Name"] not in ("login", "Aggregated"))
        if count else 0.0,
        "p95": float(total["95%"]),
        "5xx": sum(int(f["Occurrences"]) for f in failures if REPORTED_5XX in f["Error"]),
        "other failures": {f["Name"] + ": " + f["Error"][:60]: int(f["Occurrences"])
                           for f in failures if REPORTED_5XX not in f["Error"]},
        "per name": {r["Name"]: (int(r["Request Count"]), float(r["95%"])) for r in stats
                     if r["Name"] not in ("Aggregated",)},
    }  # fmt: skip


def make_sessions(accounts: dict, per_user: int) -> str:
    """Logged-in sessions made as django.contrib.auth.login makes them, without the form."""
    from importlib import import_module  # noqa: PLC0415

    from django.conf import settings  # noqa: PLC0415
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: PLC0415

    from congress.models import User  # noqa: PLC0415

    store = import_module(settings.SESSION_ENGINE).SessionStore
    pairs = []
    for username in filter(None, accounts.values()):
        user = User.objects.get(username=username)
        for _ in range(per_user):
            session = store()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            pairs.append(f"{username}:{session.session_key}")
    return ",".join(pairs)


def knee(steps: list[dict]) -> dict:
    for before, after in zip(steps, steps[1:], strict=False):
        if after["rps"] < before["rps"] * 1.10:
            return before
    return steps[-1]


def main() -> int:
    import argparse  # noqa: PLC0415

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="2,4,8,16,32")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8118")))
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_province")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DJANGO_DEBUG"] = "0"
    import django  # noqa: PLC0415

    django.setup()
    from bench._walk_accounts import ensure_accounts  # noqa: PLC0415
    from bench._walk_http import start_gunicorn, stop  # noqa: PLC0415
    from liaison_stations.models import LiaisonStation  # noqa: PLC0415
    from representatives.models import Deputy  # noqa: PLC0415

    accounts = ensure_accounts()
    station = LiaisonStation.objects.filter(memberships__deputy__user__username="walk_deputy")
    station = station.first() or LiaisonStation.objects.order_by("id").first()
    names = list(Deputy.objects.filter(region__code__startswith="430525")
                 .values_list("name", flat=True)[:50])  # fmt: skip
    env = dict(os.environ, BENCH_SESSIONS=make_sessions(accounts, 8), BENCH_STATION=str(station.pk), BENCH_STATION_CODE=station.public_code,
               BENCH_NAMES=",".join(names) or "王", DATABASE_CONN_MAX_AGE="600")  # fmt: skip
    server = start_gunicorn(args.port, args.workers, env)
    rows = []
    try:
        for users in [int(u) for u in args.users.split(",")]:
            for label, classes in (("ceiling", ["PingUser"]), ("mix", MIX)):
                step = run_step(classes, users, args.seconds, args.port, env)
                step["label"], step["load"] = label, os.getloadavg()[0]
                rows.append(step)
                print(f"{label:8} {users:3d} users {step['rps']:7.1f} req/s  p95 {step['p95']:6.0f} ms"
                      f"  5xx {step['5xx']}  load {step['load']:.1f}  {step['other failures'] or ''}",
                      flush=True)  # fmt: skip
    finally:
        stop(server)
    return report(rows)


def report(rows: list[dict]) -> int:
    ceiling = [r for r in rows if r["label"] == "ceiling"]
    mix = [r for r in rows if r["label"] == "mix"]
    top_ceiling, knee_mix = max(r["rps"] for r in ceiling), knee(mix)
    print(f"\nceiling (/bench/ping/): best {top_ceiling:.1f} req/s; knee of the mix at "
          f"{knee_mix['users']} users: {knee_mix['rps']:.1f} req/s, p95 {knee_mix['p95']:.0f} ms")  # fmt: skip
    share = knee_mix["rps"] / top_ceiling if top_ceiling else 0
    print(f"mix at its knee / best ceiling = {share:.2f} (target >= 0.5); p95 below the knee "
          f"{'<=' if knee_mix['p95'] <= 300 else '>'} 300 ms; 5xx in the whole run: "
          f"{sum(r['5xx'] for r in rows)}")  # fmt: skip
    print("per request at the knee (count, p95 ms):")
    for name, (count, p95) in sorted(knee_mix["per name"].items()):
        print(f"  {name:24} {count:6d} {p95:6.0f}")
    load = os.getloadavg()
    print(
        f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores"
    )
    return 1 if any(r["5xx"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())

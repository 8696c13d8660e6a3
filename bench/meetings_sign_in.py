"""Meetings benchmark, through the real HTTP stack on loopback:

1. Sign-in: 500 deputies (accounts, serving mandates, invited) sign in within a minute of a
   session's opening (arrivals spread over 55 s, up to 50 in flight), each with its own
   logged-in session posting the code to
   /api/v1/meetings/sign-in/. Targets: p95 <= 200 ms, exactly 500 sign-ins, and a second round
   of the same 500, all at once, gets 500 refusals (409) with no double sign-in.
2. The province attendance figure from the dashboard's aggregate rows: a year of synthetic
   attendance in every township of Hunan (INSERT ... SELECT generate_series), the facts
   rebuilt, then the figure of the province (43) timed as the dashboard reads it. Target
   p95 <= 50 ms.

Uses its own throw-away database (DATABASE_URL, default bench_meetings; dropped at the end).

    .venv/bin/python bench/meetings_sign_in.py
"""

import os
import random
import secrets
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_meetings")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.dev")
os.environ["DJANGO_DEBUG"] = "0"
PORT = int(os.environ.get("BENCH_PORT", "8117"))
BASE = f"http://127.0.0.1:{PORT}"
DEPUTIES = 500
THREADS = 50
SPREAD = float(os.environ.get("BENCH_SPREAD", "55"))  # seconds over which the 500 arrive

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    os.environ["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + test_name
    failed = False
    try:
        failed = run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 1 if failed else 0


def world():
    from congress.models import Congress, Role, Session, Term, User
    from congress.services import regions_load
    from meetings.models import Event
    from meetings.services.events import event_create, event_open
    from meetings.services.invitations import invitations_add
    from representatives.models import Deputy, Mandate

    regions_load()
    congress = Congress.objects.get(region_id="430525")
    term = Term.objects.create(congress=congress, number=18, start_date=date(2021, 9, 28),
                               end_date=date(2026, 9, 27))  # fmt: skip
    today = timezone.localdate()
    session = Session.objects.create(
        term=term, number=5, start_date=today, end_date=today + timedelta(days=2)
    )
    staff = User.objects.create(username="bench_staff", role=Role.STAFF, region_id="430525")
    users = User.objects.bulk_create(
        [
            User(username=f"bench_d{n}", name=f"代表{n}", role=Role.DEPUTY, password="!")
            for n in range(DEPUTIES)
        ]
    )
    deputies = Deputy.objects.bulk_create(
        [Deputy(name=f"代表{n}", gender="M", birth_date=date(1970, 1, 1), affiliation="cpc", education="bachelor",
                occupation="farmer", id_number=f"4305251970{n:08d}", region_id="430525", user=users[n])
         for n in range(DEPUTIES)]
    )  # fmt: skip
    Mandate.objects.bulk_create(
        [
            Mandate(deputy=d, congress=congress, term=term, start_date=date(2021, 9, 28))
            for d in deputies
        ]
    )
    start = timezone.now() - timedelta(minutes=1)
    event = event_create(actor=staff, region=congress.region, kind="session", title="县十八届人大五次会议",
                         session=session, starts_at=start, ends_at=start + timedelta(hours=8), place="县人民会堂")  # fmt: skip
    invitations_add(actor=staff, event=event, congresses=[congress])
    event_open(actor=staff, event=event)
    return Event.objects.get(pk=event.pk), users


def sessions_for(users):
    """A logged-in session per deputy, made the way login() makes one (no password hashing)."""
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore
    cookies = []
    for user in users:
        s = store()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        cookies.append(s.session_key)
    return cookies


def start_server() -> subprocess.Popen:
    import requests

    env = dict(os.environ, DJANGO_DEBUG="0", DATABASE_CONN_MAX_AGE="600")
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "congress.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "4",
         "--threads", "8", "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            if requests.get(f"{BASE}/healthz", timeout=1).status_code in (200, 503):
                return proc
        except requests.RequestException:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def warm_up(key, n: int = 40):
    """A server that has served requests (URLconf, DRF, serializers imported in every worker)."""
    import requests

    def one(_i):
        requests.get(
            f"{BASE}/api/v1/me/events/", timeout=30, cookies={settings.SESSION_COOKIE_NAME: key}
        )

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(n)))


def sign_in_round(keys, token, spread: float):
    import requests

    def one(key):
        csrf = secrets.token_hex(16)
        started = time.monotonic()
        r = requests.post(f"{BASE}/api/v1/meetings/sign-in/", json={"token": token}, timeout=30,
                          cookies={settings.SESSION_COOKIE_NAME: key, settings.CSRF_COOKIE_NAME: csrf},
                          headers={"X-CSRFToken": csrf, "Referer": BASE + "/"})  # fmt: skip
        return time.monotonic() - started, r.status_code

    # Arrivals spread over the minute after the opening (seeded, uniform), as deputies walk in
    # and scan; `spread=0` sends them all at once (a burst, the worst case).
    rng = random.Random(12)
    offsets = sorted(rng.uniform(0, spread) for _ in keys)
    started = time.monotonic()

    def paced(pair):
        offset, key = pair
        delay = started + offset - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        return one(key)

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(paced, zip(offsets, keys, strict=True)))
    return results, time.monotonic() - started


def province_figure():
    """A year of attendance in every township, the facts rebuilt, the province figure timed."""
    from congress.dashboards.context import DashboardContext
    from congress.dashboards.facts import refresh
    from congress.dashboards.periods import period_for
    from congress.models import Region
    from meetings import dashboard

    year = timezone.localdate().year
    with connection.cursor() as c:
        c.execute("SELECT MIN(id), MAX(id) FROM representatives_deputy")
        low, high = c.fetchone()
        c.execute(
            """INSERT INTO meetings_event (kind, title, description, region_id, starts_at, ends_at, place, online,
                 online_link, status, requires_deputies, requires_sign_out, late_after_minutes, sign_in_key,
                 cancel_reason, created_at, updated_at)
               SELECT 'group_meeting', 'bench', '', r.code, make_timestamptz(%s, m, 10, 9, 0, 0, 'Asia/Shanghai'),
                 make_timestamptz(%s, m, 10, 12, 0, 0, 'Asia/Shanghai'), 'x', false, '', 'closed', false, false,
                 15, 'k', '', now(), now()
               FROM congress_region r, generate_series(1, 12) m WHERE r.level = 'township'""",
            [year, year],
        )
        c.execute(
            """INSERT INTO meetings_invitation (event_id, role, deputy_id, name, organisation, answer, answer_reason,
                 leave, leave_note, attendance, created_at)
               SELECT e.id, 'deputy', %s + (e.id * 10 + n) %% (%s - %s + 1), 'x', '', 'attend', '', '', '',
                 (ARRAY['present','present','present','present','present','present','late','leave','absent'])[1 + (e.id + n) %% 9],
                 now()
               FROM meetings_event e, generate_series(1, 10) n WHERE e.title = 'bench'""",
            [low, high, low],
        )
        c.execute("SELECT COUNT(*) FROM meetings_invitation")
        invitations = c.fetchone()[0]
    refresh(only="meetings.dashboard")
    region = Region.objects.get(code="43")
    period = period_for("year", str(year))
    times = []
    for _ in range(40):
        started = time.monotonic()
        ctx = DashboardContext(viewer=None, region=region, period=period).load()
        rate, _by = dashboard.attendance_from_facts(ctx)
        times.append(time.monotonic() - started)
    return invitations, rate, times


def run() -> bool:
    from meetings import tokens
    from meetings.models import SignIn

    event, users = world()
    keys = sessions_for(users)
    token = tokens.sign_in_token(event)
    proc = start_server()
    try:
        warm_up(keys[0])
        first, seconds = sign_in_round(keys, token, SPREAD)
        second, _seconds = sign_in_round(keys, token, 0)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    times = [t for t, _s in first]
    ok = sum(1 for _t, s in first if s == 201)
    refused = sum(1 for _t, s in second if s == 409)
    rows = SignIn.objects.filter(event=event).count()
    distinct = SignIn.objects.filter(event=event).values("invitation").distinct().count()
    p95 = pct(times, 0.95) * 1000
    print(f"sign-in: {len(first)} requests from {THREADS} threads in {seconds:.1f}s; "
          f"median {statistics.median(times) * 1000:.0f} ms, p95 {p95:.0f} ms, max {max(times) * 1000:.0f} ms")  # fmt: skip
    print(
        f"  201: {ok}, sign-in rows: {rows} (distinct invitations {distinct}); second round (all at once) 409: {refused}, "
        f"p95 {pct([t for t, _s in second], 0.95) * 1000:.0f} ms"
    )
    invitations, rate, ftimes = province_figure()
    fp95 = pct(ftimes, 0.95) * 1000
    print(f"province attendance figure ({invitations} invitations, from facts): rate {rate}%, "
          f"median {statistics.median(ftimes) * 1000:.1f} ms, p95 {fp95:.1f} ms")  # fmt: skip
    passed = (p95 <= 200 and ok == DEPUTIES and rows == DEPUTIES == distinct and refused == DEPUTIES
              and seconds <= 60 and fp95 <= 50)  # fmt: skip
    print("PASS" if passed else "FAIL")
    return not passed


if __name__ == "__main__":
    sys.exit(main())

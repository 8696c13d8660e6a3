"""Fill a PostgreSQL database with Hunan-sized data on the real region tree, for `make bench`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_province .venv/bin/python bench/generate.py

Creates the database if needed, migrates it, loads the regions and then writes, with COPY from
in-memory buffers: 200,000 deputies (with mandates), 4,400 stations, 2,500,000 station visits,
300,000 suggestions with assignments, replies and ratings, 50,000 opinions. Deterministic
(fixed seed). Skips the work when the data is already there (--force wipes and regenerates).
Finally rebuilds the dashboard's aggregate rows and prints how long each step took.
Nothing generated is committed: the database is the output (bench/data/ is git-ignored)."""

import argparse
import io
import os
import random
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_province"
BENCH_PASSWORD = "Bench#2026x"

TARGETS = {
    "deputies": 200_000,
    "stations": 4_400,
    "visits": 2_500_000,
    "suggestions": 300_000,
    "opinions": 50_000,
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "国华建军文明秀英丽芳敏静强磊洋勇艳杰娟涛超霞平刚桂兰玉梅志红德云春燕海波林晓辉新宇金凤立伟"
OCCUPATIONS = ["worker"] * 2 + ["farmer"] * 4 + ["professional"] * 2 + ["official"] * 3 + ["business"] * 2 + ["other"]  # fmt: skip
AFFILIATIONS = ["cpc"] * 13 + ["cpc_probationary", "rcck", "cdl", "cdnca", "capd", "js", "non_party", "masses", "masses"]  # fmt: skip
EDUCATIONS = ["postgraduate", "bachelor", "bachelor", "college", "college", "secondary", "junior"]
MINORITIES = ["土家族", "苗族", "侗族", "瑶族", "白族", "回族"]
VISIT_KINDS = ["reception"] * 5 + ["inspection", "research", "legal_publicity", "legislative", "group_activity"]  # fmt: skip
RATINGS = ["exemplary", "standard", "standard", "standard", "substandard", ""]
KINDS = ["station"] * 8 + ["legislative", "info"]
UNIT_NAMES = ["发展和改革局", "教育局", "公安局", "民政局", "财政局", "人力资源和社会保障局", "自然资源局",
              "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "文化旅游广电体育局", "卫生健康局",
              "应急管理局", "市场监督管理局", "医疗保障局", "城市管理和综合执法局", "林业局", "监察委员会",
              "人民法院", "人民检察院", "供电公司"]  # fmt: skip
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TODAY = date.today()
START = date(2021, 10, 1)  # the data spans the current terms: about five years


def log(message: str, started: float | None = None) -> None:
    extra = f" ({time.monotonic() - started:.1f}s)" if started else ""
    print(f"  {message}{extra}", flush=True)


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


def manage(*args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, cwd=ROOT)


def copy(cur, table: str, columns: list[str], rows) -> int:
    """COPY rows (tuples of already-formatted text) in chunks of 200,000 from a memory buffer."""
    total, buffer = 0, io.StringIO()

    def flush():
        buffer.seek(0)
        cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
        buffer.seek(0)
        buffer.truncate()

    for row in rows:
        buffer.write("\t".join(row))
        buffer.write("\n")
        total += 1
        if total % 200_000 == 0:
            flush()
    flush()
    return total


def ts(day: date, rnd: random.Random) -> str:
    return f"{day.isoformat()} {rnd.randint(8, 18):02d}:{rnd.randint(0, 59):02d}:00+08"


def rand_day(rnd: random.Random, start: date = START, end: date = TODAY) -> date:
    return start + timedelta(days=rnd.randint(0, (end - start).days))


def code(rnd: random.Random, n: int) -> str:
    return "".join(rnd.choice(ALPHABET) for _ in range(n))


def generate(cur, rnd: random.Random) -> None:  # noqa: C901
    from django.contrib.auth.hashers import make_password

    cur.execute("SELECT code, level FROM congress_region")
    regions = cur.fetchall()
    by_level: dict[str, list[str]] = {}
    for c, level in regions:
        by_level.setdefault(level, []).append(c)
    counties, townships, cities = by_level["county"], by_level["township"], by_level["city"]
    townships_of: dict[str, list[str]] = {}
    for t in townships:
        townships_of.setdefault(t[:6], []).append(t)
    counties_of: dict[str, list[str]] = {}
    for c in counties:
        counties_of.setdefault(c[:4], []).append(c)

    # Terms for every congress (the demo seeds only a few), and the handling units.
    t0 = time.monotonic()
    cur.execute("""
        INSERT INTO congress_term (congress_id, number, start_date, end_date)
        SELECT c.id, CASE c.level WHEN 'provincial' THEN 14 WHEN 'city' THEN 7 WHEN 'county' THEN 18 ELSE 19 END,
               CASE c.level WHEN 'provincial' THEN DATE '2023-01-12' WHEN 'city' THEN DATE '2021-12-20'
                    ELSE DATE '2021-09-28' END,
               CASE c.level WHEN 'provincial' THEN DATE '2028-01-11' WHEN 'city' THEN DATE '2026-12-19'
                    ELSE DATE '2026-09-27' END
        FROM congress_congress c
        WHERE NOT EXISTS (SELECT 1 FROM congress_term t WHERE t.congress_id = c.id)
    """)  # fmt: skip
    cur.execute("""
        SELECT c.region_id, c.id, t.id FROM congress_congress c
        JOIN congress_term t ON t.congress_id = c.id
        WHERE t.start_date = (SELECT MAX(start_date) FROM congress_term WHERE congress_id = c.id)
    """)
    congress_of = {r: (cid, tid) for r, cid, tid in cur.fetchall()}
    cur.execute("SELECT region_id, name FROM congress_handlingunit")
    have_units = set(cur.fetchall())
    cur.execute("SELECT code, name FROM congress_region")
    names = dict(cur.fetchall())
    unit_rows = [
        (f"{names[r]}{u}", r, "government", "", "", "t")
        for r in counties + cities
        for u in UNIT_NAMES
        if (r, f"{names[r]}{u}") not in have_units
    ]
    copy(cur, "congress_handlingunit", ["name", "region_id", "kind", "contact_name", "contact_phone", "is_active"], unit_rows)  # fmt: skip
    cur.execute("SELECT id, region_id FROM congress_handlingunit")
    units_of: dict[str, list[int]] = {}
    for uid, r in cur.fetchall():
        units_of.setdefault(r, []).append(uid)
    cur.execute("SELECT id FROM suggestions_suggestioncategory")
    categories = [r[0] for r in cur.fetchall()]
    cur.execute("SELECT id, code FROM suggestions_resultclass ORDER BY code")
    classes = [r[0] for r in cur.fetchall()]
    # The accounts the benchmark logs in with.
    password = make_password(BENCH_PASSWORD)
    for username, role, region in (("bench_admin", "admin", None), ("bench_province", "supervisor", "43"),
                                   ("bench_county", "supervisor", "430525")):  # fmt: skip
        cur.execute(
            """INSERT INTO congress_user (password, is_superuser, username, first_name, last_name, email,
               is_staff, is_active, date_joined, name, role, region_id, phone, must_change_password)
               VALUES (%s, %s, %s, '', '', '', %s, true, now(), %s, %s, %s, '', false)
               ON CONFLICT (username) DO NOTHING""",
            [password, role == "admin", username, role == "admin", username, role, region],
        )
    cur.execute("SELECT id FROM congress_user WHERE username = 'bench_admin'")
    staff_id = str(cur.fetchone()[0])
    log("terms, units, accounts", t0)

    # Deputies and mandates.
    t0 = time.monotonic()
    plan = []  # (registered region, [congress regions])
    for t in townships:
        plan += [(t, [t])] * 72
        plan += [(t, [t, t[:6]])] * 3  # a township deputy who is also a county deputy
    for c in counties:
        plan += [(rnd.choice(townships_of.get(c, [c])), [c]) for _ in range(290)]
    for city in cities:
        plan += [(rnd.choice(counties_of.get(city, [city])), [city]) for _ in range(540)]
    plan += [(rnd.choice(counties), ["43"]) for _ in range(790)]
    plan = plan[: TARGETS["deputies"]]
    while len(plan) < TARGETS["deputies"]:
        t = rnd.choice(townships)
        plan.append((t, [t]))
    cur.execute("SELECT COALESCE(MAX(id), 0) FROM representatives_deputy")
    first_id = cur.fetchone()[0] + 1
    now = datetime.now().isoformat(timespec="seconds") + "+08"

    def deputy_rows():
        for i, (region, _congresses) in enumerate(plan):
            pk = first_id + i
            name = rnd.choice(SURNAMES) + "".join(
                rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2)))
            )
            born = date(rnd.randint(1958, 1998), rnd.randint(1, 12), rnd.randint(1, 28))
            minority = rnd.random() < 0.1
            yield (str(pk), name, "", "F" if rnd.random() < 0.3 else "M",
                   rnd.choice(MINORITIES) if minority else "汉族", born.isoformat(), rnd.choice(AFFILIATIONS),
                   rnd.choice(EDUCATIONS), rnd.choice(OCCUPATIONS), "", "", "",
                   f"43{pk:016d}", "", region, now, now)  # fmt: skip

    n = copy(cur, "representatives_deputy",
             ["id", "name", "name_initials", "gender", "ethnicity", "birth_date", "affiliation", "education",
              "occupation", "workplace", "post", "phone", "id_number", "photo", "region_id", "created_at",
              "updated_at"], deputy_rows())  # fmt: skip
    cur.execute("SELECT setval(pg_get_serial_sequence('representatives_deputy', 'id'), (SELECT MAX(id) FROM representatives_deputy))")  # fmt: skip
    deputies_in: dict[str, list[int]] = {}
    for i, (region, _c) in enumerate(plan):
        deputies_in.setdefault(region, []).append(first_id + i)
    deputies_in_county: dict[str, list[int]] = {}
    for region, ids in deputies_in.items():
        deputies_in_county.setdefault(region[:6], []).extend(ids)

    def mandate_rows():
        for i, (_region, congresses) in enumerate(plan):
            for congress_region in congresses:
                congress_id, term_id = congress_of[congress_region]
                start = "2023-01-12" if congress_region == "43" else ("2021-12-20" if len(congress_region) == 4 else "2021-09-28")  # fmt: skip
                if rnd.random() < 0.03:
                    end = rand_day(rnd, date(2023, 6, 1)).isoformat()
                    yield (
                        str(first_id + i),
                        str(congress_id),
                        str(term_id),
                        "",
                        start,
                        end,
                        "resigned",
                        "辞职",
                    )
                else:
                    yield (
                        str(first_id + i),
                        str(congress_id),
                        str(term_id),
                        "",
                        start,
                        "\\N",
                        "serving",
                        "",
                    )

    m = copy(cur, "representatives_mandate",
             ["deputy_id", "congress_id", "term_id", "electoral_unit", "start_date", "end_date", "status", "end_reason"],
             mandate_rows())  # fmt: skip
    log(f"{n:,} deputies, {m:,} mandates", t0)

    # Stations: two per township, a 代表之家 per county, the rest spread.
    t0 = time.monotonic()
    station_plan = [(c, "home") for c in counties] + [
        (t, rnd.choice(KINDS)) for t in townships for _ in range(2)
    ]
    while len(station_plan) < TARGETS["stations"]:
        station_plan.append((rnd.choice(townships), rnd.choice(KINDS)))
    cur.execute("SELECT COALESCE(MAX(id), 0) FROM liaison_stations_liaisonstation")
    first_station = cur.fetchone()[0] + 1
    seen_codes: set[str] = set()

    def unique_code(n_chars):
        while True:
            c = code(rnd, n_chars)
            if c not in seen_codes:
                seen_codes.add(c)
                return c

    def station_rows():
        for i, (region, kind) in enumerate(station_plan):
            created = rand_day(rnd, date(2019, 1, 1), date(2025, 12, 31))
            yield (str(first_station + i), f"联络站{first_station + i}", kind, region, "", "\\N", "\\N", "", "",
                   "每月6日、16日、26日", "", rnd.choice(RATINGS), "t", "t", unique_code(10), unique_code(32),
                   ts(created, rnd))  # fmt: skip

    s = copy(cur, "liaison_stations_liaisonstation",
             ["id", "name", "kind", "region_id", "address", "latitude", "longitude", "contact_name", "contact_phone",
              "opening_rules", "photo", "rating", "is_public", "is_active", "public_code", "feed_token", "created_at"],
             station_rows())  # fmt: skip
    cur.execute("SELECT setval(pg_get_serial_sequence('liaison_stations_liaisonstation', 'id'), (SELECT MAX(id) FROM liaison_stations_liaisonstation))")  # fmt: skip
    stations = [(first_station + i, region) for i, (region, _k) in enumerate(station_plan)]
    log(f"{s:,} stations", t0)

    # Visits: a station's own township's deputies (a county home: the county's).
    t0 = time.monotonic()
    span = (TODAY - START).days

    def visit_rows():
        for _ in range(TARGETS["visits"]):
            station, region = stations[rnd.randrange(len(stations))]
            pool = deputies_in.get(region) or deputies_in_county.get(region[:6])
            day = START + timedelta(days=int(span * rnd.random() ** 0.8))
            confirmed = rnd.random() < 0.9
            yield (str(pool[rnd.randrange(len(pool))]), str(station), day.isoformat(), rnd.choice(VISIT_KINDS), "",
                   "t" if rnd.random() < 0.1 else "f", str(rnd.randint(0, 30)), "", "", "t" if confirmed else "f",
                   f"{day.isoformat()} 20:00:00+08")  # fmt: skip

    v = copy(cur, "liaison_stations_stationvisit",
             ["deputy_id", "station_id", "date", "kind", "kind_other", "online", "people_received", "matters",
              "batch", "confirmed", "created_at"], visit_rows())  # fmt: skip
    log(f"{v:,} station visits", t0)

    # Suggestions with assignments, replies and ratings.
    t0 = time.monotonic()
    cur.execute("SELECT COALESCE(MAX(id), 0) FROM suggestions_suggestion")
    first_sugg = cur.fetchone()[0] + 1
    statuses = (["closed"] * 62 + ["replied"] * 8 + ["signed"] * 9 + ["assigned"] * 4 + ["rehandling"] * 2
                + ["accepted"] * 4 + ["submitted"] * 6 + ["returned"] * 3 + ["withdrawn"] * 2)  # fmt: skip
    regions_for_suggestions = counties * 8 + cities * 10 + ["43"] * 12 + townships
    assignments, replies = [], []

    def suggestion_rows():
        for i in range(TARGETS["suggestions"]):
            pk = first_sugg + i
            region = rnd.choice(regions_for_suggestions)
            congress_id, term_id = congress_of[region]
            pool = deputies_in_county.get(region[:6]) or deputies_in_county[rnd.choice(counties_of.get(region[:4]) or counties)]  # fmt: skip
            submitted = rand_day(rnd, START, TODAY - timedelta(days=3))
            status = rnd.choice(statuses)
            if (
                (TODAY - submitted).days > 200
                and status in ("assigned", "signed", "rehandling")
                and rnd.random() < 0.9
            ):
                status = "closed"
            if (TODAY - submitted).days < 120 and status == "closed":
                status = rnd.choice(["signed", "assigned", "replied"])
            accepted = submitted + timedelta(days=rnd.randint(1, 10))
            assigned = accepted + timedelta(days=rnd.randint(1, 10))
            due = assigned + timedelta(days=91)
            handled = status in ("assigned", "signed", "replied", "rehandling", "closed")
            replied_on = None
            if status in ("replied", "rehandling", "closed"):
                late = rnd.random() < 0.12
                replied_on = assigned + timedelta(
                    days=rnd.randint(95, 140) if late else rnd.randint(20, 90)
                )
                if replied_on >= TODAY:
                    replied_on = TODAY - timedelta(days=1)
            closed = (
                replied_on + timedelta(days=rnd.randint(5, 30))
                if status == "closed" and replied_on
                else None
            )
            if closed and closed >= TODAY:
                closed = TODAY - timedelta(days=1)
            lead = pool[rnd.randrange(len(pool))]
            if handled:
                unit_region = region if len(region) in (4, 6) else region[:6]
                units = units_of.get(unit_region) or units_of[rnd.choice(counties)]
                unit = units[rnd.randrange(len(units))]
                assignments.append((str(pk), str(unit), "lead", ts(assigned, rnd), due.isoformat(),
                                    (assigned + timedelta(days=5)).isoformat(), (assigned + timedelta(days=7)).isoformat(),
                                    ts(assigned + timedelta(days=2), rnd)))  # fmt: skip
                if replied_on:
                    replies.append((str(pk), str(unit), "1", str(rnd.choice(classes[:3] + classes[:2] + classes)),
                                    "答复正文", staff_id, ts(replied_on, rnd), "t" if replied_on <= due else "f", lead,
                                    status, closed))  # fmt: skip
            yield (str(pk), str(congress_id), str(term_id), "between", region, str(rnd.choice(categories)),
                   f"关于改善民生事项的建议{pk}", "建议内容", str(lead), status, "t" if rnd.random() < 0.02 else "f", "",
                   "f", "1", due.isoformat() if handled else "\\N", "[]", ts(submitted, rnd), ts(submitted, rnd),
                   ts(submitted, rnd), ts(accepted, rnd) if status not in ("submitted", "returned", "withdrawn") else "\\N",
                   ts(assigned, rnd) if handled else "\\N", ts(replied_on, rnd) if replied_on else "\\N",
                   ts(closed, rnd) if closed else "\\N")  # fmt: skip

    sg = copy(cur, "suggestions_suggestion",
              ["id", "congress_id", "term_id", "period", "region_id", "category_id", "title", "body", "lead_deputy_id",
               "status", "is_key", "overseeing_committee", "broad_scope", "round", "reply_due", "similar_ids",
               "created_at", "updated_at", "submitted_at", "accepted_at", "assigned_at", "replied_at", "closed_at"],
              suggestion_rows())  # fmt: skip
    cur.execute("SELECT setval(pg_get_serial_sequence('suggestions_suggestion', 'id'), (SELECT MAX(id) FROM suggestions_suggestion))")  # fmt: skip
    a = copy(cur, "suggestions_assignment",
             ["suggestion_id", "unit_id", "role", "assigned_at", "reply_due", "sign_due", "return_until", "signed_at",
              "opinion", "return_reason", "is_active"],
             (row + ("", "", "t") for row in assignments))  # fmt: skip
    cur.execute("SELECT COALESCE(MAX(id), 0) FROM suggestions_reply")
    first_reply = cur.fetchone()[0] + 1
    r = copy(cur, "suggestions_reply",
             ["id", "suggestion_id", "unit_id", "round", "result_class_id", "body", "replied_by_id", "replied_at",
              "on_time", "public_body"],
             ((str(first_reply + i),) + row[:8] + ("",) for i, row in enumerate(replies)))  # fmt: skip
    cur.execute("SELECT setval(pg_get_serial_sequence('suggestions_reply', 'id'), (SELECT MAX(id) FROM suggestions_reply))")  # fmt: skip
    choices = ["satisfied"] * 7 + ["basically"] * 2 + ["unsatisfied"]

    def rating_rows():
        for i, row in enumerate(replies):
            status, closed = row[9], row[10]
            if status not in ("closed", "rehandling"):
                continue
            result = "unsatisfied" if status == "rehandling" else rnd.choice(choices)
            day = closed or (TODAY - timedelta(days=1))
            yield (str(first_reply + i), str(row[8]), rnd.choice(choices), result, "", ts(day, rnd))

    rt = copy(cur, "suggestions_rating", ["reply_id", "deputy_id", "attitude", "result", "comment", "rated_at"],
              rating_rows())  # fmt: skip
    log(f"{sg:,} suggestions, {a:,} assignments, {r:,} replies, {rt:,} ratings", t0)

    # Citizens' opinions.
    t0 = time.monotonic()
    opinion_status = ["answered"] * 7 + ["received", "with_deputy", "forwarded", "suggestion"]

    def opinion_rows():
        for _ in range(TARGETS["opinions"]):
            station, _region = stations[rnd.randrange(len(stations))]
            received = rand_day(rnd, date(2023, 1, 1))
            status = rnd.choice(opinion_status)
            answered = (
                received + timedelta(days=rnd.randint(1, 40)) if status == "answered" else None
            )
            if answered and answered >= TODAY:
                answered = TODAY
            yield (str(station), unique_code(12), rnd.choice(["public_form", "station", "hotline"]), "", "群众反映的问题",
                   "内容", "", "", status, ts(received, rnd), (received + timedelta(days=30)).isoformat(),
                   "已答复" if answered else "", ts(answered, rnd) if answered else "\\N", "", "")  # fmt: skip

    o = copy(cur, "liaison_stations_opinion",
             ["station_id", "tracking_code", "source", "hotline_ref", "title", "content", "citizen_name",
              "citizen_phone", "status", "received_at", "due_date", "public_answer", "answered_at", "internal_note",
              "handler_reply"],
             opinion_rows())  # fmt: skip
    log(f"{o:,} opinions", t0)


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
    t0 = time.monotonic()
    manage("migrate", "--noinput", "-v0")
    manage("load_regions")
    log("migrated, regions loaded", t0)

    import django

    django.setup()
    from django.db import connection, transaction

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
                cursor.execute(
                    "TRUNCATE suggestions_rating, suggestions_reply, suggestions_assignment, suggestions_suggestion, "
                    "liaison_stations_opinion, liaison_stations_stationvisit, liaison_stations_liaisonstation, "
                    "representatives_mandate, representatives_deputy CASCADE"
                )  # fmt: skip
            generate(cursor.cursor, random.Random(2026))
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

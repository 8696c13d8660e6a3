"""bench/generate.py, part two: stations, every deputy's station membership, visits skewed by
station (a few busy, many quiet) and by season, and citizens' opinions."""

import bisect
import itertools
import math
import random
import time
from datetime import date, timedelta

from bench._gen_common import (
    COLUMNS,
    NULL,
    TARGETS,
    TODAY,
    between,
    code,
    copy,
    log,
    next_id,
    pick,
    rand_day,
    scaled,
    set_sequence,
    ts,
)
from bench._gen_people import World
from bench._gen_texts import opinion_text

LABELS = {
    "home": "人大代表之家",
    "station": "人大代表联络站",
    "legislative": "基层立法联系点",
    "info": "信息采集站",
}
KINDS = ["station"] * 8 + ["legislative", "info"]
RATINGS = ["exemplary", "standard", "standard", "standard", "substandard", ""]
VISIT_KINDS = ["reception"] * 5 + ["inspection", "research", "legal_publicity", "legislative", "group_activity"]  # fmt: skip
VISITS_FROM = date(2021, 10, 1)
# Logging visits in the portal caught on slowly: the share of a full year's visits recorded.
ADOPTION = {2021: 0.05, 2022: 0.1, 2023: 0.15, 2024: 0.3, 2025: 1.0, 2026: 1.1}
# Busy before the congress sessions (January–March), quiet in the summer holidays and in October.
MONTH = {
    1: 1.4,
    2: 1.1,
    3: 1.3,
    4: 1.0,
    5: 1.0,
    6: 0.9,
    7: 0.6,
    8: 0.55,
    9: 1.0,
    10: 0.75,
    11: 1.1,
    12: 1.2,
}
SPRING_FESTIVAL = [
    date(2022, 2, 1),
    date(2023, 1, 22),
    date(2024, 2, 10),
    date(2025, 1, 29),
    date(2026, 2, 17),
]
STATION_SIGMA = 1.1  # lognormal spread of how busy a station is
BUCKETS = 1 << 18


def day_weight(day: date) -> float:
    weight = ADOPTION.get(day.year, 1.0) * MONTH[day.month] * (0.35 if day.weekday() >= 5 else 1.0)
    if any(abs((day - sf).days) <= 7 for sf in SPRING_FESTIVAL):
        weight *= 0.15
    return weight


def stations(cur, w: World, rnd: random.Random, scale: float) -> None:
    """Two stations per township and a 代表之家 per county (fewer at small scale)."""
    t0 = time.monotonic()
    plan = [(c, "home") for c in w.counties if rnd.random() < max(scale * 50, 0.01)]
    plan += [(t, pick(rnd, KINDS)) for t in w.townships for _ in range(scaled(2, scale, rnd))]
    target = max(3, round(TARGETS["stations"] * scale))
    while len(plan) < target:
        plan.append((pick(rnd, w.townships), pick(rnd, KINDS)))
    first = next_id(cur, "liaison_stations_liaisonstation")
    seen: set[str] = set()

    def unique_code(n):
        while (c := code(rnd, n)) in seen:
            pass
        seen.add(c)
        return c

    rows, count = [], {}
    for i, (region, kind) in enumerate(plan):
        pk = first + i
        created = rand_day(rnd, date(2019, 1, 1), date(2025, 12, 31))
        label = LABELS[kind]
        count[region] = n = count.get(region, 0) + 1
        if n > 1:
            label += f"（{n}）"
        rows.append((str(pk), f"{w.names[region]}{label}", kind, region, f"{w.names[region]}政府大院", NULL, NULL,
                     "", "", "每月6日、16日、26日", "", pick(rnd, RATINGS), "t", "t", unique_code(10),
                     unique_code(32), ts(created, rnd)))  # fmt: skip
    copy(cur, "liaison_stations_liaisonstation", rows)
    set_sequence(cur, "liaison_stations_liaisonstation")
    w.stations = [(first + i, region) for i, (region, _k) in enumerate(plan)]
    log(f"{len(rows):,} stations", t0)


def memberships(cur, w: World, rnd: random.Random) -> None:
    """Every deputy is grouped into one station: one of their township's, else their county's
    代表之家 or any station of the county, else of the city; a resigned deputy's has ended. A
    serving deputy with seats in two congresses (about 3 %) is grouped at a second station of
    their county (else city) as well, so the statistics' distinct totals are measured with overlaps."""
    t0 = time.monotonic()
    near: dict[str, list[int]] = {}
    for pk, region in w.stations:
        for prefix in {region, region[:6], region[:4]}:
            near.setdefault(prefix, []).append(pk)
    everywhere = [pk for pk, _r in w.stations]
    rows = []
    for pk, region, serving in w.deputies:
        pool = near.get(region) or near.get(region[:6]) or near.get(region[:4]) or everywhere
        station = pool[rnd.randrange(len(pool))]
        if serving:
            w.members_of.setdefault(station, []).append(pk)
        end = NULL if serving else w.mandate_end[pk]
        start = "2022-03-01" if w.seats[pk] != ["43"] else "2023-03-01"
        rows.append((str(station), str(pk), start, end))
        wider = near.get(region[:6], [])
        wider = wider if len(wider) > 1 else near.get(region[:4], [])
        if serving and len(w.seats[pk]) > 1 and len(wider) > 1:
            second = wider[rnd.randrange(len(wider))]
            if second != station:
                w.members_of.setdefault(second, []).append(pk)
                rows.append((str(second), str(pk), start, NULL))
    n = copy(cur, "liaison_stations_stationmembership", rows)
    log(f"{n:,} station memberships", t0)


def inverse_cdf(weights: list[float], buckets: int = BUCKETS) -> list[int]:
    """For each of `buckets` equal slices of [0, 1), the index whose weight covers it, so that a
    uniform random bucket picks an index in proportion to its weight."""
    cum = list(itertools.accumulate(weights))
    return [bisect.bisect_right(cum, (b + 0.5) / buckets * cum[-1]) for b in range(buckets)]


VISITS_SQL = """
    INSERT INTO liaison_stations_stationvisit ({columns})
    SELECT members[first_member[s] + floor(r_member * member_count[s])::int], station_id[s], %(start)s::date + d,
           (%(kinds)s::text[])[1 + floor(r_kind * %(n_kinds)s)::int], '', r_online < 0.1,
           floor(r_people * 30)::int, '', '', r_confirmed < CASE WHEN d >= %(recent)s THEN 0.5 ELSE 0.97 END,
           ((%(start)s::date + d) + time '20:00') AT TIME ZONE 'Asia/Shanghai'
    FROM (SELECT (%(station_of)s::int[])[1 + floor(random() * %(buckets)s)::int] AS s,
                 (%(day_of)s::int[])[1 + floor(random() * %(buckets)s)::int] AS d,
                 random() AS r_member, random() AS r_kind, random() AS r_online, random() AS r_people,
                 random() AS r_confirmed
          FROM generate_series(1, %(n)s)) r,
         (SELECT %(members)s::int[] AS members, %(first_member)s::int[] AS first_member,
                 %(member_count)s::int[] AS member_count, %(station_id)s::int[] AS station_id) a
"""


def int_array(values) -> str:
    """A PostgreSQL array literal: a constant the server subscripts in O(1) (a list passed as
    ARRAY[...] costs microseconds per subscript)."""
    return "{" + ",".join(map(str, values)) + "}"


def visits(cur, w: World, rnd: random.Random, scale: float) -> None:
    """Station visits by the station's members, most stations quiet and a few busy, more before
    the sessions than in summer. Drawn by PostgreSQL (setseed: the same every run) from
    inverse-CDF tables made here: 2.5M rows of Python were most of the run."""
    t0 = time.monotonic()
    days = [VISITS_FROM + timedelta(d) for d in range((TODAY - VISITS_FROM).days)]
    busy, members, first_member, member_count = [], [], [], []
    for station, _region in w.stations:
        pool = w.members_of.get(station, [])
        weight = math.exp(rnd.gauss(0, STATION_SIGMA))
        busy.append(weight if pool else 0.0)  # a station without members has no visits
        first_member.append(len(members) + 1)
        member_count.append(len(pool))
        members += pool
    cur.execute("SELECT setseed(%s)", [rnd.random() * 2 - 1])
    cur.execute(
        VISITS_SQL.format(columns=", ".join(COLUMNS["liaison_stations_stationvisit"])),
        {"start": VISITS_FROM, "recent": (TODAY - VISITS_FROM).days - 45, "kinds": VISIT_KINDS,
         "n_kinds": len(VISIT_KINDS), "station_of": int_array([i + 1 for i in inverse_cdf(busy)]),
         "day_of": int_array(inverse_cdf([day_weight(d) for d in days])), "buckets": BUCKETS,
         "n": round(TARGETS["visits"] * scale), "members": int_array(members), "first_member": int_array(first_member),
         "member_count": int_array(member_count), "station_id": int_array([pk for pk, _r in w.stations])},
    )  # fmt: skip
    log(f"{cur.rowcount:,} station visits", t0)


def opinions(cur, w: World, rnd: random.Random, scale: float) -> None:
    t0 = time.monotonic()
    status = ["answered"] * 7 + ["received", "with_deputy", "forwarded", "suggestion"]
    seen: set[str] = set()
    rows = []
    for _ in range(round(TARGETS["opinions"] * scale)):
        station, region = w.stations[rnd.randrange(len(w.stations))]
        received = rand_day(rnd, date(2023, 1, 1))
        st = pick(rnd, status)
        answered = (
            min(received + timedelta(days=between(rnd, 1, 40)), TODAY) if st == "answered" else None
        )
        while (tracking := code(rnd, 12)) in seen:
            pass
        seen.add(tracking)
        title, content = opinion_text(rnd, w.names[region])
        rows.append((str(station), tracking, pick(rnd, ["public_form", "station", "hotline"]), "", title, content,
                     "", "", st, ts(received, rnd), (received + timedelta(days=30)).isoformat(),
                     "已答复" if answered else "", ts(answered, rnd) if answered else NULL, "", ""))  # fmt: skip
    o = copy(cur, "liaison_stations_opinion", rows)
    log(f"{o:,} opinions", t0)


def all_of_it(cur, w: World, rnd: random.Random, scale: float) -> None:
    stations(cur, w, rnd, scale)
    memberships(cur, w, rnd)
    visits(cur, w, rnd, scale)
    opinions(cur, w, rnd, scale)

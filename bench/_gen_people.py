"""bench/generate.py, part one: terms, handling units, deputies with mandates and pinyin initials,
and accounts for a sample of every role."""

import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime

from bench._gen_common import (
    BENCH_PASSWORD,
    NULL,
    TARGETS,
    between,
    copy,
    log,
    next_id,
    pick,
    rand_day,
    scaled,
    set_sequence,
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧阳"
GIVEN = "国华建军文明秀英丽芳敏静强磊洋勇艳杰娟涛超霞平刚桂兰玉梅志红德云春燕海波林晓辉新宇金凤立伟湘蓉乐长重行朝"
OCCUPATIONS = ["worker"] * 2 + ["farmer"] * 4 + ["professional"] * 2 + ["official"] * 3 + ["business"] * 2 + ["other"]  # fmt: skip
AFFILIATIONS = ["cpc"] * 13 + ["cpc_probationary", "rcck", "cdl", "cdnca", "capd", "js", "non_party", "masses", "masses"]  # fmt: skip
EDUCATIONS = ["postgraduate", "bachelor", "bachelor", "college", "college", "secondary", "junior"]
MINORITIES = ["土家族", "苗族", "侗族", "瑶族", "白族", "回族"]
UNIT_NAMES = ["发展和改革局", "教育局", "公安局", "民政局", "财政局", "人力资源和社会保障局", "自然资源局",
              "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "文化旅游广电体育局", "卫生健康局",
              "应急管理局", "市场监督管理局", "医疗保障局", "城市管理和综合执法局", "林业局", "监察委员会",
              "人民法院", "人民检察院", "供电公司"]  # fmt: skip
# 一府一委两院: the bodies whose leaders hold an official's account.
OFFICIAL_BODIES = ("监察委员会", "人民法院", "人民检察院", "发展和改革局")
NAME_POOL = 20_000
DEPUTY_ACCOUNTS = 0.2  # the share of deputies who have logged in to the portal


@dataclass
class World:
    """What the later parts need to know of the first."""

    names: dict[str, str]
    by_level: dict[str, list[str]]
    congress_of: dict[str, tuple[int, int]]
    units_of: dict[str, list[int]] = field(default_factory=dict)
    staff_of: dict[str, int] = field(default_factory=dict)  # region → one staff account
    # deputies: (id, registered region, serving); the regions each sits in
    deputies: list[tuple[int, str, bool]] = field(default_factory=list)
    seats: dict[int, list[str]] = field(default_factory=dict)
    deputy_names: dict[int, str] = field(default_factory=dict)
    deputies_in: dict[str, list[int]] = field(default_factory=dict)  # by registered region
    stations: list[tuple[int, str]] = field(default_factory=list)
    members_of: dict[int, list[int]] = field(default_factory=dict)  # station → serving members
    units: list[tuple[int, str, str]] = field(default_factory=list)  # (id, region, name)
    mandate_end: dict[int, str] = field(default_factory=dict)  # deputy → end of a seat given up

    @property
    def townships(self):
        return self.by_level["township"]

    @property
    def counties(self):
        return self.by_level["county"]

    @property
    def cities(self):
        return self.by_level["city"]

    def deputies_near(self, region: str) -> list[int]:
        """Deputies registered in the region, else its county, else its city, else any."""
        for prefix in (region, region[:6], region[:4]):
            if ids := self.deputies_in.get(prefix):
                return ids
        return self.deputies_in["*"]


def world(cur) -> World:
    cur.execute("SELECT code, level, name FROM congress_region ORDER BY code")
    by_level: dict[str, list[str]] = {}
    names = {}
    for c, level, name in cur.fetchall():
        by_level.setdefault(level, []).append(c)
        names[c] = name
    return World(names=names, by_level=by_level, congress_of={})


def terms_and_units(cur, w: World) -> None:
    """A current term for every congress (the demo seeds only a few) and the handling units."""
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
    w.congress_of = {r: (cid, tid) for r, cid, tid in cur.fetchall()}
    cur.execute("SELECT region_id, name FROM congress_handlingunit")
    have = set(cur.fetchall())
    rows = [
        (f"{w.names[r]}{u}", r, "government", "", "", "t")
        for r in w.counties + w.cities
        for u in UNIT_NAMES
        if (r, f"{w.names[r]}{u}") not in have
    ]
    copy(cur, "congress_handlingunit", rows)
    cur.execute("SELECT id, region_id, name FROM congress_handlingunit ORDER BY id")
    w.units = cur.fetchall()
    for uid, r, _name in w.units:
        w.units_of.setdefault(r, []).append(uid)


class Accounts:
    """Collects account rows with one password hash; reuses an account that already exists."""

    def __init__(self, cur, password_hash: str):
        cur.execute("SELECT username, id FROM congress_user")
        self.existing = dict(cur.fetchall())
        self.next = next_id(cur, "congress_user")
        self.hash, self.rows = password_hash, []
        self.now = datetime.now().isoformat(timespec="seconds") + "+08"

    def add(self, username, role, *, name="", region=None, unit=None, superuser=False) -> int:
        if username in self.existing:
            return self.existing[username]
        pk, self.next = self.next, self.next + 1
        su = "t" if superuser else "f"
        self.rows.append((str(pk), self.hash, su, username, "", "", "", su, "t", self.now, name or username,
                          role, region or NULL, str(unit) if unit else NULL, "", "f"))  # fmt: skip
        self.existing[username] = pk
        return pk


def staff_accounts(w: World, acc: Accounts, rnd: random.Random) -> None:
    """Every role of congress.models.Role, so each can be measured (the usernames start bench_)."""
    acc.add("bench_admin", "admin", superuser=True)
    acc.add("bench_province", "supervisor", region="43")
    acc.add("bench_county", "supervisor", region="430525")
    for region, staff, leaders in [("43", 5, 2)] + [(c, 3, 1) for c in w.cities + w.counties]:
        for i in range(staff):
            uid = acc.add(
                f"bench_staff_{region}_{i}",
                "staff",
                name=f"{w.names[region]}工作人员{i}",
                region=region,
            )
            w.staff_of.setdefault(region, uid)
        for i in range(leaders):
            acc.add(
                f"bench_leader_{region}_{i}",
                "supervisor",
                name=f"{w.names[region]}领导{i}",
                region=region,
            )
    for t in w.townships:
        if rnd.random() < 0.1:
            w.staff_of[t] = acc.add(
                f"bench_staff_{t}", "staff", name=f"{w.names[t]}人大专干", region=t
            )
    for uid, _region, name in w.units:
        acc.add(f"bench_unit_{uid}", "unit", name=f"{name}联络员", unit=uid)
        if name.endswith(OFFICIAL_BODIES):
            acc.add(f"bench_official_{uid}", "official", name=f"{name}负责人", unit=uid)
    for region, n in [("43", 5)] + [(c, 2) for c in w.cities]:
        for i in range(n):
            acc.add(
                f"bench_expert_{region}_{i}", "expert", name=f"法律专家{region}{i}", region=region
            )


def deputy_plan(w: World, rnd: random.Random, scale: float) -> list[tuple[str, list[str]]]:
    """(registered region, congresses sat in) for each deputy: a township congress holds about
    75, of whom some also sit in the county's; county, city and provincial deputies above."""
    townships_of: dict[str, list[str]] = {}
    for t in w.townships:
        townships_of.setdefault(t[:6], []).append(t)
    counties_of: dict[str, list[str]] = {}
    for c in w.counties:
        counties_of.setdefault(c[:4], []).append(c)
    plan = []
    for t in w.townships:
        plan += [(t, [t])] * scaled(72, scale, rnd)
        plan += [(t, [t, t[:6]])] * scaled(3, scale, rnd)
    for c in w.counties:
        plan += [(pick(rnd, townships_of.get(c, [c])), [c]) for _ in range(scaled(290, scale, rnd))]
    for city in w.cities:
        plan += [
            (pick(rnd, counties_of.get(city, [city])), [city])
            for _ in range(scaled(540, scale, rnd))
        ]
    plan += [(pick(rnd, w.counties), ["43"]) for _ in range(max(1, scaled(790, scale, rnd)))]
    target = max(len(w.by_level["city"]), round(TARGETS["deputies"] * scale))
    plan = plan[:target]
    while len(plan) < target:
        t = pick(rnd, w.townships)
        plan.append((t, [t]))
    return plan


def deputies(cur, w: World, rnd: random.Random, acc: Accounts, scale: float) -> None:
    from representatives.services import name_initials

    t0 = time.monotonic()
    plan = deputy_plan(w, rnd, scale)
    first = next_id(cur, "representatives_deputy")
    now = datetime.now().isoformat(timespec="seconds") + "+08"
    # A pool of distinct names, their pinyin initials computed once each (pypinyin is slow):
    # common names recur, as they do in a province.
    pool: dict[str, None] = {}  # a dict keeps the order (a set's depends on the hash seed)
    while len(pool) < min(NAME_POOL, max(50, len(plan) // 2)):
        surname = pick(rnd, SURNAMES[:-2]) if rnd.random() < 0.995 else "欧阳"
        pool[surname + "".join(rnd.choices(GIVEN, k=pick(rnd, (1, 2, 2))))] = None
    initials = {name: name_initials(name) for name in pool}
    names = list(initials)
    rows = []
    for i, (region, _seats) in enumerate(plan):
        pk = first + i
        name = names[int(len(names) * rnd.random() ** 1.5)]  # the first of the pool more often
        w.deputy_names[pk] = name
        user = (
            acc.add(f"bench_d{pk}", "deputy", name=name) if rnd.random() < DEPUTY_ACCOUNTS else None
        )
        born = date(between(rnd, 1958, 1998), between(rnd, 1, 12), between(rnd, 1, 28))
        rows.append((str(pk), name, initials[name], "F" if rnd.random() < 0.3 else "M",
                     pick(rnd, MINORITIES) if rnd.random() < 0.1 else "汉族", born.isoformat(),
                     pick(rnd, AFFILIATIONS), pick(rnd, EDUCATIONS), pick(rnd, OCCUPATIONS), "", "", "",
                     f"43{pk:016d}", "", region, str(user) if user else NULL, now, now))  # fmt: skip
    copy(cur, "congress_user", acc.rows)
    set_sequence(cur, "congress_user")
    n = copy(cur, "representatives_deputy", rows)
    set_sequence(cur, "representatives_deputy")
    log(f"{len(acc.rows):,} accounts, {n:,} deputies ({len(initials):,} distinct names)", t0)

    t0 = time.monotonic()
    mandates = []
    for i, (region, seats) in enumerate(plan):
        pk, serving = first + i, False
        for congress_region in seats:
            congress_id, term_id = w.congress_of[congress_region]
            start = "2023-01-12" if congress_region == "43" else ("2021-12-20" if len(congress_region) == 4 else "2021-09-28")  # fmt: skip
            ids = (str(pk), str(congress_id), str(term_id), "", start)
            if rnd.random() < 0.03:
                mandates.append(
                    ids + (rand_day(rnd, date(2023, 6, 1)).isoformat(), "resigned", "辞职")
                )
            else:
                mandates.append(ids + (NULL, "serving", ""))
                serving = True
        w.deputies.append((pk, region, serving))
        w.seats[pk] = seats
        for prefix in {region, region[:6], region[:4]}:
            w.deputies_in.setdefault(prefix, []).append(pk)
    w.deputies_in["*"] = [pk for pk, _r, _s in w.deputies]
    m = copy(cur, "representatives_mandate", mandates)
    w.mandate_end = {int(r[0]): r[5] for r in mandates if r[6] != "serving"}
    log(f"{m:,} mandates", t0)


def people(cur, rnd: random.Random, scale: float) -> World:
    from django.contrib.auth.hashers import make_password

    t0 = time.monotonic()
    w = world(cur)
    terms_and_units(cur, w)
    acc = Accounts(cur, make_password(BENCH_PASSWORD))  # hashed once: every account shares it
    staff_accounts(w, acc, rnd)
    log(f"terms, {len(w.units):,} units", t0)
    deputies(cur, w, rnd, acc, scale)
    return w

"""bench/generate.py, part five: training (training/) as the province runs it, and the hours it
puts in the deputies' archives.

- every county's training events of a year are the sessions of its offline course of that year
  (8 hours each, earned by signing in: the invitations _gen_meetings wrote);
- the province and each city run an online course every year (two items, each with its
  material); about half the serving deputies finish the province's and a third their city's,
  which enters their archives as hours (keyed by the course, as training/archive.py keys it);
- a fifth of the serving deputies a year have training outside the portal entered by staff;
- every county publishes a monthly study plan (一月两学: two items) for last month and this
  one, assigned to its serving deputies; 70 % finished last month's, 30 % this month's so
  far, each finished item an archive entry (keyed by the item).

Study progress rows (the seconds a deputy spent on an item) are not written."""

import random
import time
from datetime import date, datetime, timedelta

from bench._gen_common import NULL, TODAY, between, copy, log, next_id, pick, rand_day, set_sequence
from bench._gen_people import World

LECTURERS = ["省委党校教授", "省人大常委会法工委同志", "市人大常委会研究室同志", "高校法学院教授"]
TOPICS = ["宪法和代表法", "代表建议的提出与督办", "预算审查监督", "联系群众的方法", "依法履职"]


def _month(day: date, back: int) -> date:
    y, m = day.year, day.month - back
    while m < 1:
        y, m = y - 1, m + 12
    return date(y, m, 1)


class _Rows:
    """The rows of every training table, with their next ids."""

    def __init__(self, cur, rnd: random.Random):
        self.rnd = rnd
        self.now = datetime.now().isoformat(timespec="seconds") + "+08"
        self.ids = {t: next_id(cur, t) for t in ("training_course", "training_studyitem",
                                                  "training_material", "training_studyplan")}  # fmt: skip
        self.rows = {t: [] for t in TABLES}

    def _id(self, table: str) -> int:
        pk = self.ids[table]
        self.ids[table] += 1
        return pk

    def course(self, region: str, year: int, title: str, mode: str, hours: int) -> int:
        pk = self._id("training_course")
        self.rows["training_course"].append((str(pk), region, str(year), title[:120], "annual", mode, "deputies",
                                             str(hours), f"{year}年度人大代表履职学习。", "open", self.now, self.now))  # fmt: skip
        return pk

    def item(
        self,
        *,
        plan: int | None,
        course: int | None,
        order: int,
        title: str,
        region: str,
        hours: int,
    ) -> int:
        m = self._id("training_material")
        self.rows["training_material"].append((str(m), region, str(course) if course else NULL, title[:120],
                                               "document", f"training/materials/bench/{m}.pdf", f"{title[:60]}.pdf",
                                               "application/pdf", str(between(self.rnd, 200_000, 3_000_000)), "30",
                                               self.now))  # fmt: skip
        pk = self._id("training_studyitem")
        self.rows["training_studyitem"].append((str(pk), str(plan) if plan else NULL, str(course) if course else NULL,
                                                str(order), title[:120], str(m), "20", str(hours), "60"))  # fmt: skip
        return pk

    def entry(self, deputy: int, day: date, title: str, hours: int, source: str, key: str) -> None:
        self.rows["evaluation_archiveentry"].append((str(deputy), "training_hour", day.isoformat(), title[:200], "",
                                                     str(hours), source, key,
                                                     "线上学习记录" if source == "portal" else "培训签到表", "",
                                                     self.now, self.now))  # fmt: skip


TABLES = ["training_course", "training_coursesession", "training_material", "training_studyplan",
          "training_studyitem", "training_studyassignment", "evaluation_archiveentry"]  # fmt: skip


def _offline(out: _Rows, w: World, sessions) -> None:
    """One course per organiser and year, its sessions the organiser's training events."""
    courses: dict[tuple[str, int], int] = {}
    for event, region, day in sessions:
        key = (region, day.year)
        if key not in courses:
            courses[key] = out.course(
                region, day.year, f"{w.names[region]}{day.year}年人大代表履职培训", "offline", 8
            )
        out.rows["training_coursesession"].append((str(courses[key]), str(event), "8", pick(out.rnd, LECTURERS),
                                                   pick(out.rnd, TOPICS), out.now))  # fmt: skip


def _online(out: _Rows, w: World, serving) -> None:
    """The province's and the cities' online courses, this year and last, finished by some."""
    rnd = out.rnd
    for year in (TODAY.year - 1, TODAY.year):
        end = min(TODAY, date(year, 12, 31))
        online = {}
        for region, share, hours in [("43", 0.5, 6)] + [(c, 0.33, 4) for c in w.cities]:
            pk = out.course(
                region, year, f"{w.names[region]}{year}年人大代表履职网络培训", "online", hours
            )
            for n, topic in enumerate(rnd.sample(TOPICS, 2), start=1):
                out.item(
                    plan=None, course=pk, order=n, title=f"{topic}专题讲座", region=region, hours=0
                )
            online[region] = (pk, share, hours)
        for deputy, region in serving:
            for owner in ("43", region[:4]):
                pk, share, hours = online.get(owner, (None, 0, 0))
                if pk and rnd.random() < share:
                    out.entry(deputy, rand_day(rnd, date(year, 3, 1), end),
                              f"线上培训：{w.names[owner]}{year}年人大代表履职网络培训（{hours}学时）", hours,
                              "portal", f"training:course:{pk}")  # fmt: skip
            if rnd.random() < 0.2:
                out.entry(deputy, rand_day(rnd, date(year, 1, 1), end), "参加党校人大代表专题培训",
                          between(rnd, 2, 8), "staff", "")  # fmt: skip


def _plans(out: _Rows, w: World, serving) -> None:
    """Every county's monthly study plan of last month and this one, assigned to its serving
    deputies; 70 % and 30 % finished, each finished item an archive entry."""
    rnd = out.rnd
    in_county: dict[str, list[int]] = {}
    for deputy, region in serving:
        in_county.setdefault(region[:6], []).append(deputy)
    for back, finished in ((1, 0.7), (0, 0.3)):
        month = _month(TODAY, back)
        published = datetime(month.year, month.month, 1, 9).isoformat() + "+08"
        last = min(TODAY, month + timedelta(days=27))
        for county in w.counties:
            plan = out._id("training_studyplan")
            out.rows["training_studyplan"].append((str(plan), county, month.isoformat(),
                                                   f"{w.names[county]}{month.month}月一月两学"[:120], published,
                                                   out.now))  # fmt: skip
            items = [(out.item(plan=plan, course=None, order=n, title=f"{topic}学习", region=county, hours=1), topic)
                     for n, topic in enumerate(rnd.sample(TOPICS, 2), start=1)]  # fmt: skip
            for deputy in in_county.get(county, []):
                done = rnd.random() < finished
                day = rand_day(rnd, month, last)
                out.rows["training_studyassignment"].append((str(plan), str(deputy), month.isoformat(),
                                                             f"{day.isoformat()} 20:00:00+08" if done else NULL))  # fmt: skip
                for pk, topic in items if done else ():
                    out.entry(
                        deputy,
                        day,
                        f"一月两学：{topic}学习（1学时）",
                        1,
                        "portal",
                        f"training:item:{pk}",
                    )


def training(cur, w: World, rnd: random.Random, sessions: list[tuple[int, str, date]]) -> None:
    """`sessions`: (event id, region, day) of every generated training event."""
    t0 = time.monotonic()
    out = _Rows(cur, rnd)
    serving = [(pk, region) for pk, region, seated in w.deputies if seated]
    _offline(out, w, sessions)
    _online(out, w, serving)
    _plans(out, w, serving)
    counts = {table: copy(cur, table, out.rows[table]) for table in TABLES}
    for table in out.ids:
        set_sequence(cur, table)
    log(f"{counts['training_course']:,} courses, {counts['training_coursesession']:,} sessions, "
        f"{counts['training_studyplan']:,} study plans, {counts['training_studyassignment']:,} assignments, "
        f"{counts['evaluation_archiveentry']:,} training-hour entries", t0)  # fmt: skip

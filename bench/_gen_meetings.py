"""bench/generate.py, part four: meetings and activities (meetings/) with their invited deputies,
answers and sign-ins."""

import random
import time
from datetime import date, datetime, timedelta

from bench._gen_common import (
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
    set_sequence,
)
from bench._gen_people import World
from bench._gen_texts import TOPICS

# (kind, title, invited deputies, hours) by the level that organises it
COUNTY_EVENTS = [
    ("standing_committee", "{name}人大常委会第{n}次会议", 25, 4),
    ("chairpersons", "{name}人大常委会第{n}次主任会议", 0, 2),
    ("inspection", "{name}人大常委会视察{topic}工作", 15, 5),
    ("research", "{name}人大常委会{topic}专题调研", 10, 6),
    ("law_check", "{name}人大常委会{topic}执法检查", 12, 6),
    ("inquiry", "{name}人大常委会{topic}专题询问", 20, 3),
    ("training", "{name}人大代表履职培训班", 40, 8),
]
TOWNSHIP_EVENTS = [
    ("group_meeting", "{name}人大代表小组第{n}次会议", 12, 2),
    ("reception", "{name}人大代表集中接待选民日", 8, 3),
    ("group_activity", "{name}代表小组{topic}专题活动", 10, 3),
    ("legal_publicity", "{name}{topic}普法宣传", 6, 3),
]
FROM = date(2022, 1, 1)


def events(cur, w: World, rnd: random.Random, scale: float) -> list[tuple[int, str, date]]:
    """Write the events; return the training events as (id, region, day) for _gen_training."""
    t0 = time.monotonic()
    first, first_inv = next_id(cur, "meetings_event"), next_id(cur, "meetings_invitation")
    above = ["43"] + w.cities + w.counties
    now = datetime.now().isoformat(timespec="seconds") + "+08"
    event_rows, invitations, sign_ins, trainings = [], [], [], []
    numbers: dict[str, int] = {}
    for i in range(max(5, round(TARGETS["events"] * scale))):
        pk = first + i
        region = pick(rnd, above) if rnd.random() < 0.4 else pick(rnd, w.townships)
        kind, title, invited, hours = pick(
            rnd, COUNTY_EVENTS if len(region) <= 6 else TOWNSHIP_EVENTS
        )
        numbers[region + kind] = n = numbers.get(region + kind, 0) + 1
        topic = pick(rnd, TOPICS)[0]
        day = rand_day(rnd, FROM, TODAY + timedelta(days=60))
        starts = datetime(
            day.year, day.month, day.day, pick(rnd, (8, 9, 14, 15)), pick(rnd, (0, 30))
        )
        ends = starts + timedelta(hours=hours)
        past = day < TODAY
        status = ("cancelled" if rnd.random() < 0.03 else "closed") if past else "planned"
        online = rnd.random() < 0.08
        at = f"{starts:%Y-%m-%d %H:%M}:00+08"
        if kind == "training":
            trainings.append((pk, region, day))
        event_rows.append((str(pk), kind, title.format(name=w.names[region], n=n, topic=topic)[:200],
                           f"围绕{topic}开展工作。", region, at, f"{ends:%Y-%m-%d %H:%M}:00+08",
                           "" if online else f"{w.names[region]}人大机关会议室", "t" if online else "f",
                           "https://meeting.example.cn/j/1" if online else "", status,
                           "t" if invited else "f", "t" if hours > 5 else "f", "15", code(rnd, 16),
                           "因故取消" if status == "cancelled" else "", now, now,
                           f"{ends:%Y-%m-%d %H:%M}:00+08" if status == "closed" else NULL))  # fmt: skip
        pool = w.deputies_near(region)
        for deputy in rnd.sample(pool, min(len(pool), invited)):
            inv = first_inv + len(invitations)
            answer, attendance, leave = "pending", "", ""
            if past or rnd.random() < 0.5:
                answer = "leave" if rnd.random() < 0.1 else "attend"
                leave = "approved" if answer == "leave" and kind == "standing_committee" else ""
            if status == "closed":
                attendance = (
                    "leave"
                    if answer == "leave"
                    else pick(rnd, ["present"] * 8 + ["late", "absent"])
                )
            invitations.append((str(inv), str(pk), "deputy", str(deputy), w.deputy_names[deputy], "", answer,
                                "工作冲突" if answer == "leave" else "", leave, "", attendance, now))  # fmt: skip
            if attendance in ("present", "late"):
                signed = starts + timedelta(minutes=between(rnd, -30, 10) if attendance == "present" else between(rnd, 16, 60))  # fmt: skip
                sign_ins.append((str(inv), str(pk), signed.isoformat(" ") + "+08",
                                 "t" if attendance == "late" else "f", pick(rnd, ["qr"] * 8 + ["manual", "sheet"])))  # fmt: skip
    e = copy(cur, "meetings_event", event_rows)
    set_sequence(cur, "meetings_event")
    n = copy(cur, "meetings_invitation", invitations)
    set_sequence(cur, "meetings_invitation")
    s = copy(cur, "meetings_signin", sign_ins)
    log(f"{e:,} meetings and activities, {n:,} invitations, {s:,} sign-ins", t0)
    return trainings

"""bench/generate.py, part three: deputies' suggestions with their assignments, replies and ratings."""

import random
import time
from datetime import timedelta

from bench._gen_common import (
    NULL,
    START,
    TARGETS,
    TODAY,
    between,
    copy,
    log,
    next_id,
    pick,
    rand_day,
    set_sequence,
    ts,
)
from bench._gen_people import World
from bench._gen_texts import suggestion_text

STATUSES = (["closed"] * 62 + ["replied"] * 8 + ["signed"] * 9 + ["assigned"] * 4 + ["rehandling"] * 2
            + ["accepted"] * 4 + ["submitted"] * 6 + ["returned"] * 3 + ["withdrawn"] * 2)  # fmt: skip
HANDLED = ("assigned", "signed", "replied", "rehandling", "closed")
SATISFACTION = ["satisfied"] * 7 + ["basically"] * 2 + ["unsatisfied"]


def suggestion_dates(rnd: random.Random, status: str):
    submitted = rand_day(rnd, START, TODAY - timedelta(days=3))
    age = (TODAY - submitted).days
    if age > 200 and status in ("assigned", "signed", "rehandling") and rnd.random() < 0.9:
        status = "closed"
    if age < 120 and status == "closed":
        status = pick(rnd, ["signed", "assigned", "replied"])
    accepted = submitted + timedelta(days=between(rnd, 1, 10))
    assigned = accepted + timedelta(days=between(rnd, 1, 10))
    replied = None
    if status in ("replied", "rehandling", "closed"):
        late = rnd.random() < 0.12
        replied = assigned + timedelta(days=between(rnd, 95, 140) if late else between(rnd, 20, 90))
        replied = min(replied, TODAY - timedelta(days=1))
    closed = None
    if status == "closed" and replied:
        closed = min(replied + timedelta(days=between(rnd, 5, 30)), TODAY - timedelta(days=1))
    return status, submitted, accepted, assigned, replied, closed


def suggestions(cur, w: World, rnd: random.Random, scale: float) -> None:
    t0 = time.monotonic()
    cur.execute("SELECT id FROM suggestions_suggestioncategory ORDER BY id")
    categories = [r[0] for r in cur.fetchall()]
    cur.execute("SELECT id FROM suggestions_resultclass ORDER BY code")
    classes = [r[0] for r in cur.fetchall()]
    classes = classes[:3] + classes[:2] + classes  # most replies are of the first classes
    where = w.counties * 8 + w.cities * 10 + ["43"] * 12 + w.townships
    first = next_id(cur, "suggestions_suggestion")
    first_reply = next_id(cur, "suggestions_reply")
    replier = w.staff_of["43"]
    rows, assignments, replies, ratings = [], [], [], []
    for i in range(round(TARGETS["suggestions"] * scale)):
        pk = first + i
        region = pick(rnd, where)
        congress_id, term_id = w.congress_of[region]
        pool = w.deputies_near(region)
        status, submitted, accepted, assigned, replied, closed = suggestion_dates(
            rnd, pick(rnd, STATUSES)
        )
        due = assigned + timedelta(days=91)
        handled = status in HANDLED
        lead = str(pool[rnd.randrange(len(pool))])
        if handled:
            units = w.units_of.get(region if len(region) in (4, 6) else region[:6]) or w.units_of[pick(rnd, w.counties)]  # fmt: skip
            unit = str(units[rnd.randrange(len(units))])
            assignments.append((str(pk), unit, "lead", ts(assigned, rnd), due.isoformat(),
                                (assigned + timedelta(days=5)).isoformat(), (assigned + timedelta(days=7)).isoformat(),
                                ts(assigned + timedelta(days=2), rnd), "", "", "t", "f"))  # fmt: skip
            if replied:
                reply = str(first_reply + len(replies))
                replies.append((reply, str(pk), unit, "1", str(pick(rnd, classes)), "经研究，答复如下：已列入年度计划，正在推进。",
                                str(replier), ts(replied, rnd), "t" if replied <= due else "f", ""))  # fmt: skip
                if status in ("closed", "rehandling"):
                    result = "unsatisfied" if status == "rehandling" else pick(rnd, SATISFACTION)
                    ratings.append((reply, lead, pick(rnd, SATISFACTION), result, "",
                                    ts(closed or TODAY - timedelta(days=1), rnd), "f", ""))  # fmt: skip
        title, body = suggestion_text(rnd, w.names[region].removesuffix("人民政府"))
        not_accepted = status in ("submitted", "returned", "withdrawn")
        rows.append((str(pk), str(congress_id), str(term_id), "between", region, str(pick(rnd, categories)),
                     title, body, lead, status, "t" if rnd.random() < 0.02 else "f", "", "f", "1",
                     due.isoformat() if handled else NULL, "[]", ts(submitted, rnd), ts(submitted, rnd),
                     ts(submitted, rnd), NULL if not_accepted else ts(accepted, rnd),
                     ts(assigned, rnd) if handled else NULL, ts(replied, rnd) if replied else NULL,
                     ts(closed, rnd) if closed else NULL, "f", "0"))  # fmt: skip
    sg = copy(cur, "suggestions_suggestion", rows)
    set_sequence(cur, "suggestions_suggestion")
    a = copy(cur, "suggestions_assignment", assignments)
    r = copy(cur, "suggestions_reply", replies)
    set_sequence(cur, "suggestions_reply")
    rt = copy(cur, "suggestions_rating", ratings)
    log(f"{sg:,} suggestions, {a:,} assignments, {r:,} replies, {rt:,} ratings", t0)

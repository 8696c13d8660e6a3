"""Fixture data across two counties (洞口县 430525 in 邵阳市, 临武县 431025 in 郴州市) plus a
second county of 邵阳市 (邵东市 430582), built straight through the ORM, with known counts."""

from datetime import date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone

from congress.dashboards.services import facts_refresh
from congress.models import Congress, HandlingUnit, Region, Term
from evaluation.models import DeputyPoints, PointsRuleSet
from liaison_stations.models import LiaisonStation, Opinion, StationVisit
from representatives.models import Deputy, Mandate
from suggestions.models import (
    Assignment,
    Rating,
    Reply,
    ResultClass,
    Suggestion,
    SuggestionCategory,
)

SH = ZoneInfo("Asia/Shanghai")
DONGKOU, LINWU, SHAODONG = "430525", "431025", "430582"
_seq = count(1)


def at(y, m, d, hh=10, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SH)


def term_of(region: str) -> Term:
    congress = Congress.objects.get(region_id=region)
    term, _ = Term.objects.get_or_create(
        congress=congress,
        number=18,
        defaults={"start_date": date(2021, 9, 28), "end_date": date(2026, 9, 27)},
    )
    return term


def township(county: str) -> str:
    return (
        Region.objects.filter(parent_id=county)
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )


def deputy(region: str, *, gender="M", occupation="farmer", ethnicity="汉族", level_region=None,
           start=date(2021, 9, 28), end=None) -> Deputy:  # fmt: skip
    n = next(_seq)
    d = Deputy.objects.create(
        name=f"代表{n}", gender=gender, ethnicity=ethnicity, birth_date=date(1975, 1, 1),
        affiliation="cpc", education="bachelor", occupation=occupation, id_number=f"9{n:017d}", region_id=region,
    )  # fmt: skip
    congress_region = level_region or region[:6]
    Mandate.objects.create(
        deputy=d, congress=Congress.objects.get(region_id=congress_region), term=term_of(congress_region),
        start_date=start, end_date=end, status="serving" if end is None else "resigned",
    )  # fmt: skip
    return d


def station(region: str, *, rating="standard", created=None) -> LiaisonStation:
    s = LiaisonStation.objects.create(name=f"联络站{next(_seq)}", region_id=region, rating=rating)
    if created:
        LiaisonStation.objects.filter(pk=s.pk).update(created_at=created)
    return s


def visit(dep: Deputy, st: LiaisonStation, day: date, kind="reception") -> StationVisit:
    return StationVisit.objects.create(deputy=dep, station=st, date=day, kind=kind)


def opinion(
    st: LiaisonStation, received: datetime, *, status="received", answered=None, due=None
) -> Opinion:
    return Opinion.objects.create(
        station=st, tracking_code=f"T{next(_seq):08d}", source="station", title="路灯不亮", content="内容",
        status=status, received_at=received, answered_at=answered, due_date=due,
    )  # fmt: skip


def suggestion(region: str, lead: Deputy, submitted: datetime, *, status="submitted", reply_due=None,
               unit: HandlingUnit | None = None) -> Suggestion:  # fmt: skip
    s = Suggestion.objects.create(
        congress=Congress.objects.get(region_id=region), term=term_of(region), period="between", region_id=region,
        category=SuggestionCategory.objects.get_or_create(name="其他")[0], title=f"建议{next(_seq)}", body="内容", lead_deputy=lead,
        status=status, submitted_at=submitted, reply_due=reply_due,
        assigned_at=submitted + timedelta(days=3) if unit else None,
    )  # fmt: skip
    if unit:
        Assignment.objects.create(
            suggestion=s, unit=unit, role="lead", assigned_at=submitted + timedelta(days=3),
            reply_due=reply_due, sign_due=submitted.date() + timedelta(days=10),
            return_until=submitted.date() + timedelta(days=10),
        )  # fmt: skip
    return s


def reply(s: Suggestion, unit: HandlingUnit, replied: datetime, user, *, on_time=True, cls="A",
          rating: str | None = None) -> Reply:  # fmt: skip
    r = Reply.objects.create(
        suggestion=s, unit=unit, round=1, result_class=ResultClass.objects.get_or_create(code=cls, defaults={"label": cls})[0], body="答复",
        replied_by=user, replied_at=replied, on_time=on_time,
    )  # fmt: skip
    if rating:
        rt = Rating.objects.create(
            reply=r, deputy=s.lead_deputy, attitude="satisfied", result=rating
        )
        Rating.objects.filter(pk=rt.pk).update(rated_at=replied + timedelta(days=5))
    return r


@pytest.fixture
def world(regions, dongkou_staff, dongkou_unit, linwu_unit):
    """Two quarters of work in 洞口, some in 临武 and 邵东, and last year's for comparison."""
    today = timezone.localdate()
    dk_town, lw_town, sd_town = township(DONGKOU), township(LINWU), township(SHAODONG)
    sd_unit = HandlingUnit.objects.create(name="邵东市教育局", region_id=SHAODONG)
    w = {"today": today}
    dk = [deputy(dk_town, gender="F" if i % 3 == 0 else "M", occupation="worker" if i % 4 == 0 else "farmer")
          for i in range(9)]  # fmt: skip
    dk.append(deputy(DONGKOU, ethnicity="苗族"))
    deputy(
        dk_town, start=date(2021, 9, 28), end=date(2025, 3, 10)
    )  # resigned: counted last year only
    lw = [deputy(lw_town) for _ in range(4)]
    sd = [deputy(sd_town) for _ in range(3)]
    dk_station = station(dk_town, rating="exemplary", created=at(2022, 5, 1))
    dk_home = station(DONGKOU, rating="standard", created=at(2026, 2, 1))
    lw_station = station(lw_town, created=at(2023, 1, 1))
    sd_station = station(sd_town, created=at(2023, 1, 1))
    # Visits: 2026 Q1 in 洞口 by 4 deputies (one twice), 2025 Q1 by 2; 临武 and 邵东 some.
    for d in dk[:4]:
        visit(d, dk_station, date(2026, 2, 6))
    visit(dk[0], dk_home, date(2026, 3, 16), kind="inspection")
    visit(dk[5], dk_station, date(2025, 1, 16))
    visit(dk[6], dk_station, date(2025, 2, 26))
    visit(lw[0], lw_station, date(2026, 2, 6))
    visit(sd[0], sd_station, date(2026, 1, 6))
    visit(sd[1], sd_station, date(2026, 3, 6))
    # Opinions: the Q1/Q2 boundary in Asia/Shanghai.
    opinion(dk_station, at(2026, 3, 31, 23, 30), status="answered", answered=at(2026, 4, 2))
    opinion(dk_station, at(2026, 4, 1, 0, 30))
    opinion(dk_station, at(2026, 1, 10), status="forwarded", due=today - timedelta(days=1))
    opinion(dk_station, at(2025, 2, 10), status="answered", answered=at(2025, 2, 20))
    opinion(lw_station, at(2026, 2, 10))
    opinion(sd_station, at(2026, 2, 11), status="answered", answered=at(2026, 2, 15))
    # Suggestions in 洞口 (county congress): 2026 Q1 five, 2025 Q1 two.
    user = dongkou_staff
    overdue = suggestion(DONGKOU, dk[0], at(2026, 1, 5), status="signed", reply_due=today - timedelta(days=3),
                         unit=dongkou_unit)  # fmt: skip
    open_ok = suggestion(DONGKOU, dk[1], at(2026, 1, 6), status="signed", reply_due=today + timedelta(days=30),
                         unit=dongkou_unit)  # fmt: skip
    s3 = suggestion(
        DONGKOU,
        dk[2],
        at(2026, 1, 7),
        status="closed",
        reply_due=date(2026, 4, 7),
        unit=dongkou_unit,
    )
    s4 = suggestion(
        DONGKOU,
        dk[3],
        at(2026, 2, 7),
        status="replied",
        reply_due=date(2026, 5, 7),
        unit=dongkou_unit,
    )
    suggestion(DONGKOU, dk[4], at(2026, 3, 31, 23, 30), status="submitted")
    reply(s3, dongkou_unit, at(2026, 3, 1), user, on_time=True, cls="A", rating="satisfied")
    reply(s4, dongkou_unit, at(2026, 3, 20), user, on_time=False, cls="B", rating="unsatisfied")
    s5 = suggestion(
        DONGKOU,
        dk[5],
        at(2025, 1, 7),
        status="closed",
        reply_due=date(2025, 4, 7),
        unit=dongkou_unit,
    )
    suggestion(DONGKOU, dk[6], at(2025, 2, 7), status="withdrawn")
    reply(s5, dongkou_unit, at(2025, 3, 1), user, on_time=True, cls="A", rating="basically")
    # 临武 and 邵东
    lw_s = suggestion(
        LINWU,
        lw[0],
        at(2026, 2, 1),
        status="signed",
        reply_due=today - timedelta(days=10),
        unit=linwu_unit,
    )
    sd_s = suggestion(
        SHAODONG, sd[0], at(2026, 2, 2), status="closed", reply_due=date(2026, 5, 2), unit=sd_unit
    )
    reply(sd_s, sd_unit, at(2026, 3, 2), user, on_time=True, cls="C", rating="satisfied")
    w.update(
        dk=dk,
        lw=lw,
        sd=sd,
        overdue=overdue,
        open_ok=open_ok,
        lw_overdue=lw_s,
        dk_station=dk_station,
    )

    facts_refresh()
    return w


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_world(world, dongkou_staff, dongkou_unit):
    """`world` plus what the demo data has and `world` lacks: every education and occupation,
    democratic-party and non-party deputies, a deputy with a second seat in the township, a
    rating given in the quarter after its reply, a first-round rating superseded by the
    re-handling round, opinions late without a due date of their own, one turned into a
    suggestion, and points for the year."""
    town = township(DONGKOU)
    people = [
        ("postgraduate", "official", "cpc"),
        ("college", "worker", "cdl"),
        ("college", "professional", "non_party"),
        ("secondary", "farmer", "masses"),
        ("junior", "business", "cpc"),
    ]
    extra = []
    for education, occupation, affiliation in people:
        d = deputy(town, occupation=occupation)
        Deputy.objects.filter(pk=d.pk).update(education=education, affiliation=affiliation)
        extra.append(d)
    # A county deputy who also holds a seat in the township congress: two seats (人次).
    Mandate.objects.create(
        deputy=extra[0], congress=Congress.objects.get(region_id=town), term=term_of(town),
        start_date=date(2021, 9, 28), status="serving",
    )  # fmt: skip
    user = dongkou_staff
    # Replied at the end of Q1, rated unsatisfied at the start of Q2.
    late = suggestion(DONGKOU, extra[1], at(2026, 1, 20), status="rehandling",
                      reply_due=date(2026, 4, 20), unit=dongkou_unit)  # fmt: skip
    r = reply(late, dongkou_unit, at(2026, 3, 28), user, on_time=True, cls="B")
    rt = Rating.objects.create(reply=r, deputy=extra[1], attitude="basically", result="unsatisfied")
    Rating.objects.filter(pk=rt.pk).update(rated_at=at(2026, 4, 2))
    # Rated unsatisfied in January, re-handled and rated satisfied in March: one current rating.
    again = suggestion(DONGKOU, extra[2], at(2026, 1, 3), status="closed",
                       reply_due=date(2026, 4, 3), unit=dongkou_unit)  # fmt: skip
    first = reply(again, dongkou_unit, at(2026, 1, 20), user, on_time=True, cls="C")
    rt = Rating.objects.create(
        reply=first, deputy=extra[2], attitude="basically", result="unsatisfied"
    )
    Rating.objects.filter(pk=rt.pk).update(rated_at=at(2026, 1, 25))
    second = Reply.objects.create(
        suggestion=again, unit=dongkou_unit, round=2, result_class=first.result_class, body="再答复",
        replied_by=user, replied_at=at(2026, 3, 10), on_time=False,
    )  # fmt: skip
    rt = Rating.objects.create(
        reply=second, deputy=extra[2], attitude="satisfied", result="satisfied"
    )
    Rating.objects.filter(pk=rt.pk).update(rated_at=at(2026, 3, 15))
    Suggestion.objects.filter(pk=again.pk).update(round=2)
    # Opinions: late with no due date of their own (received long ago, never forwarded), one
    # turned into a suggestion, one just received.
    st = world["dk_station"]
    today = world["today"]
    opinion(st, at(2026, 2, 3), status="received")
    opinion(st, at(2026, 2, 4), status="with_deputy")
    opinion(st, at(2026, 2, 5), status="suggestion")
    fresh = timezone.localtime() - timedelta(hours=1)
    opinion(st, fresh, status="received")
    opinion(st, at(2026, 3, 2), status="forwarded", due=today + timedelta(days=5))
    rules = PointsRuleSet.objects.create(region_id=DONGKOU, year=2026, name="2026年积分规则")
    for d, total in zip(world["dk"][:4] + extra[:2], [12, 30.5, 8, 21, 17, 44], strict=True):
        DeputyPoints.objects.create(rule_set=rules, deputy=d, total=total)

    facts_refresh()
    return {**world, "extra": extra}

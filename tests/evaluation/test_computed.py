"""Computed indicators and the archive's gathering agree with counts made here, independently,
over the same stations, visits, opinions, suggestions, replies and ratings."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from congress.models import Congress, HandlingUnit, Region
from evaluation.models import ArchiveEntry, DeputyPoints, Indicator, Score
from evaluation.performance import archive, rule_sets
from evaluation.tasks import gather_archives
from evaluation.township import measures, rounds, scoring
from liaison_stations.models import LiaisonStation, Opinion, StationVisit
from representatives.models import Mandate
from suggestions.models import CoSigner, Rating, Reply, ResultClass, Suggestion, SuggestionCategory
from tests.clock import frozen
from tests.evaluation.conftest import NINGXIANG, county_term, make_deputy

pytestmark = pytest.mark.django_db

HUAMINGLOU, DAOLIN, HUITANG = "430182102", "430182101", "430182109"
TARGETS = [HUAMINGLOU, DAOLIN, HUITANG]
TZ = timezone.get_current_timezone()


def at(y, m, d) -> dt.datetime:
    return dt.datetime(y, m, d, 10, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def one_day():
    """The world is "this year" seen from one fixed day: on the real clock, a suggestion
    submitted ten days before 1 January belongs to last year and the counts change."""
    with frozen():
        yield


@pytest.fixture
def world(ningxiang_staff):
    """Two townships' deputies and what they did; 灰汤镇 has nobody (nothing to measure)."""
    today = timezone.localdate()
    year = today.year
    hml = [make_deputy(f"花{i}", region=HUAMINGLOU, county=NINGXIANG) for i in range(5)]
    dl = [make_deputy(f"道{i}", region=DAOLIN, county=NINGXIANG) for i in range(5)]
    # 道4's seat ended before this year: not counted among this year's deputies.
    Mandate.objects.filter(deputy=dl[4]).update(
        status="resigned", end_date=dt.date(year - 1, 6, 30), end_reason="辞职"
    )
    s_hml = LiaisonStation.objects.create(name="花明楼镇代表联络站", region_id=HUAMINGLOU)
    s_dl = LiaisonStation.objects.create(name="道林镇代表联络站", region_id=DAOLIN)

    def visit(deputy, station, day, confirmed=True):
        StationVisit.objects.create(
            deputy=deputy,
            station=station,
            date=day,
            kind="reception",
            confirmed=confirmed,
            people_received=3,
            matters="反映村道破损",
        )

    visit(hml[0], s_hml, dt.date(year, 3, 6))
    visit(hml[0], s_hml, dt.date(year, 4, 16))
    visit(hml[1], s_hml, dt.date(year, 5, 26))
    visit(hml[2], s_hml, dt.date(year, 5, 26), confirmed=False)  # not confirmed: not counted
    visit(dl[0], s_dl, dt.date(year - 1, 12, 26))  # last year: not counted
    visit(dl[1], s_dl, dt.date(year, 2, 6))
    visit(dl[4], s_dl, dt.date(year, 2, 6))  # not seated this year: not counted

    codes = iter(range(100, 999))

    def opinion(received, due, answered=None, station=s_hml):
        return Opinion.objects.create(
            station=station,
            tracking_code=f"T{next(codes)}",
            source="station",
            title="群众意见",
            content="路灯不亮",
            received_at=received,
            due_date=due,
            status="answered" if answered else "received",
            answered_at=answered,
        )

    opinion(at(year, 3, 1), dt.date(year, 3, 20), answered=at(year, 3, 15))  # on time
    opinion(at(year, 3, 1), dt.date(year, 3, 20), answered=at(year, 3, 25))  # late
    opinion(at(year, 4, 1), today - dt.timedelta(days=1))  # open and overdue: late
    opinion(at(year, 4, 1), today + dt.timedelta(days=10))  # open, not yet due: left out
    # No due date of its own: the deadline is 15 days after receipt.
    opinion(at(year, 4, 1), None, answered=at(year, 4, 5))  # on time
    opinion(at(year, 4, 1), None, answered=at(year, 4, 30))  # late
    opinion(at(year - 1, 4, 1), dt.date(year - 1, 4, 20))  # last year: left out
    turned = opinion(at(year, 6, 1), None)  # became a suggestion: followed there instead
    Opinion.objects.filter(pk=turned.pk).update(status="suggestion")
    opinion(at(year, 5, 1), dt.date(year, 5, 20), answered=at(year, 5, 2), station=s_dl)  # on time

    term = county_term(NINGXIANG)
    category, _ = SuggestionCategory.objects.get_or_create(name="城乡建设")
    result_a, _ = ResultClass.objects.get_or_create(
        code="A", defaults={"label": "已经解决或基本解决"}
    )
    unit = HandlingUnit.objects.create(name="宁乡市交通运输局", region_id=NINGXIANG)

    def suggestion(lead, title, assigned, due, reply=None, status="replied"):
        s = Suggestion.objects.create(
            congress=Congress.objects.get(region_id=NINGXIANG),
            term=term,
            period="between",
            region_id=NINGXIANG,
            category=category,
            title=title,
            body="建议内容",
            lead_deputy=lead,
            status=status,
            submitted_at=assigned - dt.timedelta(days=10),
            assigned_at=assigned,
            reply_due=due,
        )
        if reply is not None:
            replied_at, on_time = reply
            s.first_reply = Reply.objects.create(
                suggestion=s,
                unit=unit,
                round=1,
                result_class=result_a,
                body="答复",
                replied_by=ningxiang_staff,
                replied_at=replied_at,
                on_time=on_time,
            )
        return s

    s1 = suggestion(
        hml[0],
        "修缮花明楼镇村道",
        at(year, 2, 1),
        dt.date(year, 5, 1),
        reply=(at(year, 4, 1), True),
    )
    s2 = suggestion(
        hml[0], "增设公交站点", at(year, 2, 1), dt.date(year, 5, 1), reply=(at(year, 6, 1), False)
    )
    suggestion(
        hml[0], "整治河道", at(year, 2, 1), today - dt.timedelta(days=3), status="signed"
    )  # overdue
    suggestion(
        hml[1],
        "建设农贸市场",
        today_at := at(today.year, today.month, today.day),
        today + dt.timedelta(days=80),
        status="assigned",
    )
    suggestion(
        hml[1],
        "去年的建议",
        at(year - 1, 3, 1),
        dt.date(year - 1, 6, 1),
        reply=(at(year - 1, 5, 1), True),
    )
    CoSigner.objects.create(suggestion=s1, deputy=hml[1], confirmed_at=at(year, 1, 20))
    CoSigner.objects.create(suggestion=s1, deputy=hml[2])  # never confirmed: not in the archive
    Rating.objects.create(
        reply=s1.first_reply, deputy=hml[0], attitude="satisfied", result="satisfied"
    )
    Rating.objects.create(
        reply=s1.first_reply, deputy=hml[1], attitude="satisfied", result="unsatisfied"
    )
    Rating.objects.create(
        reply=s2.first_reply, deputy=hml[0], attitude="satisfied", result="basically"
    )
    d1 = suggestion(
        dl[1], "道林镇学校扩容", at(year, 3, 1), dt.date(year, 6, 1), reply=(at(year, 5, 1), True)
    )
    Rating.objects.create(
        reply=d1.first_reply, deputy=dl[1], attitude="satisfied", result="satisfied"
    )
    del today_at
    return {"hml": hml, "dl": dl, "year": year}


def test_each_measure_agrees_with_an_independent_count(world):
    year = world["year"]
    assert measures.station_visit_coverage(region_codes=TARGETS, year=year) == {
        HUAMINGLOU: Decimal("0.4000"),  # 花0 and 花1 of five
        DAOLIN: Decimal("0.2500"),  # 道1 of four seated
        HUITANG: None,
    }
    assert measures.opinions_answered_on_time(region_codes=TARGETS, year=year) == {
        HUAMINGLOU: Decimal("0.4000"),  # two of five due
        DAOLIN: Decimal("1.0000"),
        HUITANG: None,
    }
    assert measures.suggestions_replied_on_time(region_codes=TARGETS, year=year) == {
        HUAMINGLOU: Decimal("0.3333"),  # on time, late, overdue; the new one is not yet due
        DAOLIN: Decimal("1.0000"),
        HUITANG: None,
    }
    assert measures.satisfaction_rate(region_codes=TARGETS, year=year) == {
        HUAMINGLOU: Decimal("0.6667"),  # satisfied, unsatisfied, basically
        DAOLIN: Decimal("1.0000"),
        HUITANG: None,
    }


def test_gathering_fills_the_archive_once_and_points_follow(ningxiang_staff, world):
    year = world["year"]
    hml = world["hml"]
    rule_set = rule_sets.points_rule_set_create(
        actor=ningxiang_staff,
        region=Region.objects.get(code=NINGXIANG),
        year=year,
        name="宁乡积分",
        rules=[
            {"kind": "station_visit", "points": Decimal("2")},
            {"kind": "suggestion_led", "points": Decimal("3")},
            {"kind": "suggestion_cosigned", "points": Decimal("1")},
            {"kind": "rating_given", "points": Decimal("0.5")},
        ],
    )
    span = {"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)}
    created = archive.archive_gather(region_code=NINGXIANG, **span)
    assert archive.archive_gather(region_code=NINGXIANG, **span) == 0
    kinds = lambda d: sorted(ArchiveEntry.objects.filter(deputy=d).values_list("kind", flat=True))  # noqa: E731
    assert kinds(hml[0]) == [
        "rating_given",
        "rating_given",
        "station_visit",
        "station_visit",
        "suggestion_led",
        "suggestion_led",
        "suggestion_led",
    ]
    assert kinds(hml[1]) == [
        "rating_given",
        "station_visit",
        "suggestion_cosigned",
        "suggestion_led",
    ]
    assert kinds(hml[2]) == []  # unconfirmed visit, unconfirmed co-signature
    # plus 道1 (a visit, a suggestion, a rating) and 道4, whose visit is real though her seat ended
    assert created == 7 + 4 + 3 + 1
    points = dict(
        DeputyPoints.objects.filter(rule_set=rule_set).values_list("deputy__name", "total")
    )
    assert points["花0"] == 2 * 2 + 3 * 3 + 2 * Decimal("0.5")
    assert points["花1"] == 2 + 3 + 1 + Decimal("0.5")
    # The average-points indicator is the mean of those stored points.
    average = measures.deputies_average_points(region_codes=TARGETS, year=year)
    expected = sum(t for n, t in points.items() if n.startswith("花")) / 5
    assert average[HUAMINGLOU] == expected.quantize(Decimal("0.01"))
    assert average[HUITANG] is None


def test_a_round_scores_the_computed_indicators_from_those_counts(
    ningxiang_staff, ningxiang_system, world
):
    round_ = rounds.round_open(
        actor=ningxiang_staff, system=ningxiang_system, name="评价", target_codes=TARGETS
    )
    assert ningxiang_system.year == world["year"]  # both read the frozen clock's year
    scoring.round_compute(actor=ningxiang_staff, round_=round_)
    coverage = Indicator.objects.get(
        aspect__system=ningxiang_system, measure="station_visit_coverage"
    )
    satisfaction = Indicator.objects.get(
        aspect__system=ningxiang_system, measure="satisfaction_rate"
    )
    got = {
        (s.target.region_id, s.indicator_id): (s.measured, s.value)
        for s in Score.objects.filter(target__round=round_, is_computed=True).select_related(
            "target"
        )
    }
    assert got[(HUAMINGLOU, coverage.pk)] == (Decimal("0.4"), Decimal("2.40"))  # 6 × 0.4
    assert got[(DAOLIN, coverage.pk)] == (Decimal("0.25"), Decimal("1.50"))
    # Satisfaction has full marks at 95%: 6 × 0.6667 / 0.95
    assert got[(HUAMINGLOU, satisfaction.pk)] == (Decimal("0.6667"), Decimal("4.21"))
    assert (HUITANG, coverage.pk) not in got  # nothing to measure: left unscored


def test_the_nightly_task_gathers_every_region_with_rules(ningxiang_staff, world):
    rule_sets.points_rule_set_create(
        actor=ningxiang_staff,
        region=Region.objects.get(code=NINGXIANG),
        year=world["year"],
        name="宁乡积分",
        rules=[{"kind": "station_visit", "points": Decimal("2")}],
    )
    assert gather_archives.delay().get() == 15
    assert gather_archives.delay().get() == 0


def test_a_withdrawn_suggestion_and_an_unconfirmed_visit_leave_the_archive(ningxiang_staff, world):
    year = world["year"]
    hml = world["hml"]
    span = {"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)}
    archive.archive_gather(region_code=NINGXIANG, **span)
    led = Suggestion.objects.filter(lead_deputy=hml[0], title="整治河道").get()
    Suggestion.objects.filter(pk=led.pk).update(status="withdrawn")
    StationVisit.objects.filter(deputy=hml[1]).update(confirmed=False)
    StationVisit.objects.filter(deputy=hml[0], date=dt.date(year, 4, 16)).update(
        date=dt.date(year, 4, 17)
    )
    assert archive.archive_gather(region_code=NINGXIANG, **span) == 0
    assert not ArchiveEntry.objects.filter(source_key=f"suggestion:{led.pk}").exists()
    assert not ArchiveEntry.objects.filter(deputy=hml[1], kind="station_visit").exists()
    dates = set(
        ArchiveEntry.objects.filter(deputy=hml[0], kind="station_visit").values_list(
            "occurred_on", flat=True
        )
    )
    assert dates == {dt.date(year, 3, 6), dt.date(year, 4, 17)}

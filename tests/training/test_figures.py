"""The training figures, each defined once: coverage (serving deputies whose hours this year
reach their region's N) with its drill-down to the same people, on the API, the dashboard's
aggregate rows and the township evaluation alike; study completion per month; and the lists
keep their query counts whatever their length."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection  # noqa: F401 - read by the skipif string

from congress.dashboards.models import Refresh
from congress.dashboards.services import facts_fold, facts_refresh
from congress.models import Region
from evaluation.models import ArchiveEntry, Score
from evaluation.township import measures, rounds, scoring, systems
from evaluation.township.examples import ningxiang_system_fields
from tests.ballots.conftest import make_deputy
from tests.training.conftest import (
    DONGKOU_TOWN,
    MP4,
    attend,
    offline_course,
    training_event,
    upload,
)
from training.services import plans, sessions, standards, study

pytestmark = pytest.mark.django_db
DONGKOU = "430525"


@pytest.fixture
def trained_world(dongkou_staff, dongkou, deputies, plan):
    """A 3-hour session attended by the first two deputies; the first also finished the plan's
    2-hour quiz item (5 hours); N of 洞口县 is 4: only the first is trained."""
    course = offline_course(dongkou_staff)
    event = training_event(dongkou_staff, dongkou.region)
    sessions.session_create(actor=dongkou_staff, course=course, event_id=event.pk, hours=3)
    attend(dongkou_staff, event, deputies[:2])
    study.quiz_submit(deputy=deputies[0], item=plan.items.get(order=2), answers=[[1], [0, 1]])
    standards.coverage_standard_set(actor=dongkou_staff, region=DONGKOU, min_hours=4)
    return deputies


def all_rows(client, url):
    rows, page = [], 1
    while True:
        data = client.get(f"{url}&page={page}&page_size=2").json()
        rows += data["results"]
        if not data["next"]:
            return data["count"], rows
        page += 1


def test_coverage_and_its_drilldown_count_the_same_people(client_for, dongkou_staff, trained_world):
    client = client_for(dongkou_staff)
    data = client.get("/api/v1/training/coverage/?year=2026").json()
    assert (data["serving"], data["trained"], data["min_hours"]) == (3, 1, 4)
    assert data["rate"] == 33.3
    own = next(r for r in data["rows"] if r["own"])
    town = next(r for r in data["rows"] if r["code"] == DONGKOU_TOWN)
    assert (own["serving"], own["trained"], town["serving"], town["trained"]) == (2, 1, 1, 0)
    count, rows = all_rows(client, "/api/v1/training/coverage/deputies/?year=2026&trained=true")
    assert count == data["trained"] and [r["id"] for r in rows] == [trained_world[0].pk]
    assert rows[0]["training_hours"] == 5 and rows[0]["hours_needed"] == 4
    count, rows = all_rows(client, "/api/v1/training/coverage/deputies/?year=2026")
    assert count == data["serving"] == len(rows)
    count, _rows = all_rows(
        client, f"/api/v1/training/coverage/deputies/?year=2026&trained=false&region={DONGKOU_TOWN}"
    )
    assert count == town["serving"] - town["trained"]


def test_coverage_of_a_kept_year_is_read_from_the_aggregate_rows(
    client_for, dongkou_staff, supervisor, trained_world, deputies
):
    """Issue 18: the coverage table of last year and this one comes from the dashboard's rows
    (the province's 200,000 deputies are not summed again per request), equal to the live
    count, for the county, a township and the province."""
    urls = ["/api/v1/training/coverage/?year=2026",
            f"/api/v1/training/coverage/?year=2026&region={DONGKOU_TOWN}"]  # fmt: skip
    clients = [client_for(dongkou_staff), client_for(supervisor)]
    counted = [[c.get(url).json() for url in urls] for c in clients]  # not built yet: live
    facts_refresh(only="training.dashboard")
    assert [[c.get(url).json() for url in urls] for c in clients] == counted


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the fold runs on PostgreSQL")
def test_a_change_of_the_standard_shows_in_the_kept_coverage_after_the_next_fold(
    client_for, dongkou_staff, trained_world, deputies
):
    urls = ["/api/v1/training/coverage/?year=2026"]
    client = client_for(dongkou_staff)
    facts_refresh(only="training.dashboard")
    standards.coverage_standard_set(actor=dongkou_staff, region=DONGKOU, min_hours=3)
    assert client.get(urls[0]).json()["trained"] == 1  # the rows are not folded yet
    facts_fold()
    assert client.get(urls[0]).json()["trained"] == 2  # the second deputy's 3 hours reach N
    Refresh.objects.all().delete()
    assert client.get(urls[0]).json()["trained"] == 2  # the live count agrees


def test_the_standard_is_set_per_region_and_the_most_specific_wins(
    client_for, dongkou_staff, shaoyang_staff, trained_world
):
    client = client_for(shaoyang_staff)
    response = client.put("/api/v1/training/standard/", {"min_hours": 2}, format="json")
    assert response.json()["min_hours"] == 2
    # 洞口县's own 4 still holds for its deputies
    data = client_for(dongkou_staff).get("/api/v1/training/standard/").json()
    assert (data["min_hours"], data["own"], data["default"]) == (4, 4, 8)
    client_for(dongkou_staff).put("/api/v1/training/standard/", {"min_hours": None}, format="json")
    data = client_for(dongkou_staff).get("/api/v1/training/coverage/").json()
    assert (data["min_hours"], data["trained"]) == (2, 2)
    bad = client_for(dongkou_staff).put(
        "/api/v1/training/standard/", {"min_hours": 0, "region": "431025"}, format="json"
    )
    assert bad.status_code == 400 and "min_hours" in bad.json()["fields"]


def test_the_dashboard_shows_the_figures_from_its_aggregate_rows(
    client_for, supervisor, trained_world, plan
):
    cache.clear()
    facts_refresh(only="training.dashboard")
    client = client_for(supervisor)
    data = client.get("/api/v1/dashboard/", {"period": "year", "value": "2026"}).json()
    figures = {f["key"]: f for f in data["figures"]}
    coverage, completion = figures["training_coverage"], figures["study_completion"]
    assert coverage["value"] == 33.3 and coverage["drill"] == "part"
    assert completion["value"] == 0.0  # nobody has finished both December items yet

    def total(link):
        query = "&".join(f"{k}={v}" for k, v in link.items() if v not in (None, ""))
        return client.get(f"/api/v1/dashboard/records/?{query}&limit=100").json()["total"]

    assert round(total(coverage["link"]) * 100 / total(coverage["whole"]), 1) == 33.3
    assert total(completion["whole"]) == 3 and total(completion["link"]) == 0
    cells = {row["code"]: row["values"]["training_coverage"] for row in data["breakdown"]}
    assert cells[DONGKOU_TOWN] == 0.0


def test_the_township_indicator_is_computed_from_the_same_figure(
    dongkou_staff, dongkou, trained_world
):
    other_town = "430525102"
    make_deputy(dongkou, "毓兰代表").__class__.objects.filter(name="毓兰代表").update(
        region_id=other_town
    )
    got = measures.measure_many(
        "training_coverage", region_codes=[DONGKOU_TOWN, other_town, "430525103"], year=2026
    )
    assert got == {DONGKOU_TOWN: Decimal("0"), other_town: Decimal("0"), "430525103": None}
    ArchiveEntry.objects.create(
        deputy=trained_world[2], kind="training_hour", occurred_on=dt.date(2026, 5, 1),
        title="赴省委党校参加代表培训", quantity=4, source="staff",
    )  # fmt: skip
    got = measures.measure_many("training_coverage", region_codes=[DONGKOU_TOWN], year=2026)
    assert got == {DONGKOU_TOWN: Decimal("1")}


def test_a_round_scores_training_coverage_without_typing(dongkou_staff, trained_world):
    system = systems.indicator_system_create(
        actor=dongkou_staff,
        region=Region.objects.get(code=DONGKOU),
        **ningxiang_system_fields(2026),
    )
    indicator = next(
        i
        for a in system.aspects.all()
        for i in a.indicators.all()
        if i.name == "代表履职培训全覆盖"
    )
    assert (indicator.method, indicator.measure) == ("computed", "training_coverage")
    round_ = rounds.round_open(
        actor=dongkou_staff, system=system, name="2026年度洞口县乡镇人大工作评价",
        target_codes=[DONGKOU_TOWN],
    )  # fmt: skip
    scoring.round_compute(actor=dongkou_staff, round_=round_)
    score = Score.objects.get(target__round=round_, indicator=indicator)
    assert (score.measured, score.value, score.is_computed) == (Decimal("0"), Decimal("0"), True)


def test_study_completion_counts_per_month(client_for, dongkou_staff, deputies, plan, clock):
    for deputy in deputies[:2]:
        study.quiz_submit(deputy=deputy, item=plan.items.get(order=2), answers=[[1], [0, 1]])
        first = plan.items.get(order=1)
        study.study_heartbeat(deputy=deputy, item=first, seconds=60)
        clock.advance(minutes=1)
        study.study_heartbeat(deputy=deputy, item=first, seconds=60)
        study.study_finish(deputy=deputy, item=first)
    data = client_for(dongkou_staff).get("/api/v1/training/study/?year=2026").json()
    assert data["months"] == [{"month": "2026-12", "assigned": 3, "finished": 2, "rate": 66.7}]
    listed = (
        client_for(dongkou_staff)
        .get("/api/v1/training/study/deputies/?month=2026-12&finished=false")
        .json()
    )
    assert [r["deputy"] for r in listed["results"]] == [deputies[2].pk]


def test_a_video_is_served_in_ranges(client_for, deputies, plan, video):
    client = client_for(deputies[0].user)
    url = f"/api/v1/training/materials/{video.pk}/file/"
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert whole["Cache-Control"] == "private, no-store"
    assert b"".join(whole.streaming_content) == MP4
    part = client.get(url, HTTP_RANGE="bytes=4-11")
    assert part.status_code == 206 and part.content == MP4[4:12]
    assert part["Content-Range"] == f"bytes 4-11/{len(MP4)}"
    assert client.get(url, HTTP_RANGE=f"bytes={len(MP4) + 5}-").status_code == 416


# --- query-count guards: a list costs the same whatever its length --------------------------


def exact_queries(django_assert_num_queries, client, url, n):
    client.get(url)  # the session's first save is not the list's
    with django_assert_num_queries(n):
        response = client.get(url)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("extra", [1, 5])
def test_lists_keep_their_query_counts(
    client_for, dongkou_staff, deputies, plan, django_assert_num_queries, extra
):
    for i in range(extra):
        offline_course(dongkou_staff, title=f"专题培训{i}")
        upload(dongkou_staff, title=f"资料{i}",
               file=SimpleUploadedFile(f"资料{i}.pdf", b"%PDF-1.4 x", "application/pdf"))  # fmt: skip
        plans.plan_create(actor=dongkou_staff, month=dt.date(2025, 1 + i, 1), title=f"{i}月")
    client = client_for(dongkou_staff)
    # session and user, then: count and page
    exact_queries(django_assert_num_queries, client, "/api/v1/training/courses/", 4)
    exact_queries(django_assert_num_queries, client, "/api/v1/training/materials/", 4)
    # + the items and their questions
    exact_queries(django_assert_num_queries, client, "/api/v1/training/plans/", 6)
    # the plan with its items and questions, count, page, the page's progress
    exact_queries(
        django_assert_num_queries, client, f"/api/v1/training/plans/{plan.pk}/progress/", 8
    )
    # the region, the standards, count, page (a county's hours: subqueries of the page's query)
    exact_queries(django_assert_num_queries, client, "/api/v1/training/coverage/deputies/", 6)
    # the deputy, the assignment with its plan, items, questions, progress, the history
    exact_queries(django_assert_num_queries, client_for(deputies[0].user), "/api/v1/me/study/", 8)

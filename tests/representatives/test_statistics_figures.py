"""The composition's figures (one grouped query) against an independent count in Python over a
small random world: every dimension, key figure, age band and region one level down, for a
county, a city and one congress; a foreign region is a 404."""

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import connection

from congress.dashboards.models import Fact
from congress.dashboards.services import facts_fold, facts_refresh
from congress.models import Congress, Region
from representatives.models import Affiliation, Deputy, Education, Gender, Mandate, Occupation
from tests.clock import NOW, frozen
from tests.representatives.conftest import make_deputy, term_for

pytestmark = pytest.mark.django_db
TODAY = NOW.date()
ETHNICITIES = ["汉族", "汉族", "汉族", "瑶族", "苗族", "侗族", "土家族"]


@pytest.fixture(autouse=True)
def one_day():
    with frozen():
        yield


@pytest.fixture
def world(regions):
    """About 60 deputies in 洞口县's townships, 邵阳市's other counties and 临武县; some with two
    serving mandates (counted once), some ended, some serving only in the city's congress."""
    rng = random.Random(18)
    towns = list(
        Region.objects.filter(code__startswith="430525", code__regex=r"^\d{9}$")
        .order_by("code")
        .values_list("code", flat=True)[:5]
    )
    others = list(
        Congress.objects.filter(region__code__regex=r"^4305\d\d$")
        .exclude(region_id="430525")
        .order_by("region_id")
        .values_list("region_id", flat=True)[:2]
    )
    places = [*towns, "430525", *others, "431025"]
    county_terms = {code[:6]: term_for(code[:6]) for code in places}
    city_term = term_for("4305")
    for i in range(60):
        region = rng.choice(places)
        deputy = make_deputy(
            f"代表{i}",
            region=region,
            gender=rng.choice(Gender.values),
            birth=date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40)),
            ethnicity=rng.choice(ETHNICITIES),
            affiliation=rng.choice(Affiliation.values),
            education=rng.choice(Education.values),
            occupation=rng.choice(Occupation.values),
            term=None if i % 9 == 4 else county_terms[region[:6]],
        )
        if i % 7 == 0 and region.startswith("4305"):
            Mandate.objects.create(
                deputy=deputy,
                congress=city_term.congress,
                term=city_term,
                start_date=city_term.start_date,
            )
        if i % 5 == 3:
            deputy.mandates.update(status="resigned", end_date="2023-01-01", end_reason="辞职")
    # 35 today and one day short of it: the young-band boundary.
    make_deputy("满三十五", region=towns[0], birth=date(1991, 12, 1), term=county_terms["430525"])
    make_deputy("差一天", region=towns[0], birth=date(1991, 12, 2), term=county_terms["430525"])
    return {"towns": towns, "city_congress": city_term.congress_id}


def age(birth: date) -> int:
    years = TODAY.year - birth.year
    return years - 1 if (TODAY.month, TODAY.day) < (birth.month, birth.day) else years


def band(birth: date) -> str:
    a = age(birth)
    return "band0" if a < 35 else "band1" if a < 46 else "band2" if a < 56 else "band3"


def figures(d) -> dict:
    return {
        "women": d.gender == Gender.FEMALE,
        "minorities": d.ethnicity != "汉族",
        "workers_farmers": d.occupation in (Occupation.WORKER, Occupation.FARMER),
        "non_cpc": d.affiliation not in (Affiliation.CPC, Affiliation.CPC_PROBATIONARY),
        "young": age(d.birth_date) < 35,
    }


def expected(prefix: str, congress_id: int | None = None) -> dict:
    """The composition counted in Python, deputy by deputy."""
    serving = []
    for d in Deputy.objects.filter(region__code__startswith=prefix).prefetch_related("mandates"):
        mandates = [m for m in d.mandates.all() if m.status == Mandate.Status.SERVING]
        if congress_id:
            mandates = [m for m in mandates if m.congress_id == congress_id]
        if mandates:
            serving.append(d)
    total = len(serving)
    child = {0: 2, 2: 4, 4: 6, 6: 9}.get(len(prefix))
    by_sub: dict[str, Counter] = {}
    for d in serving if child else []:
        c = by_sub.setdefault(d.region_id[:child], Counter())
        c["total"] += 1
        c.update(k for k, v in figures(d).items() if v)
    return {
        "total": total,
        "highlights": dict(
            sum((Counter(k for k, v in figures(d).items() if v) for d in serving), Counter())
        ),
        "gender": {g: sum(d.gender == g for d in serving) for g in Gender.values},
        "ethnicity": dict(Counter(d.ethnicity for d in serving)),
        "occupation": {o: sum(d.occupation == o for d in serving) for o in Occupation.values},
        "affiliation": {a: sum(d.affiliation == a for d in serving) for a in Affiliation.values},
        "education": {e: sum(d.education == e for d in serving) for e in Education.values},
        "age": {
            f"band{i}": sum(band(d.birth_date) == f"band{i}" for d in serving) for i in range(4)
        },
        "by_region": {code: dict(c) for code, c in by_sub.items()},
    }


def answered(stats: dict) -> dict:
    dims = {d["key"]: {r["value"]: r["count"] for r in d["rows"]} for d in stats["dimensions"]}
    for d in stats["dimensions"]:
        for r in d["rows"]:
            assert r["share"] == (round(r["count"] / stats["total"], 4) if stats["total"] else 0)
    return {
        "total": stats["total"],
        "highlights": {h["key"]: h["count"] for h in stats["highlights"] if h["count"]},
        **dims,
        "by_region": {
            r["code"]: {
                "total": r["total"],
                **{k: r[k] for k in ("women", "minorities", "workers_farmers", "non_cpc", "young")
                   if r[k]},
            }
            for r in stats["by_region"]
        },
    }  # fmt: skip


@pytest.mark.parametrize("kept", [False, True], ids=["counted", "kept"])
@pytest.mark.parametrize(
    ("who", "region", "prefix"),
    [
        ("dongkou_staff", "", "430525"),
        ("shaoyang_staff", "", "4305"),
        ("shaoyang_staff", "430525", "430525"),
        ("dongkou_staff", "430525001", "430525001"),  # a township: no level below
        ("admin_user", "", ""),  # the whole system: one row per province
    ],
)
def test_every_figure_equals_a_count_deputy_by_deputy(
    request, client_for, world, who, region, prefix, kept
):
    """Counted live, and from the aggregate rows once they are built (the months of birth an
    age band's boundary splits counted live: 满三十五 and 差一天 are born in one)."""
    if kept:
        facts_refresh()
    viewer = request.getfixturevalue(who)
    url = "/api/v1/deputies/statistics/" + (f"?region={region}" if region else "")
    stats = client_for(viewer).get(url).json()
    want = expected(prefix)
    assert want["total"] > (3 if len(prefix) == 9 else 5)  # the world is not empty there
    assert answered(stats) == want


def test_the_kept_rows_are_read_and_follow_a_write_after_the_fold(client_for, dongkou_staff, world):
    facts_refresh()
    staff = client_for(dongkou_staff)
    Fact.objects.filter(metric="deputy_composition", key="all").update(value=0)
    assert staff.get("/api/v1/deputies/statistics/").json()["total"] == 0  # read from the rows
    facts_refresh()
    before = staff.get("/api/v1/deputies/statistics/").json()["total"]
    Mandate.objects.filter(deputy__region__code__startswith="430525", status="serving").filter(
        deputy__in=Deputy.objects.filter(region_id=world["towns"][1])
    ).update(status="resigned", end_date=TODAY)
    if connection.vendor == "postgresql":  # the triggers mark it; the fold recomputes it
        assert staff.get("/api/v1/deputies/statistics/").json()["total"] == before
        facts_fold()
    else:
        facts_refresh()
    assert answered(staff.get("/api/v1/deputies/statistics/").json()) == expected("430525")


def test_one_congress_counts_only_its_serving_mandates(client_for, shaoyang_staff, world):
    congress = world["city_congress"]
    stats = client_for(shaoyang_staff).get(f"/api/v1/deputies/statistics/?congress={congress}")
    want = expected("4305", congress)
    assert 0 < want["total"] < expected("4305")["total"]
    assert answered(stats.json()) == want


def test_the_young_band_ends_on_the_35th_birthday(client_for, dongkou_staff, world):
    stats = client_for(dongkou_staff).get(
        f"/api/v1/deputies/statistics/?region={world['towns'][0]}"
    )
    young = {h["key"]: h["count"] for h in stats.json()["highlights"]}["young"]
    assert young == expected(world["towns"][0][:6])["by_region"][world["towns"][0]]["young"]


def test_another_countys_region_is_not_found(client_for, dongkou_staff, linwu_staff, world):
    assert (
        client_for(dongkou_staff).get("/api/v1/deputies/statistics/?region=431025").status_code
        == 404
    )
    assert (
        client_for(linwu_staff).get("/api/v1/deputies/statistics/?region=430525").status_code == 404
    )
    own = client_for(linwu_staff).get("/api/v1/deputies/statistics/").json()
    assert answered(own) == expected("431025")

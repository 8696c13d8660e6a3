"""Any level evaluates the level below (怀化 "同步推动县乡评价新机制"): a city over its counties, the
province over its cities, a county over its townships (its own system or its city's); targets
must be exactly one level below the organiser (400 naming the wrong codes, nothing stored); the
county targets' staff self-assess their own target only; the measures work over a county prefix;
the round's periods are validated (自评 ≤ 评分 ≤ 结束, not in the past)."""

from decimal import Decimal

import pytest

from congress.models import Region, Role
from evaluation.models import EvaluationRound, Indicator, TargetKind
from evaluation.township import measures, systems
from tests.clock import frozen
from tests.conftest import DONGKOU, SHAOYANG, make_user
from tests.evaluation.conftest import make_deputy
from tests.evaluation.test_unit_rounds import assign, at, reply, suggestion, units  # noqa: F401

pytestmark = pytest.mark.django_db

SHUANGQING = "430502"


def system_of(staff, region, kind, name):
    return systems.indicator_system_create(
        actor=staff,
        region=Region.objects.get(code=region),
        year=2026,
        target_kind=kind,
        name=name,
        aspects=[
            {
                "name": "代表工作",
                "indicators": [
                    {"name": "代表联络站建设", "max_score": 10, "scoring_rule": "达标得满分。"},
                    {
                        "name": "代表建议按时答复率",
                        "max_score": 10,
                        "scoring_rule": "按比例计分。",
                        "method": "computed",
                        "measure": "suggestions_replied_on_time",
                        "full_marks_at": 1,
                    },
                ],
            }
        ],
    )


def open_round(client, system, codes, **extra):
    return client.post(
        "/api/v1/evaluation/rounds/",
        {
            "system": system.pk,
            "name": "邵阳市2026年度县市区人大工作评价",
            "target_codes": codes,
            **extra,
        },
        format="json",
    )


def test_a_city_evaluates_its_counties_and_only_them(client_for, shaoyang_staff, dongkou_staff):
    client = client_for(shaoyang_staff)
    with frozen():
        system = system_of(shaoyang_staff, SHAOYANG, TargetKind.COUNTY, "邵阳市县级人大工作评价")
        offered = client.get(f"/api/v1/evaluation/systems/{system.pk}/targets/").json()
        codes = {t["code"] for t in offered["targets"]}
        assert DONGKOU in codes and SHUANGQING in codes and "430525001" not in codes
        assert all(c.startswith(SHAOYANG) and len(c) == 6 for c in codes)

        for wrong in (["430525001"], ["431025"], [SHAOYANG]):
            response = open_round(client, system, [DONGKOU, *wrong])
            assert response.status_code == 400
            assert wrong[0] in response.json()["fields"]["target_codes"][0]
        assert not EvaluationRound.objects.exists()

        made = open_round(client, system, [DONGKOU, SHUANGQING])
        assert made.status_code == 201, made.json()
        round_ = EvaluationRound.objects.get(pk=made.json()["id"])
        assert round_.region_id == SHAOYANG
        assert made.json()["target_kind"] == "county"

        # 洞口县's staff see the round and self-assess their own county only.
        county = client_for(dongkou_staff)
        detail = county.get(f"/api/v1/evaluation/rounds/{round_.pk}/").json()
        assert [t["region"] for t in detail["targets"]] == [DONGKOU]
        manual = Indicator.objects.get(aspect__system=system, method="manual")
        by_code = {t.region_id: t for t in round_.targets.all()}

        def score(code, stage="self"):
            return county.post(
                f"/api/v1/evaluation/rounds/{round_.pk}/scores/",
                {
                    "target": by_code[code].pk,
                    "indicator": manual.pk,
                    "stage": stage,
                    "value": "9",
                    "reason": "联络站全部达标",
                },
                format="json",
            )

        assert score(DONGKOU).status_code == 201
        assert score(SHUANGQING).status_code == 404
        assert score(DONGKOU, stage="review").status_code == 403


def test_the_province_over_cities_and_a_county_over_townships_on_its_citys_system(
    client_for, regions, dongkou_staff, shaoyang_staff
):
    province = make_user("hunan_staff", role=Role.STAFF, region="43", name="湖南省人大")
    with frozen():
        cities = system_of(province, "43", TargetKind.CITY, "湖南省市州人大工作评价")
        response = open_round(client_for(province), cities, [SHAOYANG, "4310"])
        assert response.status_code == 201, response.json()
        assert open_round(client_for(province), cities, [DONGKOU]).status_code == 400

        townships = system_of(
            shaoyang_staff, SHAOYANG, TargetKind.TOWNSHIP, "邵阳市乡镇人大工作评价"
        )
        county = client_for(dongkou_staff)
        offered = county.get(f"/api/v1/evaluation/systems/{townships.pk}/targets/").json()
        assert offered["organiser"] == DONGKOU
        assert {t["code"][:6] for t in offered["targets"]} == {DONGKOU}
        made = open_round(county, townships, ["430525001", "430525002"])
        assert made.status_code == 201, made.json()
        assert made.json()["region"] == DONGKOU
        # A city's county-kind system gives a county nothing to evaluate.
        counties = system_of(shaoyang_staff, SHAOYANG, TargetKind.COUNTY, "邵阳市县级评价")
        assert (
            county.get(f"/api/v1/evaluation/systems/{counties.pk}/targets/").json()["targets"] == []
        )
        assert open_round(county, counties, ["430525001"]).status_code == 400


def test_the_periods_are_ordered_and_not_in_the_past(client_for, shaoyang_staff):
    client = client_for(shaoyang_staff)
    with frozen():  # 2026-12-01
        system = system_of(shaoyang_staff, SHAOYANG, TargetKind.COUNTY, "邵阳市县级人大工作评价")
        bad = open_round(
            client,
            system,
            [DONGKOU],
            self_due="2026-12-20",
            review_due="2026-12-10",
            closes_on="2026-11-30",
        )
        assert bad.status_code == 400
        fields = bad.json()["fields"]
        assert "review_due" in fields and "closes_on" in fields
        assert not EvaluationRound.objects.exists()
        good = open_round(
            client,
            system,
            [DONGKOU],
            self_due="2026-12-10",
            review_due="2026-12-20",
            closes_on="2026-12-31",
        )
        assert good.status_code == 201, good.json()
        assert good.json()["self_due"] == "2026-12-10"
        assert good.json()["closes_on"] == "2026-12-31"


def test_measures_work_over_a_county_prefix(units, dongkou_staff):  # noqa: F811
    edu, _roads = units
    in_township = make_deputy("王秀英", region="430525001", county=DONGKOU)
    with frozen():
        for on_time in (True, False):
            s = suggestion(in_township, assigned_at=at(3, 1))
            assign(s, edu, signed=at(3, 2))
            reply(s, edu, dongkou_staff, on_time=on_time)
        values = measures.measure_many(
            "suggestions_replied_on_time", region_codes=[DONGKOU, SHUANGQING], year=2026
        )
    assert values == {DONGKOU: Decimal("0.5000"), SHUANGQING: None}

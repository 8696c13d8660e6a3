"""Evaluation rounds: open over a county's townships, self-assess, review with evidence and
reasons, rank, close and lock (409 afterwards), export; a county sees only its own rounds."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from congress.models import Notification, Region, Role
from evaluation.models import EvaluationRound, Indicator, RoundTarget, Score
from evaluation.township import systems
from evaluation.township.examples import ningxiang_system_fields
from tests.conftest import make_user
from tests.evaluation.conftest import NINGXIANG

pytestmark = pytest.mark.django_db

HUAMINGLOU, DAOLIN, HUITANG = "430182102", "430182101", "430182109"


@pytest.fixture
def round_(client_for, ningxiang_staff, ningxiang_system):
    response = client_for(ningxiang_staff).post(
        "/api/v1/evaluation/rounds/",
        {
            "system": ningxiang_system.pk,
            "name": "宁乡市2026年度乡镇（街道）人大工作评价",
            "target_codes": [HUAMINGLOU, DAOLIN, HUITANG],
            "evaluator_ids": [ningxiang_staff.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return EvaluationRound.objects.get(pk=response.json()["id"])


def indicator(system, name) -> Indicator:
    return Indicator.objects.get(aspect__system=system, name=name)


def target(round_, code) -> RoundTarget:
    return RoundTarget.objects.get(round=round_, region_id=code)


def score(client, round_, code, ind, value, stage="review", **extra):
    body = {
        "target": target(round_, code).pk,
        "indicator": ind.pk,
        "stage": stage,
        "value": str(value),
        "reason": extra.pop("reason", "材料齐全，程序规范"),
        **extra,
    }
    return client.post(f"/api/v1/evaluation/rounds/{round_.pk}/scores/", body, format="json")


def test_the_example_system_has_six_aspects_seventeen_indicators_and_100_points(
    client_for, ningxiang_staff, ningxiang_system
):
    data = (
        client_for(ningxiang_staff).get(f"/api/v1/evaluation/systems/{ningxiang_system.pk}/").json()
    )
    aspects = [a for a in data["aspects"] if not a["is_bonus"]]
    assert len(aspects) == 6
    assert sum(len(a["indicators"]) for a in aspects) == 17
    assert data["max_total"] == 100.0
    assert data["bonus_cap"] == "5.0"
    computed = {i["measure"] for a in aspects for i in a["indicators"] if i["method"] == "computed"}
    assert computed == {
        "station_visit_coverage",
        "opinions_answered_on_time",
        "suggestions_replied_on_time",
        "satisfaction_rate",
        "deputies_average_points",
        "training_coverage",
    }


def test_scoring_a_township_moves_the_ranking(
    client_for, ningxiang_staff, ningxiang_system, round_
):
    client = client_for(ningxiang_staff)
    meeting = indicator(ningxiang_system, "按时召开乡镇人民代表大会")
    report = indicator(ningxiang_system, "听取审议专项工作报告")
    assert score(client, round_, DAOLIN, report, 5).status_code == 201
    assert target(round_, DAOLIN).rank == 1
    response = score(client, round_, HUAMINGLOU, meeting, 8, evidence="2026年人代会决议")
    assert response.status_code == 201, response.json()
    ranking = {t["name"]: t["rank"] for t in response.json()["targets"]}
    assert ranking["花明楼镇"] == 1 and ranking["道林镇"] == 2
    assert target(round_, HUAMINGLOU).final_total == Decimal("8")
    # Scoring again replaces the score, it does not add to it.
    score(client, round_, HUAMINGLOU, meeting, 4, evidence="2026年人代会决议", reason="少开一次会")
    assert target(round_, HUAMINGLOU).final_total == Decimal("4")
    assert target(round_, DAOLIN).rank == 1


@pytest.mark.parametrize(
    ("name", "value", "extra", "field", "message"),
    [
        ("听取审议专项工作报告", "6.5", {}, "value", "得分不能超过该指标满分6分"),
        ("听取审议专项工作报告", "-1", {}, "value", "得分不能为负数"),
        ("按时召开乡镇人民代表大会", "8", {"evidence": ""}, "evidence", "该指标须提供佐证材料"),
        ("听取审议专项工作报告", "5", {"reason": ""}, "reason", "请填写评分理由"),
        ("代表进站履职覆盖率", "5", {}, "indicator", "该指标由平台数据自动计算"),
    ],
)
def test_bad_scores_give_400_and_store_nothing(
    client_for, ningxiang_staff, ningxiang_system, round_, name, value, extra, field, message
):
    response = score(
        client_for(ningxiang_staff),
        round_,
        HUAMINGLOU,
        indicator(ningxiang_system, name),
        value,
        **extra,
    )
    assert response.status_code == 400
    assert message in response.json()["fields"][field][0]
    assert not Score.objects.filter(target__round=round_).exists()
    assert target(round_, HUAMINGLOU).final_total == 0


def test_the_innovation_bonus_is_capped(client_for, ningxiang_staff, ningxiang_system, round_):
    client = client_for(ningxiang_staff)
    bonus = indicator(ningxiang_system, "工作创新与品牌亮点")
    assert score(client, round_, HUITANG, bonus, 5, evidence="省人大推介文件").status_code == 201
    assert score(client, round_, HUITANG, bonus, 6, evidence="省人大推介文件").status_code == 400
    assert target(round_, HUITANG).bonus == 5


def test_a_closed_round_never_changes(client_for, ningxiang_staff, ningxiang_system, round_):
    client = client_for(ningxiang_staff)
    ind = indicator(ningxiang_system, "听取审议专项工作报告")
    score(client, round_, DAOLIN, ind, 5)
    assert client.post(f"/api/v1/evaluation/rounds/{round_.pk}/close/").status_code == 200
    before = list(Score.objects.filter(target__round=round_).values_list("pk", "value"))

    assert score(client, round_, DAOLIN, ind, 6).status_code == 409
    assert score(client, round_, HUAMINGLOU, ind, 6).status_code == 409
    assert client.post(f"/api/v1/evaluation/rounds/{round_.pk}/compute/").status_code == 409
    assert client.post(f"/api/v1/evaluation/rounds/{round_.pk}/close/").status_code == 409
    evaluators = client.put(
        f"/api/v1/evaluation/rounds/{round_.pk}/evaluators/", {"evaluator_ids": []}, format="json"
    )
    assert evaluators.status_code == 409
    assert list(Score.objects.filter(target__round=round_).values_list("pk", "value")) == before
    assert target(round_, DAOLIN).rank == 1


def test_only_assigned_evaluators_review_but_a_township_may_self_assess(
    client_for, ningxiang_system, round_
):
    colleague = make_user("nx2", role=Role.STAFF, region=NINGXIANG, name="同事")
    township = make_user("hml", role=Role.STAFF, region=HUAMINGLOU, name="花明楼镇人大")
    ind = indicator(ningxiang_system, "听取审议专项工作报告")
    assert score(client_for(colleague), round_, DAOLIN, ind, 5).status_code == 403
    own = score(client_for(township), round_, HUAMINGLOU, ind, 6, stage="self")
    assert own.status_code == 201
    assert [t["name"] for t in own.json()["targets"]] == ["花明楼镇"]
    assert score(client_for(township), round_, DAOLIN, ind, 6, stage="self").status_code == 404
    assert score(client_for(township), round_, HUAMINGLOU, ind, 6).status_code == 403
    assert target(round_, HUAMINGLOU).self_total == 6
    assert target(round_, HUAMINGLOU).final_total == 0


def test_another_countys_staff_cannot_see_or_score_the_round(
    client_for, dongkou_staff, ningxiang_system, round_
):
    client = client_for(dongkou_staff)
    assert client.get(f"/api/v1/evaluation/rounds/{round_.pk}/").status_code == 404
    assert client.get("/api/v1/evaluation/rounds/").json()["count"] == 0
    ind = indicator(ningxiang_system, "听取审议专项工作报告")
    assert score(client, round_, DAOLIN, ind, 5).status_code == 404
    assert client.post(f"/api/v1/evaluation/rounds/{round_.pk}/close/").status_code == 404
    assert client.get(f"/api/v1/evaluation/rounds/{round_.pk}/export/").status_code == 404
    assert not Score.objects.exists()


def test_a_round_cannot_take_targets_outside_the_county(
    client_for, ningxiang_staff, ningxiang_system
):
    response = client_for(ningxiang_staff).post(
        "/api/v1/evaluation/rounds/",
        {"system": ningxiang_system.pk, "name": "越界", "target_codes": [HUAMINGLOU, "430525001"]},
        format="json",
    )
    assert response.status_code == 400
    assert "430525001" in response.json()["fields"]["target_codes"][0]
    assert not EvaluationRound.objects.exists()


def test_the_results_export_lists_every_township_with_its_rank(
    client_for, ningxiang_staff, ningxiang_system, round_
):
    client = client_for(ningxiang_staff)
    score(client, round_, HUITANG, indicator(ningxiang_system, "听取审议专项工作报告"), 5)
    response = client.get(f"/api/v1/evaluation/rounds/{round_.pk}/export/")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content))["评价结果"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0][:3] == (1, "灰汤镇", 5)
    assert {r[1] for r in rows} == {"灰汤镇", "花明楼镇", "道林镇"}


def test_the_round_list_query_count_does_not_grow(
    client_for, ningxiang_staff, ningxiang_system, django_assert_max_num_queries
):
    client = client_for(ningxiang_staff)
    for i in range(5):
        client.post(
            "/api/v1/evaluation/rounds/",
            {"system": ningxiang_system.pk, "name": f"第{i}轮", "target_codes": [DAOLIN]},
            format="json",
        )
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/evaluation/rounds/?page_size=1").json()["count"] == 5
    with django_assert_max_num_queries(8):
        assert len(client.get("/api/v1/evaluation/rounds/?page_size=50").json()["results"]) == 5


def test_an_attached_evidence_file_satisfies_the_evidence_requirement(
    client_for, ningxiang_staff, ningxiang_system, round_, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    meeting = indicator(ningxiang_system, "按时召开乡镇人民代表大会")
    response = client_for(ningxiang_staff).post(
        f"/api/v1/evaluation/rounds/{round_.pk}/scores/",
        {
            "target": target(round_, HUAMINGLOU).pk,
            "indicator": meeting.pk,
            "stage": "review",
            "value": "7.5",
            "reason": "会期略短",
            "evidence_file": SimpleUploadedFile(
                "决议.pdf", b"%PDF-1.4 resolution", "application/pdf"
            ),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    saved = Score.objects.get(target__round=round_, indicator=meeting)
    assert saved.evidence_file.name.endswith(".pdf")
    assert response.json()["score"]["evidence_file"]


def test_supervisors_read_results_but_do_not_score_or_close(client_for, ningxiang_system, round_):
    leader = make_user("nx_leader", role=Role.SUPERVISOR, region=NINGXIANG, name="王湘云")
    client = client_for(leader)
    assert client.get(f"/api/v1/evaluation/rounds/{round_.pk}/").status_code == 200
    ind = indicator(ningxiang_system, "听取审议专项工作报告")
    assert score(client, round_, DAOLIN, ind, 5).status_code == 403
    assert client.post(f"/api/v1/evaluation/rounds/{round_.pk}/close/").status_code == 403
    round_.refresh_from_db()
    assert round_.status == "open" and not Score.objects.exists()


def test_a_deputy_gets_nothing_from_the_staff_pages(client_for, ningxiang_system, round_, regions):
    deputy = make_user("some_deputy", role=Role.DEPUTY)
    client = client_for(deputy)
    assert client.get(f"/api/v1/evaluation/rounds/{round_.pk}/").status_code == 403
    assert client.get("/evaluation/rounds/").status_code == 403
    assert client.get("/performance/points/").status_code == 403


def test_the_system_list_query_count_does_not_grow(
    client_for, ningxiang_staff, ningxiang_system, django_assert_max_num_queries
):
    for year in (2023, 2024, 2025):
        systems.indicator_system_create(
            actor=ningxiang_staff, region=ningxiang_system.region, **ningxiang_system_fields(year)
        )
    client = client_for(ningxiang_staff)
    with django_assert_max_num_queries(9):
        assert client.get("/api/v1/evaluation/systems/?page_size=1").json()["count"] == 4
    with django_assert_max_num_queries(9):
        assert len(client.get("/api/v1/evaluation/systems/?page_size=50").json()["results"]) == 4


def test_next_years_system_starts_as_a_copy(
    client_for, ningxiang_staff, ningxiang_system, dongkou_staff
):
    year = ningxiang_system.year + 1
    url = f"/api/v1/evaluation/systems/{ningxiang_system.pk}/copy/"
    assert client_for(dongkou_staff).post(url, {"year": year}, format="json").status_code == 404
    response = client_for(ningxiang_staff).post(url, {"year": year}, format="json")
    assert response.status_code == 201, response.json()
    copy = response.json()
    assert copy["year"] == year and str(year) in copy["name"]
    assert copy["max_total"] == 100.0
    assert sum(len(a["indicators"]) for a in copy["aspects"]) == 18  # 17 + the bonus
    again = client_for(ningxiang_staff).post(url, {"year": year}, format="json")
    assert again.status_code == 400


def test_opening_a_round_asks_the_townships_to_self_assess_and_tells_evaluators(
    client_for, ningxiang_staff, ningxiang_system
):
    township = make_user("hml_staff", role=Role.STAFF, region=HUAMINGLOU, name="花明楼镇人大")
    colleague = make_user("nx_reviewer", role=Role.STAFF, region=NINGXIANG, name="评审员")
    response = client_for(ningxiang_staff).post(
        "/api/v1/evaluation/rounds/",
        {
            "system": ningxiang_system.pk,
            "name": "2026评价",
            "target_codes": [HUAMINGLOU, DAOLIN],
            "evaluator_ids": [ningxiang_staff.pk, colleague.pk],
        },
        format="json",
    )
    assert response.status_code == 201
    assert "自评" in Notification.objects.get(recipient=township).title
    assert "评价人" in Notification.objects.get(recipient=colleague).title
    assert not Notification.objects.filter(recipient=ningxiang_staff).exists()


def test_a_county_runs_its_own_round_on_its_citys_system(client_for, ningxiang_staff, regions):
    city_staff = make_user("changsha_staff", role=Role.STAFF, region="4301", name="长沙市人大")
    fields = {**ningxiang_system_fields(2026), "name": "长沙市2026年度乡镇人大工作评价指标体系"}
    city_system = systems.indicator_system_create(
        actor=city_staff, region=Region.objects.get(code="4301"), **fields
    )
    client = client_for(ningxiang_staff)
    response = client.post(
        "/api/v1/evaluation/rounds/",
        {"system": city_system.pk, "name": "宁乡市评价", "target_codes": [HUAMINGLOU, DAOLIN]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["region"] == NINGXIANG
    assert (
        client.post(f"/api/v1/evaluation/rounds/{response.json()['id']}/compute/").status_code
        == 200
    )

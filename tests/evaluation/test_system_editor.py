"""The indicator-system editor: 洞口县 lists its own and its city's systems (saying which), creates
one, edits its tree (rename, reorder, delete, add; rows kept by id), is refused (409) once a round
used it and copies instead (deep, copied_from set, into its own region); a city's system is
read-only to the county (404 on edit); per-field 400s (model rules, measures by kind)."""

import pytest

from congress.models import Region
from evaluation.models import Aspect, IndicatorSystem, TargetKind
from evaluation.township import rounds, systems
from tests.clock import frozen
from tests.conftest import DONGKOU, LINWU, SHAOYANG

pytestmark = pytest.mark.django_db

URL = "/api/v1/evaluation/systems/"


def tree(**extra):
    return {
        "year": 2026,
        "target_kind": "township",
        "name": "洞口县2026年度乡镇人大工作评价指标体系",
        "bonus_cap": "5",
        "description": "",
        "aspects": [
            {
                "name": "依法开好会",
                "indicators": [
                    {"name": "按时召开人代会", "max_score": "10", "scoring_rule": "两次得满分。"},
                    {"name": "主席团履职", "max_score": "5", "scoring_rule": "每季度一次。"},
                ],
            },
            {
                "name": "代表工作",
                "indicators": [
                    {
                        "name": "进站履职覆盖率",
                        "max_score": "10",
                        "scoring_rule": "按比例计分。",
                        "method": "computed",
                        "measure": "station_visit_coverage",
                        "full_marks_at": "1",
                    }
                ],
            },
        ],
        **extra,
    }


def city_system(staff):
    return systems.indicator_system_create(
        actor=staff,
        region=Region.objects.get(code=SHAOYANG),
        **{**tree(), "name": "邵阳市乡镇评价"},
    )


def test_the_list_shows_own_and_inherited_systems_and_says_which(
    client_for, dongkou_staff, shaoyang_staff, linwu_staff
):
    city = city_system(shaoyang_staff)
    own = client_for(dongkou_staff).post(URL, {**tree(), "region": DONGKOU}, format="json")
    assert own.status_code == 201, own.json()
    systems.indicator_system_create(
        actor=linwu_staff, region=Region.objects.get(code=LINWU), **{**tree(), "name": "临武"}
    )
    rows = client_for(dongkou_staff).get(URL).json()["results"]
    assert {r["id"]: r["origin"] for r in rows} == {city.pk: "inherited", own.json()["id"]: "own"}
    assert {r["origin_display"] for r in rows} == {"上级制定", "本级制定"}
    assert own.json()["max_total"] == 25.0
    only = client_for(dongkou_staff).get(URL + "?target_kind=handling_unit").json()
    assert only["results"] == []
    assert client_for(dongkou_staff).get(URL + "?target_kind=nonsense").status_code == 400


def test_edit_renames_reorders_deletes_and_adds_keeping_rows_by_id(client_for, dongkou_staff):
    client = client_for(dongkou_staff)
    made = client.post(URL, {**tree(), "region": DONGKOU}, format="json").json()
    first, second = made["aspects"]
    keep = first["indicators"][0]
    body = tree(name="洞口县2026年度乡镇人大工作评价指标体系（修订）")
    body["aspects"] = [
        {**second, "name": "代表工作（修订）", "indicators": second["indicators"]},
        {
            "id": first["id"],
            "name": "依法开好会",
            "is_bonus": False,
            "indicators": [
                {"name": "新增：听取专项报告", "max_score": "6", "scoring_rule": "两项得满分。"},
                {**keep, "max_score": "8"},
            ],
        },
    ]
    response = client.put(f"{URL}{made['id']}/", body, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert [a["name"] for a in data["aspects"]] == ["代表工作（修订）", "依法开好会"]
    assert [a["id"] for a in data["aspects"]] == [second["id"], first["id"]]
    names = [i["name"] for i in data["aspects"][1]["indicators"]]
    assert names == ["新增：听取专项报告", "按时召开人代会"]
    assert data["aspects"][1]["indicators"][1]["id"] == keep["id"]
    assert data["max_total"] == 24.0  # 10 + 6 + 8; 主席团履职 deleted
    assert data["name"].endswith("（修订）")


def test_bad_input_is_400_per_field_and_nothing_changes(client_for, dongkou_staff):
    client = client_for(dongkou_staff)
    body = tree(target_kind="handling_unit")
    body["aspects"][0]["name"] = ""
    response = client.post(URL, {**body, "region": DONGKOU}, format="json")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert "aspects[0].name" in fields or "aspects" in fields
    body = tree(target_kind="handling_unit")
    response = client.post(URL, {**body, "region": DONGKOU}, format="json")
    assert response.status_code == 400
    assert "不适用" in response.json()["fields"]["aspects[1].indicators[0].measure"][0]
    body = tree()
    body["aspects"][1]["indicators"][0]["full_marks_at"] = None
    response = client.post(URL, {**body, "region": DONGKOU}, format="json")
    assert "aspects[1].indicators[0].full_marks_at" in response.json()["fields"]
    assert not IndicatorSystem.objects.exists()
    # A unit measure is offered (and accepted) for a handling-unit system only.
    body = tree(target_kind="handling_unit")
    body["aspects"][1]["indicators"][0]["measure"] = "unit_signed_on_time"
    assert client.post(URL, {**body, "region": DONGKOU}, format="json").status_code == 201


def test_a_used_system_is_locked_and_copied_instead(client_for, dongkou_staff, shaoyang_staff):
    client = client_for(dongkou_staff)
    made = client.post(URL, {**tree(), "region": DONGKOU}, format="json").json()
    system = IndicatorSystem.objects.get(pk=made["id"])
    with frozen():
        rounds.round_open(
            actor=dongkou_staff, system=system, name="评价", target_codes=["430525001"]
        )
    response = client.put(f"{URL}{system.pk}/", tree(name="改名"), format="json")
    assert response.status_code == 409
    assert "复制" in response.json()["message"]
    system.refresh_from_db()
    assert system.name == made["name"]
    assert client.get(URL).json()["results"][0]["locked"] is True

    copy = client.post(f"{URL}{system.pk}/copy/", {"year": 2027}, format="json")
    assert copy.status_code == 201, copy.json()
    assert copy.json()["copied_from"] == system.pk and copy.json()["year"] == 2027
    assert copy.json()["locked"] is False
    assert Aspect.objects.filter(system_id=copy.json()["id"]).count() == 2


def test_a_citys_system_is_read_only_to_the_county_which_copies_it_into_its_own(
    client_for, dongkou_staff, shaoyang_staff
):
    city = city_system(shaoyang_staff)
    client = client_for(dongkou_staff)
    assert client.put(f"{URL}{city.pk}/", tree(), format="json").status_code == 404
    assert client.get(f"/evaluation/systems/{city.pk}/edit/").status_code == 404
    copy = client.post(f"{URL}{city.pk}/copy/", {"year": 2026, "region": DONGKOU}, format="json")
    assert copy.status_code == 201, copy.json()
    data = copy.json()
    assert data["region"] == DONGKOU and data["copied_from"] == city.pk
    assert data["copied_from_name"] == "邵阳市乡镇评价" and data["origin"] == "own"
    assert data["target_kind"] == TargetKind.TOWNSHIP and data["max_total"] == 25.0
    assert (
        client.post(
            f"{URL}{city.pk}/copy/", {"year": 2026, "region": LINWU}, format="json"
        ).status_code
        == 404
    )
    assert client.get(f"/evaluation/systems/{data['id']}/edit/").status_code == 200
    assert client.get("/evaluation/systems/new/").status_code == 200

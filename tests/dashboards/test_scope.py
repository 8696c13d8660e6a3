"""Scope: a county sees only itself; a city's totals are the sum of its counties; out of scope is 404."""

import pytest

from tests.dashboards.conftest import DONGKOU, LINWU, SHAODONG

pytestmark = pytest.mark.django_db
COUNTS = [
    "deputies",
    "visits",
    "stations",
    "opinions",
    "suggestions",
    "suggestions_overdue",
    "opinions_overdue",
]


def figures(client, **params):
    response = client.get("/api/v1/dashboard/", {"period": "quarter", "value": "2026-Q1", **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_county_supervisors_dashboard_holds_nothing_of_another_county(
    world, client_for, supervisor
):
    data = figures(client_for(supervisor))
    assert data["region"]["code"] == DONGKOU
    assert all(row["code"].startswith(DONGKOU) for row in data["breakdown"])
    by_key = {f["key"]: f["value"] for f in data["figures"]}
    assert by_key["suggestions_overdue"] == 1  # 临武's overdue suggestion is not counted
    assert by_key["deputies"] == 10  # 临武 has 4 more, 邵东 3
    assert all(u["name"].startswith("洞口县") for u in data["panels"]["units"])


def test_another_countys_dashboard_and_records_are_404(world, client_for, supervisor, linwu_staff):
    assert client_for(supervisor).get("/api/v1/dashboard/", {"region": LINWU}).status_code == 404
    assert client_for(linwu_staff).get("/api/v1/dashboard/", {"region": DONGKOU}).status_code == 404
    response = client_for(linwu_staff).get(
        "/api/v1/dashboard/records/", {"region": DONGKOU, "list": "suggestions"}
    )
    assert response.status_code == 404
    assert (
        client_for(supervisor).get("/api/v1/dashboard/export.xlsx", {"region": "4310"}).status_code
        == 404
    )


def test_roles_without_the_dashboard_permission_are_refused(world, client_for, unit_user, outsider):
    assert client_for(unit_user).get("/api/v1/dashboard/").status_code == 403
    assert client_for(outsider).get("/api/v1/dashboard/").status_code == 403
    assert client_for(None).get("/api/v1/dashboard/").status_code == 401


def test_a_citys_totals_equal_the_sum_of_its_counties(world, client_for, shaoyang_staff):
    client = client_for(shaoyang_staff)
    city = {f["key"]: f for f in figures(client)["figures"]}
    dongkou = {f["key"]: f for f in figures(client, region=DONGKOU)["figures"]}
    shaodong = {f["key"]: f for f in figures(client, region=SHAODONG)["figures"]}
    for key in COUNTS:
        assert city[key]["value"] == dongkou[key]["value"] + shaodong[key]["value"], key
    assert city["suggestions"]["value"] == 6 and city["visits"]["value"] == 7
    rows = figures(client)["breakdown"]
    for key in COUNTS:
        assert sum(r["values"].get(key) or 0 for r in rows) == city[key]["value"], key


def test_bad_period_input_is_a_400_with_the_fields_chinese_message(world, client_for, supervisor):
    client = client_for(supervisor)
    response = client.get("/api/v1/dashboard/", {"period": "week"})
    assert response.status_code == 400
    assert response.json()["fields"]["period"] == ["期间类型应为月、季度、年度或届次。"]
    response = client.get("/api/v1/dashboard/", {"period": "quarter", "value": "2026-Q5"})
    assert response.status_code == 400 and response.json()["fields"]["value"] == [
        "期间格式不正确。"
    ]
    response = client.get("/api/v1/dashboard/records/", {"list": "nothing"})
    assert response.status_code == 400 and "list" in response.json()["fields"]


def test_an_unknown_region_is_the_same_404_and_an_admin_sees_the_root_region(
    world, client_for, supervisor, admin_user, settings
):
    assert client_for(supervisor).get("/api/v1/dashboard/", {"region": "439999"}).status_code == 404
    data = client_for(admin_user).get("/api/v1/dashboard/").json()
    assert data["region"]["code"] == settings.ROOT_REGION_CODE

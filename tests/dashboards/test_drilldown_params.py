"""The drill-down filters are parsed, not read by hand: a value of the wrong type, an id out of
range or no unit at all, an unknown choice is a 400 on that parameter in the one error shape,
never a filter silently dropped (`?status=bogus` used to list every suggestion) nor a server
error (`?unit=99999999999999999999`)."""

import re

import pytest

from tests.dashboards.conftest import DONGKOU

pytestmark = pytest.mark.django_db

Q1 = {"period": "quarter", "value": "2026-Q1"}
CHINESE = re.compile(r"[\u4e00-\u9fff]")

BAD = [
    ("suggestions", "status", "bogus"),
    ("suggestions", "box", "bogus"),
    ("suggestions", "unit", "99999999999999999999"),
    ("suggestions", "unit", "abc"),
    ("suggestions", "unit", "-1"),
    ("suggestions", "unit", "0"),
    ("suggestions", "unit", "999999999"),  # a valid id of no unit
    ("assigned", "unit", "1.5"),
    ("replies", "on_time", "maybe"),
    ("replies", "unit", "1e3"),
    ("replies", "result_class", "Z"),
    ("replies", "result_class", "A" * 200),
    ("ratings", "result", "bogus"),
    ("ratings", "unit", "null"),
    ("stations", "rating", "bogus"),
    ("visits", "kind", "bogus"),
    ("opinions", "overdue", "2"),
    ("opinions", "status", "bogus"),
    ("deputies", "dim", "bogus"),
    ("deputies", "dim", "gender:X"),
    ("deputies", "dim", "gender:"),
    ("deputies", "dim", "party:cpc,nobody"),
    ("deputies", "own", "maybe"),
    ("visits", "own", "2"),
]


@pytest.mark.parametrize("endpoint", ["", "export.xlsx"])
@pytest.mark.parametrize(("name", "param", "value"), BAD)
def test_a_bad_filter_is_a_400_on_that_parameter(
    regions, client_for, supervisor, endpoint, name, param, value
):
    response = client_for(supervisor).get(
        f"/api/v1/dashboard/records/{endpoint}", {"list": name, **Q1, param: value}
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == [param]
    [message] = body["fields"][param]
    assert CHINESE.search(message), message


def test_good_filters_still_filter(world, client_for, supervisor, dongkou_unit):
    client = client_for(supervisor)

    def rows(name, **params):
        response = client.get("/api/v1/dashboard/records/", {"list": name, **Q1, **params})
        assert response.status_code == 200, response.content
        return response.json()

    everything = rows("suggestions")["total"]
    signed = rows("suggestions", status="signed")
    assert signed["total"] == 2 < everything
    assert any(f["label"] == "状态" for f in signed["filters"])
    assert rows("suggestions", box="overdue")["total"] == 1
    by_unit = rows("suggestions", unit=str(dongkou_unit.pk))
    assert 0 < by_unit["total"] <= everything
    assert {"label": "承办单位", "value": dongkou_unit.name} in by_unit["filters"]
    assert rows("assigned", unit=dongkou_unit.pk)["total"] > 0
    late, on_time = rows("replies", on_time="0"), rows("replies", on_time="1")
    assert late["total"] == 1 and on_time["total"] >= 1
    assert rows("replies", on_time="false")["total"] == late["total"]
    assert rows("replies", result_class="B")["total"] == 1
    assert rows("ratings", result="unsatisfied")["total"] == 1
    assert rows("ratings", unit=dongkou_unit.pk)["total"] >= 1
    assert rows("stations", rating="unrated")["total"] >= 0
    assert rows("stations", rating="standard")["total"] >= 1
    assert rows("visits", kind="reception")["total"] >= 1
    assert rows("opinions", overdue="1")["filters"][-1]["value"] == "超期未办结"
    assert rows("opinions", status="answered")["total"] >= 0
    women = rows("deputies", dim="gender:F")
    assert 0 < women["total"] < rows("deputies")["total"]
    assert rows("deputies", dim="party:democratic,other")["total"] >= 0
    assert rows("deputies", dim="level:county", own="0")["total"] >= 0
    own = rows("suggestions", region=DONGKOU, own="1")
    assert own["filters"][0]["value"].endswith("（本级）")


def test_every_link_of_the_dashboard_is_accepted(world, client_for, supervisor):
    """The links the dashboard builds carry only values the filters accept."""
    client = client_for(supervisor)
    data = client.get("/api/v1/dashboard/", Q1).json()
    links = [f["link"] for f in data["figures"] if f.get("link")]
    links += [f["whole_url"] for f in data["figures"] if f.get("whole_url")]

    def walk(node):
        if isinstance(node, dict):
            if "list" in node and isinstance(node["list"], str):
                yield node
            for v in node.values():
                yield from walk(v)
        elif isinstance(node, list):
            for v in node:
                yield from walk(v)

    params = list(walk(data["panels"])) + [p for p in links if isinstance(p, dict)]
    assert len(params) > 10
    for p in params:
        response = client.get(
            "/api/v1/dashboard/records/", {k: v for k, v in p.items() if v not in (None, "")}
        )
        assert response.status_code == 200, (p, response.content)


def test_another_countys_unit_reads_like_no_unit_and_its_name_is_never_shown(
    regions, client_for, linwu_staff, dongkou_unit
):
    def ask(unit):
        return client_for(linwu_staff).get(
            "/api/v1/dashboard/records/", {"list": "assigned", **Q1, "unit": unit}
        )

    other, missing = ask(dongkou_unit.pk), ask(999999999)
    assert other.status_code == missing.status_code == 400
    assert other.json() == missing.json()
    assert dongkou_unit.name not in other.content.decode()

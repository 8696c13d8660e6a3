"""Every number on the dashboard opens exactly the records behind it.

The figures are enumerated from the dashboard itself (every app's `figures(ctx)`, every panel
item with a value and a link, every cell of the split by region), so a new figure is checked
without touching this file. Each figure says how its drill-down relates to its value:
  count  the drill-down lists `value` records;
  part   value = share of the drill-down's records in those of `whole`;
  rest   value = share of the records of `whole` that are *not* in the drill-down;
  mean   value = the mean of the drill-down rows' `value`.
"""

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from congress.dashboards.context import link_url
from congress.models import Region
from tests.dashboards.conftest import DONGKOU, LINWU, SHAODONG

pytestmark = pytest.mark.django_db

PERIODS = [
    {"period": "month", "value": "2026-03"},
    {"period": "quarter", "value": "2026-Q1"},
    {"period": "quarter", "value": "2026-Q2"},
    {"period": "year", "value": "2026"},
    {"period": "year", "value": "2025"},
]
# A figure without any drill-down, and why: the term's coverage is an average of quarters.
WITHOUT_DRILLDOWN = {("visit_coverage", "term")}


def dashboard(client, **params):
    response = client.get("/api/v1/dashboard/", params)
    assert response.status_code == 200, response.content
    return response.json()


def all_records(client, url: str) -> dict:
    """Every row of a drill-down, page by page, with its stated total."""
    assert url.startswith("/dashboard/records/?"), url
    query = url.split("?", 1)[1]
    rows, offset = [], 0
    while True:
        response = client.get(f"/api/v1/dashboard/records/?{query}&offset={offset}&limit=100")
        assert response.status_code == 200, (url, response.content)
        page = response.json()
        rows += page["rows"]
        if not page["has_next"]:
            break
        offset += 100
    assert page["total"] == len(rows), (url, page["total"], len(rows))
    return {**page, "rows": rows}


def rate(part, whole):
    return round(part * 100 / whole, 1) if whole else None


def check(client, *, label, value, drill, url, whole_url):
    """The drill-down of one number agrees with it, by the figure's own relation."""
    shown = all_records(client, url)
    if drill == "count":
        assert len(shown["rows"]) == value, (label, url)
    elif drill in ("part", "rest"):
        whole = all_records(client, whole_url)
        part = len(shown["rows"]) if drill == "part" else len(whole["rows"]) - len(shown["rows"])
        assert rate(part, len(whole["rows"])) == value, (label, url, whole_url)
    elif drill == "mean":
        values = [r["value"] for r in shown["rows"]]
        assert values and round(sum(values) / len(values), 1) == value, (label, url)
    else:
        raise AssertionError(f"{label}: unknown drill-down relation {drill!r}")


def numbers(data):
    """(label, value, drill, url, whole_url) of every linked number the dashboard shows."""
    for f in data["figures"]:
        if f["value"] is None:
            continue
        if (f["key"], data["period"]["kind"]) in WITHOUT_DRILLDOWN:
            assert not f["url"]
            continue
        assert f["url"], f"{f['key']} has no drill-down"
        yield f["key"], f["value"], f["drill"], f["url"], f.get("whole_url")
        for row in data["breakdown"]:
            cell = row["values"].get(f["key"])
            if cell is None:
                continue
            link = row["links"][f["key"]]
            yield f"{f['key']}@{row['code']}", cell, f["drill"], link["url"], link.get("whole_url")
    for name, items in data["panels"].items():
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            if item.get("link") and "value" in item:
                yield f"{name}:{item['key']}", item["value"], "count", link_url(item["link"]), None
            for key, link in item.get("links", {}).items():  # a row of several counts
                yield f"{name}:{item.get('name')}:{key}", item[key], "count", link_url(link), None


@pytest.mark.parametrize("params", PERIODS, ids=lambda p: p["value"])
def test_every_figure_of_a_county_opens_exactly_its_records(
    demo_world, client_for, supervisor, params
):
    client = client_for(supervisor)
    data = dashboard(client, **params)
    checked = set()
    for label, value, drill, url, whole_url in numbers(data):
        check(client, label=label, value=value, drill=drill, url=url, whole_url=whole_url)
        checked.add(label.partition("@")[0].partition(":")[0])
    assert {f["key"] for f in data["figures"] if f["value"] is not None} <= checked
    if params["value"] == "2026-Q1":
        assert {"suggestion_statuses", "reply_classes", "units", "visit_kinds"} <= checked


def test_every_figure_of_a_city_and_of_its_counties_opens_exactly_its_records(
    demo_world, client_for, shaoyang_staff
):
    client = client_for(shaoyang_staff)
    for region in ("4305", DONGKOU, SHAODONG):
        data = dashboard(client, region=region, period="quarter", value="2026-Q1")
        for label, value, drill, url, whole_url in numbers(data):
            check(client, label=label, value=value, drill=drill, url=url, whole_url=whole_url)


def test_the_term_figures_open_their_records_too(demo_world, client_for, supervisor):
    client = client_for(supervisor)
    data = dashboard(client, period="term", value="")
    for label, value, drill, url, whole_url in numbers(data):
        check(client, label=label, value=value, drill=drill, url=url, whole_url=whole_url)


def test_shares_open_every_record_they_count(demo_world, client_for, supervisor):
    """The examples seen: 大专以上 opened only the postgraduates, 工人农民 only the workers,
    满意率 opened no unsatisfied rating given in the quarter."""
    client = client_for(supervisor)
    figures = {f["key"]: f for f in dashboard(client, period="quarter", value="2026-Q2")["figures"]}
    satisfaction = all_records(client, figures["satisfaction_rate"]["url"])
    assert len(satisfaction["rows"]) == 1 and figures["satisfaction_rate"]["value"] == 0.0
    figures = {f["key"]: f for f in dashboard(client, period="quarter", value="2026-Q1")["figures"]}
    degree = all_records(client, figures["share_degree"]["url"])
    details = {r["detail"] for r in degree["rows"]}
    assert any("研究生" in d for d in details) and any("大学专科" in d for d in details)
    grassroots = all_records(client, figures["share_grassroots"]["url"])
    assert any("工人" in r["detail"] for r in grassroots["rows"])
    assert any("农民" in r["detail"] for r in grassroots["rows"])


def test_a_drilldown_states_its_total_and_its_filters(demo_world, client_for, supervisor):
    client = client_for(supervisor)
    figures = {f["key"]: f for f in dashboard(client, period="quarter", value="2026-Q1")["figures"]}
    page = all_records(client, figures["share_degree"]["url"])
    filters = {f["label"]: f["value"] for f in page["filters"]}
    assert filters["区划"] == "洞口县" and filters["期间"] == "2026年第1季度"
    assert filters["学历"] == "研究生、大学本科、大学专科"
    overdue = all_records(client, figures["opinions_overdue"]["url"])
    assert {f["label"]: f["value"] for f in overdue["filters"]}["期间"] == "当前"


@pytest.mark.parametrize("viewer", ["supervisor", "dongkou_staff"])
def test_every_drilldown_row_links_to_a_page_the_viewer_may_open(demo_world, request, viewer):
    """A leader may not open the opinions board: an opinion row then has no link, never a 403."""
    user = request.getfixturevalue(viewer)
    api = Client()
    api.force_login(user)
    data = dashboard(api, period="quarter", value="2026-Q1")
    opened = set()
    for label, _value, _drill, url, whole_url in numbers(data):
        for link in filter(None, [url, whole_url]):
            for row in all_records(api, link)["rows"]:
                if row["url"] and row["url"] not in opened:
                    response = api.get(row["url"])
                    assert response.status_code == 200, (label, row["url"], response.status_code)
                    opened.add(row["url"])
    assert any(u.startswith("/suggestions/") for u in opened)


def test_a_drilldown_exports_what_it_shows(demo_world, client_for, supervisor):
    client = client_for(supervisor)
    figures = {f["key"]: f for f in dashboard(client, period="quarter", value="2026-Q1")["figures"]}
    url = figures["share_grassroots"]["url"]
    shown = all_records(client, url)
    response = client.get("/api/v1/dashboard/records/export.xlsx?" + url.split("?", 1)[1])
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    ws = load_workbook(BytesIO(response.content)).active
    lines = [list(r) for r in ws.iter_rows(values_only=True)]
    header = lines.index(["事项", "区划", "说明", "日期", "状态"])
    assert any(
        "共" in str(line[0]) and str(shown["total"]) in str(line[0]) for line in lines[:header]
    )
    assert any(line[0] == "职业" and line[1] == "工人、农民" for line in lines[:header])
    exported = [(r[0], r[2]) for r in lines[header + 1 :]]
    assert exported == [(r["title"], r["detail"]) for r in shown["rows"]]


def test_a_drilldown_export_is_scoped_like_the_records(demo_world, client_for, linwu_staff):
    client = client_for(linwu_staff)
    query = {"list": "deputies", "period": "quarter", "value": "2026-Q1"}
    other = client.get("/api/v1/dashboard/records/export.xlsx", {**query, "region": DONGKOU})
    assert other.status_code == 404
    bad = client.get("/api/v1/dashboard/records/export.xlsx", {**query, "list": "nonsense"})
    assert bad.status_code == 400 and bad.json()["fields"]["list"] == ["未知的明细类型。"]
    own = client.get("/api/v1/dashboard/records/export.xlsx", query)
    lines = list(load_workbook(BytesIO(own.content)).active.iter_rows(values_only=True))
    linwu = set(Region.objects.filter(code__startswith=LINWU).values_list("name", flat=True))
    assert lines[1][0] == "共 4 条" and {line[1] for line in lines[-4:]} <= linwu

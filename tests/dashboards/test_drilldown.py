"""Drill-down: the records behind a figure, with the same filters, down to single records;
query-count guards; the .xlsx report and the printable page."""

from io import BytesIO

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from congress.dashboards.services import facts_refresh
from tests.dashboards.conftest import DONGKOU, at, deputy, station, suggestion, township, visit

pytestmark = pytest.mark.django_db


def records(client, **params):
    response = client.get("/api/v1/dashboard/records/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_overdue_figure_drills_down_to_the_overdue_suggestion(world, client_for, supervisor):
    client = client_for(supervisor)
    data = client.get("/api/v1/dashboard/", {"period": "quarter", "value": "2026-Q1"}).json()
    overdue = next(f for f in data["figures"] if f["key"] == "suggestions_overdue")
    assert overdue["link"]["box"] == "overdue"
    page = records(client, **{k: v for k, v in overdue["link"].items() if v})
    assert [r["url"] for r in page["rows"]] == [f"/suggestions/{world['overdue'].pk}/"]
    assert page["has_next"] is False


def test_a_region_row_drills_down_with_the_same_filters(world, client_for, shaoyang_staff):
    client = client_for(shaoyang_staff)
    page = records(
        client,
        list="suggestions",
        region=DONGKOU,
        period="quarter",
        value="2026-Q1",
        status="signed",
    )
    assert {r["url"] for r in page["rows"]} == {
        f"/suggestions/{world['overdue'].pk}/",
        f"/suggestions/{world['open_ok'].pk}/",
    }
    visits = records(client, list="visits", region=DONGKOU, period="quarter", value="2026-Q1")
    assert len(visits["rows"]) == 5
    late = records(
        client, list="replies", region=DONGKOU, period="quarter", value="2026-Q1", on_time="0"
    )
    assert len(late["rows"]) == 1 and "逾期" in late["rows"][0]["detail"]


def test_records_pages_by_offset_without_counting(world, client_for, supervisor):
    client = client_for(supervisor)
    first = records(client, list="deputies", period="quarter", value="2026-Q1", limit=4)
    assert len(first["rows"]) == 4 and first["has_next"] is True
    last = records(client, list="deputies", period="quarter", value="2026-Q1", limit=4, offset=8)
    assert len(last["rows"]) == 2 and last["has_next"] is False
    bad = client.get("/api/v1/dashboard/records/", {"list": "deputies", "limit": "500"})
    assert bad.status_code == 400 and bad.json()["fields"]["limit"] == ["每页条数应为 1 到 100。"]


def test_dashboard_query_count_does_not_grow_with_data(world, client_for, supervisor, dongkou_unit):
    """Session and user, region and term lookups, the cache version, three reads of the aggregate
    table, the sub-regions, classes, unit names, points and evaluation: a fixed set."""
    client = client_for(supervisor)
    params = {"period": "quarter", "value": "2026-Q1"}

    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/dashboard/", params).status_code == 200
        return len(ctx)

    client.get("/api/v1/me/")  # the session's first request pushes its idle deadline
    before = queries()
    town = township(DONGKOU)
    st = station(town)
    for i in range(30):
        d = deputy(town)
        visit(d, st, at(2026, 2, 1 + i % 20).date())
        suggestion(
            DONGKOU,
            d,
            at(2026, 2, 3),
            status="signed",
            reply_due=at(2026, 5, 1).date(),
            unit=dongkou_unit,
        )

    facts_refresh()
    assert queries() == before <= 20
    with CaptureQueriesContext(connection) as cached:
        client.get("/api/v1/dashboard/", params)
        client.get("/api/v1/dashboard/", params)
    assert len(cached) <= 2 * 7  # from the cache: session, user, region, version only
    for page_size in (5, 50):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(
                "/api/v1/dashboard/records/", {**params, "list": "suggestions", "limit": page_size}
            )
        assert len(response.json()["rows"]) == min(page_size, 35)
        # session, user, region, the county's codes, the page's keys, its rows, session save
        assert len(ctx) <= 9


def test_the_xlsx_report_holds_the_figures_and_the_region_split(world, client_for, shaoyang_staff):
    response = client_for(shaoyang_staff).get(
        "/api/v1/dashboard/export.xlsx", {"period": "quarter", "value": "2026-Q1"}
    )
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames[:2] == ["概览", "分地区"]
    overview = {row[0]: row[1] for row in wb["概览"].iter_rows(min_row=3, values_only=True)}
    assert overview["收到代表建议"] == 6 and overview["按期答复率"] == 66.7
    regions = [row[0] for row in wb["分地区"].iter_rows(min_row=2, values_only=True)]
    assert "洞口县" in regions and "邵东市" in regions


def test_the_printable_page_renders_the_tables(world, client_for, supervisor):
    client = client_for(supervisor)
    client.force_login(supervisor)
    response = client.get("/dashboard/print/", {"period": "quarter", "value": "2026-Q1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "洞口县人大工作统计报表" in html and "按期答复率" in html and "洞口县教育局" in html

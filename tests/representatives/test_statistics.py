"""Composition of the serving deputies: counts and shares, as JSON and as a workbook."""

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from tests.clock import SHANGHAI, frozen
from tests.representatives.conftest import make_deputy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_day():
    """Ages are counted on a fixed day: on the real clock 张三 (born 1995) leaves 35岁以下 in 2030."""
    with frozen():
        yield


@pytest.fixture
def body(dongkou_term, linwu_term):
    make_deputy("张三", term=dongkou_term, birth=date(1995, 1, 1), occupation="worker")
    make_deputy(
        "李芳",
        term=dongkou_term,
        gender="F",
        ethnicity="瑶族",
        affiliation="non_party",
        occupation="professional",
    )
    make_deputy("王五", term=dongkou_term, birth=date(1962, 2, 2), occupation="farmer")
    ended = make_deputy("赵六", term=dongkou_term)
    ended.mandates.update(status="resigned", end_date="2023-01-01", end_reason="辞职")
    make_deputy("钱七", region="431025", term=linwu_term)


def dimension(stats, key) -> dict:
    rows = next(d for d in stats["dimensions"] if d["key"] == key)["rows"]
    return {r["label"]: (r["count"], r["share"]) for r in rows}


def test_counts_and_shares_of_the_serving_deputies_in_the_viewers_region(
    client_for, dongkou_staff, body
):
    stats = client_for(dongkou_staff).get("/api/v1/deputies/statistics/").json()

    assert stats["total"] == 3
    assert dimension(stats, "gender") == {"男": (2, 0.6667), "女": (1, 0.3333)}
    assert dimension(stats, "ethnicity") == {"汉族": (2, 0.6667), "瑶族": (1, 0.3333)}
    assert dimension(stats, "occupation")["工人"] == (1, 0.3333)
    assert dimension(stats, "affiliation")["无党派人士"] == (1, 0.3333)
    assert sum(c for c, _s in dimension(stats, "age").values()) == 3
    assert dimension(stats, "age")["35岁以下"] == (1, 0.3333)
    highlights = {h["key"]: h["count"] for h in stats["highlights"]}
    assert highlights == {
        "women": 1,
        "minorities": 1,
        "workers_farmers": 2,
        "non_cpc": 1,
        "young": 1,
    }


def test_statistics_can_be_narrowed_to_one_congress(client_for, shaoyang_staff, body, dongkou_term):
    client = client_for(shaoyang_staff)
    assert client.get("/api/v1/deputies/statistics/").json()["total"] == 3
    stats = client.get(
        f"/api/v1/deputies/statistics/?congress={dongkou_term.congress_id + 1}"
    ).json()
    assert stats["total"] == 0


def test_statistics_export_as_a_workbook(client_for, supervisor, body):
    response = client_for(supervisor).get("/api/v1/deputies/statistics/export/")
    assert response.status_code == 200
    values = [row for row in load_workbook(io.BytesIO(response.content)).active.values]
    assert ("在任代表总数", 3, None) in values
    assert ("女", 1, pytest.approx(0.3333)) in values


def test_deputies_and_outsiders_get_no_statistics(client_for, outsider, body):
    assert client_for(outsider).get("/api/v1/deputies/statistics/").status_code == 403


def test_each_region_one_level_down_gets_the_same_key_figures(client_for, shaoyang_staff, body):
    stats = client_for(shaoyang_staff).get("/api/v1/deputies/statistics/").json()
    assert [(r["name"], r["total"], r["women"]) for r in stats["by_region"]] == [("洞口县", 3, 1)]

    county = client_for(shaoyang_staff).get("/api/v1/deputies/statistics/?region=430525").json()
    row = county["by_region"][0]
    assert (row["code"], row["name"], row["total"]) == ("430525107", "山门镇", 3)
    assert row["shares"]["minorities"] == 0.3333


def test_statistics_export_has_a_sheet_per_region(client_for, dongkou_staff, body):
    response = client_for(dongkou_staff).get("/api/v1/deputies/statistics/export/")
    sheet = load_workbook(io.BytesIO(response.content))["分地区"]
    rows = list(sheet.values)
    assert rows[0][:3] == ("地区", "区划代码", "在任代表")
    assert rows[1][:3] == ("山门镇", "430525107", 3)


def test_ages_are_counted_on_the_day_in_beijing(client_for, dongkou_staff, dongkou_term):
    make_deputy("满三十五", term=dongkou_term, birth=date(1992, 1, 1))
    make_deputy("差一天", term=dongkou_term, birth=date(1992, 1, 2))
    # 00:30 on 1 January 2027 in Beijing (still 31 December in UTC): the first is 35 today.
    with frozen(datetime(2027, 1, 1, 0, 30, tzinfo=SHANGHAI)):
        stats = client_for(dongkou_staff).get("/api/v1/deputies/statistics/").json()
    assert dimension(stats, "age")["35岁以下"][0] == 1
    assert dimension(stats, "age")["35-45岁"][0] == 1

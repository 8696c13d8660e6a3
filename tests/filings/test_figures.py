"""The 备案审查 figures, each defined once: the on-time filing rate (the township evaluation's
规范性文件按期报备率 and the dashboard's), reviews concluded by result and the correction rate,
with drill-downs that list exactly the filings counted; the annual report and its workbook;
reminders before and after each deadline, sent once however often the sweep runs."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from congress.dashboards.services import facts_refresh
from congress.models import Notification, Region, SentReminder
from evaluation.models import Score
from evaluation.township import measures, rounds, scoring, systems
from filings import figures
from filings.services import filing, reviews
from filings.services.reminders import reminders_sweep
from tests.filings.conftest import TODAY, TOWN, checked, filed, under_review

pytestmark = pytest.mark.django_db
DONGKOU = "430525"


@pytest.fixture
def year_of_filings(dongkou_staff, unit_user, town_user):
    """江口镇: one on time, one late. 县教育局: one on time closed with no problem, one with a
    correction required, one with a correction suggested."""
    filed(town_user, title="镇村环境卫生管理办法", days_ago=5)
    filed(town_user, title="乡村公益性岗位管理办法", days_ago=45)
    ok = checked(dongkou_staff, under_review(dongkou_staff, unit_user, title="甲"))
    reviews.review_close(actor=dongkou_staff, filing=ok)
    due = TODAY + dt.timedelta(days=30)
    for title, result in (("乙", "required"), ("丙", "suggest")):
        f = checked(dongkou_staff, under_review(dongkou_staff, unit_user, title=title))
        reviews.review_require_correction(actor=dongkou_staff, filing=f, result=result,
                                          opinion="请纠正。", correction_due=due)  # fmt: skip


def test_the_on_time_rate_counts_the_filings_of_the_year(year_of_filings):
    got = figures.on_time_rate(region_codes=[TOWN, DONGKOU, "430525102"], year=2026)
    assert got == {TOWN: Decimal("0.5000"), DONGKOU: Decimal("0.8000"), "430525102": None}
    assert figures.on_time_rate(region_codes=[DONGKOU], year=2025) == {DONGKOU: None}


def test_the_township_indicator_is_computed_from_the_same_figure(dongkou_staff, year_of_filings):
    assert measures.measure_many("filing_on_time", region_codes=[TOWN], year=2026) == {
        TOWN: Decimal("0.5000")
    }
    system = systems.indicator_system_create(
        actor=dongkou_staff, region=Region.objects.get(code=DONGKOU), year=2026,
        target_kind="township", name="2026年乡镇人大工作评价",
        aspects=[{"name": "监督工作", "indicators": [{
            "name": "规范性文件按期报备", "max_score": Decimal("10"), "scoring_rule": "按期报备率×10",
            "method": "computed", "measure": "filing_on_time", "full_marks_at": Decimal("1"),
        }]}],
    )  # fmt: skip
    round_ = rounds.round_open(actor=dongkou_staff, system=system, name="2026年度评价",
                               target_codes=[TOWN])  # fmt: skip
    scoring.round_compute(actor=dongkou_staff, round_=round_)
    score = Score.objects.get(target__round=round_)
    assert (score.measured, score.value, score.is_computed) == (Decimal("0.5"), Decimal("5"), True)


def all_records(client, link: dict) -> list[dict]:
    query = "&".join(f"{k}={v}" for k, v in link.items() if v not in (None, ""))
    data = client.get(f"/api/v1/dashboard/records/?{query}&limit=100").json()
    assert data["total"] == len(data["rows"])
    return data["rows"]


def test_the_dashboard_figures_open_exactly_their_filings(client_for, supervisor, year_of_filings):
    cache.clear()
    facts_refresh()
    client = client_for(supervisor)
    data = client.get("/api/v1/dashboard/", {"period": "year", "value": "2026"}).json()
    found = {f["key"]: f for f in data["figures"] if f["section"] == "filings"}
    assert {k: f["value"] for k, f in found.items()} == {
        "filing_filed": 5, "filing_on_time_rate": 80.0, "filing_concluded": 3,
        "filing_correction_rate": 66.7,
    }  # fmt: skip
    for key, f in found.items():
        rows = all_records(client, f["link"])
        if f["drill"] == "part":
            whole = all_records(client, f["whole"])
            assert round(len(rows) * 100 / len(whole), 1) == f["value"], key
        else:
            assert len(rows) == f["value"], key
    cells = {row["code"]: row["values"]["filing_on_time_rate"] for row in data["breakdown"]}
    assert cells[TOWN] == 50.0
    results = {i["key"]: i["value"] for i in data["panels"]["filing_results"]}
    assert results == {"no_problem": 1, "suggest": 1, "required": 1}
    for item in data["panels"]["filing_results"]:
        assert len(all_records(client, item["link"])) == item["value"]
    late = all_records(client, {**found["filing_filed"]["link"], "timeliness": "late"})
    assert [r["title"] for r in late] == ["乡村公益性岗位管理办法"]


def test_the_annual_report_counts_by_result_and_exports_the_same(
    client_for, dongkou_staff, year_of_filings
):
    client = client_for(dongkou_staff)
    report = client.get("/api/v1/filings/report/?year=2026").json()
    rows = {r["code"]: r for r in report["rows"]}
    assert (rows[TOWN]["filed"], rows[TOWN]["late"], rows[TOWN]["on_time_rate"]) == (2, 1, 50.0)
    county = rows[DONGKOU]
    assert (county["concluded"], county["no_problem"], county["suggest"], county["required"]) == (
        3,
        1,
        1,
        1,
    )
    assert report["total"]["filed"] == 5 and report["total"]["correction_rate"] == 66.7
    response = client.get("/api/v1/filings/report.xlsx?year=2026")
    assert response.status_code == 200
    lines = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert lines[0][0] == "洞口县2026年规范性文件备案审查情况"
    assert lines[-1][:2] == ("合计", 5)


def test_reminders_go_out_once_before_and_after_each_deadline(
    client_for, dongkou_staff, unit_user, clock
):
    waiting = filed(unit_user, days_ago=25, file_it=False)  # due in 5 days
    f = checked(dongkou_staff, under_review(dongkou_staff, unit_user, title="乙"))
    reviews.review_require_correction(actor=dongkou_staff, filing=f, result="required",
                                      opinion="请纠正。", correction_due=TODAY + dt.timedelta(days=3))  # fmt: skip
    Notification.objects.all().delete()
    assert reminders_sweep() == 2
    assert reminders_sweep() == 0  # a second run, or a second worker, sends nothing
    titles = sorted(
        Notification.objects.filter(recipient=unit_user).values_list("title", flat=True)
    )
    assert titles == ["纠正期限将至：乙", "规范性文件报备期限将至：城区学校招生入学工作实施办法"]
    clock.advance(days=6)
    assert reminders_sweep() == 2  # both missed: once more, staff told too
    assert reminders_sweep() == 0
    staff_titles = set(
        Notification.objects.filter(recipient=dongkou_staff).values_list("title", flat=True)
    )
    assert {
        "纠正期限已过：乙",
        "规范性文件逾期未报备：城区学校招生入学工作实施办法",
    } <= staff_titles
    assert SentReminder.objects.filter(object_key=f"filings.filing:{waiting.pk}").count() == 2
    filing.filing_file(actor=unit_user, filing=waiting)
    clock.advance(days=1)
    assert reminders_sweep() == 0

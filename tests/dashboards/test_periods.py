"""The period selector: month, quarter, year and term, with boundaries in Asia/Shanghai."""

from datetime import date

import pytest

from congress.dashboards.periods import Period, PeriodError, period_for
from congress.dashboards.services import facts_refresh
from tests.dashboards.conftest import DONGKOU, at, opinion, station, township

TODAY = date(2026, 5, 20)


def test_quarter_value_and_current_quarter():
    q1 = period_for("quarter", "2026-Q1", today=TODAY)
    assert (q1.start, q1.end, q1.label) == (date(2026, 1, 1), date(2026, 4, 1), "2026年第1季度")
    assert period_for("quarter", "", today=TODAY).start == date(2026, 4, 1)
    assert q1.last_year().start == date(2025, 1, 1) and q1.last_year().end == date(2025, 4, 1)


def test_month_year_and_bad_values():
    assert period_for("month", "2026-12", today=TODAY).end == date(2027, 1, 1)
    assert period_for("year", "2025", today=TODAY).months[-1] == date(2025, 12, 1)
    for kind, value in (("quarter", "2026-Q0"), ("month", "2026-13"), ("year", "abc")):
        with pytest.raises(PeriodError):
            period_for(kind, value, today=TODAY)
    with pytest.raises(PeriodError):
        period_for("week", "", today=TODAY)


def test_a_term_runs_from_its_first_to_its_last_month():
    class T:
        start_date, end_date, pk = date(2021, 9, 28), date(2026, 9, 27), 7

        def __str__(self):
            return "第十八届"

    term = period_for("term", "", term=T(), today=TODAY)
    assert isinstance(term, Period)
    assert (term.start, term.end, term.value) == (date(2021, 9, 1), date(2026, 10, 1), "7")


@pytest.mark.django_db
def test_half_past_eleven_on_31_march_in_shanghai_belongs_to_q1_and_half_past_midnight_to_q2(
    client_for, supervisor
):
    st = station(township(DONGKOU))
    opinion(st, at(2026, 3, 31, 23, 30))  # 15:30 UTC on 31 March
    opinion(st, at(2026, 4, 1, 0, 30))  # 16:30 UTC on 31 March: still March in UTC, Q2 in Shanghai
    opinion(st, at(2025, 12, 31, 23, 30))
    opinion(st, at(2026, 1, 1, 0, 10))

    facts_refresh()
    client = client_for(supervisor)

    def opinions(kind, value):
        data = client.get("/api/v1/dashboard/", {"period": kind, "value": value}).json()
        return {f["key"]: f["value"] for f in data["figures"]}["opinions"]

    assert opinions("quarter", "2026-Q1") == 2
    assert opinions("quarter", "2026-Q2") == 1
    assert opinions("month", "2026-03") == 1
    assert opinions("year", "2025") == 1
    assert opinions("year", "2026") == 3
    assert opinions("quarter", "2025-Q4") == 1


@pytest.mark.django_db
def test_the_term_period_uses_the_regions_current_term(world, client_for, supervisor):
    data = client_for(supervisor).get("/api/v1/dashboard/", {"period": "term"}).json()
    assert data["period"]["label"] == "洞口县人民代表大会第十八届"
    by_key = {f["key"]: f["value"] for f in data["figures"]}
    assert by_key["suggestions"] == 7  # every 洞口 suggestion submitted since September 2021
    bad = client_for(supervisor).get("/api/v1/dashboard/", {"period": "term", "value": "999999"})
    assert bad.status_code == 400 and bad.json()["fields"]["value"] == ["未找到该届次。"]

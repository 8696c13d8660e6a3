"""A supervisor opens the dashboard, sees the charts drawn, and drills down to an overdue suggestion."""

import pytest

from tests.conftest import axe_check, browser_login, page_ready, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_sees_charts_and_drills_down_to_the_overdue_suggestion(
    live_server, page, world, supervisor, script_errors
):
    browser_login(page, live_server, "dongkou_leader")
    page.goto(f"{live_server.url}/dashboard/?period=quarter&value=2026-Q1")
    page_ready(page)
    page.wait_for_selector("[data-testid=figure-suggestions_overdue]")
    for chart in ("regions", "trend", "statuses", "classes"):
        page.wait_for_selector(f"[data-testid=chart-{chart}] canvas")
    assert "洞口县" in page.inner_text("[data-testid=region-path]")
    assert "1" in page.inner_text("[data-testid=figure-suggestions_overdue] .value")
    assert "临武" not in page.inner_text("[data-testid=breakdown]")
    axe_check(page)
    screenshot(page, "dashboard-county-supervisor")

    page.click("[data-testid=figure-suggestions_overdue]")
    page.wait_for_selector("[data-testid=records-table] a.record-link")
    links = page.locator("[data-testid=records-table] a.record-link")
    assert links.count() == 1
    assert "共 1 条" in page.inner_text("[data-testid=records-total]")
    filters = page.inner_text("[data-testid=records-filters]")
    assert "洞口县" in filters and "当前" in filters and "逾期未答复" in filters
    assert "统计看板" in page.inner_text("[data-testid=breadcrumbs]")
    axe_check(page)
    screenshot(page, "dashboard-overdue-records")

    links.first.click()
    page.wait_for_url(f"**/suggestions/{world['overdue'].pk}/")
    page.wait_for_selector(f"text={world['overdue'].title}")
    page.screenshot(path="artifacts/dashboard-overdue-suggestion.png", full_page=True)
    assert script_errors == []


def test_the_dashboard_fits_a_phone(live_server, phone_page, world, supervisor):
    browser_login(phone_page, live_server, "dongkou_leader")
    phone_page.goto(f"{live_server.url}/dashboard/?period=quarter&value=2026-Q1")
    phone_page.wait_for_selector("[data-testid=chart-regions] canvas")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400
    axe_check(phone_page)
    screenshot(phone_page, "dashboard-county-supervisor-phone")

"""The dashboard draws the supervision projects of the year by stage (the panel the figures'
drill-downs are checked against in test_figures.py), and a bar opens the projects it counts."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from congress.dashboards.services import facts_refresh
from supervision.models import Project
from tests.conftest import axe_check, browser_login, page_ready, screenshot
from tests.supervision.conftest import make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_leader_sees_the_projects_by_stage_and_opens_them(
    live_server, page, dongkou_staff, dongkou, dongkou_unit, supervisor, script_errors
):
    year = timezone.localdate().year
    for title in ("义务教育均衡发展情况", "农村饮水安全工程"):
        make_project(dongkou_staff, dongkou.region, unit=dongkou_unit, title=title)
    closed = make_project(
        dongkou_staff, dongkou.region, unit=dongkou_unit, title="食品安全法执法检查"
    )
    Project.objects.filter(pk=closed.pk).update(status=Project.Status.CLOSED)
    cache.clear()
    facts_refresh(only="supervision.dashboard")

    browser_login(page, live_server, "dongkou_leader")
    page.goto(f"{live_server.url}/dashboard/?period=year&value={year}")
    page_ready(page)
    chart = page.wait_for_selector("[data-testid=chart-supervision-stages] canvas")
    axe_check(page)
    screenshot(page, "dashboard-supervision-stages")
    # Two bars (the projects' first stage, and 已办结); the second bar opens the closed one.
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.72, box["y"] + box["height"] * 0.72)
    page.wait_for_selector("[data-testid=records-table] a.record-link")
    assert page.locator("[data-testid=records-table] a.record-link").count() == 1
    assert "食品安全法执法检查" in page.inner_text("[data-testid=records-table]")
    assert script_errors == []

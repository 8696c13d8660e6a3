"""In a real browser: a township station's staff hand a citizen's opinion to 洞口县 from the
opinion board (its 移交 tab) and read the handoff on the opinion's record."""

import pytest

from suggestions.models import Handoff
from tests.conftest import axe_check, browser_login, page_ready, screenshot
from tests.liaison_stations.test_opinion_handoff import gaosha_staff, opinion  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_station_hands_an_opinion_to_the_county_from_the_board(
    live_server,
    page,
    script_errors,
    opinion,  # noqa: F811 - the fixture imported above
    gaosha_staff,  # noqa: F811
):
    browser_login(page, live_server, "gaosha_staff")
    page.goto(f"{live_server.url}/opinions/")
    page_ready(page)
    page.click("[data-testid=opinion-table] >> text=县道积水")
    page.click(".el-tabs__item:has-text('移交洞口县')")
    page.fill(
        "[data-testid=opinion-handoff-reason] textarea, textarea[data-testid=opinion-handoff-reason]",
        "需县交通部门统筹",
    )
    page.click("[data-testid=opinion-handoff-button]")
    page.wait_for_selector("[data-testid=opinion-handoffs] >> text=待接收")
    assert "洞口县人大机关" in page.inner_text("[data-testid=opinion-handoffs]")
    assert Handoff.objects.get(opinion=opinion).status == "pending"
    page.wait_for_selector(".el-message", state="detached")
    axe_check(page)
    screenshot(page, "liaison-opinion-handoff-township-desktop")
    assert not script_errors, script_errors

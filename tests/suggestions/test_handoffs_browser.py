"""跨层级移交 in a real browser: the township's staff hand a suggestion to 洞口县 from its page
(the handoff panel), and 洞口县's staff accept it in their 跨层级移交 inbox; each page mounted,
without a script error, with no serious accessibility violation (screenshots in artifacts/)."""

import pytest

from suggestions.models import Handoff
from tests.conftest import axe_check, browser_login, page_ready, screenshot
from tests.suggestions.test_handoffs import (  # noqa: F401 - fixtures
    county_unit,
    gaosha_staff,
    township_suggestion,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_township_hands_a_suggestion_up_and_the_county_accepts_it_in_its_inbox(
    page,
    live_server,
    township_suggestion,  # noqa: F811 - the fixture imported above
    dongkou_staff,
    script_errors,
):
    s = township_suggestion
    browser_login(page, live_server, "gaosha_staff")
    page.goto(f"{live_server.url}/suggestions/{s.pk}/")
    page_ready(page)
    panel = page.get_by_test_id("sg-handoff")
    panel.get_by_test_id("act-handoff").click()
    dialog = page.get_by_test_id("handoff-dialog")
    dialog.get_by_test_id("handoff-level").wait_for()
    assert "洞口县人大" in dialog.get_by_test_id("handoff-level").inner_text()
    dialog.locator("textarea").fill("涉及县道养护，需县交通运输部门统筹。")
    axe_check(page)
    dialog.get_by_role("button", name="移交").click()
    page.get_by_test_id("handoff-trail").wait_for()
    assert "待接收" in page.get_by_test_id("handoff-trail").inner_text()
    screenshot(page, "suggestions-handoff-panel-township-desktop")
    assert Handoff.objects.get(suggestion=s).status == "pending"

    page.context.clear_cookies()
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/suggestions/handoffs/")
    page_ready(page)
    row = page.get_by_test_id("row-accept")
    row.wait_for()
    axe_check(page)
    row.click()
    page.locator(".el-message-box").get_by_role("button", name="确定").click()
    page.wait_for_function("() => !document.querySelector('[data-testid=row-accept]')")
    assert "已接收" in page.locator("table").first.inner_text() or "已接收" in page.content()
    screenshot(page, "suggestions-handoffs-county-desktop")
    assert Handoff.objects.get(suggestion=s).status == "accepted"
    assert not script_errors, script_errors

"""At a phone's size: a deputy votes (one confirmation, a receipt); staff close and see results."""

import pytest

from tests.ballots.conftest import rating_ballot
from tests.conftest import ARTIFACTS, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_deputy_votes_on_a_phone_and_staff_close_and_see_the_result(
    live_server, phone_page, browser, dongkou_staff, voters, dongkou_units, dongkou
):
    ballot = rating_ballot(dongkou_staff, dongkou, dongkou_units)
    page = phone_page
    ARTIFACTS.mkdir(exist_ok=True)

    browser_login(page, live_server, "deputy_a")
    page.goto(f"{live_server.url}/ballots/vote/")
    page.click("[data-testid=ballot-card]")
    page.wait_for_selector("[data-testid=vote-item]")
    items = page.locator("[data-testid=vote-item]")
    assert items.count() == 3
    box = items.nth(0).locator("button.answer-btn").first.bounding_box()
    assert box["height"] >= 48  # a thumb-sized target
    for n, answer in enumerate(["满意", "基本满意", "不满意"]):
        items.nth(n).locator("button.answer-btn", has_text=answer).first.click()
    assert "3" in page.inner_text("[data-testid=vote-count]")
    page.screenshot(path=str(ARTIFACTS / "ballots-phone-voting.png"), full_page=True)
    page.click("[data-testid=submit-vote]")
    page.click(".el-message-box__btns button.el-button--primary")
    page.wait_for_selector("[data-testid=receipt]")
    receipt = page.inner_text("[data-testid=receipt]")
    assert "您的投票已计入" in receipt
    assert "满意" not in receipt.replace("您的投票已计入", "")  # the receipt never shows the vote
    page.screenshot(path=str(ARTIFACTS / "ballots-phone-receipt.png"), full_page=True)

    staff = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN"
    )
    spage = staff.new_page()
    spage.set_default_timeout(15000)
    browser_login(spage, live_server, "dongkou_staff")
    spage.goto(f"{live_server.url}/ballots/{ballot.pk}/")
    spage.wait_for_selector("[data-testid=turnout-electronic]")
    assert spage.inner_text("[data-testid=turnout-electronic]").strip() == "1"
    spage.click("[data-testid=close-ballot]")
    spage.click(".el-message-box__btns button.el-button--primary")
    spage.wait_for_selector("[data-testid=results] .el-table__row")
    assert "已结束" in spage.inner_text("[data-testid=ballot-status]")
    table = spage.inner_text("[data-testid=results]")
    assert "洞口县教育局" in table and "100.0%" in table
    spage.wait_for_timeout(600)  # let the chart's animation finish for the screenshot
    spage.screenshot(path=str(ARTIFACTS / "ballots-phone-staff-results.png"), full_page=True)
    staff.close()

"""In the browser, the deputy's pages (a phone first): the ballots waiting for their vote, a vote
with large answer buttons, one confirmation (cancelling it keeps the answers) and the receipt that
never shows what was answered; a choose-N-of-M project vote that stops at N; the result of a
closed ballot as cards; the chosen projects followed read-only. Staff close a ballot on a phone."""

import pytest

from ballots.models import Participation
from ballots.services.counting import ballot_close
from ballots.services.voting import ballot_vote
from tests.ballots.conftest import checked, project_ballot, rating_ballot, shortlisted_projects
from tests.conftest import PHONE, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRM = ".el-message-box__btns button.el-button--primary"
CANCEL = ".el-message-box__btns button:not(.el-button--primary)"


def test_a_deputy_votes_on_a_phone_and_sees_the_receipt(
    live_server, phone_page, phone_errors, dongkou_staff, voters, dongkou_units, dongkou
):
    ballot = rating_ballot(dongkou_staff, dongkou, dongkou_units)
    later = rating_ballot(dongkou_staff, dongkou, dongkou_units[:1], open_now=False)
    page = phone_page
    browser_login(page, live_server, "deputy_a")
    page.goto(f"{live_server.url}/ballots/vote/")
    page.wait_for_selector("[data-testid=ballot-card]")
    cards = page.locator("[data-testid=ballot-card]")
    assert cards.count() == 2
    assert "有 1 项测评或票决等待您投票" in page.inner_text("[data-testid=vote-summary]")
    assert "待投票，点击进入" in cards.nth(0).inner_text()  # what needs the vote comes first
    assert "未开始" in cards.nth(1).inner_text()
    checked(page, phone_errors, "ballots-vote-list-deputy-phone")

    cards.nth(0).click()
    page.wait_for_selector("[data-testid=vote-item]")
    items = page.locator("[data-testid=vote-item]")
    assert items.count() == 3
    assert page.inner_text("[data-testid=ballot-title]") == ballot.title
    box = items.nth(0).locator("button.answer-btn").first.bounding_box()
    assert box["height"] >= 48  # a thumb-sized target
    assert page.locator("[data-testid=submit-vote]").is_disabled()  # every item first
    for n, answer in enumerate(["满意", "基本满意", "不满意"]):
        items.nth(n).locator("button.answer-btn", has_text=answer).first.click()
    assert page.inner_text("[data-testid=vote-count]").split() == ["已评", "3", "/", "3"]
    pressed = items.nth(1).locator("button[aria-pressed=true]")
    assert pressed.inner_text() == "基本满意"
    checked(page, phone_errors, "ballots-voting-deputy-phone")

    page.click("[data-testid=submit-vote]")
    page.wait_for_selector(".el-message-box >> text=您已对全部 3 个对象作出评价。")
    page.click(CANCEL)  # 再看看: nothing sent, the answers kept
    page.wait_for_timeout(300)
    assert not Participation.objects.exists()
    assert items.nth(1).locator("button[aria-pressed=true]").inner_text() == "基本满意"
    page.click("[data-testid=submit-vote]")
    page.click(CONFIRM)
    page.wait_for_selector("[data-testid=receipt]")
    receipt = page.inner_text("[data-testid=receipt]")
    assert "您的投票已计入" in receipt
    assert "满意" not in receipt.replace("您的投票已计入", "")  # the receipt never shows the vote
    code = Participation.objects.get(ballot=ballot, deputy=voters[0]).receipt
    assert page.inner_text("[data-testid=receipt-code]") == code
    checked(page, phone_errors, "ballots-receipt-deputy-phone")

    page.goto(f"{live_server.url}/ballots/vote/{later.pk}/")
    page.wait_for_selector("[data-testid=not-open] >> text=投票尚未开始")
    checked(page, phone_errors, "ballots-not-open-deputy-phone")
    page.goto(f"{live_server.url}/ballots/vote/")
    page.wait_for_selector("[data-testid=ballot-card] >> text=已投票")
    assert "您没有待投的测评或票决" in page.inner_text("[data-testid=vote-summary]")


def test_a_deputy_chooses_n_of_m_projects_and_then_reads_the_result_as_cards(
    live_server, phone_page, phone_errors, dongkou_staff, voters, dongkou
):
    projects = shortlisted_projects(dongkou_staff, dongkou, 3)
    ballot = project_ballot(dongkou_staff, dongkou, projects, choose_max=2)
    items = list(ballot.items.order_by("order"))
    ballot_vote(deputy=voters[1], ballot=ballot, answers={items[0].pk: "approve"})
    page = phone_page
    browser_login(page, live_server, "deputy_a")
    page.goto(f"{live_server.url}/ballots/vote/{ballot.pk}/")
    page.wait_for_selector("[data-testid=vote-item]")
    assert "从 3 个候选项目中最多选择 2 个" in page.inner_text(".vote-head")
    buttons = page.locator("button.approve-btn")
    buttons.nth(0).click()
    buttons.nth(2).click()
    assert buttons.nth(1).is_disabled()  # N chosen: the rest wait
    assert page.inner_text("[data-testid=vote-count]").split() == ["已选", "2", "/", "2"]
    buttons.nth(2).click()  # changing one's mind frees a place
    assert not buttons.nth(1).is_disabled()
    buttons.nth(1).click()
    checked(page, phone_errors, "ballots-project-vote-deputy-phone")
    page.click("[data-testid=submit-vote]")
    page.wait_for_selector(".el-message-box >> text=您选择了 2 个项目。")
    page.click(CONFIRM)
    page.wait_for_selector("[data-testid=receipt]")

    ballot_close(actor=dongkou_staff, ballot=ballot)
    page.reload()
    page.click("[data-testid=receipt] >> text=查看结果")
    page.wait_for_selector("[data-testid=result-row]")
    rows = page.locator("[data-testid=result-row]")
    assert rows.count() == 3
    assert "民生项目1" in rows.nth(0).inner_text() and "当选" in rows.nth(0).inner_text()
    assert "未当选" in rows.nth(2).inner_text() and "民生项目3" in rows.nth(2).inner_text()
    assert page.locator("[data-testid=close-ballot]").count() == 0
    assert page.locator("[data-testid=paper-button]").count() == 0
    page.click("[data-testid=show-items]")
    assert page.locator("[data-testid=item-row]").count() == 3
    page.wait_for_timeout(600)  # the chart's animation
    checked(page, phone_errors, "ballots-result-deputy-phone")


def test_a_deputy_on_a_phone_follows_the_chosen_projects_read_only(
    live_server, phone_page, phone_errors, dongkou_staff, voters, dongkou
):
    projects = shortlisted_projects(dongkou_staff, dongkou, 3)
    vote = project_ballot(dongkou_staff, dongkou, projects, choose_max=2)
    items = list(vote.items.order_by("order"))
    for d in voters:
        ballot_vote(deputy=d, ballot=vote, answers={items[0].pk: "approve", items[1].pk: "approve"})
    ballot_close(actor=dongkou_staff, ballot=vote)
    page = phone_page
    browser_login(page, live_server, "deputy_a")
    page.goto(f"{live_server.url}/ballots/vote/")
    page.click("[data-testid=projects-link]")
    page.wait_for_url("**/ballots/projects/")
    page.goto(f"{live_server.url}/ballots/projects/?year=2026")
    page.wait_for_selector("[data-testid=project-card]")
    board = page.inner_text("[data-testid=project-board]")
    assert "民生项目1" in board and "民生项目2" in board and "民生项目3" not in board
    assert "候选与筛选" not in board
    assert page.locator("[data-testid=project-summary] .stat-card").first.inner_text().split() == [
        "当选项目",
        "2",
    ]
    assert page.locator("[data-testid=new-project]").count() == 0
    assert page.locator("[data-testid=project-card] .el-tag").count() == 0  # progress, no tags
    checked(page, phone_errors, "ballots-projects-deputy-phone")

    page.locator("[data-testid=project-card]").first.click()
    page.wait_for_selector("[data-testid=project-ballots] >> text=2026年民生实事项目票决")
    assert "赞成 3 / 3，第1名" in page.inner_text("[data-testid=project-ballots]")
    for action in ("screen-project", "assign-project", "add-milestone", "add-report"):
        assert page.locator(f"[data-testid={action}]").count() == 0
    checked(page, phone_errors, "ballots-project-deputy-phone")


def test_a_deputy_at_a_desk_sees_the_same_pages(
    live_server, page, script_errors, dongkou_staff, voters, dongkou_units, dongkou
):
    ballot = rating_ballot(dongkou_staff, dongkou, dongkou_units[:2])
    browser_login(page, live_server, "deputy_b")
    page.goto(f"{live_server.url}/ballots/vote/")
    page.wait_for_selector("[data-testid=ballot-card] >> text=待投票")
    checked(page, script_errors, "ballots-vote-list-deputy-desktop")
    page.goto(f"{live_server.url}/ballots/vote/{ballot.pk}/")
    page.wait_for_selector("[data-testid=vote-item]")
    assert page.locator("[data-testid=vote-item]").count() == 2
    checked(page, script_errors, "ballots-voting-deputy-desktop")
    assert page.goto(f"{live_server.url}/ballots/").status == 403  # the console list is staff's


def test_staff_close_a_ballot_on_a_phone_and_read_the_result(
    live_server, browser, dongkou_staff, voters, dongkou_units, dongkou
):
    ballot = rating_ballot(dongkou_staff, dongkou, dongkou_units)
    ballot_vote(
        deputy=voters[0], ballot=ballot, answers={i.pk: "satisfied" for i in ballot.items.all()}
    )
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        browser_login(page, live_server, "dongkou_staff")
        page.goto(f"{live_server.url}/ballots/")
        page.wait_for_selector("[data-testid=ballots-cards] [data-testid=ballot-card]")
        assert "投票中" in page.inner_text("[data-testid=ballots-cards]")
        checked(page, errors, "ballots-list-staff-phone")
        page.goto(f"{live_server.url}/ballots/{ballot.pk}/")
        page.wait_for_selector("[data-testid=turnout-electronic] >> text=1")
        page.click("[data-testid=close-ballot]")
        page.click(CONFIRM)
        page.wait_for_selector("[data-testid=result-row]")
        assert "已结束" in page.inner_text("[data-testid=ballot-status]")
        first = page.locator("[data-testid=result-row]").first.inner_text()
        assert "洞口县教育局" in first and "100.0%" in first
        page.wait_for_timeout(600)
        checked(page, errors, "ballots-result-staff-phone")
    finally:
        context.close()

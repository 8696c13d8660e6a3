"""In the browser: staff edit a draft (a field error, then a save); a deputy on a phone follows
the chosen projects read-only and sees which ballots they already voted in."""

import pytest

from ballots.models import Ballot, PaperEntry, Tally
from ballots.services.counting import ballot_close
from ballots.services.setup import ballot_open
from ballots.services.voting import ballot_vote
from tests.ballots.conftest import project_ballot, rating_ballot, shortlisted_projects
from tests.clock import NOW
from tests.conftest import ARTIFACTS, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_edit_a_draft_see_the_field_error_and_save(
    live_server, page, dongkou_staff, voters, dongkou_units, dongkou
):
    draft = rating_ballot(dongkou_staff, dongkou, dongkou_units[:2], opened=False)
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/ballots/{draft.pk}/")
    page.wait_for_selector("[data-testid=draft-hint]")
    page.click("[data-testid=edit-ballot]")
    page.wait_for_selector(".ballot-form")
    title = page.locator("input[data-testid=ballot-title-input]")
    title.fill("")
    page.click("[data-testid=save-ballot]")
    page.wait_for_selector(".ballot-form .el-form-item__error")
    assert "请填写此项" in page.inner_text(".ballot-form .el-form-item__error")
    assert Ballot.objects.get(pk=draft.pk).title == draft.title  # nothing stored
    title.fill("洞口县2026年度部门满意度测评（修改后）")
    page.click("[data-testid=save-ballot]")
    page.wait_for_function(
        "document.querySelector('[data-testid=ballot-title]').innerText.includes('修改后')"
    )
    assert Ballot.objects.get(pk=draft.pk).title == "洞口县2026年度部门满意度测评（修改后）"
    page.screenshot(path=str(ARTIFACTS / "ballots-draft-edited.png"), full_page=True)

    ballot_open(actor=dongkou_staff, ballot=draft)
    page.reload()
    page.wait_for_selector("[data-testid=close-ballot]")
    assert page.locator("[data-testid=edit-ballot]").count() == 0  # no editing once open


def test_a_deputy_on_a_phone_follows_the_chosen_projects_read_only(
    live_server, phone_page, dongkou_staff, voters, dongkou_units, dongkou
):
    projects = shortlisted_projects(dongkou_staff, dongkou, 3)
    vote = project_ballot(dongkou_staff, dongkou, projects, choose_max=2)
    items = list(vote.items.order_by("order"))
    for d in voters:
        ballot_vote(deputy=d, ballot=vote, answers={items[0].pk: "approve", items[1].pk: "approve"})
    ballot_close(actor=dongkou_staff, ballot=vote)
    rating = rating_ballot(dongkou_staff, dongkou, dongkou_units)
    ballot_vote(
        deputy=voters[0], ballot=rating, answers={i.pk: "satisfied" for i in rating.items.all()}
    )
    page = phone_page
    # The board opens on the browser's current year; the projects are 2026's.
    page.clock.set_fixed_time(NOW.isoformat())
    browser_login(page, live_server, "deputy_a")

    page.goto(f"{live_server.url}/ballots/vote/")
    page.wait_for_selector("[data-testid=ballot-card]")
    cards = page.locator("[data-testid=ballot-card]")
    assert "已投票" in cards.nth(0).inner_text() or "已投票" in cards.nth(1).inner_text()

    page.goto(f"{live_server.url}/ballots/projects/")
    page.wait_for_selector(".project-card")
    board = page.inner_text("[data-testid=project-board]")
    assert "民生项目1" in board and "民生项目2" in board and "民生项目3" not in board
    assert "候选与筛选" not in board
    assert page.get_by_text("征集候选项目").count() == 0
    assert page.locator(".project-card .el-tag").count() == 0  # progress bars, no status tags
    page.screenshot(path=str(ARTIFACTS / "ballots-phone-deputy-board.png"), full_page=True)
    page.locator(".project-card").first.click()
    page.wait_for_selector("text=代表票决与测评")
    assert page.get_by_text("筛选", exact=True).count() == 0
    assert page.get_by_text("新增节点").count() == 0


def test_staff_enter_hand_counted_paper_totals_in_the_grid(
    live_server, page, dongkou_staff, voters, dongkou_units, dongkou
):

    ballot = rating_ballot(dongkou_staff, dongkou, dongkou_units[:2])
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/ballots/{ballot.pk}/")
    page.click("[data-testid=paper-button]")
    page.wait_for_selector("[data-testid=paper-grid]")
    page.fill("[data-testid=paper-papers] input", "2")
    rows = page.locator("[data-testid=paper-grid] tbody tr")
    rows.nth(0).locator("input").nth(0).fill("2")  # item 1: 满意 2
    rows.nth(1).locator("input").nth(1).fill("1")  # item 2: 基本满意 1
    rows.nth(1).locator("input").nth(2).fill("1")  # item 2: 不满意 1
    page.locator("[data-testid=paper-grid]").click()  # blur: the last number is committed
    assert rows.nth(1).locator("td").last.inner_text().strip() == "2"
    page.screenshot(path=str(ARTIFACTS / "ballots-paper-grid.png"), full_page=True)
    page.get_by_role("button", name="保存").last.click()
    page.wait_for_function("!document.querySelector('[data-testid=paper-grid]')?.offsetParent")
    entry = PaperEntry.objects.get(ballot=ballot)
    assert entry.papers == 2
    paper = {(t.item.order, t.answer): t.paper for t in Tally.objects.filter(ballot=ballot)}
    assert paper[(1, "satisfied")] == 2 and paper[(2, "basic")] == 1
    assert paper[(2, "dissatisfied")] == 1 and sum(paper.values()) == 4

"""In the browser, 十大重点建议集中评议: a citizen scores every key suggestion on a phone with
the code from their slip (no login), a used code is refused on the page; staff set a review up
(the key suggestions picked in the dialog), enter a unit leader's report, issue codes and see
the printable sheet, open the review, and a deputy scores it on a phone."""

import pytest

from ballots.models import Ballot, CitizenCode
from ballots.services.review import citizen_codes_issue
from ballots.services.setup import ballot_open
from tests.ballots.conftest import checked, expected_400, settled
from tests.ballots.test_browser_pages import CONFIRM, choose
from tests.conftest import browser_login, image_loaded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_scores_on_a_phone_with_a_one_time_code(
    live_server, phone_page, phone_errors, review_world, linwu_staff
):
    review = review_world["review"]
    sheet = citizen_codes_issue(actor=linwu_staff, ballot=review, count=2)
    review = ballot_open(actor=linwu_staff, ballot=review)
    page = phone_page
    page.goto(f"{live_server.url}/r/{review.public_token}/")
    page.wait_for_selector("[data-testid=public-item]")
    assert page.inner_text("[data-testid=public-title]") == review.title
    assert "/login/" not in page.url
    items = page.locator("[data-testid=public-item]")
    assert items.count() == 3
    assert "临武县教育局" in items.nth(0).inner_text()
    assert page.locator("[data-testid=submit]").is_disabled()
    page.fill("[data-testid=code]", sheet[0]["code"].lower())
    for n in range(3):
        items.nth(n).locator("button.answer", has_text="基本满意" if n else "满意").first.click()
    box = items.nth(0).locator("button.answer").first.bounding_box()
    assert box["height"] >= 48 and box["width"] * 3 < 390
    checked(page, phone_errors, "ballots-review-citizen-phone")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=thanks]")
    review.refresh_from_db()
    assert review.citizen_votes == 1
    checked(page, phone_errors, "ballots-review-citizen-thanks-phone")

    page.goto(f"{live_server.url}/r/{review.public_token}/")  # the same slip again
    page.wait_for_selector("[data-testid=public-item]")
    page.fill("[data-testid=code]", sheet[0]["code"])
    for n in range(3):
        page.locator("[data-testid=public-item]").nth(n).locator("button.answer").first.click()
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=code-error]")
    assert "评议码无效或已使用" in page.inner_text("[data-testid=code-error]")
    expected_400(phone_errors)
    assert CitizenCode.objects.filter(ballot=review, used=True).count() == 1


def test_staff_set_up_a_review_issue_codes_and_open_it(
    live_server, page, script_errors, review_world, linwu_staff, linwu
):
    browser_login(page, live_server, "linwu_staff")
    page.goto(f"{live_server.url}/ballots/reviews/")
    page.wait_for_selector("[data-testid=new-review]")
    page.click("[data-testid=new-review]")
    page.wait_for_selector("input[data-testid=review-title]")
    settled(page)
    page.fill("input[data-testid=review-title]", "临武县下半年重点建议集中评议")
    page.locator(".el-form-item", has_text="开始时间").locator("input").first.fill(
        "2026-12-20 09:00"
    )
    page.keyboard.press("Tab")
    page.locator(".el-form-item", has_text="截止时间").locator("input").first.fill(
        "2026-12-20 12:00"
    )
    page.keyboard.press("Tab")
    choose(page, "pick-suggestions", "重点建议2")
    page.keyboard.press("Escape")
    checked(page, script_errors, "ballots-review-create-staff")
    page.click("[data-testid=review-form-submit]")
    page.wait_for_selector("[data-testid=review-items]")
    created = Ballot.objects.get(title="临武县下半年重点建议集中评议")
    assert [i.suggestion_id for i in created.items.all()] == [review_world["keys"][1].pk]

    review = review_world["review"]
    page.goto(f"{live_server.url}/ballots/reviews/{review.pk}/")
    page.wait_for_selector("[data-testid=statement-1]")
    image_loaded(page, "[data-testid=qr]")
    page.click("[data-testid=statement-1]")
    page.wait_for_selector("input[data-testid=presenter]")
    settled(page)
    page.fill("input[data-testid=presenter]", "县教育局局长")
    page.fill("textarea[data-testid=statement]", "已新建教学楼一栋。")
    page.click("[data-testid=statement-form-submit]")
    page.wait_for_selector("[data-testid=review-items] >> text=县教育局局长")
    checked(page, script_errors, "ballots-review-detail-staff")

    page.locator("input[data-testid=code-count], [data-testid=code-count] input").first.fill("6")
    page.click("[data-testid=issue-codes]")
    page.wait_for_selector("[data-testid=slip]")
    assert page.locator("[data-testid=slip]").count() == 6
    assert CitizenCode.objects.filter(ballot=review).count() == 6
    first = page.locator("[data-testid=slip-code]").first.inner_text()
    assert not CitizenCode.objects.filter(digest=first).exists()  # only the keyed hash is kept
    checked(page, script_errors, "ballots-review-sheet-staff")

    page.goto(f"{live_server.url}/ballots/reviews/{review.pk}/")
    page.wait_for_selector("[data-testid=open-review]")
    page.click("[data-testid=open-review]")
    page.click(CONFIRM)
    page.wait_for_selector("[data-testid=turnout]")
    review.refresh_from_db()
    assert review.status == "open" and review.electorate_size == 8  # 2 deputies + 6 codes
    assert page.inner_text("[data-testid=codes-count]") == "0 / 6"


def test_an_invited_deputy_scores_the_review_on_a_phone(
    live_server, phone_page, phone_errors, review_world, linwu_staff
):
    review = ballot_open(actor=linwu_staff, ballot=review_world["review"])
    page = phone_page
    browser_login(page, live_server, "rev_a")
    page.goto(f"{live_server.url}/ballots/vote/{review.pk}/")
    page.wait_for_selector("[data-testid=vote-item]")
    items = page.locator("[data-testid=vote-item]")
    assert items.count() == 3
    for n in range(3):
        items.nth(n).locator("button.answer-btn", has_text="满意").first.click()
    checked(page, phone_errors, "ballots-review-deputy-phone")
    page.click("[data-testid=submit-vote]")
    page.click(CONFIRM)
    page.wait_for_selector("[data-testid=receipt]")
    assert review.participations.count() == 1

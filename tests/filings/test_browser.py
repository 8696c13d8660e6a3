"""In the browser, 备案审查 end to end: a county department files a document on its page; staff
find it in the list, register it, start the review, fill in the checklist, invite an outside
expert; the expert (on a phone) sees only their invitation, opens the file and gives an opinion;
staff read it on the review page and ask for a correction by a date; the department reports it
and staff accept it. The annual report page counts it; another county's staff get the 404 page."""

import datetime as dt
import re

import pytest

from filings.models import ExpertInvitation, Filing
from tests.conftest import PHONE, axe_check, browser_login, page_ready, screenshot
from tests.filings.conftest import TODAY, filed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRM = ".el-message-box__btns button.el-button--primary"
FAILED_LOAD = "Failed to load resource: the server responded with a status of 4"


def collect(page) -> list:
    errors = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    return errors


def checked(page, errors: list, name: str) -> None:
    page_ready(page)
    axe_check(page)
    screenshot(page, name)
    assert [e for e in errors if FAILED_LOAD not in e] == []


def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def status_is(page, text: str) -> None:
    page.wait_for_selector(f"[data-testid=filing-status] >> text={text}")


def test_a_filing_is_reviewed_with_an_expert_and_corrected(
    live_server, browser, page, dongkou_staff, unit_user, expert, other_expert
):
    errors = collect(page)
    # the department files it
    browser_login(page, live_server, "dongkou_jyj")
    page.goto(f"{live_server.url}/filings/mine/")
    page_ready(page)
    page.click("[data-testid=new-filing]")
    page.fill("[data-testid=filing-title]", "校外培训机构监督管理办法")
    page.fill("input[aria-label=公布日期]", (TODAY - dt.timedelta(days=3)).isoformat())
    page.keyboard.press("Enter")
    page.click("[data-testid=filing-form-submit]")
    page.wait_for_url(re.compile(r"/filings/\d+/$"))
    status_is(page, "已公布待报备")
    checked(page, errors, "filings-detail-unit-published")
    page.click("[data-testid=act-file]")
    page.click(CONFIRM)
    status_is(page, "已报备待登记")
    filing = Filing.objects.get(title="校外培训机构监督管理办法")
    assert filing.filed_on == TODAY and not filing.late
    page.context.clear_cookies()

    # staff: list, register, review, checklist, invite
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/filings/")
    page_ready(page)
    page.wait_for_selector("[data-testid=filings] >> text=校外培训机构监督管理办法")
    checked(page, errors, "filings-list-staff")
    page.click("[data-testid=filing-link] >> text=校外培训机构监督管理办法")
    page.wait_for_url(f"**/filings/{filing.pk}/")
    page_ready(page)
    page.click("[data-testid=act-register]")
    page.click(CONFIRM)
    status_is(page, "已登记待审查")
    page.click("[data-testid=act-start-review]")
    page.click(CONFIRM)
    status_is(page, "审查中")
    page.click("[data-testid=check-basis-problem]")
    page.click("[data-testid=check-conflict-ok]")
    page.click("[data-testid=check-procedure-ok]")
    page.click("[data-testid=save-checklist]")
    page.wait_for_selector("[data-testid=checklist] >> text=发现问题时请写明审查意见。")
    page.fill("[data-testid=check-basis-note]", "第五条增设的申请条件缺乏上位法依据。")
    page.click("[data-testid=save-checklist]")
    page.wait_for_selector("text=审查清单已保存")
    page.click("[data-testid=act-invite]")
    page.click("[data-testid=invite-experts]")
    page.locator(".el-select-dropdown__item:visible").filter(has_text="欧阳明").first.click()
    page.keyboard.press("Escape")
    page.fill("[data-testid=invite-question]", "第五条是否与上位法抵触？")
    page.click("[data-testid=invite-form-submit]")
    page.wait_for_selector("[data-testid=expert-opinion] >> text=尚未提交意见")
    checked(page, errors, "filings-review-staff")
    assert list(ExpertInvitation.objects.values_list("expert__username", flat=True)) == [
        "dongkou_expert"
    ]

    # the expert, on a phone: only their invitation, the file, their opinion
    mobile = phone(browser)
    mobile_errors = collect(mobile)
    browser_login(mobile, live_server, "dongkou_expert")
    mobile.goto(f"{live_server.url}/filings/reviews/")
    page_ready(mobile)
    mobile.wait_for_selector("[data-testid=my-reviews] >> text=校外培训机构监督管理办法")
    checked(mobile, mobile_errors, "filings-my-reviews-expert-phone")
    mobile.click("[data-testid=review-link]")
    mobile.wait_for_url(re.compile(r"/filings/reviews/\d+/$"))
    page_ready(mobile)
    mobile.wait_for_selector("[data-testid=question] >> text=第五条是否与上位法抵触？")
    mobile.fill("[data-testid=opinion-text]", "第五条与《民办教育促进法》第十二条相抵触。")
    mobile.click("[data-testid=submit-opinion]")
    mobile.wait_for_selector("text=专家意见已提交")
    checked(mobile, mobile_errors, "filings-expert-review-phone")
    assert ExpertInvitation.objects.get().opinion.startswith("第五条与")
    # the staff's list is not theirs
    response = mobile.goto(f"{live_server.url}/filings/")
    assert response.status == 403
    response = mobile.goto(f"{live_server.url}/filings/{filing.pk}/")
    assert response.status == 403
    mobile.context.close()

    # staff read the opinion and ask for a correction
    page.reload()
    page_ready(page)
    page.wait_for_selector("[data-testid=expert-opinion] >> text=民办教育促进法")
    page.click("[data-testid=act-require-correction]")
    page.click("[data-testid=result-required]")
    page.fill("[data-testid=correction-opinion]", "请删除第五条。")
    page.fill("input[aria-label=纠正期限]", (TODAY + dt.timedelta(days=60)).isoformat())
    page.keyboard.press("Enter")
    page.click("[data-testid=correction-form-submit]")
    status_is(page, "待纠正")
    page.wait_for_selector("[data-testid=result-note] >> text=请删除第五条。")
    checked(page, errors, "filings-correction-due-staff")
    filing.refresh_from_db()
    assert (filing.result, filing.correction_due) == ("required", TODAY + dt.timedelta(days=60))
    page.context.clear_cookies()

    # the department reports its correction, staff accept it
    browser_login(page, live_server, "dongkou_jyj")
    page.goto(f"{live_server.url}/filings/{filing.pk}/")
    page_ready(page)
    assert page.locator("[data-testid=expert-opinions]").count() == 0  # experts are not the filer's
    page.click("[data-testid=act-report-correction]")
    page.fill(".el-message-box textarea", "已删除第五条并重新公布。")
    page.click(CONFIRM)
    status_is(page, "纠正情况待确认")
    page.context.clear_cookies()
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/filings/{filing.pk}/")
    page_ready(page)
    page.click("[data-testid=act-accept]")
    page.click(CONFIRM)
    status_is(page, "已办结")
    checked(page, errors, "filings-closed-staff")

    page.goto(f"{live_server.url}/filings/report/")
    page_ready(page)
    page.wait_for_selector("[data-testid=cell-430525-filed] >> text=1")
    assert page.inner_text("[data-testid=cell-total-required]") == "1"
    assert page.inner_text("[data-testid=cell-total-corrected]") == "1"
    checked(page, errors, "filings-report-staff")


def test_another_countys_staff_get_the_404_page(live_server, page, linwu_staff, unit_user):
    f = filed(unit_user)
    browser_login(page, live_server, "linwu_staff")
    response = page.goto(f"{live_server.url}/filings/{f.pk}/")
    assert response.status == 404
    page.goto(f"{live_server.url}/filings/")
    page_ready(page)
    assert "城区学校招生入学工作实施办法" not in page.inner_text("body")

"""The whole path in a real browser: the deputy (on a phone) submits, staff accept and assign,
the unit signs and replies with B, the deputy is not satisfied, the unit replies again, the
deputy is satisfied. Screenshots of each step go to artifacts/."""

import re

import pytest

from tests.conftest import ARTIFACTS, PHONE, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_as(browser, live_server):
    """open_as(username, phone=False) → a logged-in page in its own browser context."""
    contexts = []

    def make(username: str, *, phone: bool = False):
        options = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone else {
            "viewport": {"width": 1366, "height": 860}}  # fmt: skip
        context = browser.new_context(locale="zh-CN", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        browser_login(page, live_server, username)
        return page

    yield make
    for context in contexts:
        context.close()


def field(testid: str) -> str:
    """Element Plus puts a component's attributes on the native input (or on its wrapper)."""
    return ", ".join(
        f"{a}[data-testid={testid}]{b}" for a, b in (("input", ""), ("textarea", ""),
                                                      ("", " input"), ("", " textarea"))
    )  # fmt: skip


def shot(page, name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"suggestions-{name}.png"), full_page=True)


def status_is(page, text: str):
    page.wait_for_selector(f"[data-testid=sg-status]:has-text('{text}')")


def choose(page, select_testid: str, option: str):
    page.click(f"[data-testid={select_testid}]")
    page.locator(".el-select-dropdown__item:visible", has_text=option).first.click()


def dialog_ok(page):
    page.click("[data-testid=dialog-ok]")
    page.wait_for_selector("[data-testid=dialog-ok]", state="hidden")


def test_deputy_submits_staff_assigns_unit_replies_b_deputy_rates_twice(
    open_as, live_server, lead, dongkou_staff, unit_user, category, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    plan = tmp_path / "宿舍楼建设计划.pdf"
    plan.write_bytes(b"%PDF-1.4 plan")
    deputy = open_as("deputy_demo", phone=True)
    deputy.goto(f"{live_server.url}/suggestions/")
    deputy.click("[data-testid=new-suggestion]")
    deputy.fill(field("new-title"), "关于改善高沙镇中心小学住宿条件的建议")
    choose(deputy, "new-category", "教育")
    deputy.fill(field("new-body"), "高沙镇中心小学学生宿舍拥挤，建议增建宿舍楼。")
    shot(deputy, "1-deputy-draft-phone")
    deputy.click("[data-testid=new-save]")
    deputy.wait_for_url(re.compile(r"/suggestions/\d+/$"))
    url = deputy.url
    deputy.click("[data-testid=act-submit]")
    status_is(deputy, "待审查")
    shot(deputy, "2-deputy-submitted-phone")

    staff = open_as("dongkou_staff")
    staff.goto(f"{live_server.url}/suggestions/board/")
    staff.click("[data-testid=sg-table] >> text=关于改善高沙镇中心小学住宿条件的建议")
    staff.wait_for_url(url)
    staff.click("[data-testid=act-accept]")
    dialog_ok(staff)
    status_is(staff, "待交办")
    staff.click("[data-testid=act-assign]")
    choose(staff, "assign-lead", "洞口县教育局")
    shot(staff, "3-staff-assigning")
    staff.click("[data-testid=dialog-ok]")
    status_is(staff, "待签收")

    unit = open_as("dongkou_jyj")
    unit.goto(f"{live_server.url}/suggestions/inbox/")
    unit.click("[data-testid=sg-table] >> text=关于改善高沙镇中心小学住宿条件的建议")
    unit.click("[data-testid=act-sign]")
    status_is(unit, "办理中")
    unit.click("[data-testid=act-reply]")
    unit.click("[data-testid=reply-class] >> text=正在解决或列入规划逐步解决")
    unit.fill(field("reply-body"), "已将宿舍楼建设列入2027年教育项目计划。")
    unit.fill(field("commit-what"), "建成学生宿舍楼")
    due = unit.locator(".sg-commit-row input").nth(1)
    due.fill("2027-08-31")
    due.press("Enter")
    unit.set_input_files("[data-testid=reply-upload] input[type=file]", str(plan))
    unit.wait_for_selector("[data-testid=reply-draft-file]:has-text('宿舍楼建设计划.pdf')")
    shot(unit, "4-unit-replying-b")
    unit.click("[data-testid=dialog-ok]")
    status_is(unit, "待测评")

    deputy.goto(url)
    deputy.wait_for_selector("[data-testid=sg-reply]")
    link = deputy.locator("[data-testid=reply-files] a", has_text="宿舍楼建设计划.pdf")
    with deputy.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "宿舍楼建设计划.pdf"
    deputy.click("[data-testid=act-rate]")
    deputy.click("[data-testid=rate-attitude] >> text=满意")
    deputy.click("[data-testid=rate-result] >> text=不满意")
    deputy.fill(field("rate-comment"), "希望今年内开工。")
    shot(deputy, "5-deputy-rates-unsatisfied-phone")
    deputy.click("[data-testid=dialog-ok]")
    status_is(deputy, "重新办理")

    unit.reload()
    unit.click("[data-testid=act-reply]")
    unit.click("[data-testid=reply-class] >> text=已经解决或基本解决")
    unit.fill(field("reply-body"), "已调整计划，宿舍楼已于本月开工。")
    unit.click("[data-testid=dialog-ok]")
    status_is(unit, "待测评")

    deputy.reload()
    deputy.click("[data-testid=act-rate]")
    deputy.click("[data-testid=rate-attitude] >> text=满意")
    deputy.locator("[data-testid=rate-result] label").first.click()
    deputy.click("[data-testid=dialog-ok]")
    status_is(deputy, "已办结")
    assert deputy.locator("[data-testid=sg-reply]").count() == 2
    assert "测评办结" in deputy.inner_text("[data-testid=sg-history]")
    shot(deputy, "6-deputy-closed-phone")
    staff.reload()
    status_is(staff, "已办结")
    shot(staff, "7-staff-history")


def test_staff_type_in_a_paper_suggestion_for_a_deputy_and_it_waits_for_review(
    open_as, live_server, lead, cosigner, dongkou_staff, category
):
    staff = open_as("dongkou_staff")
    staff.goto(f"{live_server.url}/suggestions/board/")
    staff.click("[data-testid=paper-open]")
    staff.click("[data-testid=paper-lead]")
    staff.locator(".el-select-dropdown__item:visible", has_text="王秀英").first.click()
    staff.fill(field("paper-title"), "关于增设县城公共停车场的建议")
    choose(staff, "paper-category", "教育")
    staff.fill(field("paper-body"), "县城老城区停车难，建议利用闲置地块建设公共停车场。")
    shot(staff, "8-staff-paper-entry")
    staff.click("[data-testid=paper-save]")
    staff.wait_for_url(re.compile(r"/suggestions/\d+/$"))
    status_is(staff, "待审查")
    assert "代录纸质建议" in staff.inner_text("[data-testid=sg-history]")
    assert staff.locator("[data-testid=act-accept]").is_visible()

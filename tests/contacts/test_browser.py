"""In the browser: staff read who is behind target (coverage on top, the 未达标 filter, the
Excel export), open a relation and take an issue's steps (answer, feed back); an official on a
phone sees 我联系的代表, logs a contact with an issue, and the deputy reads it under 联系我的;
another county's relation is a 404 page."""

import pytest

from congress.models import Job
from contacts.models import Contact, Issue
from contacts.services.contacts import contact_log
from tests.conftest import PHONE, axe_check, browser_login, page_ready, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRM = ".el-message-box__btns button.el-button--primary"


def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    return page, errors


def checked(page, errors: list, name: str) -> None:
    page_ready(page)
    page.wait_for_selector(".el-message", state="detached", timeout=6000)
    axe_check(page)
    screenshot(page, name)
    assert errors == []


def test_staff_see_who_is_behind_and_follow_an_issue(
    live_server, page, script_errors, dongkou_staff, official, official_relation,
    member_relation, linwu_relation,
):  # fmt: skip
    for month in (3, 6):
        contact_log(actor=official, relation=official_relation,
                    occurred_on=official_relation.starts_on.replace(month=month), way="visit",
                    subject=f"{month}月走访", issues=["村道塌方"] if month == 6 else [])  # fmt: skip
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/contacts/")
    page.wait_for_selector("[data-testid=coverage] >> text=50.0%")
    assert page.locator("[data-testid=relation-progress]").count() == 2
    checked(page, script_errors, "contacts-relations-staff")

    page.click("[data-testid=filter-behind]")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=relation-progress]').length === 1"
    )
    assert page.inner_text("[data-testid=relation-progress]") == "0 / 2"
    assert "behind=" in page.url
    with page.expect_download() as info:  # a job: its progress, then the file
        page.click("[data-testid=export]")
    assert info.value.suggested_filename.endswith(".xlsx")
    job = Job.objects.get(kind="contact_export")
    assert (job.status, job.params["behind"]) == ("done", "true")
    page.wait_for_selector("[data-testid=job-dialog] >> text=已完成")
    page.get_by_role("button", name="关闭", exact=True).click()
    page.locator("[data-testid=job-progress]").wait_for(state="hidden")

    page.goto(f"{live_server.url}/contacts/{official_relation.pk}/")
    page.wait_for_selector("[data-testid=relation-done] >> text=本年度已联系 2 / 2 次")
    assert page.locator("[data-testid=contact]").count() == 2
    checked(page, script_errors, "contacts-relation-staff")
    page.click("[data-testid=issue-answer]")
    page.fill(".el-message-box textarea", "已督促交通运输局年内修复")
    page.click(CONFIRM)
    page.wait_for_selector("[data-testid=issue-status] >> text=已有结果")
    page.click("[data-testid=issue-feed_back]")
    page.fill(".el-message-box textarea", "已电话告知代表")
    page.click(CONFIRM)
    page.wait_for_selector("[data-testid=issue-status] >> text=已反馈")
    assert Issue.objects.get().feedback == "已电话告知代表"
    page.click("[data-testid=edit-relation]")
    page.fill("[data-testid=edit-target] input", "3")
    page.click("[data-testid=relation-edit-submit]")
    page.wait_for_selector("[data-testid=relation-done] >> text=本年度已联系 2 / 3 次")
    assert page.inner_text("[data-testid=relation-state]") == "未达标"

    assert page.goto(f"{live_server.url}/contacts/{linwu_relation.pk}/").status == 404


def test_an_official_logs_a_contact_on_a_phone_and_the_deputy_reads_it(
    live_server, browser, official, official_relation, deputies
):
    mobile, errors = phone(browser)
    browser_login(mobile, live_server, "dongkou_official")
    mobile.goto(f"{live_server.url}/me/contacts/")
    mobile.wait_for_selector("[data-testid=my-relation-done] >> text=已联系 0 / 2 次")
    assert "还有 1 位" in mobile.inner_text("[data-testid=behind-summary]")
    checked(mobile, errors, "contacts-mine-official-phone")

    mobile.click("[data-testid=my-log]")
    form = mobile.locator("[data-testid=contact-form]")
    form.locator("label", has_text="电话").click()
    form.locator(
        "[data-testid=contact-subject] textarea, textarea[data-testid=contact-subject]"
    ).first.fill("电话了解农产品销售情况")
    form.locator(
        "[data-testid=contact-issues] textarea, textarea[data-testid=contact-issues]"
    ).first.fill("希望支持冷链仓储")
    axe_check(mobile)
    form.locator("button.el-button--primary").last.click()
    mobile.wait_for_selector("[data-testid=my-relation-done] >> text=已联系 1 / 2 次")
    contact = Contact.objects.get()
    assert (contact.way, str(contact.occurred_on)) == ("phone", "2026-12-01")  # the server's today
    assert contact.issues.get().content == "希望支持冷链仓储"
    assert errors == []

    deputy, errors = phone(browser)
    browser_login(deputy, live_server, "deputy_a")
    deputy.goto(f"{live_server.url}/me/contacts/")
    deputy.wait_for_selector("[data-testid=of-me] >> text=电话了解农产品销售情况")
    assert "洞口县副县长" in deputy.inner_text("[data-testid=of-me]")
    assert deputy.locator("[data-testid=my-relation]").count() == 0
    checked(deputy, errors, "contacts-of-me-deputy-phone")


def test_staff_turn_an_issue_into_a_task_for_the_unit_they_pick(
    live_server, page, script_errors, dongkou_staff, member_relation, dongkou_unit
):
    """A 委员联系代表 issue has no body of its own: staff pick the unit and the deadline in the
    dialog, and the issue points at the task it became."""
    from worktasks.models import Task  # noqa: PLC0415 - the other app, only here

    contact_log(actor=dongkou_staff, relation=member_relation,
                occurred_on=member_relation.starts_on.replace(month=5), way="meeting",
                subject="座谈", issues=["学校周边缺少护栏"])  # fmt: skip
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/contacts/{member_relation.pk}/")
    page.click("[data-testid=issue-to_task]")
    page.wait_for_selector("[data-testid=task-dialog]")
    page.click("[data-testid=task-unit]")
    page.click(f".el-select-dropdown__item:has-text('{dongkou_unit.name}')")
    due = page.input_value("[data-testid=task-dialog] .el-date-editor input")
    checked(page, script_errors, "contacts-issue-to-task")
    page.click("[data-testid=task-dialog-submit]")
    page.wait_for_selector("[data-testid=issue-status] >> text=已转办")
    task = Task.objects.get()
    assert task.owner_unit == dongkou_unit and str(task.due) == due
    assert Issue.objects.get().target_id == task.pk

"""In the browser: staff open the plan and a project's page (stages as a timeline), hold the
hearing and send the 审议意见 with a deadline; the body's unit account opens 我的整改 and submits
its 整改 report with a file; staff rate it 满意 on the project page and close the project, every
stage of the timeline then done; a deputy on a phone sees the activity they take part in; another
county's project page is a 404."""

import datetime as dt

import pytest
from django.utils import timezone

from supervision.models import Project, Rectification
from supervision.services.projects import participants_set
from tests.conftest import PHONE, axe_check, browser_login, page_ready, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRM = ".el-message-box__btns button.el-button--primary"


def collect(page) -> list:
    errors = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    return errors


def checked(page, errors, name) -> None:
    page_ready(page)
    page.wait_for_selector(".el-message", state="detached", timeout=6000)
    axe_check(page)
    screenshot(page, name)
    assert errors == []


def pick_date(page, testid: str, value: str) -> None:
    box = page.locator(f"[data-testid={testid}] input")
    box.click()
    box.fill(value)
    box.press("Enter")


def test_staff_send_opinions_the_unit_reports_and_staff_rate_and_close(
    live_server, browser, page, dongkou_staff, unit_user, project, tmp_path
):
    errors = collect(page)
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/supervision/")
    page.wait_for_selector("[data-testid=project-link] >> text=义务教育均衡发展情况")
    checked(page, errors, "supervision-plan-staff")
    page.click("[data-testid=project-link]")
    page.wait_for_selector("[data-testid=stages]")
    assert page.get_attribute("[data-testid=stage-plan]", "data-done") == "true"
    page.click("[data-testid=act-hearing]")
    page.click(CONFIRM)
    page.wait_for_selector("[data-testid=project-status] >> text=听取审议/检查")
    page.click("[data-testid=act-opinions]")
    page.fill("[data-testid=opinions-text]", "一、加大投入；二、补齐短板。")
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    pick_date(page, "opinions-due", due)
    page.click("[data-testid=opinions-form-submit]")
    page.wait_for_selector("[data-testid=rectification] >> text=待报送整改报告")
    assert page.get_attribute("[data-testid=stage-opinions]", "data-done") == "true"
    checked(page, errors, "supervision-project-staff")
    rect = Rectification.objects.get(project=project)

    unit = browser.new_context(viewport={"width": 1366, "height": 860}, locale="zh-CN").new_page()
    unit_errors = collect(unit)
    browser_login(unit, live_server, "dongkou_jyj")
    unit.goto(f"{live_server.url}/supervision/rectifications/")
    unit.click("[data-testid=rect-link] >> text=义务教育均衡发展情况")
    unit.wait_for_selector("[data-testid=opened] [data-testid=opinions] >> text=补齐短板")
    unit.click("[data-testid=submit-report]")
    unit.fill("[data-testid=report-text]", "已新建两所学校，消除大班额。")
    report = tmp_path / "整改报告.pdf"
    report.write_bytes(b"%PDF-1.4 report")
    unit.set_input_files("[data-testid=report-file-input]", str(report))
    unit.click("[data-testid=submit-form-submit]")
    unit.wait_for_selector("[data-testid=opened] [data-testid=rect-status] >> text=已报送待测评")
    checked(unit, unit_errors, "supervision-my-rectification-unit")
    assert rect.reports.get().file_name == "整改报告.pdf"

    page.reload()
    page.click("[data-testid=rate-report]")
    page.click("[data-testid=rating] >> text=满意")
    page.click("[data-testid=rate-form-submit]")
    page.wait_for_selector("[data-testid=report-rating] >> text=满意")
    page.click("[data-testid=act-close]")
    page.click(CONFIRM)
    page.wait_for_selector("[data-testid=project-status] >> text=已办结")
    for key in ("plan", "hearing", "opinions", "report_due", "received", "rating", "closed"):
        assert page.get_attribute(f"[data-testid=stage-{key}]", "data-done") == "true", key
    checked(page, errors, "supervision-project-closed")
    assert Project.objects.get(pk=project.pk).status == "closed"


def test_a_deputy_sees_the_activity_on_a_phone_and_another_county_gets_404(
    live_server, browser, dongkou_staff, linwu_staff, project, deputies
):
    participants_set(actor=dongkou_staff, project=project, deputies=deputies, events=[])
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    phone = context.new_page()
    errors = collect(phone)
    browser_login(phone, live_server, "deputy_a")
    phone.goto(f"{live_server.url}/me/supervision/")
    phone.wait_for_selector("[data-testid=my-supervision-cards] >> text=义务教育均衡发展情况")
    checked(phone, errors, "supervision-mine-deputy-phone")
    phone.click("[data-testid=my-supervision-cards] >> text=义务教育均衡发展情况")
    phone.wait_for_selector("[data-testid=stages]")
    page_ready(phone)
    assert errors == []

    other = browser.new_context(locale="zh-CN").new_page()
    browser_login(other, live_server, "linwu_staff")
    response = other.goto(f"{live_server.url}/supervision/{project.pk}/")
    assert response.status == 404

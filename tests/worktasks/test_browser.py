"""In the browser: the county's list page shows its tasks with the overdue one in red, filters
to the overdue ones and exports; the township's staff open 我的任务, report progress with an
evidence file and then report the task done, and the county confirms it on the task's page."""

import datetime as dt

import pytest

from tests.conftest import PHONE, axe_check, browser_login, page_ready, screenshot
from tests.worktasks.conftest import GAOSHA, make_list
from worktasks.models import Report, Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRM = ".el-message-box__btns button.el-button--primary"


def checked(page, errors: list, name: str) -> None:
    page_ready(page)
    page.wait_for_selector(".el-message", state="detached", timeout=6000)
    axe_check(page)
    screenshot(page, name)
    assert errors == []


@pytest.fixture
def county_list(dongkou_staff, gaosha_staff, dongkou_unit, regions):
    today = dt.date.today()
    gaosha = regions.get(pk=GAOSHA)
    return make_list(dongkou_staff, "430525", title="2026年度重点工作任务清单", tasks=[
        {"title": "联络站提质增效", "owner_region": gaosha, "due": today + dt.timedelta(days=20)},
        {"title": "履职档案建设", "owner_region": gaosha, "due": today - dt.timedelta(days=5)},
        {"title": "薄弱学校改造", "owner_unit": dongkou_unit, "due": today + dt.timedelta(days=60)},
    ])  # fmt: skip


def test_the_list_page_shows_overdue_tasks_in_red_and_filters_them(
    live_server, page, script_errors, supervisor, county_list
):
    browser_login(page, live_server, "dongkou_leader")
    page.goto(f"{live_server.url}/worktasks/")
    page.wait_for_selector("[data-testid=list-link] >> text=2026年度重点工作任务清单")
    assert page.inner_text("[data-testid=list-overdue]") == "1"
    page.click("[data-testid=list-link]")
    page.wait_for_selector("[data-testid=list-overdue-tag] >> text=逾期 1 项")
    rows = page.locator("[data-testid=task-link]")
    rows.first.wait_for()
    assert rows.count() == 3
    late = page.locator("[data-testid=task-link].overdue")
    assert late.count() == 1 and late.inner_text() == "履职档案建设"
    red, green, blue = late.evaluate(
        "e => getComputedStyle(e).color.match(/\\d+/g).slice(0, 3).map(Number)"
    )
    assert red > 150 and green < 80 and blue < 80, (red, green, blue)  # the theme's danger red
    # a leader reads: no step buttons
    assert page.locator("[data-testid=issue-list], [data-testid=close-list]").count() == 0
    page.click("[data-testid=filter-overdue]")
    page.get_by_role("option", name="逾期", exact=True).click()
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=task-link]').length === 1"
    )
    assert "overdue=true" in page.url
    with page.expect_download() as download:
        page.click("[data-testid=export]")
    assert download.value.suggested_filename.endswith(".xlsx")
    checked(page, script_errors, "worktasks-list-leader")


def test_a_township_reports_progress_and_completion_and_the_county_confirms(
    live_server, browser, page, script_errors, dongkou_staff, gaosha_staff, county_list, tmp_path
):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    town = context.new_page()
    town.set_default_timeout(15000)
    errors = []
    town.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    browser_login(town, live_server, "gaosha_staff")
    town.goto(f"{live_server.url}/me/tasks/")
    town.wait_for_selector("[data-testid=task-link] >> text=联络站提质增效")
    assert town.locator("[data-testid=task-link]").count() == 2  # not the unit's task
    assert town.locator("[data-testid=task-link].overdue").inner_text() == "履职档案建设"
    checked(town, errors, "worktasks-my-tasks-township-phone")

    task = county_list.tasks.get(title="联络站提质增效")
    town.click("[data-testid=task-link] >> text=联络站提质增效")
    town.wait_for_selector("[data-testid=report-progress]")
    town.click("[data-testid=report-progress]")
    town.fill("[data-testid=report-text]", "已完成选址，正在装修。")
    photo = tmp_path / "现场照片.pdf"
    photo.write_bytes(b"%PDF-1.4 demo")
    town.set_input_files("[data-testid=report-files]", str(photo))
    town.click("[data-testid=report-form] button.el-button--primary")
    town.wait_for_selector("[data-testid=report-row] >> text=已完成选址，正在装修。")
    report = Report.objects.get(task=task)
    assert report.files.get().name == "现场照片.pdf"
    assert town.locator("[data-testid=evidence-link]").inner_text() == "现场照片.pdf"

    # completion needs evidence: without a file the form says so and nothing is stored
    town.click("[data-testid=report-done]")
    town.fill("[data-testid=report-form] [data-testid=report-text]", "已建成并投入使用。")
    town.click("[data-testid=report-form] button.el-button--primary")
    town.wait_for_selector("[data-testid=report-form] >> text=请上传完成佐证材料。")
    assert Task.objects.get(pk=task.pk).status == Task.Status.IN_PROGRESS
    town.set_input_files("[data-testid=report-form] [data-testid=report-files]", str(photo))
    town.click("[data-testid=report-form] button.el-button--primary")
    town.wait_for_selector("[data-testid=task-status] >> text=已报结")
    assert errors == []
    context.close()

    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/worktasks/tasks/{task.pk}/")
    page.click("[data-testid=accept]")
    page.click(CONFIRM)
    page.wait_for_selector("[data-testid=task-status] >> text=已办结")
    assert Task.objects.get(pk=task.pk).result == Task.Result.ON_TIME
    assert page.locator("[data-testid=report-row]").count() == 2
    checked(page, script_errors, "worktasks-task-confirmed")

"""The suggestion pages in a real browser, for each role that opens them, at desktop and (for
deputies and citizens) phone size: what they show, that filters narrow, that actions change the
suggestion; every page mounted, without a script error, with no serious accessibility violation,
and a screenshot in artifacts/ (suggestions-<page>-<role>-<size>.png).

The whole path first: the deputy (on a phone) submits, staff accept and assign, the unit signs
and replies with B, the deputy is not satisfied, the unit replies again, the deputy is satisfied."""

import re
from datetime import date

import pytest

from congress.models import Job, Session
from suggestions.models import Status, Suggestion
from tests.conftest import PHONE, axe_check, browser_login, page_ready, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于改善高沙镇中心小学住宿条件的建议"


@pytest.fixture
def open_as(browser, live_server):
    """open_as(username, phone=False, language="") → a logged-in page in its own browser
    context; its script errors are collected in page.errors."""
    contexts = []

    def make(username: str, *, phone: bool = False, language: str = ""):
        options = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone else {
            "viewport": {"width": 1366, "height": 860}}  # fmt: skip
        context = browser.new_context(locale="zh-CN", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(f"pageerror: {e}"))
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        if username:
            browser_login(page, live_server, username)
        if language:
            context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
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


# Nothing loading (masks, "加载中…", counts not yet in), no dialog opening or closing, no colour
# still changing (a radio button just chosen fades in: axe would measure it half-way).
SETTLED = """() => !document.querySelector('.el-loading-mask, .is-closing, [class*="-enter-active"],'
    + ' [class*="-leave-active"]') && !document.body.innerText.includes('加载中…')
  && ![...document.querySelectorAll('.sg-box .value, .sg-count .value')]
       .some((v) => v.textContent.trim() === '…')
  && document.getAnimations().every((a) => a.playState !== 'running'
       || a.effect.getComputedTiming().iterations === Infinity)"""


def settled(page):
    page.wait_for_function(SETTLED)


def visit(page, url: str):
    page.goto(url)
    page_ready(page)
    settled(page)


def check(page, name: str):
    """The checks every page gets: no serious accessibility violation, a screenshot, no error."""
    page_ready(page)
    settled(page)
    axe_check(page)
    screenshot(page, f"suggestions-{name}")
    assert page.errors == [], page.errors


def status_is(page, text: str):
    page.wait_for_selector(f"[data-testid=sg-status]:has-text('{text}')")


def choose(page, select_testid: str, option: str):
    page.click(f"[data-testid={select_testid}]")
    page.locator(".el-select-dropdown__item:visible", has_text=option).first.click()


def dialog_ok(page, testid: str = "sg-dialog"):
    page.click(f"[data-testid={testid}-submit]")
    page.wait_for_selector(f"[data-testid={testid}-submit]", state="hidden")


def confirm_box(page, ok: bool = True):
    button = (
        ".el-message-box__btns .el-button--primary"
        if ok
        else ".el-message-box__btns .el-button:not(.el-button--primary)"
    )
    page.click(button)
    page.wait_for_selector(".el-message-box", state="hidden")


def test_deputy_submits_staff_assigns_unit_replies_b_deputy_rates_twice(
    open_as, live_server, lead, dongkou_staff, unit_user, category, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    plan = tmp_path / "宿舍楼建设计划.pdf"
    plan.write_bytes(b"%PDF-1.4 plan")
    deputy = open_as("deputy_demo", phone=True)
    visit(deputy, f"{live_server.url}/suggestions/")
    deputy.click("[data-testid=new-suggestion]")
    deputy.fill(field("new-title"), TITLE)
    choose(deputy, "new-category", "教育")
    deputy.fill(field("new-body"), "高沙镇中心小学学生宿舍拥挤，建议增建宿舍楼。")
    check(deputy, "1-mine-new-deputy-phone")
    deputy.click("[data-testid=new-dialog-submit]")
    deputy.wait_for_url(re.compile(r"/suggestions/\d+/$"))
    url = deputy.url
    page_ready(deputy)
    # Cancelling the confirm box is an answer: nothing happens, nothing is thrown.
    deputy.click("[data-testid=act-submit]")
    confirm_box(deputy, ok=False)
    status_is(deputy, "草稿")
    deputy.click("[data-testid=act-submit]")
    confirm_box(deputy)
    status_is(deputy, "待审查")
    check(deputy, "2-detail-submitted-deputy-phone")

    staff = open_as("dongkou_staff")
    visit(staff, f"{live_server.url}/suggestions/board/")
    documents = []
    staff.on(
        "request", lambda r: documents.append(r.url) if r.resource_type == "document" else None
    )
    staff.click(f"[data-testid=sg-table] >> text={TITLE}")
    staff.wait_for_url(url)
    page_ready(staff)
    assert documents == [url]  # one navigation for one click
    staff.click("[data-testid=act-accept]")
    dialog_ok(staff)
    status_is(staff, "待交办")
    staff.click("[data-testid=act-assign]")
    dialog = staff.locator("[data-testid=sg-dialog]")
    dialog.wait_for()
    assert "工作日按国务院公布的节假日安排计算" in dialog.inner_text()
    assert "chinese-calendar" not in dialog.inner_text()
    choose(staff, "assign-lead", "洞口县教育局")
    check(staff, "3-detail-assigning-staff-desktop")
    staff.click("[data-testid=sg-dialog-submit]")
    status_is(staff, "待签收")
    if staff.locator(".el-message-box").count():  # deadlines in a year without its calendar
        assert "chinese-calendar" not in staff.inner_text(".el-message-box")
        confirm_box(staff)

    unit = open_as("dongkou_jyj")
    visit(unit, f"{live_server.url}/suggestions/inbox/")
    unit.click(f"[data-testid=sg-table] >> text={TITLE}")
    page_ready(unit)
    unit.click("[data-testid=act-sign]")
    status_is(unit, "办理中")
    unit.click("[data-testid=act-reply]")
    unit.click("[data-testid=reply-class] >> text=正在解决或列入规划逐步解决")
    unit.fill(field("reply-body"), "已将宿舍楼建设列入2027年教育项目计划。")
    unit.fill(field("commit-what"), "建成学生宿舍楼")
    due = unit.locator(".sg-commit-row input").nth(1)
    due.fill("2027-08-31")
    due.press("Enter")
    unit.set_input_files("[data-testid=reply-upload-input]", str(plan))
    unit.wait_for_selector("[data-testid=reply-draft-file]:has-text('宿舍楼建设计划.pdf')")
    check(unit, "4-detail-replying-unit-desktop")
    unit.click("[data-testid=sg-dialog-submit]")
    status_is(unit, "待测评")

    deputy.goto(url)
    deputy.wait_for_selector("[data-testid=sg-reply]")
    assert "建成学生宿舍楼" in deputy.inner_text("[data-testid=reply-commitments]")
    link = deputy.locator("[data-testid=reply-files] a", has_text="宿舍楼建设计划.pdf")
    with deputy.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "宿舍楼建设计划.pdf"
    deputy.click("[data-testid=act-rate]")
    deputy.click("[data-testid=rate-attitude] >> text=满意")
    deputy.click("[data-testid=rate-result] >> text=不满意")
    deputy.fill(field("rate-comment"), "希望今年内开工。")
    check(deputy, "5-detail-rating-deputy-phone")
    deputy.click("[data-testid=sg-dialog-submit]")
    status_is(deputy, "重新办理")

    unit.reload()
    page_ready(unit)
    unit.click("[data-testid=act-reply]")
    unit.click("[data-testid=reply-class] >> text=已经解决或基本解决")
    unit.fill(field("reply-body"), "已调整计划，宿舍楼已于本月开工。")
    unit.click("[data-testid=sg-dialog-submit]")
    status_is(unit, "待测评")

    deputy.reload()
    page_ready(deputy)
    deputy.click("[data-testid=act-rate]")
    deputy.click("[data-testid=rate-attitude] >> text=满意")
    deputy.locator("[data-testid=rate-result] label").first.click()
    deputy.click("[data-testid=sg-dialog-submit]")
    status_is(deputy, "已办结")
    assert deputy.locator("[data-testid=sg-reply]").count() == 2
    assert "测评办结" in deputy.inner_text("[data-testid=sg-history]")
    check(deputy, "6-detail-closed-deputy-phone")
    staff.reload()
    status_is(staff, "已办结")
    check(staff, "7-detail-closed-staff-desktop")
    assert Suggestion.objects.get(title=TITLE).status == Status.CLOSED


def test_staff_type_in_a_paper_suggestion_for_a_deputy_and_it_waits_for_review(
    open_as, live_server, lead, cosigner, dongkou_staff, category
):
    staff = open_as("dongkou_staff")
    visit(staff, f"{live_server.url}/suggestions/board/")
    staff.click("[data-testid=paper-open]")
    staff.click("[data-testid=paper-lead]")
    staff.locator(".el-select-dropdown__item:visible", has_text="王秀英").first.click()
    staff.fill(field("paper-title"), "关于增设县城公共停车场的建议")
    choose(staff, "paper-category", "教育")
    staff.fill(field("paper-body"), "县城老城区停车难，建议利用闲置地块建设公共停车场。")
    check(staff, "board-paper-entry-staff-desktop")
    staff.click("[data-testid=paper-dialog-submit]")
    staff.wait_for_url(re.compile(r"/suggestions/\d+/$"))
    status_is(staff, "待审查")
    assert "代录纸质建议" in staff.inner_text("[data-testid=sg-history]")
    assert staff.locator("[data-testid=act-accept]").is_visible()


def test_a_paper_entry_without_a_lead_says_so_by_the_field_and_stores_nothing(
    open_as, live_server, dongkou_staff, category
):
    staff = open_as("dongkou_staff")
    visit(staff, f"{live_server.url}/suggestions/board/")
    staff.click("[data-testid=paper-open]")
    staff.fill(field("paper-title"), "关于增设县城公共停车场的建议")
    staff.click("[data-testid=paper-dialog-submit]")
    staff.wait_for_selector(
        "[data-testid=paper-dialog] .el-form-item__error >> text=请选择领衔代表"
    )
    assert not Suggestion.objects.exists()
    assert [e for e in staff.errors if "status of 400" not in e] == []  # the refused request


@pytest.fixture
def board_world(walk, other_unit_user):
    """Four suggestions of 洞口县 in different places, one of them key, one at the 5th session."""
    review = walk(Status.SUBMITTED, title="关于增设公交线路的建议")
    assign = walk(Status.ACCEPTED, title="关于整治乡村道路的建议")
    signed = walk(Status.SIGNED, title="关于改善中心小学校舍的建议", co_units=[other_unit_user])
    replied = walk(Status.REPLIED, title="关于建设农贸市场的建议", result_class="A")
    Suggestion.objects.filter(pk=signed.pk).update(is_key=True)
    session = Session.objects.get(term__congress__region_id="430525", number=5)
    Suggestion.objects.filter(pk=review.pk).update(session=session, period="session")
    return {"review": review, "assign": assign, "signed": signed, "replied": replied}


def rows(page) -> str:
    settled(page)
    return page.inner_text("[data-testid=sg-table]")


def test_board_staff_desktop_boxes_filters_and_export(
    open_as, live_server, board_world, dongkou_staff, other_unit_user
):
    page = open_as("dongkou_staff")
    visit(page, f"{live_server.url}/suggestions/board/")
    assert page.inner_text("[data-testid=box-review]").split()[-1] == "1"
    assert page.inner_text("[data-testid=box-all]").split()[-1] == "4"
    assert "关于增设公交线路的建议" in rows(page) and "关于整治乡村道路的建议" not in rows(page)
    check(page, "board-staff-desktop")

    page.click("[data-testid=box-all]")
    page.wait_for_selector("[data-testid=total] >> text=共 4 件")
    choose(page, "filter-unit", "洞口县交通运输局")  # the co-unit narrows to its one suggestion
    page.wait_for_selector("[data-testid=total] >> text=共 1 件")
    assert "关于改善中心小学校舍的建议" in rows(page) and "关于建设农贸市场的建议" not in rows(page)
    assert f"unit={other_unit_user.handling_unit_id}" in page.url  # a link keeps the filter
    with page.expect_download() as download:  # a job: its progress, then the file
        page.click("[data-testid=export]")
    assert download.value.suggested_filename.endswith(".xlsx")
    job = Job.objects.get(kind="suggestion_export")
    assert (job.status, job.params["unit"]) == ("done", str(other_unit_user.handling_unit_id))
    page.wait_for_selector("[data-testid=job-dialog] >> text=已完成")
    page.get_by_role("button", name="关闭", exact=True).click()
    page.locator("[data-testid=job-progress]").wait_for(state="hidden")

    page.click("[data-testid=reset]")
    choose(page, "filter-key", "重点建议")
    page.wait_for_selector("[data-testid=total] >> text=共 1 件")
    choose(page, "filter-key", "非重点建议")
    page.wait_for_selector("[data-testid=total] >> text=共 3 件")
    page.click("[data-testid=reset]")
    choose(page, "filter-session", "第五次会议")
    page.wait_for_selector("[data-testid=total] >> text=共 1 件")
    assert "关于增设公交线路的建议" in rows(page)
    page.click("[data-testid=reset]")
    choose(page, "filter-status", "待测评")
    page.wait_for_selector("[data-testid=total] >> text=共 1 件")
    assert "关于建设农贸市场的建议" in rows(page)
    assert page.errors == []


def test_board_leader_desktop_reads_the_key_suggestions_and_cannot_type_in(
    open_as, live_server, board_world, supervisor
):
    page = open_as("dongkou_leader")
    visit(page, f"{live_server.url}/suggestions/board/")
    assert "box=key" in page.url
    assert "关于改善中心小学校舍的建议" in rows(page)
    assert page.locator("[data-testid=paper-open]").count() == 0
    assert page.locator("[data-testid=read-only]").is_visible()
    check(page, "board-leader-desktop")


def test_a_link_from_the_to_do_list_opens_the_board_filtered(
    open_as, live_server, board_world, dongkou_staff
):
    page = open_as("dongkou_staff")
    visit(page, f"{live_server.url}/suggestions/board/?box=assign")
    page.wait_for_selector("[data-testid=total] >> text=共 1 件")
    assert "关于整治乡村道路的建议" in rows(page)
    assert "active" in page.get_attribute("[data-testid=box-assign]", "class")


def test_inbox_unit_desktop_lists_what_waits_and_signing_changes_it(
    open_as, live_server, walk, unit_user
):
    s = walk(Status.ASSIGNED, title="关于整治乡村道路的建议")
    walk(Status.CLOSED, title="关于建设农贸市场的建议", result_class="A")
    page = open_as("dongkou_jyj")
    visit(page, f"{live_server.url}/suggestions/inbox/")
    assert "关于整治乡村道路的建议" in rows(page) and "关于建设农贸市场的建议" not in rows(page)
    assert page.inner_text("[data-testid=box-closed]").split()[-1] == "1"
    check(page, "inbox-unit-desktop")
    page.click("[data-testid=box-closed]")
    page.wait_for_selector("[data-testid=sg-table] >> text=关于建设农贸市场的建议")
    page.click("[data-testid=box-todo]")
    page.click("[data-testid=sg-table] >> text=关于整治乡村道路的建议")
    page.wait_for_url(f"**/suggestions/{s.pk}/")
    page_ready(page)
    assert "洞口县教育局" in page.inner_text("[data-testid=sg-assignments]")
    check(page, "detail-unit-desktop")
    page.click("[data-testid=act-sign]")
    status_is(page, "办理中")
    s.refresh_from_db()
    assert s.status == Status.SIGNED


@pytest.mark.parametrize("phone", [True, False], ids=["phone", "desktop"])
def test_mine_deputy_summary_first_then_cards_and_a_tab_narrows(open_as, live_server, walk, phone):
    walk(Status.DRAFT, title="关于增设公交线路的建议")
    walk(Status.SIGNED, title="关于改善中心小学校舍的建议")
    walk(Status.CLOSED, title="关于建设农贸市场的建议", result_class="A")
    page = open_as("deputy_demo", phone=phone)
    visit(page, f"{live_server.url}/suggestions/")
    summary = page.inner_text("[data-testid=mine-summary]")
    assert re.search(r"3\s*全部", summary) and re.search(r"1\s*草稿", summary)
    assert page.locator("[data-testid=sg-card]").count() == 3
    size = "phone" if phone else "desktop"
    if phone:  # no table wider than the phone
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    check(page, f"mine-deputy-{size}")
    page.click("[data-testid=tab-in_progress]")
    page.wait_for_selector("[data-testid=total] >> text=共 1 件")
    assert "关于改善中心小学校舍的建议" in page.inner_text("[data-testid=sg-cards]")
    page.locator("[data-testid=sg-card]").first.click()
    page.wait_for_url(re.compile(r"/suggestions/\d+/$"))
    page_ready(page)
    assert "关于改善中心小学校舍的建议" in page.inner_text(".detail-title")


def test_a_draft_without_a_title_says_so_and_stores_nothing(open_as, live_server, lead, category):
    page = open_as("deputy_demo", phone=True)
    visit(page, f"{live_server.url}/suggestions/")
    page.click("[data-testid=new-suggestion]")
    choose(page, "new-category", "教育")
    page.click("[data-testid=new-dialog-submit]")
    error = page.locator("[data-testid=new-dialog] .el-form-item__error").first
    error.wait_for()
    assert error.inner_text()  # the field's own message, in Chinese
    assert not Suggestion.objects.exists()
    title = page.locator(".el-form-item", has=page.locator(field("new-title")))
    assert title.locator(".el-form-item__error").count() == 1
    page.fill(field("new-title"), "关于增设公交线路的建议")
    title.locator(".el-form-item__error").wait_for(state="detached")  # gone once it is fixed
    assert [e for e in page.errors if "status of 400" not in e] == []


def test_the_reason_a_suggestion_was_returned_is_on_top_on_a_phone(open_as, live_server, walk):
    s = walk(Status.RETURNED)
    page = open_as("deputy_demo", phone=True)
    visit(page, f"{live_server.url}/suggestions/{s.pk}/")
    reason = page.locator("[data-testid=return-reason]")
    assert "请补充具体数据" in reason.inner_text()
    history = page.locator("[data-testid=sg-history]")
    assert reason.bounding_box()["y"] < page.locator("[data-testid=sg-body]").bounding_box()["y"]
    assert reason.bounding_box()["y"] < history.bounding_box()["y"]
    assert reason.bounding_box()["y"] < PHONE["height"]  # seen without scrolling
    assert page.locator("[data-testid=act-submit]").is_visible()  # and it can go again
    check(page, "detail-returned-deputy-phone")


def test_cancelling_a_withdrawal_changes_nothing_and_throws_nothing(open_as, live_server, walk):
    s = walk(Status.SUBMITTED)
    page = open_as("deputy_demo", phone=True)
    visit(page, f"{live_server.url}/suggestions/{s.pk}/")
    page.click("[data-testid=act-withdraw]")
    confirm_box(page, ok=False)
    page.wait_for_timeout(300)
    s.refresh_from_db()
    assert s.status == Status.SUBMITTED
    assert page.errors == []


def test_another_countys_suggestion_is_the_404_page(open_as, live_server, walk, linwu_staff):
    s = walk(Status.SUBMITTED)
    page = open_as("linwu_staff")
    response = page.goto(f"{live_server.url}/suggestions/{s.pk}/")
    assert response.status == 404
    assert s.title not in page.content()


@pytest.mark.parametrize("username", ["dongkou_staff", "dongkou_leader"])
def test_stats_charts_units_and_drill_down(
    open_as, live_server, walk, dongkou_staff, supervisor, username
):
    walk(Status.REPLIED, result_class="A")
    walk(Status.SIGNED, title="关于整治乡村道路的建议")
    page = open_as(username)
    visit(page, f"{live_server.url}/suggestions/stats/?year={date.today().year}")
    page.wait_for_selector("[data-testid=stats-total] >> text=共 2 件建议")
    assert page.locator("[data-testid=status-chart] canvas").count() == 1
    table = page.inner_text("[data-testid=unit-stats-table]")
    assert "洞口县教育局" in table and "100%" in table
    role = "staff" if username == "dongkou_staff" else "leader"
    check(page, f"stats-{role}-desktop")
    page.click("[data-testid=unit-stats-table] >> text=洞口县教育局")
    page.wait_for_url(re.compile(r"/suggestions/board/\?.*unit=\d+"))
    page_ready(page)
    page.wait_for_selector("[data-testid=total] >> text=共 2 件")


def test_stats_the_annual_report_is_a_job_with_its_progress_and_file(
    open_as, live_server, walk, dongkou_staff
):
    walk(Status.REPLIED, result_class="A")
    page = open_as("dongkou_staff")
    visit(page, f"{live_server.url}/suggestions/stats/")
    with page.expect_download() as download:
        page.click("[data-testid=download-report]")
    assert download.value.suggested_filename.endswith("代表建议办理情况.xlsx")
    assert page.errors == []


def test_public_replies_for_a_citizen_bare_with_a_way_home_on_a_phone(open_as, live_server, walk):
    s = walk(Status.REPLIED, result_class="A")
    s.replies.update(disclosure="published", public_title=s.title, public_body="已列入计划。" * 40,
                     published_at=s.replies.first().replied_at)  # fmt: skip
    page = open_as("", phone=True)
    visit(page, f"{live_server.url}/public/replies/")
    card = page.locator("[data-testid=public-reply]")
    assert s.title in card.inner_text()
    assert page.locator(".shell-aside").count() == 0
    assert page.get_attribute("[data-testid=home-link]", "href") == "/"
    short = len(card.inner_text())
    page.click("[data-testid=expand]")
    assert len(card.inner_text()) > short
    check(page, "public-citizen-phone")
    page.fill(field("search"), "没有这样的答复")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=public-cards] .el-empty")


def test_public_replies_for_staff_stay_in_the_console_with_breadcrumbs(open_as, live_server, walk):
    page = open_as("dongkou_staff")
    visit(page, f"{live_server.url}/public/replies/")
    assert "答复公开" in page.inner_text("[data-testid=breadcrumbs]")
    assert page.locator(".shell-aside").is_visible()
    check(page, "public-staff-desktop")


def test_the_board_in_english_shows_the_servers_labels_in_english(
    open_as, live_server, board_world, dongkou_staff
):
    page = open_as("dongkou_staff", language="en")
    visit(page, f"{live_server.url}/suggestions/board/")
    assert page.get_attribute("html", "lang") == "en"
    table = rows(page)
    assert "To review" in table and "待审查" not in table
    check(page, "board-staff-desktop-en")


def test_a_returned_suggestion_is_corrected_with_a_file_and_submitted_again_on_a_phone(
    open_as, live_server, walk, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    data = tmp_path / "现状数据.pdf"
    data.write_bytes(b"%PDF-1.4 data")
    s = walk(Status.RETURNED)
    page = open_as("deputy_demo", phone=True)
    visit(page, f"{live_server.url}/suggestions/{s.pk}/")
    page.click("[data-testid=act-edit]")
    page.fill(field("edit-body"), s.body + "全校住校生412人，宿舍仅能容纳260人。")
    page.click("[data-testid=edit-dialog-submit]")
    page.wait_for_selector("[data-testid=sg-body] >> text=宿舍仅能容纳260人")
    page.set_input_files("[data-testid=attach-upload-input]", str(data))
    page.wait_for_selector("[data-testid=sg-files] >> text=现状数据.pdf")
    check(page, "detail-corrected-deputy-phone")
    page.click("[data-testid=act-submit]")
    confirm_box(page)
    status_is(page, "待审查")
    s.refresh_from_db()
    assert "412人" in s.body and s.status == Status.SUBMITTED
    assert page.locator("[data-testid=return-reason]").count() == 0

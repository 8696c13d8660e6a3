"""In the browser, the meetings pages: the issue's path end to end (staff plan a session, invite
a county's deputies, a deputy asks leave on a phone and staff approve it, staff open sign-in,
deputies scan on phones and the staff page's live attendance fills, the archive has the entry);
the calendar's list and month with filters and the lacking-deputies flag; the projector and the
printable sheet; campaigns with progress; the deputy's own pages; the sign-in page's refusals and
the login it goes through; scope (another county's event is a 404)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluation.models import ArchiveEntry
from meetings import tokens
from meetings.models import Campaign, Event, Invitation, SignIn
from meetings.services.attendance import sign_in_by_code
from meetings.services.events import event_open
from meetings.services.invitations import invitation_answer, invitations_add
from tests.conftest import (
    PASSWORD,
    PHONE,
    axe_check,
    browser_login,
    image_loaded,
    page_ready,
    screenshot,
)
from tests.meetings.conftest import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRM = ".el-message-box__btns button.el-button--primary"
CANCEL = ".el-message-box__btns button:not(.el-button--primary)"
# A refused request (a 400/409 the page shows in words) is logged by Chromium as a failed load.
FAILED_LOAD = "Failed to load resource: the server responded with a status of 4"


def collect(page) -> list:
    errors = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    return errors


def checked(page, errors: list, name: str, *, refused_loads: bool = False) -> None:
    page_ready(page)
    axe_check(page)
    screenshot(page, name)
    if refused_loads:  # the refusals this step provoked on purpose, shown as words on the page
        errors[:] = [e for e in errors if FAILED_LOAD not in e]
    assert errors == []


def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def choose(page, testid: str, text: str | None = None) -> None:
    """Pick an option of an Element Plus select (the first one when `text` is None)."""
    page.click(f"[data-testid={testid}]")
    options = page.locator(".el-select-dropdown__item:visible")
    option = options.filter(has_text=text).first if text else options.first
    option.wait_for()
    option.click()
    page.wait_for_timeout(250)  # the dropdown's closing animation


def wall(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


def soon_event(actor, congress, **extra):
    start = timezone.now() + timedelta(minutes=10)
    return make_event(actor, congress.region, starts=start, **extra)


def test_staff_plan_a_session_approve_leave_and_watch_phones_sign_in(
    live_server, browser, page, script_errors, dongkou_staff, dongkou, deputies
):
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/meetings/")
    page_ready(page)
    page.click("[data-testid=new-event]")
    choose(page, "form-kind", "代表大会会议")
    page.fill("[data-testid=form-title]", "洞口县第十八届人大第六次会议")
    choose(page, "form-session")
    start = timezone.now() + timedelta(minutes=10)
    page.fill("input[aria-label=开始时间]", wall(start))
    page.keyboard.press("Enter")
    page.fill("input[aria-label=结束时间]", wall(start + timedelta(hours=3)))
    page.keyboard.press("Enter")
    page.fill("[data-testid=form-place]", "县人民会堂")
    page.click("[data-testid=event-form-submit]")
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    event = Event.objects.get(title="洞口县第十八届人大第六次会议")
    assert event.kind == "session" and event.session_id and event.region_id == "430525"
    page.wait_for_selector("[data-testid=event-status] >> text=筹备中")
    checked(page, script_errors, "meetings-event-planned-staff-desktop")

    page.click("[data-testid=invite]")
    choose(page, "invite-congresses", "洞口县")
    page.click("[data-testid=invite-dialog-submit]")
    page.wait_for_selector("text=已邀请 3 人")
    page.wait_for_selector("[data-testid=invitations] >> text=代表b")
    assert Invitation.objects.filter(event=event, deputy__isnull=False).count() == 3
    assert "共 3 人" in page.inner_text("[data-testid=invitations] [data-testid=total]")

    deputy_a = phone(browser)
    errors_a = collect(deputy_a)
    browser_login(deputy_a, live_server, "deputy_a")
    deputy_a.goto(f"{live_server.url}/me/events/")
    deputy_a.wait_for_selector("[data-testid=upcoming] >> text=洞口县第十八届人大第六次会议")
    assert deputy_a.inner_text("[data-testid=to-answer]") == "1"
    checked(deputy_a, errors_a, "meetings-my-events-deputy-phone")
    deputy_a.click("[data-testid=upcoming] [data-testid=answer-leave]")
    deputy_a.fill("[data-testid=leave-reason-input]", "赴省里参加培训")
    deputy_a.click("[data-testid=leave-dialog-submit]")
    deputy_a.wait_for_selector("[data-testid=upcoming] [data-testid=my-leave] >> text=请假待审批")
    invitation = Invitation.objects.get(event=event, deputy=deputies[0])
    assert invitation.answer == "leave" and invitation.leave == "pending"

    page.reload()
    page.wait_for_selector("[data-testid=leave-pending-notice] >> text=有 1 人请假待审批")
    # the invitee list loads on its own: wait for the reason rather than read it mid-load
    page.wait_for_selector("[data-testid=invitations] >> text=赴省里参加培训")
    page.click("[data-testid=leave-approve]")
    page.fill(".el-message-box textarea", "同意")
    page.click(CONFIRM)
    page.wait_for_selector("[data-testid=invitations] >> text=已批准")
    invitation.refresh_from_db()
    assert invitation.leave == "approved" and invitation.leave_decided_by == dongkou_staff

    deputy_a.goto(f"{live_server.url}/me/events/{event.pk}/")
    deputy_a.wait_for_selector("[data-testid=leave-decision] >> text=请假已批准")
    assert "同意" in deputy_a.inner_text("[data-testid=leave-decision]")
    checked(deputy_a, errors_a, "meetings-my-event-deputy-phone")

    page.click("[data-testid=open-sign-in]")
    page.click(CANCEL)  # a cancelled confirm changes nothing and throws nothing
    page.wait_for_timeout(300)
    assert Event.objects.get(pk=event.pk).status == "planned"
    page.click("[data-testid=open-sign-in]")
    page.click(CONFIRM)
    page.wait_for_selector("[data-testid=event-status] >> text=签到中")
    page.wait_for_selector("[data-testid=qr-image]")
    url = page.inner_text("[data-testid=sign-in-url]")
    assert "/meetings/sign-in/?t=" in url
    assert page.inner_text("[data-testid=live-signed-in]") == "0"
    assert page.inner_text("[data-testid=live-leave]") == "1"
    checked(page, script_errors, "meetings-event-open-staff-desktop")

    for n, username in enumerate(["deputy_b", "deputy_c"], start=1):
        scanner = phone(browser)
        errors = collect(scanner)
        browser_login(scanner, live_server, username)
        scanner.goto(url)
        scanner.wait_for_selector("[data-testid=sign-in-done] >> text=签到成功")
        assert scanner.inner_text("[data-testid=sign-in-event]") == event.title
        assert scanner.inner_text("[data-testid=sign-in-attendance]") == "出席"
        checked(scanner, errors, f"meetings-sign-in-{username}-phone")
        # the staff page fills by itself (polled), no reload
        page.wait_for_function(
            "(n) => document.querySelector('[data-testid=live-signed-in]').textContent.trim() === String(n)",
            arg=n,
            timeout=12000,
        )
        scanner.context.close()
    page.wait_for_selector("[data-testid=live-latest] >> text=代表c")
    assert SignIn.objects.filter(event=event, method="qr").count() == 2
    checked(page, script_errors, "meetings-event-live-staff-desktop")

    entry = ArchiveEntry.objects.get(
        deputy=deputies[1], source_key__startswith="meetings.invitation:"
    )
    assert event.title in entry.title
    archive = deputy_a.context.request.get(f"{live_server.url}/api/v1/performance/me/")
    assert archive.ok  # deputy_a's own archive answers; b's has the entry at once:
    b_phone = phone(browser)
    browser_login(b_phone, live_server, "deputy_b")
    mine = b_phone.context.request.get(f"{live_server.url}/api/v1/performance/me/").text()
    assert event.title in mine
    b_phone.context.close()
    deputy_a.context.close()


def test_the_calendar_lists_filters_flags_and_shows_a_month(
    live_server, page, script_errors, dongkou_staff, dongkou, linwu_staff, deputies
):
    inspection = soon_event(dongkou_staff, dongkou, kind="inspection", title="视察农村饮水工程",
                            requires_deputies=True)  # fmt: skip
    meeting = soon_event(dongkou_staff, dongkou, title="县人大常委会第十一次会议")
    invitations_add(actor=dongkou_staff, event=meeting, deputies=deputies)
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/meetings/")
    page.wait_for_selector("[data-testid=event-link] >> text=视察农村饮水工程")
    assert "共 2 项" in page.inner_text("[data-testid=total]")
    row = page.locator(".el-table__row", has_text="视察农村饮水工程")
    assert row.locator("[data-testid=lacks-deputies]").inner_text() == "必邀代表未邀请"
    other = page.locator(".el-table__row", has_text="县人大常委会第十一次会议")
    assert other.locator("[data-testid=lacks-deputies]").count() == 0
    assert "3 / 0" in other.inner_text()
    checked(page, script_errors, "meetings-calendar-staff-desktop")

    page.click("[data-testid=filter-lacking]")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=total]').textContent.includes('共 1 项')"
    )
    assert page.locator("[data-testid=event-link]").all_inner_texts() == ["视察农村饮水工程"]
    assert "lacking_deputies=true" in page.url  # the filter lives in the address
    page.click("[data-testid=filter-lacking]")
    choose(page, "filter-kind", "常委会会议")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=total]').textContent.includes('共 1 项')"
    )
    assert page.locator("[data-testid=event-link]").all_inner_texts() == [
        "县人大常委会第十一次会议"
    ]

    page.click("[data-testid=view-month]")
    page.wait_for_selector("[data-testid=month-event]")
    page.wait_for_timeout(500)  # the switch's colour transition
    assert page.locator("[data-testid=month-event]").count() == 1  # the kind filter still holds
    assert "县人大常委会第十一次会议" in page.inner_text("[data-testid=month-event]")
    checked(page, script_errors, "meetings-calendar-month-staff-desktop")

    page.locator("[data-testid=month-event]").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    page.wait_for_selector("[data-testid=invitations] >> text=代表a")

    page.context.clear_cookies()
    browser_login(page, live_server, "linwu_staff")  # another county: the same 404 as nothing
    response = page.goto(f"{live_server.url}/meetings/{inspection.pk}/")
    assert response.status == 404


def test_staff_run_the_agenda_documents_manual_sign_in_and_close(
    live_server, page, script_errors, dongkou_staff, dongkou, deputies, tmp_path
):
    event = soon_event(dongkou_staff, dongkou, title="主任会议（第五次）")
    invitations_add(actor=dongkou_staff, event=event, deputies=deputies)
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/meetings/{event.pk}/")
    page_ready(page)

    page.click("[data-testid=agenda-edit]")
    page.fill("[data-testid=agenda-title]", "审议年度工作报告")
    page.click("[data-testid=agenda-add]")
    page.locator("[data-testid=agenda-title]").nth(1).fill("听取专项报告")
    page.click("[data-testid=agenda-save]")
    page.wait_for_selector("[data-testid=agenda-item] >> text=听取专项报告")
    assert list(event.agenda.values_list("order", "title")) == [
        (1, "审议年度工作报告"),
        (2, "听取专项报告"),
    ]

    doc = tmp_path / "报告.pdf"
    doc.write_bytes(b"%PDF-1.4\n% test\n")
    page.fill("[data-testid=document-title]", "年度工作报告")
    page.set_input_files("[data-testid=document-file-input]", str(doc))
    page.wait_for_selector("[data-testid=document] >> text=第 1 版")
    page.click("[data-testid=mark-final]")
    page.wait_for_selector("[data-testid=document] [data-status=final]")
    assert event.documents.get().is_final

    event_open(actor=dongkou_staff, event=event)
    page.reload()
    page.wait_for_selector("[data-testid=event-status] >> text=签到中")
    page.locator(".el-table__row", has_text="代表a").locator(".el-checkbox").click()
    page.click("[data-testid=batch-manual]")
    page.click(CONFIRM)
    page.wait_for_selector("[data-testid=invitations] >> text=工作人员代签")
    assert SignIn.objects.get(event=event).method == "manual"
    checked(page, script_errors, "meetings-event-manual-staff-desktop")

    page.click("[data-testid=close-event]")
    page.click(CONFIRM)
    page.wait_for_selector("[data-testid=event-status] >> text=已结束")
    rows = dict(Invitation.objects.filter(event=event).values_list("name", "attendance"))
    assert rows == {"代表a": "present", "代表b": "absent", "代表c": "absent"}
    page.locator(".el-table__row", has_text="代表b").locator(
        "[data-testid=attendance-correct]"
    ).click()
    page.locator(".el-select-dropdown__item:visible", has_text="请假").click()
    page.wait_for_selector(".el-table__row:has-text('代表b') >> text=请假")
    assert Invitation.objects.get(event=event, name="代表b").attendance == "leave"


def test_the_projector_and_the_printable_sheet(
    live_server, page, script_errors, dongkou_staff, dongkou, deputies
):
    event = soon_event(dongkou_staff, dongkou, title="“一府两院”联席会议")
    invitations_add(actor=dongkou_staff, event=event, deputies=deputies)
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/meetings/{event.pk}/projector/")
    page.wait_for_selector("[data-testid=projector-problem] >> text=签到尚未开启或已经结束")
    checked(page, script_errors, "meetings-projector-closed-staff-desktop", refused_loads=True)
    event_open(actor=dongkou_staff, event=event)
    page.reload()
    page.wait_for_selector("[data-testid=projector-qr]")
    assert page.inner_text("[data-testid=projector-title]") == event.title
    image_loaded(page, "[data-testid=projector-qr]", wider_than=100)  # the PNG itself, large
    assert "已签到 0 / 应到 3" in page.inner_text("[data-testid=projector-count]")
    checked(page, script_errors, "meetings-projector-staff-desktop")

    page.goto(f"{live_server.url}/meetings/{event.pk}/sheet/")
    page.wait_for_selector("[data-testid=sheet-row]")
    assert page.locator("[data-testid=sheet-row]").count() == 3
    assert "“一府两院”联席会议 签到表" in page.inner_text("h1")
    checked(page, script_errors, "meetings-sheet-print-staff-desktop")


def test_campaigns_list_and_progress(live_server, page, script_errors, dongkou_staff, dongkou):
    campaign = Campaign.objects.create(theme="代表在行动", region=dongkou.region, starts_on="2026-03-01",
                                       ends_on="2026-12-31", target_events=4, target_participants=20)  # fmt: skip
    soon_event(dongkou_staff, dongkou, kind="research", title="营商环境调研", campaign=campaign)
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/meetings/campaigns/")
    page.wait_for_selector("[data-testid=campaign-link] >> text=代表在行动")
    checked(page, script_errors, "meetings-campaigns-staff-desktop")
    page.click("[data-testid=new-campaign]")
    page.fill("[data-testid=campaign-theme]", "千名代表访万人")
    page.click("[data-testid=campaign-form-submit]")
    page.wait_for_selector("[data-testid=form-message]")  # no period: the field says so
    assert not Campaign.objects.filter(theme="千名代表访万人").exists()
    page.keyboard.press("Escape")

    page.goto(f"{live_server.url}/meetings/campaigns/{campaign.pk}/")
    page.wait_for_selector("[data-testid=progress]")
    assert page.inner_text("[data-testid=events-held]") == "0"
    page.wait_for_selector("[data-testid=campaign-events] >> text=营商环境调研")
    checked(page, script_errors, "meetings-campaign-staff-desktop", refused_loads=True)


def test_a_supervisor_reads_the_calendar_without_the_staff_buttons(
    live_server, page, script_errors, dongkou_staff, dongkou, supervisor
):
    event = soon_event(dongkou_staff, dongkou)
    browser_login(page, live_server, "dongkou_leader")
    page.goto(f"{live_server.url}/meetings/")
    page.wait_for_selector("[data-testid=event-link]")
    assert page.locator("[data-testid=new-event]").count() == 0
    checked(page, script_errors, "meetings-calendar-supervisor-desktop")
    page.goto(f"{live_server.url}/meetings/{event.pk}/")
    page.wait_for_selector("[data-testid=invitations]")
    assert page.locator("[data-testid=open-sign-in], [data-testid=invite]").count() == 0
    checked(page, script_errors, "meetings-event-supervisor-desktop")


def test_the_sign_in_page_refuses_clearly_and_logs_in_first(
    live_server, phone_page, dongkou_staff, dongkou, deputies, linwu_deputy
):
    page = phone_page
    errors = collect(page)
    event = soon_event(dongkou_staff, dongkou, title="代表小组会议")
    invitations_add(actor=dongkou_staff, event=event, deputies=deputies[:1])
    event_open(actor=dongkou_staff, event=Event.objects.get(pk=event.pk))
    token = tokens.sign_in_token(Event.objects.get(pk=event.pk))
    url = f"{live_server.url}/meetings/sign-in/?t={token}"

    page.goto(url)  # not logged in: the login first, then back with the token
    page.wait_for_url(re.compile(r"/login/"))
    page.fill("#id_username", "deputy_a")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=sign-in-done] >> text=签到成功")
    checked(page, errors, "meetings-sign-in-deputy-phone")

    page.goto(url)
    page.wait_for_selector("[data-testid=sign-in-error] >> text=已经签到，无需重复签到。")
    assert "您的签到时间" in page.inner_text("[data-testid=already]")
    checked(page, errors, "meetings-sign-in-twice-deputy-phone", refused_loads=True)
    assert SignIn.objects.filter(event=event).count() == 1

    page.goto(f"{live_server.url}/meetings/sign-in/?t={token[:-3]}xyz")
    page.wait_for_selector("[data-testid=sign-in-error] >> text=签到码无效，请扫描会场的二维码。")

    page.context.clear_cookies()
    browser_login(page, live_server, "linwu_deputy")
    page.goto(url)
    page.wait_for_selector(
        "[data-testid=sign-in-error] >> text=您不在本次会议活动的邀请名单中，不能签到。"
    )
    checked(page, errors, "meetings-sign-in-not-invited-deputy-phone", refused_loads=True)
    assert SignIn.objects.filter(event=event).count() == 1


def test_a_deputy_reads_their_attendance_on_a_phone(
    live_server, phone_page, dongkou_staff, dongkou, deputies
):
    page = phone_page
    errors = collect(page)
    event = soon_event(dongkou_staff, dongkou, title="代表小组季度例会")
    invitations_add(actor=dongkou_staff, event=event, deputies=deputies[:1])
    event_open(actor=dongkou_staff, event=event)
    sign_in_by_code(
        actor=deputies[0].user, token=tokens.sign_in_token(Event.objects.get(pk=event.pk))
    )
    later = make_event(dongkou_staff, dongkou.region, starts=timezone.now() + timedelta(days=3),
                       title="常委会第十二次会议")  # fmt: skip
    invitations_add(actor=dongkou_staff, event=later, deputies=deputies[:1])
    invitation_answer(actor=deputies[0].user, invitation=later.invitations.get(), answer="attend")
    browser_login(page, live_server, "deputy_a")
    page.goto(f"{live_server.url}/me/attendance/")
    page.wait_for_selector("[data-testid=year-events] >> text=代表小组季度例会")
    # the counts come from their own request: wait for them rather than read the first paint
    expect(page.locator("[data-testid=count-present]")).to_have_text("1")
    expect(page.locator("[data-testid=count-absent]")).to_have_text("0")
    checked(page, errors, "meetings-my-attendance-deputy-phone")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # no wide table on a phone

    page.goto(f"{live_server.url}/me/events/")
    page.wait_for_selector("[data-testid=upcoming] >> text=常委会第十二次会议")
    card = page.locator("[data-testid=upcoming] .list-card", has_text="常委会第十二次会议")
    assert "参加" in card.locator("[data-testid=my-answer]").inner_text()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    checked(page, errors, "meetings-my-events-answered-deputy-phone")


def test_pages_are_for_their_roles(live_server, page, dongkou_staff, dongkou, deputies, outsider):
    event = soon_event(dongkou_staff, dongkou)
    invitations_add(actor=dongkou_staff, event=event, deputies=deputies[:1])
    browser_login(page, live_server, "deputy_a")
    assert page.goto(f"{live_server.url}/meetings/campaigns/").status == 403
    page.goto(f"{live_server.url}/meetings/{event.pk}/")  # a notice's staff link: my own page
    page.wait_for_url(f"**/me/events/{event.pk}/")
    page.wait_for_selector("[data-testid=event-title]")
    page.context.clear_cookies()
    browser_login(page, live_server, "outsider")
    assert page.goto(f"{live_server.url}/meetings/").status == 403

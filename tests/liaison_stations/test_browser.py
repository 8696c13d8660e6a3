"""At a phone's size (390×844): a deputy reads 我的联络站 and logs a visit with a photo, and
reports back on an opinion passed to them from cards, not a table; a citizen opens the station's
QR page, leaves an opinion (a wrong answer first) and tracks it to the answer."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from liaison_stations.models import DutyShift, Opinion, StationVisit
from liaison_stations.services.opinions import opinion_submit
from liaison_stations.services.triage import opinion_answer, opinion_pass_to_deputy, opinion_take
from tests.conftest import axe_check, browser_login, page_ready, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_errors(phone_page):
    """Uncaught errors and console errors of the phone page."""
    errors = []
    phone_page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    phone_page.on(
        "console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None
    )
    return errors


def unexpected(errors: list[str]) -> list[str]:
    """Script errors, less the browser's own line for a 400 the test provoked on purpose."""
    refused = "Failed to load resource: the server responded with a status of 400"
    return [e for e in errors if refused not in e]


def ready(page, name: str) -> None:
    page_ready(page)
    page.mouse.move(0, 0)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.wait_for_selector(".el-message", state="detached")
    axe_check(page)
    screenshot(page, name)
    # nothing wider than the phone: no table to scroll sideways
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, name


def test_a_deputy_reads_my_station_and_logs_a_visit_with_a_photo(
    live_server, phone_page, phone_errors, wang, dongkou_station, tmp_path
):
    day = timezone.localdate() + timedelta(days=2)
    DutyShift.objects.create(
        station=dongkou_station, deputy=wang, date=day, start_time="09:00", end_time="12:00"
    )
    photo = tmp_path / "visit.jpg"
    Image.new("RGB", (3000, 2000), (200, 60, 40)).save(photo, "JPEG")
    page = phone_page
    browser_login(page, live_server, "deputy_wang")
    page.goto(f"{live_server.url}/my-station/")
    page.wait_for_selector("[data-testid=duty-list] li")
    assert "文昌街道代表联络站" in page.inner_text("[data-testid=my-station-card]")
    assert f"{day:%Y-%m-%d} " in page.inner_text("[data-testid=next-duty]")
    assert "09:00-12:00" in page.inner_text("[data-testid=next-duty]")
    ready(page, "liaison-my-station-deputy-phone")

    page.click("[data-testid=log-visit]")
    page.click("[data-testid=visit-kind] >> text=接待选民")
    page.fill("[data-testid=people-received] input", "7")
    page.fill("textarea[name=matters]", "桥头村路灯损坏，群众夜间出行不便")
    page.set_input_files("[data-testid=visit-photos-input]", str(photo))
    page.wait_for_selector("[data-testid=picked-photos] >> text=visit.jpg")
    ready(page, "liaison-visit-form-deputy-phone")
    page.click("[data-testid=visit-form-submit]")
    page.wait_for_selector("[data-testid=my-visit] >> text=桥头村路灯损坏")

    visit = StationVisit.objects.get()
    assert (visit.deputy, visit.station, visit.people_received, visit.confirmed) == (
        wang,
        dongkou_station,
        7,
        False,
    )
    assert visit.photos.count() == 1
    assert "待确认" in page.inner_text("[data-testid=my-visit]")
    assert "1 张照片" in page.inner_text("[data-testid=my-visit]")
    ready(page, "liaison-visit-logged-deputy-phone")
    assert not phone_errors


def test_a_deputy_reports_back_on_an_opinion_from_cards_on_a_phone(
    live_server, phone_page, phone_errors, dongkou_staff, wang, dongkou_station
):
    opinion = opinion_submit(
        station=dongkou_station, source="public_form", title="小学门口缺少斑马线",
        content="学校门口没有斑马线，孩子过马路很危险。",
    )  # fmt: skip
    opinion_take(actor=dongkou_staff, opinion=opinion)
    opinion_pass_to_deputy(actor=dongkou_staff, opinion=opinion, deputy_id=wang.pk)
    opinion_submit(
        station=dongkou_station,
        source="public_form",
        title="别人的事",
        content="隔壁邻居的私事投诉",
    )
    page = phone_page
    browser_login(page, live_server, "deputy_wang")
    page.goto(f"{live_server.url}/my-station/")
    page.click("[data-testid=opinions-waiting]")
    page.wait_for_url("**/opinions/?status=with_deputy*")
    page.wait_for_selector("[data-testid=opinion-cards] >> text=小学门口缺少斑马线")
    assert page.locator("[data-testid=opinion-table]").count() == 0  # cards, not a table
    assert "别人的事" not in page.inner_text("[data-testid=opinion-cards]")
    assert "已转代表" in page.inner_text("[data-testid=opinion-cards]")
    ready(page, "liaison-opinions-deputy-phone")

    page.click("[data-testid=opinion-cards] >> text=小学门口缺少斑马线")
    page.wait_for_selector("[data-testid=reply-card]")
    page.click("[data-testid=reply-button]")  # empty: the field says why, nothing is stored
    page.wait_for_selector("[data-testid=reply-card] .el-form-item__error")
    opinion.refresh_from_db()
    assert opinion.handler_reply == ""
    page.fill("[data-testid=reply-text]", "已向交通局反映，下周施划斑马线。")
    page.click("[data-testid=reply-button]")
    page.wait_for_selector("[data-testid=opinion-detail] >> text=下周施划斑马线")
    opinion.refresh_from_db()
    assert opinion.handler_reply == "已向交通局反映，下周施划斑马线。"
    ready(page, "liaison-opinion-reply-deputy-phone")
    assert not unexpected(phone_errors)


def test_a_citizen_leaves_an_opinion_from_the_qr_page_and_tracks_it_to_the_answer(
    live_server, phone_page, phone_errors, dongkou_staff, wang, colleague, dongkou_station
):
    DutyShift.objects.create(
        station=dongkou_station,
        deputy=wang,
        date=timezone.localdate() + timedelta(days=3),
        start_time="09:00",
        end_time="12:00",
    )
    page = phone_page
    page.goto(f"{live_server.url}/s/{dongkou_station.public_code}/")
    page.wait_for_selector("[data-testid=opinion-form]")
    deputies = page.inner_text("[data-testid=public-deputies]")
    assert "本站代表（2）" in deputies and "王秀英" in deputies and "李建国" in deputies
    assert "王秀英" in page.inner_text("[data-testid=next-duty]")
    assert wang.phone not in page.content()
    ready(page, "liaison-public-station-citizen-phone")

    page.fill("input[name=title]", "村口路灯不亮")
    page.fill("textarea[name=content]", "桥头村口三盏路灯坏了一个多月，晚上出行不安全。")
    page.fill("input[name=citizen_phone]", "13812345678")
    page.fill("input[name=challenge_answer]", "99")  # wrong
    page.click("[data-testid=submit-opinion]")
    page.wait_for_selector("[data-testid=challenge] .el-form-item__error >> text=验证题答案不正确")
    assert not Opinion.objects.exists()

    question = page.inner_text("[data-testid=challenge] .el-form-item__label")
    a, b = map(int, re.search(r"(\d+) \+ (\d+)", question).groups())
    page.fill("input[name=challenge_answer]", str(a + b))
    page.click("[data-testid=submit-opinion]")
    page.wait_for_selector("[data-testid=tracking-code]")
    code = page.inner_text("[data-testid=tracking-code]").strip()
    opinion = Opinion.objects.get(tracking_code=code)
    assert opinion.citizen_phone == "13812345678" and opinion.source == "public_form"
    ready(page, "liaison-opinion-submitted-citizen-phone")

    page.click("[data-testid=go-track]")
    page.wait_for_selector("[data-testid=track-result]")
    assert page.inner_text("[data-testid=track-status]") == "已受理"
    ready(page, "liaison-track-received-citizen-phone")

    opinion_take(actor=dongkou_staff, opinion=opinion)
    opinion_answer(actor=dongkou_staff, opinion=opinion, answer="已联系供电所，路灯已修复。")
    page.reload()
    page.wait_for_selector("[data-testid=public-answer]")
    assert "路灯已修复" in page.inner_text("[data-testid=public-answer]")
    assert page.inner_text("[data-testid=track-status]") == "已办结"
    assert "13812345678" not in page.content() and "尹建华" not in page.content()
    ready(page, "liaison-track-answered-citizen-phone")

    page.goto(f"{live_server.url}/track/?code=ZZZZZZZZZZ")
    page.wait_for_selector("text=查询码不存在")
    assert not unexpected(
        [e for e in phone_errors if "status of 404" not in e]  # the unknown code, on purpose
    )

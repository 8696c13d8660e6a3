"""At a phone's size: a deputy logs a visit; a citizen leaves an opinion from the station's
public page, then tracks it to the answer."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from liaison_stations.models import DutyShift, Opinion, StationVisit
from tests.conftest import ARTIFACTS, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"liaison_{name}.png"), full_page=True)


def test_a_deputy_logs_a_visit_from_a_phone(
    live_server, phone_page, wang, dongkou_station, tmp_path
):
    DutyShift.objects.create(
        station=dongkou_station,
        deputy=wang,
        date=timezone.localdate() + timedelta(days=2),
        start_time="09:00",
        end_time="12:00",
    )
    photo = tmp_path / "visit.jpg"
    Image.new("RGB", (3000, 2000), (200, 60, 40)).save(photo, "JPEG")
    page = phone_page
    browser_login(page, live_server, "deputy_wang")
    page.goto(f"{live_server.url}/my-station/")
    page.wait_for_selector("[data-testid=duty-list] li")
    assert "文昌街道代表联络站" in page.inner_text("[data-testid=my-station]")
    shot(page, "my_station_phone")

    page.click("[data-testid=log-visit]")
    page.click("[data-testid=visit-kind] >> text=接待选民")
    page.fill("[data-testid=people-received] input", "7")
    page.fill("textarea[name=matters]", "桥头村路灯损坏，群众夜间出行不便")
    page.set_input_files("[data-testid=visit-photos]", str(photo))
    shot(page, "visit_form_phone")
    page.click("[data-testid=save-visit]")
    page.wait_for_selector("[data-testid=my-visit]")
    shot(page, "visit_logged_phone")

    visit = StationVisit.objects.get()
    assert (visit.deputy, visit.station, visit.people_received, visit.confirmed) == (
        wang,
        dongkou_station,
        7,
        False,
    )
    assert visit.photos.count() == 1
    assert "待确认" in page.inner_text("[data-testid=my-visit]")


def test_a_citizen_leaves_an_opinion_from_the_qr_page_staff_answer_and_the_citizen_tracks_it(
    live_server, phone_page, page, wang, dongkou_station, dongkou_staff
):
    citizen_page = phone_page
    page, staff_page = citizen_page, page
    page.goto(f"{live_server.url}/s/{dongkou_station.public_code}/")
    page.wait_for_selector("[data-testid=opinion-form]")
    assert "王秀英" in page.inner_text("[data-testid=public-station]")
    shot(page, "public_station_phone")

    page.fill("input[name=title]", "村口路灯不亮")
    page.fill("textarea[name=content]", "桥头村口三盏路灯坏了一个多月，晚上出行不安全。")
    page.fill("input[name=citizen_phone]", "13812345678")
    question = page.inner_text("#leave-opinion .el-form-item.is-required >> nth=2")
    a, b = map(int, re.search(r"(\d+) \+ (\d+)", question).groups())
    page.fill("input[name=challenge_answer]", str(a + b))
    page.click("[data-testid=submit-opinion]")
    page.wait_for_selector("[data-testid=tracking-code]")
    code = page.inner_text("[data-testid=tracking-code]").strip()
    shot(page, "opinion_submitted_phone")
    opinion = Opinion.objects.get(tracking_code=code)
    assert opinion.citizen_phone == "13812345678"

    page.click("[data-testid=go-track]")
    page.wait_for_selector("[data-testid=track-result]")
    assert "已受理" in page.inner_text("[data-testid=track-result]")

    # Staff follow it on the opinion board: take it, see the full phone, answer.
    browser_login(staff_page, live_server, "dongkou_staff")
    staff_page.goto(f"{live_server.url}/opinions/")
    staff_page.click(f"[data-testid=opinion-table] >> text={code}")
    staff_page.wait_for_selector("[data-testid=opinion-detail]")
    assert "138****5678" in staff_page.inner_text("[data-testid=opinion-detail]")
    staff_page.click("text=认领（成为经办人）")
    staff_page.click("[data-testid=opinion-detail] >> text=查看完整")
    staff_page.wait_for_selector("[data-testid=opinion-detail] >> text=13812345678")
    staff_page.fill("[data-testid=answer-text]", "已联系供电所，路灯已于今日修复。")
    staff_page.click("[data-testid=answer-button]")
    staff_page.wait_for_selector("[data-testid=opinion-detail] >> text=已办结并答复")
    shot(staff_page, "opinion_board_answered")
    opinion.refresh_from_db()
    assert opinion.status == "answered" and opinion.assigned_staff == dongkou_staff

    page.reload()
    page.wait_for_selector("[data-testid=public-answer]")
    assert "路灯已于今日修复" in page.inner_text("[data-testid=public-answer]")
    assert "13812345678" not in page.content()
    shot(page, "opinion_tracked_phone")

"""In a real browser, at a desk: county staff find and create stations, run one (checklist and
rating, grouping, duty, confirming visits), read the statistics and print the poster; the home
to-do "超期未办结的社情民意" opens exactly the opinions it counts, which staff then triage; a
unit reports back; a leader reads without changing; and in English the server's labels are
English too."""

from datetime import timedelta

import pytest
from django.utils import timezone

from congress.todo import todo_for
from liaison_stations.models import (
    CriterionCheck,
    LiaisonStation,
    Opinion,
    Rating,
    StandardCriterion,
    StationKind,
    StationVisit,
)
from liaison_stations.services.opinions import opinion_submit
from liaison_stations.services.triage import opinion_forward, opinion_take
from tests.conftest import (
    DONGKOU,
    axe_check,
    browser_login,
    image_loaded,
    page_ready,
    screenshot,
)
from tests.liaison_stations.conftest import make_deputy, make_station

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ready(page, name: str) -> None:
    page_ready(page)
    # no button left in its hover or focus colour (Element Plus lightens both)
    page.mouse.move(0, 0)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.wait_for_selector(".el-message", state="detached")  # a toast over a button is no fault
    axe_check(page)
    screenshot(page, name)


def unexpected(errors: list[str]) -> list[str]:
    """Script errors, less the browser's own line for a 400 the test provoked on purpose."""
    refused = "Failed to load resource: the server responded with a status of 400"
    return [e for e in errors if refused not in e]


def choose(page, select: str, option: str) -> None:
    """Pick an option of an Element Plus select (its list is teleported to the body)."""
    page.click(select)
    page.locator(".el-select-dropdown__item:visible", has_text=option).first.click()


def confirm_box(page, answer: str) -> None:
    page.wait_for_selector(".el-message-box")
    page.click(f".el-message-box__btns button:has-text('{answer}')")
    page.wait_for_selector(".el-message-box", state="hidden")


@pytest.fixture
def home_station(regions):
    return make_station(
        DONGKOU, "洞口县人大代表之家", kind=StationKind.HOME, rating=Rating.SUBSTANDARD
    )


def test_staff_filter_the_stations_see_the_ungrouped_deputies_and_create_a_station(
    live_server, page, script_errors, dongkou_staff, wang, home_station, linwu_station
):
    make_deputy("赵小明", DONGKOU)  # serving, in no station
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/stations/")
    page.wait_for_selector("[data-testid=total] >> text=共 2 个")
    table = page.inner_text("[data-testid=station-table]")
    assert "文昌街道代表联络站" in table and "洞口县人大代表之家" in table
    assert "舜峰镇代表联络站" not in table  # 临武县's
    # 未达标 is red (danger), wherever it shows
    tag = page.locator("[data-testid=station-table] [data-status=substandard]")
    assert tag.inner_text() == "未达标" and "el-tag--danger" in tag.get_attribute("class")
    ready(page, "liaison-stations-staff-desktop")

    choose(page, "[data-testid=kind-filter]", "代表之家")
    page.wait_for_selector("[data-testid=total] >> text=共 1 个")
    table = page.inner_text("[data-testid=station-table]")
    assert "洞口县人大代表之家" in table and "文昌街道代表联络站" not in table
    assert "kind=home" in page.url  # the filter is in the address

    page.click("[data-testid=gaps-tab]")
    page.wait_for_selector("[data-testid=gap-table] >> text=赵小明")
    assert "王秀英" not in page.inner_text("[data-testid=gap-table]")
    assert page.inner_text("[data-testid=gaps-tab]").endswith("1")

    page.click("#tab-stations")
    page.click("[data-testid=new-station]")
    page.click("[data-testid=station-form-submit]")
    page.wait_for_selector("[data-testid=station-form] .el-form-item__error")
    assert "请按提示修改" in page.inner_text("[data-testid=form-message]")
    assert LiaisonStation.objects.count() == 3  # nothing stored
    page.fill("[data-testid=station-name]", "高沙镇代表联络站")
    page.click("[data-testid=station-form-submit]")
    page.wait_for_url("**/stations/*/")
    page.wait_for_selector(".detail-title >> text=高沙镇代表联络站")
    created = LiaisonStation.objects.get(name="高沙镇代表联络站")
    assert created.region_id == DONGKOU and page.url.endswith(f"/stations/{created.pk}/")
    assert not unexpected(script_errors)


def test_staff_run_a_station_checklist_rating_members_duty_and_visits(
    live_server, page, script_errors, dongkou_staff, wang, dongkou_station
):
    StandardCriterion.objects.create(category="build", title="有固定场所", order=1)
    StandardCriterion.objects.create(category="use", title="每月固定接待日", order=2)
    newcomer = make_deputy("赵小明", DONGKOU)
    StationVisit.objects.create(
        deputy=wang, station=dongkou_station, date=timezone.localdate(), kind="reception",
        people_received=6, matters="桥头村路灯损坏",
    )  # fmt: skip
    base = f"{live_server.url}/stations/{dongkou_station.pk}/"
    browser_login(page, live_server, "dongkou_staff")

    page.goto(base)
    page.wait_for_selector(".detail-title >> text=文昌街道代表联络站")
    page.wait_for_selector(".detail-fields >> text=1 人")  # 王秀英, grouped here
    assert "镇政府一楼" in page.inner_text(".detail-fields")
    assert "文昌街道代表联络站" in page.inner_text(".crumbs")
    ready(page, "liaison-station-detail-staff-desktop")

    # 建管用 checklist and rating: 未达标 turns the station's tag red
    page.click("#tab-checklist")
    page.wait_for_selector("[data-testid=checklist-score] >> text=达到 0 / 2")
    page.locator("[data-testid=checklist-table] .el-switch").first.click()
    page.click("[data-testid=save-checklist]")
    page.wait_for_selector("[data-testid=checklist-score] >> text=达到 1 / 2")
    assert CriterionCheck.objects.get(station=dongkou_station, met=True).criterion.title == (
        "有固定场所"
    )
    choose(page, "[data-testid=rating-select]", "未达标")
    page.wait_for_selector("[data-testid=station-rating] >> text=未达标")
    assert "el-tag--danger" in page.get_attribute("[data-testid=station-rating]", "class")
    dongkou_station.refresh_from_db()
    assert dongkou_station.rating == Rating.SUBSTANDARD
    ready(page, "liaison-station-checklist-staff-desktop")

    # Grouping a deputy in, and out again (cancelling the confirm first)
    page.click("#tab-members")
    page.wait_for_selector("[data-testid=member-table] >> text=王秀英")
    page.click("[data-testid=member-search]")
    page.keyboard.type("赵")
    page.locator(".el-select-dropdown__item:visible", has_text="赵小明").click()
    page.click(".detail-title")  # closes the list
    page.click("[data-testid=add-members-button]")
    page.wait_for_selector("[data-testid=member-table] >> text=赵小明")
    assert dongkou_station.memberships.filter(deputy=newcomer, end_date__isnull=True).exists()
    row = page.locator("[data-testid=member-table] tr", has_text="赵小明")
    row.locator("text=离站").click()
    confirm_box(page, "取消")
    assert dongkou_station.memberships.filter(deputy=newcomer, end_date__isnull=True).exists()
    row.locator("text=离站").click()
    confirm_box(page, "确定")
    page.wait_for_selector("[data-testid=member-table] >> text=赵小明", state="detached")
    assert not dongkou_station.memberships.filter(deputy=newcomer, end_date__isnull=True).exists()

    # Duty: the "逢六" rule, then the roster from it
    page.click("#tab-duty")
    page.wait_for_selector("text=尚未设置值班规则")
    page.click("[data-testid=add-rule]")
    page.wait_for_selector("[data-testid=rule-list] >> text=每月6日、16日、26日")
    page.click("[data-testid=generate-roster]")
    page.wait_for_selector("[data-testid=roster-table] >> text=王秀英")
    assert dongkou_station.shifts.filter(deputy=wang).exists()
    ready(page, "liaison-station-duty-staff-desktop")

    # Visits: the deputy's own log waits for staff to confirm it
    page.click("#tab-visits")
    page.wait_for_selector("[data-testid=visit-table] >> text=桥头村路灯损坏")
    assert "tab=visits" in page.url
    page.locator("[data-testid=visit-table] tbody .el-checkbox").first.click()
    page.click("[data-testid=batch-confirm]")
    confirm_box(page, "确定")
    page.wait_for_selector("[data-testid=visit-table] >> text=桥头村路灯损坏", state="detached")
    assert StationVisit.objects.get().confirmed
    ready(page, "liaison-station-visits-staff-desktop")
    assert not script_errors


def test_statistics_show_coverage_and_a_below_standard_station_in_red(
    live_server, page, script_errors, dongkou_staff, wang, colleague, dongkou_station, home_station
):
    StationVisit.objects.create(
        deputy=wang, station=dongkou_station, date=timezone.localdate(), kind="reception"
    )
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/station-statistics/")
    page.wait_for_selector("[data-testid=station-figures] >> text=文昌街道代表联络站")
    assert page.inner_text("[data-testid=card-stations] .value") == "2"
    assert page.inner_text("[data-testid=coverage]") == "50.0%"  # 1 of its 2 deputies came
    row = page.locator("[data-testid=station-figures] tr", has_text="洞口县人大代表之家")
    tag = row.locator("[data-status=substandard]")
    assert tag.inner_text() == "未达标" and "el-tag--danger" in tag.get_attribute("class")
    ready(page, "liaison-statistics-staff-desktop")

    choose(page, "[data-testid=year]", f"{timezone.localdate().year - 1}年")
    page.wait_for_selector("[data-testid=coverage] >> text=0.0%")
    assert f"year={timezone.localdate().year - 1}" in page.url
    assert not script_errors


def test_the_poster_prints_the_stations_qr_code_and_address(
    live_server, page, script_errors, dongkou_staff, dongkou_station
):
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/stations/{dongkou_station.pk}/poster/")
    page.wait_for_selector("[data-testid=poster] >> text=文昌街道代表联络站")
    poster = page.inner_text("[data-testid=poster]")
    assert "镇政府一楼" in poster and f"/s/{dongkou_station.public_code}/" in poster
    image_loaded(page, "[data-testid=poster-qr]")
    assert page.locator(".shell-aside").count() == 0  # bare: no console around it
    ready(page, "liaison-poster-staff-desktop")
    assert not script_errors


def _opinion(station, title, *, days_ago=0, **extra):
    opinion = opinion_submit(
        station=station,
        source="public_form",
        title=title,
        content=f"{title}，请尽快处理。",
        **extra,
    )
    if days_ago:
        Opinion.objects.filter(pk=opinion.pk).update(
            received_at=timezone.now() - timedelta(days=days_ago)
        )
    return opinion


def test_the_overdue_todo_opens_exactly_the_opinions_it_counts_and_staff_answer_one(
    live_server, page, script_errors, dongkou_staff, wang, dongkou_station, linwu_station
):
    _opinion(dongkou_station, "村口路灯不亮", days_ago=20, citizen_phone="13812345678")
    _opinion(dongkou_station, "村道破损积水", days_ago=30)
    _opinion(dongkou_station, "公交班次太少")  # new, in time
    _opinion(linwu_station, "临武的事", days_ago=40)  # another county's
    todo = {t["key"]: t for t in todo_for(dongkou_staff)}
    assert todo["opinion_overdue"]["count"] == 2

    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/")
    page.click("[data-testid=todo-opinion_overdue]")
    page.wait_for_url("**/opinions/?overdue=1*")
    page.wait_for_selector("[data-testid=total] >> text=共 2 条")
    table = page.inner_text("[data-testid=opinion-table]")
    assert "村口路灯不亮" in table and "村道破损积水" in table
    assert "公交班次太少" not in table and "临武的事" not in table
    assert page.is_checked("[data-testid=overdue-filter] input")
    ready(page, "liaison-opinions-overdue-staff-desktop")

    page.click("[data-testid=overdue-filter]")  # all of the county's
    page.wait_for_selector("[data-testid=total] >> text=共 3 条")

    page.click("[data-testid=opinion-table] >> text=村口路灯不亮")
    page.wait_for_selector("[data-testid=opinion-detail] >> text=138****5678")
    page.click("[data-testid=take]")
    page.click("[data-testid=reveal-contact]")
    page.wait_for_selector("[data-testid=opinion-detail] >> text=13812345678")
    page.click("[data-testid=answer-button]")  # empty: the field says why
    page.wait_for_selector("[data-testid=triage-card] .el-form-item__error")
    page.fill("[data-testid=answer-text]", "已联系供电所，路灯已于今日修复。")
    page.click("[data-testid=answer-button]")
    page.wait_for_selector("[data-testid=opinion-answer] >> text=路灯已于今日修复")
    opinion = Opinion.objects.get(title="村口路灯不亮")
    assert opinion.status == "answered" and opinion.assigned_staff == dongkou_staff
    assert "已办结" in page.inner_text("[data-testid=timeline]")
    ready(page, "liaison-opinion-answered-staff-desktop")
    assert not unexpected(script_errors)


def test_a_unit_reports_back_on_an_opinion_forwarded_to_it(
    live_server, page, script_errors, dongkou_staff, unit_user, dongkou_unit, dongkou_station
):
    opinion = _opinion(dongkou_station, "学校门口交通拥堵")
    opinion_take(actor=dongkou_staff, opinion=opinion)
    opinion_forward(
        actor=dongkou_staff,
        opinion=opinion,
        unit_id=dongkou_unit.pk,
        due_date=timezone.localdate() + timedelta(days=20),
    )
    _opinion(dongkou_station, "不是本单位的")

    browser_login(page, live_server, "dongkou_jyj")
    page.goto(f"{live_server.url}/opinions/?status=forwarded")
    page.wait_for_selector("[data-testid=total] >> text=共 1 条")
    assert "不是本单位的" not in page.inner_text("[data-testid=opinion-table]")
    assert page.locator("[data-testid=new-opinion]").count() == 0
    ready(page, "liaison-opinions-unit-desktop")

    page.click("[data-testid=opinion-table] >> text=学校门口交通拥堵")
    page.wait_for_selector("[data-testid=reply-card]")
    assert page.locator("[data-testid=triage-card]").count() == 0
    page.fill("[data-testid=reply-text]", "已协调交警在上下学时段执勤。")
    page.click("[data-testid=reply-button]")
    page.wait_for_selector("[data-testid=opinion-detail] >> text=已协调交警在上下学时段执勤")
    opinion.refresh_from_db()
    assert opinion.handler_reply == "已协调交警在上下学时段执勤。"
    assert not script_errors


def test_a_leader_reads_stations_and_statistics_without_changing_them(
    live_server, page, script_errors, supervisor, wang, dongkou_station
):
    browser_login(page, live_server, "dongkou_leader")
    page.goto(f"{live_server.url}/stations/")
    page.wait_for_selector("[data-testid=station-table] >> text=文昌街道代表联络站")
    assert page.locator("[data-testid=new-station]").count() == 0
    ready(page, "liaison-stations-supervisor-desktop")

    page.click("text=文昌街道代表联络站")
    page.wait_for_selector(".detail-title >> text=文昌街道代表联络站")
    assert page.locator("[data-testid=edit-station]").count() == 0
    page.click("#tab-members")
    page.wait_for_selector("[data-testid=member-table] >> text=王秀英")
    assert page.locator("[data-testid=add-members]").count() == 0
    assert page.locator("[data-testid=member-table] >> text=离站").count() == 0
    ready(page, "liaison-station-detail-supervisor-desktop")

    page.goto(f"{live_server.url}/station-statistics/")
    page.wait_for_selector("[data-testid=station-figures] >> text=文昌街道代表联络站")
    ready(page, "liaison-statistics-supervisor-desktop")
    assert not script_errors


def test_in_english_the_server_sends_english_status_and_rating_labels(
    live_server, page, script_errors, dongkou_staff, home_station, dongkou_station
):
    _opinion(dongkou_station, "村口路灯不亮")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/opinions/")
    page.wait_for_selector("[data-testid=opinion-table] >> text=村口路灯不亮")
    assert "Received" in page.inner_text("[data-testid=status-filter]")
    assert "Received" in page.inner_text("[data-testid=opinion-table]")
    page_ready(page)
    screenshot(page, "liaison-opinions-staff-desktop-en")

    page.goto(f"{live_server.url}/stations/")
    page.wait_for_selector("[data-testid=station-table] [data-status=substandard]")
    assert page.inner_text("[data-testid=station-table] [data-status=substandard]") == (
        "Below standard"
    )
    page_ready(page)
    screenshot(page, "liaison-stations-staff-desktop-en")
    assert not script_errors

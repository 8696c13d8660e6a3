"""The working-day calendar page 工作日安排 (issue 14 item 11): which years are covered, a single
override does not cover its year, entering a year's schedule covers it and recomputes the open
deadlines it changes (history row, notice to the unit, fallback flag cleared)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from congress.models import Notification, Role
from suggestions import calendar_admin
from suggestions.models import Assignment, History, Status, WorkdayOverride, WorkdayYear
from suggestions.services.assignment import suggestion_assign
from suggestions.workdays import Calendar, calendar_warning, package_covers
from tests.clock import frozen
from tests.conftest import axe_check, browser_login, make_user, page_ready, screenshot

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
YEAR = 2040  # a year no package will know for a long time
URL = "/api/v1/suggestions/calendar/"


@pytest.fixture
def province_staff(regions):
    return make_user("hunan_staff", role=Role.STAFF, region="43", name="省人大")


def test_a_single_override_does_not_cover_its_year():
    assert not package_covers(YEAR)
    WorkdayOverride.objects.create(date=date(YEAR, 1, 2), is_workday=False, note="元旦")
    cal = Calendar()
    assert cal.is_workday(date(YEAR, 1, 2)) is False  # the override decides its own day
    assert not cal.fallback
    assert cal.is_workday(date(YEAR, 1, 3)) is True  # any other day: Monday–Friday, warned
    assert cal.fallback and str(YEAR) in cal.warnings[0]
    assert str(YEAR) in calendar_warning(date(YEAR, 3, 1))
    assert "工作日安排" in calendar_warning(date(YEAR, 3, 1))
    WorkdayYear.objects.create(year=YEAR)
    cal = Calendar()
    assert cal.is_workday(date(YEAR, 1, 3)) is True and not cal.fallback
    assert str(YEAR) not in calendar_warning(date(YEAR, 3, 1))


def test_entering_a_year_covers_it_and_recomputes_the_deadlines_it_moves(
    walk, dongkou_staff, unit_user, province_staff, client_for
):
    s = walk(Status.ACCEPTED)
    # assigned on Fri YEAR-01-06 on the fallback: reply due three months on, Fri YEAR-04-06
    suggestion_assign(
        suggestion=s,
        actor=dongkou_staff,
        lead_unit_id=unit_user.handling_unit_id,
        at=datetime(YEAR, 1, 6, 10, 0, tzinfo=CST),
    )
    a = Assignment.objects.get(suggestion=s)
    assert a.reply_due == date(YEAR, 4, 6) and a.deadlines_fallback
    text = f"{YEAR}-04-04~{YEAR}-04-06 休 清明节\n{YEAR}-04-08 班\n{YEAR}-01-09 休 假设的假日"
    r = client_for(province_staff).post(
        URL + f"{YEAR}/schedule/", {"text": text, "source": "国办发明电〔2039〕1号"}, format="json"
    )
    assert r.status_code == 200, r.json()
    assert r.json()["suggestions"] == 1
    a.refresh_from_db()
    s.refresh_from_db()
    assert a.reply_due == date(YEAR, 4, 8)  # 4–6 off, Sat 7 off, Sun 8 a make-up working day
    assert not a.deadlines_fallback
    assert s.reply_due == a.reply_due
    h = History.objects.filter(suggestion=s, action="calendar_adjust").get()
    assert f"答复期限由{YEAR}-04-06调整为{YEAR}-04-08" in h.note.replace(" ", "")
    assert Notification.objects.filter(recipient=unit_user, kind="suggestion.calendar").exists()
    assert WorkdayYear.objects.get(year=YEAR).source.startswith("国办发明电")
    years = {y["year"]: y for y in client_for(dongkou_staff).get(URL).json()["years"]}
    assert years.get(YEAR, {"coverage": "entered"})["coverage"] == "entered"


def test_bad_schedule_lines_are_400_and_nothing_is_stored(province_staff, client_for):
    r = client_for(province_staff).post(
        URL + f"{YEAR}/schedule/",
        {"text": f"{YEAR}-02-30 休\n明天放假\n{YEAR - 1}-12-31 休\n{YEAR}-05-01 休"},
        format="json",
    )
    assert r.status_code == 400
    assert len(r.json()["fields"]["text"]) == 3
    assert not WorkdayOverride.objects.exists() and not WorkdayYear.objects.exists()


def test_only_admins_and_provincial_staff_edit_and_everyone_on_the_board_reads(
    dongkou_staff, supervisor, province_staff, client_for
):
    county = client_for(dongkou_staff)
    assert county.get(URL).json()["can_edit"] is False
    r = county.post(
        URL + "overrides/", {"date": f"{YEAR}-01-02", "is_workday": False}, format="json"
    )
    assert r.status_code == 403
    assert client_for(supervisor).get(URL + f"{YEAR}/").status_code == 200
    province = client_for(province_staff)
    r = province.post(
        URL + "overrides/", {"date": f"{YEAR}-01-02", "is_workday": False, "note": "元旦"},
        format="json",
    )  # fmt: skip
    assert r.status_code == 200
    row = province.get(URL + f"{YEAR}/").json()
    assert row["year"]["coverage"] == "partial" and row["overrides"][0]["note"] == "元旦"
    assert province.delete(URL + f"overrides/{row['overrides'][0]['id']}/").status_code == 200
    assert not WorkdayOverride.objects.exists()


def test_the_page_renders_and_the_board_warning_points_at_it(dongkou_staff, client):
    client.force_login(dongkou_staff)
    with frozen(datetime(YEAR, 3, 1, 10, tzinfo=CST)):
        assert "工作日安排" in calendar_warning(date(YEAR, 3, 1))
    r = client.get("/suggestions/calendar/")
    assert r.status_code == 200 and b"suggestions/WorkCalendar" in r.content


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_calendar_page_in_a_browser(province_staff, page, live_server, script_errors):
    WorkdayOverride.objects.create(date=date(YEAR, 1, 2), is_workday=False, note="元旦")
    browser_login(page, live_server, "hunan_staff")
    page.goto(f"{live_server.url}/suggestions/calendar/")
    page_ready(page)
    year = page.locator(f"[data-testid=calendar-year][data-year='{YEAR}']")
    assert "仅有个别调整" in year.inner_text()
    year.click()
    page.wait_for_selector("[data-testid=calendar-overrides]:has-text('元旦')")
    page.click("[data-testid=calendar-enter]")
    page.fill(
        "[data-testid=calendar-text] textarea, textarea[data-testid=calendar-text]",
        f"{YEAR}-01-01~{YEAR}-01-02 休 元旦\n{YEAR}-01-07 班",
    )
    page.click("[data-testid=calendar-schedule-dialog-submit]")
    page.wait_for_selector(
        f"[data-testid=calendar-year][data-year='{YEAR}']:has-text('已录入全年安排')"
    )
    assert WorkdayYear.objects.filter(year=YEAR).exists()
    assert WorkdayOverride.objects.filter(date__year=YEAR).count() == 3
    axe_check(page)
    screenshot(page, "suggestions-calendar-province-staff")
    assert script_errors == []


def test_many_deadlines_are_recomputed_by_a_job(
    walk, dongkou_staff, unit_user, province_staff, client_for, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    s = walk(Status.ACCEPTED)
    suggestion_assign(
        suggestion=s,
        actor=dongkou_staff,
        lead_unit_id=unit_user.handling_unit_id,
        at=datetime(YEAR, 1, 6, 10, 0, tzinfo=CST),
    )
    monkeypatch.setattr(calendar_admin, "INLINE_LIMIT", 0)
    province = client_for(province_staff)
    r = province.post(
        URL + f"{YEAR}/schedule/", {"text": f"{YEAR}-04-06 休 清明节"}, format="json"
    ).json()
    assert (r["pending"], r["years"], r["suggestions"]) == (1, [YEAR], 0)
    assert Assignment.objects.get(suggestion=s).reply_due == date(YEAR, 4, 6)  # not yet
    # the county's staff may not start it; the province's may
    job = {"kind": "calendar_recompute", "params": {"years": [YEAR]}}
    assert client_for(dongkou_staff).post("/api/v1/jobs/", job, format="json").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = province.post("/api/v1/jobs/", job, format="json")
    done = province.get(f"/api/v1/jobs/{response.json()['id']}/").json()
    assert done["status"] == "done" and done["result"]["suggestions"] == 1, done
    assert Assignment.objects.get(suggestion=s).reply_due == date(YEAR, 4, 9)


def test_a_schedule_typed_in_english_reads_as_the_chinese_one():
    """The English interface asks for "off"/"work" and "to": the same days as 休/班 and "~"."""
    english = calendar_admin.parse_schedule(
        f"{YEAR}-04-04 to {YEAR}-04-06 off Qingming\n{YEAR}-04-08 Work\n{YEAR}-01-09 holiday", YEAR
    )
    chinese = calendar_admin.parse_schedule(
        f"{YEAR}-04-04~{YEAR}-04-06 休 清明\n{YEAR}-04-08 班\n{YEAR}-01-09 休", YEAR
    )
    assert {d: w for d, (w, _) in english.items()} == {d: w for d, (w, _) in chinese.items()}
    assert english[date(YEAR, 4, 8)] == (True, "") and english[date(YEAR, 4, 5)] == (
        False,
        "Qingming",
    )
    assert len(english) == 5

"""In the real browser: stored template payloads never run and are shown as text (issue 11,
item 1); forms default dates in Asia/Shanghai whatever the device's clock says (item 9); a
field's error goes away once the field is changed (item 10)."""

from datetime import date

import pytest
from playwright.sync_api import TimeoutError

from evaluation.models import ArchiveEntry
from tests.conftest import ARTIFACTS, PASSWORD
from tests.congress.poisoned import PAYLOAD, build
from tests.evaluation.conftest import make_deputy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAIN = "#app"


@pytest.fixture
def world(admin_user, dongkou_staff, unit_user):
    return build(admin=admin_user, staff=dongkou_staff, unit_user=unit_user)


def login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def assert_shown_as_text(page, url, where=MAIN):
    """The payload appears literally in the page's content and nothing it carries ran."""
    page.goto(url)
    try:
        page.wait_for_function(
            "([where, payload]) => [...document.querySelectorAll(where)].some((el) =>"
            " el.innerText.includes(payload) ||"
            " [...el.querySelectorAll('input, textarea')].some((i) => i.value.includes(payload)))",
            arg=[where, PAYLOAD],
        )
    except TimeoutError as e:
        ran = page.evaluate("window.__pwned")
        raise AssertionError(f"{url} does not show the payload in {where}; __pwned={ran}") from e
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__pwned") is None, f"the payload ran on {url}"


def test_stored_payloads_are_shown_as_text_and_never_run(live_server, page, world):
    errors = []
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    w, base = world, live_server.url
    station, deputy, s = w["station"], w["deputy"], w["suggestion"]

    # The province administrator opens what a county's staff wrote (the attack of issue 11).
    login(page, live_server, "root")
    assert_shown_as_text(page, f"{base}/stations/{station.pk}/", "[data-testid=breadcrumbs]")
    assert_shown_as_text(page, f"{base}/", ".welcome h2")
    assert_shown_as_text(page, f"{base}/deputies/{deputy.pk}/", "[data-testid=breadcrumbs]")
    assert_shown_as_text(page, f"{base}/deputies/{deputy.pk}/edit/", "[data-testid=breadcrumbs]")
    for path in (
        f"/stations/{station.pk}/",
        f"/deputies/{deputy.pk}/",
        f"/deputies/{deputy.pk}/edit/",
        f"/suggestions/{s.pk}/",
        "/deputies/",
        "/stations/",
        "/opinions/",
        "/suggestions/board/?box=",
        "/performance/archive/",
        f"/evaluation/rounds/{w['round'].pk}/",
        "/evaluation/rounds/",
        "/evaluation/systems/",
        "/ballots/",
        f"/ballots/{w['ballot'].pk}/",
        "/ballots/projects/",
        f"/ballots/projects/{w['project'].pk}/",
        "/notifications/",
        "/outbox/",
        "/meetings/?view=list",
        f"/meetings/{w['meeting'].pk}/",
        "/meetings/campaigns/",
        f"/meetings/campaigns/{w['campaign'].pk}/",
        "/training/courses/",
        f"/training/courses/{w['course'].pk}/",
        "/training/materials/",
        f"/training/plans/{w['plan'].pk}/",
    ):
        assert_shown_as_text(page, base + path)
    page.screenshot(path=str(ARTIFACTS / "injection-station-admin.png"), full_page=True)

    login(page, live_server, "poison_deputy")
    assert_shown_as_text(page, f"{base}/", ".welcome h2")
    for path in (
        "/deputies/me/",
        "/my-station/",
        "/performance/me/",
        "/suggestions/",
        f"/suggestions/{s.pk}/",
        f"/ballots/vote/{w['ballot'].pk}/",
        "/me/events/",
        f"/me/events/{w['meeting'].pk}/",
        "/me/study/",
        f"/me/training/courses/{w['online_course'].pk}/",
    ):
        assert_shown_as_text(page, base + path)

    login(page, live_server, "dongkou_jyj")
    assert_shown_as_text(page, f"{base}/suggestions/inbox/?box=")

    page.context.clear_cookies()  # citizens: no account
    assert_shown_as_text(page, f"{base}/s/{station.public_code}/")
    assert_shown_as_text(page, f"{base}/track/?code={w['opinion'].tracking_code}")
    assert errors == []


def test_a_form_defaults_to_todays_date_in_beijing_and_stores_it(
    live_server, browser, dongkou_staff, regions
):
    """At 01:30 on 2 December in Beijing (17:30 on 1 December UTC) on a device set to UTC, the
    archive entry form offers 2026-12-02 and the entry is stored on that day."""
    make_deputy("王秀英")
    context = browser.new_context(locale="zh-CN", timezone_id="UTC")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.clock.set_fixed_time("2026-12-01T17:30:00Z")
    assert page.evaluate("new Date().toISOString().slice(0, 10)") == "2026-12-01"
    try:
        login(page, live_server, "dongkou_staff")
        page.goto(f"{live_server.url}/performance/archive/")
        page.click("[data-testid=new-entry]")
        dialog = page.locator(".el-dialog:has-text('录入履职记录')")
        day = dialog.locator(".el-form-item:has-text('日期') input")
        assert day.input_value() == "2026-12-02"
        page.screenshot(path=str(ARTIFACTS / "date-default-beijing.png"))

        dialog.locator("[data-testid=entry-deputy]").click()
        page.locator(".el-select-dropdown__item:has-text('王秀英')").click()
        dialog.locator(".el-form-item:has-text('事项') input").fill("参加农村公路建设视察")
        dialog.locator("button:has-text('保存')").click()
        page.locator("[data-testid=entries] >> text=参加农村公路建设视察").wait_for()
        assert ArchiveEntry.objects.get().occurred_on == date(2026, 12, 2)
        assert page.locator("[data-testid=entries] >> text=2026-12-02").count() == 1
    finally:
        context.close()


def test_a_fields_error_goes_away_once_the_field_is_changed(
    live_server, page, dongkou_staff, regions
):
    make_deputy("王秀英")
    login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/performance/archive/")
    page.click("[data-testid=new-entry]")
    dialog = page.locator(".el-dialog:has-text('录入履职记录')")
    title = dialog.locator(".el-form-item:has-text('事项')")
    deputy = dialog.locator(".el-form-item:has-text('代表')").first
    dialog.locator("button:has-text('保存')").click()
    title.locator(".el-form-item__error").wait_for()
    deputy.locator(".el-form-item__error").wait_for()
    page.screenshot(path=str(ARTIFACTS / "field-error-shown.png"))

    title.locator("input").fill("参加视察")
    title.locator(".el-form-item__error").wait_for(state="detached")
    assert deputy.locator(".el-form-item__error").count() == 1, "only the changed field clears"

    dialog.locator("[data-testid=entry-deputy]").click()
    page.locator(".el-select-dropdown__item:has-text('王秀英')").click()
    deputy.locator(".el-form-item__error").wait_for(state="detached")
    page.screenshot(path=str(ARTIFACTS / "field-error-cleared.png"))
    assert ArchiveEntry.objects.count() == 0


def test_the_password_forms_error_goes_away_once_the_field_is_changed(
    live_server, page, dongkou_staff
):
    login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/password/")
    page.fill("#id_old_password", "wrong-password")
    page.fill("#id_new_password1", "Xy7#kLm2qw")
    page.fill("#id_new_password2", "Xy7#kLm2qw")
    page.click("form.plain-form button[type=submit]")
    error = page.locator(".errorlist:has-text('旧密码')")
    error.wait_for()
    page.fill("#id_old_password", PASSWORD)
    error.wait_for(state="detached")

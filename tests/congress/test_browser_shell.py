"""The console shell in the real browser (issue 15 item 3): fixed header and sidebar, a grouped
and collapsible menu (a drawer on a phone), breadcrumbs, the bell, the user menu with language
and password, the home page's work to do, and no accessibility violation."""

import pytest

from congress.models import Notification
from tests.conftest import axe_check, browser_login, page_ready, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_county_staff_logs_in_sees_the_chinese_shell_and_logs_out(
    live_server, page, dongkou_staff, script_errors
):
    Notification.objects.create(recipient=dongkou_staff, title="新的社情民意：路灯不亮", body="")
    browser_login(page, live_server, "dongkou_staff")
    page_ready(page)

    assert "尹建华" in page.inner_text("[data-testid=user-chip]")
    assert "洞口县" in page.inner_text("[data-testid=scope-line]")
    menu = page.locator("[data-testid=menu]")
    # grouped: the groups the role may use, each with its entries
    assert "工作台" in menu.inner_text() and "代表管理" in menu.inner_text()
    assert "新的社情民意：路灯不亮" in page.inner_text("[data-testid=home-messages]")
    assert "1" in page.inner_text("[data-testid=bell]")
    page.wait_for_selector("[data-testid=region-tree] >> text=洞口县")
    axe_check(page)
    screenshot(page, "shell-county-staff-home")

    # a group opens, its entry is a real link, and the page it opens has its breadcrumbs
    menu.locator("button:has-text('代表管理')").click()
    menu.locator("a:has-text('代表名册')").click()
    page.wait_for_url("**/deputies/")
    page_ready(page)
    crumbs = page.inner_text("[data-testid=breadcrumbs]")
    assert "代表管理" in crumbs and "代表名册" in crumbs
    assert menu.locator("a[aria-current=page]").inner_text().strip() == "代表名册"

    # the header and the sidebar stay while the page scrolls
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(200)
    assert page.locator(".shell-header").bounding_box()["y"] == 0
    assert page.locator(".shell-aside").bounding_box()["y"] == 0

    # collapsed: icons only, labels as tooltips
    page.click("[data-testid=menu-collapse]")
    page.wait_for_function(
        "() => document.querySelector('.shell-aside').getBoundingClientRect().width < 80"
    )
    axe_check(page)

    page.click("[data-testid=user-chip]")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/login/")
    assert "您已安全退出" in page.content()
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
    assert script_errors == []


def test_on_a_phone_the_menu_is_a_drawer_and_english_is_complete(
    live_server, phone_page, dongkou_staff
):
    page = phone_page
    browser_login(page, live_server, "dongkou_staff")
    page_ready(page)
    assert not page.locator(".shell-aside").is_visible()
    page.click("[data-testid=menu-toggle]")
    drawer = page.locator("[data-testid=drawer-menu]")
    drawer.locator("button:has-text('代表管理')").click()
    assert drawer.locator("a:has-text('代表名册')").is_visible()
    axe_check(page)
    screenshot(page, "shell-county-staff-phone-drawer")
    page.keyboard.press("Escape")

    page.click("[data-testid=user-chip]")
    page.click("[data-testid=switch-language]")
    page.wait_for_load_state("networkidle")
    page_ready(page)
    assert page.evaluate("document.documentElement.lang") == "en"
    text = page.inner_text("#app")
    assert "首页" not in text and "待办事项" not in text
    screenshot(page, "shell-county-staff-phone-english")
    page.click("[data-testid=user-chip]")
    page.click("[data-testid=switch-language]")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == "zh-hans"


def test_the_first_login_password_page_is_inside_the_shell(live_server, page, dongkou_staff):
    dongkou_staff.must_change_password = True
    dongkou_staff.save(update_fields=["must_change_password"])
    browser_login(page, live_server, "dongkou_staff")
    page.wait_for_url("**/password/**")
    page_ready(page)
    assert page.locator(".shell-header").is_visible()
    assert "这是您首次登录" in page.inner_text("#app")
    axe_check(page)
    page.fill("#id_old_password", "wrong")
    page.fill("#id_new_password1", "Renda@2026xyz")
    page.fill("#id_new_password2", "Renda@2026xyz")
    page.click("button[type=submit]")
    page_ready(page)
    assert page.locator("[data-testid=error-old_password]").is_visible()
    page.fill("#id_old_password", "x")  # the message goes once the field is edited
    assert page.locator("[data-testid=error-old_password]").count() == 0
    screenshot(page, "shell-first-login-password")

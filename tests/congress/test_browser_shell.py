import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_county_staff_logs_in_sees_the_chinese_shell_and_logs_out(live_server, page, dongkou_staff):
    browser_login(page, live_server, "dongkou_staff")

    page.wait_for_selector("[data-testid=user-chip]")
    assert "尹建华" in page.inner_text("[data-testid=user-chip]")
    assert "洞口县" in page.inner_text("[data-testid=scope-line]")
    assert "首页" in page.inner_text(".shell-menu")
    page.wait_for_selector("[data-testid=region-tree] >> text=洞口县")
    page.screenshot(path="artifacts/shell-county-staff.png", full_page=True)

    page.click("[data-testid=user-chip]")
    page.click("text=退出登录")
    page.wait_for_url("**/login/")
    assert "您已安全退出" in page.content()
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url

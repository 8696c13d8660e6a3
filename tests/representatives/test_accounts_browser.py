"""In a real browser, the path of a deputy who never had an account: county staff select deputies
on the register, 开通账号, read the result dialog, open 打印邀请函 and issue the codes (one A4
sheet per deputy with the code and a masked phone); then the deputy, in a browser of their own,
logs in with the username and the printed code and lands on the forced password change (no old
password asked), sets a password and is in."""

import re

import pytest

from representatives.models import Deputy, Invitation
from tests.conftest import axe_check, browser_login, page_ready, screenshot
from tests.representatives.conftest import make_deputy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_open_accounts_print_invitations_and_a_deputy_logs_in_with_the_code(
    live_server, browser, page, script_errors, dongkou_staff, dongkou_term
):
    make_deputy("张三", term=dongkou_term)
    make_deputy("李芳", gender="F", term=dongkou_term, phone="13900001111")
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/deputies/")
    page_ready(page)
    page.wait_for_selector("[data-testid=total] >> text=共 2 人")
    boxes = page.locator("[data-testid=deputies-table] .el-table__body .el-checkbox")
    boxes.nth(0).click()
    boxes.nth(1).click()
    page.click("[data-testid=batch-accounts]")
    assert "2 位代表" in page.inner_text(".el-message-box")
    page.click(".el-message-box >> text=确定")
    page.wait_for_selector("[data-testid=accounts-table]")
    assert Deputy.objects.filter(user__isnull=False).count() == 2
    assert page.locator("[data-testid=accounts-table] .el-table__body tr").count() == 2

    page.click("[data-testid=accounts-print]")
    page.wait_for_url(re.compile(r"/deputies/invitations/print/\?ids="))
    page_ready(page)
    page.click("[data-testid=issue]")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=sheet]').length === 2")
    sheets = page.locator("[data-testid=sheet]")
    codes = [sheets.nth(i).locator("[data-testid=sheet-code]").inner_text() for i in range(2)]
    assert all(re.fullmatch(r"[a-z2-9]{10}", code) for code in codes), codes
    phones = sorted(
        sheets.nth(i).locator("[data-testid=sheet-phone]").inner_text() for i in range(2)
    )
    assert phones == ["138****5678", "139****1111"]
    assert Invitation.objects.filter(used_at__isnull=True).count() == 2
    page.mouse.move(0, 0)
    axe_check(page)
    screenshot(page, "representatives-invitation-print")
    assert script_errors == []
    username = sheets.nth(0).locator("[data-testid=sheet-username]").inner_text()

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    try:
        deputy = context.new_page()
        deputy.set_default_timeout(15000)
        browser_login(deputy, live_server, username, codes[0])
        deputy.wait_for_url(re.compile(r"/password/"))
        page_ready(deputy)
        assert deputy.locator("#id_old_password").count() == 0  # the code was the only secret
        assert "首次登录" in deputy.inner_text("main")
        invitation = Invitation.objects.get(user__username=username)
        assert invitation.used_at is not None
        deputy.fill("#id_new_password1", "Hn@2026renda")
        deputy.fill("#id_new_password2", "Hn@2026renda")
        deputy.click("[data-testid=password-form] button[type=submit]")
        deputy.wait_for_url(lambda url: "/password/" not in url)
        assert Deputy.objects.get(user__username=username).user.has_usable_password()
    finally:
        context.close()

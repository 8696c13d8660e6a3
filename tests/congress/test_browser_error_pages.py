"""The error pages in the real browser: the portal's look with DEBUG=False, no script error, and
their links lead back into the portal."""

import pytest

from congress.models import Role
from tests.conftest import browser_login, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_403_page_looks_like_the_portal_and_leads_back(live_server, page, regions, settings):
    settings.DEBUG = False
    make_user("some_deputy", role=Role.DEPUTY)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    browser_login(page, live_server, "some_deputy")
    page.goto(f"{live_server.url}/deputies/")
    card = page.wait_for_selector("[data-testid=error-page][data-status='403']")
    assert "没有权限" in card.inner_text()
    home = page.locator("[data-testid=error-home]")
    # error.css is served and applied: the button is the portal's red, not a bare link.
    assert home.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(183, 28, 28)"
    page.screenshot(path="artifacts/error-page-403.png", full_page=True)
    home.click()
    page.wait_for_url(f"{live_server.url}/")
    assert errors == []


def test_an_unknown_address_is_the_404_page_with_a_way_home(live_server, page, regions, settings):
    settings.DEBUG = False
    page.goto(f"{live_server.url}/no-such-page/")
    card = page.wait_for_selector("[data-testid=error-page][data-status='404']")
    assert "页面不存在" in card.inner_text()
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the card fits
    page.screenshot(path="artifacts/error-page-404-phone.png", full_page=True)
    page.click("[data-testid=error-home]")
    page.wait_for_url("**/login/?next=/")

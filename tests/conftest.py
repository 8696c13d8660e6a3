"""Shared fixtures: the real Hunan regions and personas in fixed roles across two counties.

洞口县 (430525, under 邵阳市 4305) and 临武县 (431025, under 郴州市 4310):
  dongkou_staff   staff of 洞口县            linwu_staff     staff of 临武县
  shaoyang_staff  staff of 邵阳市 (above 洞口) supervisor      leader of 洞口县 (read-only)
  outsider        an account with no role    admin_user      system administrator
"""

import os

import pytest
from playwright.sync_api import sync_playwright
from rest_framework.test import APIClient

from congress.models import HandlingUnit, Region, Role, User
from congress.services import regions_load
from tests import audit_guard

DONGKOU, LINWU, SHAOYANG, CHENZHOU = "430525", "431025", "4305", "4310"
PASSWORD = "Tq7#pLm2x"


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "audit_guard_off(reason): this test's requests may write without audit rows"
        " (tests/audit_guard.py)",
    )


@pytest.fixture(autouse=True)
def _audit_guard(request):
    """The audit guard checks every request of every test (tests/audit_guard.py) but those of a
    test marked audit_guard_off."""
    audit_guard.set_test(request.node.nodeid)
    if request.node.get_closest_marker("audit_guard_off") is None:
        yield
        pending = audit_guard.take_pending()  # found in tasks, whose runner catches errors
        if pending:
            pytest.fail("\n".join(pending), pytrace=False)
        return
    with audit_guard.switched_off():
        yield


@pytest.fixture
def regions(db):
    if not Region.objects.filter(code=DONGKOU).exists():
        regions_load()
    return Region.objects


def make_user(
    username: str,
    *,
    role: str = "",
    region: str | None = None,
    unit: HandlingUnit | None = None,
    **extra,
) -> User:
    user = User(
        username=username,
        name=extra.pop("name", username),
        role=role,
        region_id=region,
        handling_unit=unit,
        **extra,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def dongkou_staff(regions):
    return make_user("dongkou_staff", role=Role.STAFF, region=DONGKOU, name="尹建华")


@pytest.fixture
def linwu_staff(regions):
    return make_user("linwu_staff", role=Role.STAFF, region=LINWU, name="李春燕")


@pytest.fixture
def shaoyang_staff(regions):
    return make_user("shaoyang_staff", role=Role.STAFF, region=SHAOYANG, name="曾志刚")


@pytest.fixture
def supervisor(regions):
    return make_user("dongkou_leader", role=Role.SUPERVISOR, region=DONGKOU, name="肖国平")


@pytest.fixture
def outsider(regions):
    return make_user("outsider", name="路人")


@pytest.fixture
def admin_user(regions):
    return make_user("root", role=Role.ADMIN, is_staff=True, is_superuser=True, name="管理员")


@pytest.fixture
def dongkou_unit(regions):
    return HandlingUnit.objects.create(name="洞口县教育局", region_id=DONGKOU)


@pytest.fixture
def linwu_unit(regions):
    return HandlingUnit.objects.create(name="临武县教育局", region_id=LINWU)


@pytest.fixture
def unit_user(dongkou_unit):
    return make_user("dongkou_jyj", role=Role.HANDLING_UNIT, unit=dongkou_unit, name="刘文斌")


@pytest.fixture
def client_for():
    """A logged-in API client for a user (a real session, as the pages use)."""

    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return make


# --- Browser tests: Playwright for Python driving Debian's Chromium (never `playwright install`).

ARTIFACTS = __import__("pathlib").Path(__file__).resolve().parent.parent / "artifacts"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
    # between page actions are still plain synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser page (desktop size); saves a screenshot to artifacts/ when the test ends."""
    context = browser.new_context(viewport={"width": 1366, "height": 860}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def phone_page(browser, request):
    """A fresh browser page at a phone's size and touch; screenshot saved at the end."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def browser_login(page, live_server, username: str, password: str = PASSWORD) -> None:
    """Log in through the real login page."""
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


# --- Checks every browser test of a page runs: the compiled page mounted, no script error, and
# axe-core's accessibility rules (tests/vendor/axe-core) with no serious or critical violation.

AXE_SOURCE = __import__("pathlib").Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


def page_ready(page, timeout: int = 15000) -> None:
    """Wait until the compiled page has mounted and its first requests have answered."""
    page.wait_for_function("() => window.__portalMounted === true", timeout=timeout)
    page.wait_for_load_state("networkidle")


def image_loaded(page, selector: str, *, wider_than: int = 0, timeout: int = 15000) -> None:
    """Wait until the image at `selector` has arrived and decoded (an <img> in the DOM may still be
    loading its PNG when the page is otherwise ready: reading naturalWidth at once races)."""
    page.wait_for_function(
        "([sel, w]) => { const i = document.querySelector(sel);"
        " return !!i && i.complete && i.naturalWidth > w; }",
        arg=[selector, wider_than],
        timeout=timeout,
    )


# A toast (ElMessage, ElNotification) closes by itself after a few seconds, fading out: caught
# mid-fade its text reads as faint, and when that happens depends on the machine's speed. Toasts
# are Element Plus's own fixed colours; the page under them is what is checked.
AXE_TRANSIENT = [[".el-message"], [".el-notification"]]


def axe_check(page, *, disable: tuple[str, ...] = ()) -> None:
    """No serious or critical accessibility violation on the page as it is now (once its
    transitions have run: a dialog still fading in reads as faint text; toasts are left out)."""
    page.evaluate(
        """() => Promise.race([
            Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))),
            new Promise((resolve) => setTimeout(resolve, 3000)),
        ])"""
    )
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    found = page.evaluate(
        """async ([disable, transient]) => {
            const rules = Object.fromEntries(disable.map((id) => [id, { enabled: false }]));
            const context = { include: [["html"]], exclude: transient };
            const r = await axe.run(context, { resultTypes: ["violations"], rules });
            return r.violations
              .filter((v) => v.impact === "serious" || v.impact === "critical")
              .map((v) => ({ id: v.id, help: v.help,
                             nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
        }""",
        [list(disable), AXE_TRANSIENT],
    )
    assert not found, f"accessibility violations on {page.url}: {found}"


def screenshot(page, name: str) -> None:
    """A full-page screenshot in artifacts/ for review (artifacts/<name>.png)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def script_errors(page):
    """Uncaught errors and console errors of the page, to assert there were none."""
    errors = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on(
        "console",
        lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None,
    )
    return errors

"""Every page of every app answers the same situation the same way (congress.pages.page):
anonymous -> the login page; a role without the page's right -> the styled 403 page; a record
that does not exist or lies outside the viewer's scope -> 404."""

import re
from pathlib import Path

import pytest
from django.urls import URLResolver, get_resolver, resolve

from congress.models import Role
from congress.permissions import has_perm
from tests.conftest import DONGKOU, make_user
from tests.dashboards.conftest import deputy

pytestmark = pytest.mark.django_db

# Views that are not behind a login on purpose (docs/permissions.md, "Deliberately public"),
# or that are not pages (the admin, the language switch, POST-only logout).
NOT_GUARDED = {
    "congress.views.LoginView",
    "congress.views.logout",
    "congress.api.HealthApi",
    "django.views.i18n.set_language",
    "django.views.i18n.JavaScriptCatalog",
    "suggestions.views.public",
    "liaison_stations.views.public_station",
    "liaison_stations.views.public_station_photo",
    "liaison_stations.views.public_deputy_photo",
    "liaison_stations.views.public_track",
    "liaison_stations.views.deputy_feed",
    "liaison_stations.views.station_feed",
    "ballots.views.public_review",
}
MISSING_ID = "987654"


def _routes(patterns=None, prefix="") -> list[tuple[str, object]]:
    found = []
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            found += _routes(p.url_patterns, route)
        else:
            found.append((route, p))
    return found


def _address(route: str) -> str:
    route = route.replace("<str:fmt>", "png")
    return "/" + re.sub(r"<int:\w+>", MISSING_ID, route)


PAGES = sorted(
    _address(route)
    for route, p in _routes()
    if not route.startswith(("api/", "admin/", "^", "i18n/", "jsi18n/"))
    and p.lookup_str not in NOT_GUARDED
)


def test_the_enumeration_finds_the_pages_of_every_app():
    prefixes = {a.split("/")[1] for a in PAGES}
    for app_prefix in (
        "deputies",
        "suggestions",
        "stations",
        "performance",
        "ballots",
        "dashboard",
    ):
        assert app_prefix in prefixes
    assert len(PAGES) >= 40


@pytest.fixture
def personas(regions, admin_user, dongkou_staff, supervisor, unit_user, outsider):
    return {
        "admin": admin_user,
        "staff": dongkou_staff,
        "supervisor": supervisor,
        "unit": unit_user,
        "deputy": make_user("some_deputy", role=Role.DEPUTY),
        "no role": outsider,
    }


@pytest.mark.parametrize("address", PAGES)
def test_anonymous_is_sent_to_the_login_page(client, address):
    response = client.get(address)
    assert response.status_code == 302
    assert response.url == f"/login/?next={address}"


@pytest.mark.parametrize("address", PAGES)
def test_a_role_without_the_right_gets_the_403_page_in_every_app(client_for, personas, address):
    names = resolve(address).func.permission  # every guarded page is built by congress.pages.page
    wrong = []
    for label, user in personas.items():
        response = client_for(user).get(address)
        status = response.status_code
        allowed = not names or any(has_perm(user, n) for n in names)
        # The role decides 403 (the same for every id); an id that does not exist is a 404 for
        # whoever may open the page, never a 403; a page without an id has nothing to 404 on.
        if allowed == (status == 403):
            wrong.append((label, status))
        if status == 404 and MISSING_ID not in address:
            wrong.append((label, status))
        if status == 403 and "没有权限" not in response.content.decode():
            wrong.append((label, "not the styled 403 page"))
    assert wrong == []


def test_another_countys_record_is_a_404_page(client_for, linwu_staff, dongkou_staff, regions):
    """The role has the right; the record is outside the viewer's scope: the 404 page."""
    other = deputy(DONGKOU)
    own = client_for(dongkou_staff).get(f"/deputies/{other.pk}/")
    assert own.status_code == 200
    response = client_for(linwu_staff).get(f"/deputies/{other.pk}/")
    assert response.status_code == 404
    missing = client_for(linwu_staff).get(f"/deputies/{MISSING_ID}/")
    assert missing.status_code == 404
    assert _same_page(missing.content) == _same_page(response.content)


def _same_page(content: bytes) -> str:
    """The page without what differs on every render (the CSRF token, masked anew each time)
    or names the address asked for (the language switch's return address)."""
    html = content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'"csrf": "[^"]*"', "", html)
    return re.sub(r'<input name="next" value="[^"]*">', "", html)


def test_no_app_keeps_its_own_page_decorator():
    """The copies (requires, permission_required, page, _page) drifted into two behaviours."""
    root = Path(__file__).resolve().parents[2]
    views = [
        p for p in root.glob("**/views.py") if ".venv" not in p.parts and "tests" not in p.parts
    ]
    assert len(views) >= 7
    offenders = [
        str(p.relative_to(root))
        for p in views
        if "login_required" in p.read_text() or "has_perm(request.user, perm)" in p.read_text()
    ]
    assert offenders == []

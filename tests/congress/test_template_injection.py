"""No user text is ever rendered by Django inside the element Vue mounts (issue 11, item 1).

Vue compiles the HTML inside <div id="app"> as a template with [[ ]] delimiters, and Django does
not escape [[ ]]: any user text there would run as script in the viewer's browser. Every page is
requested with a world whose user-editable texts all hold a payload; the payload may reach the
page only as JSON (json_script, outside the mounted element), to be bound as text by Vue."""

import html
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.congress.poisoned import MARKERS, build

# Addresses that are not pages (files, feeds, API, admin, framework views) are not rendered
# with base.html.
NOT_PAGES = (
    "api/",
    "admin/",
    "i18n/",
    "jsi18n/",
    "healthz",
    "logout/",
    "calendar/",
    "media/",
    "static/",
)
NOT_PAGE_NAMES = {
    "deputy-photo",
    "station_qr",
    "visit_photo",
    "public_station_photo",
    "public_deputy_photo",
}


def page_routes(resolver=None, prefix=""):
    """(route, name) of every URL pattern, recursively."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from page_routes(p, route)
        elif isinstance(p, URLPattern):
            name = f"{p.pattern.name}" if p.name is None else p.name
            namespace = getattr(resolver, "namespace", None)
            yield route, f"{namespace}:{name}" if namespace else name


def mounted_html(page: str) -> str:
    """The inside of <div id="app">, up to its own closing tag (divs are never void)."""
    start = page.find('<div id="app"')
    assert start >= 0, "the page has no #app element"
    depth = 0
    for m in re.finditer(r"<(/?)div\b", page[start:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return page[start : start + m.start()]
    raise AssertionError("#app is never closed")


@pytest.fixture
def world(admin_user, dongkou_staff, unit_user):
    return build(admin=admin_user, staff=dongkou_staff, unit_user=unit_user)


def addresses(world) -> dict[str, str]:
    """The address of each page with its parameters filled from the world."""
    w = world
    return {
        "deputies/<int:pk>/": f"/deputies/{w['deputy'].pk}/",
        "deputies/<int:pk>/edit/": f"/deputies/{w['deputy'].pk}/edit/",
        "suggestions/<int:pk>/": f"/suggestions/{w['suggestion'].pk}/",
        "stations/<int:pk>/": f"/stations/{w['station'].pk}/",
        "stations/<int:pk>/poster/": f"/stations/{w['station'].pk}/poster/",
        "s/<str:code>/": f"/s/{w['station'].public_code}/",
        "track/": f"/track/?code={w['opinion'].tracking_code}",
        "performance/archive/<int:pk>/print/": f"/performance/archive/{w['deputy'].pk}/print/",
        "evaluation/rounds/<int:pk>/": f"/evaluation/rounds/{w['round'].pk}/",
        "ballots/<int:pk>/": f"/ballots/{w['ballot'].pk}/",
        "ballots/vote/<int:pk>/": f"/ballots/vote/{w['ballot'].pk}/",
        "ballots/projects/<int:pk>/": f"/ballots/projects/{w['project'].pk}/",
        "dashboard/print/": "/dashboard/print/?period=year&value=2026",
        "meetings/<int:pk>/": f"/meetings/{w['meeting'].pk}/",
        "meetings/<int:pk>/projector/": f"/meetings/{w['meeting'].pk}/projector/",
        "meetings/<int:pk>/sheet/": f"/meetings/{w['meeting'].pk}/sheet/",
        "meetings/campaigns/<int:pk>/": f"/meetings/campaigns/{w['campaign'].pk}/",
        "me/events/<int:pk>/": f"/me/events/{w['meeting'].pk}/",
        "training/courses/<int:pk>/": f"/training/courses/{w['course'].pk}/",
        "training/plans/<int:pk>/": f"/training/plans/{w['plan'].pk}/",
        "me/training/courses/<int:pk>/": f"/me/training/courses/{w['online_course'].pk}/",
        "suggestions/meetings/<int:pk>/print/": (
            f"/suggestions/meetings/{w['assignment_meeting'].pk}/print/"
        ),
        "evaluation/systems/<int:pk>/edit/": f"/evaluation/systems/{w['round'].system_id}/edit/",
        "contacts/<int:pk>/": f"/contacts/{w['contact_relation'].pk}/",
        "ballots/reviews/<int:pk>/": f"/ballots/reviews/{w['review'].pk}/",
        "ballots/reviews/<int:pk>/sheet/": f"/ballots/reviews/{w['review'].pk}/sheet/",
        "ballots/officials/<int:pk>/": f"/ballots/officials/{w['official'].pk}/",
        "r/<str:token>/": f"/r/{w['review'].public_token}/",
        "supervision/<int:pk>/": f"/supervision/{w['supervision_project'].pk}/",
        "filings/reviews/<int:pk>/": f"/filings/reviews/{w['invitation'].pk}/",
        "filings/<int:pk>/": f"/filings/{w['filing'].pk}/",
        "worktasks/lists/<int:pk>/": f"/worktasks/lists/{w['task_list'].pk}/",
        "worktasks/tasks/<int:pk>/": f"/worktasks/tasks/{w['task'].pk}/",
    }


def test_no_page_renders_user_text_inside_the_mounted_element(client, world):
    filled = addresses(world)
    viewers = [world["admin"], world["staff"], world["deputy_user"], world["unit_user"],
               world["expert"], None]  # fmt: skip
    opened, found = {}, set()
    for route, name in page_routes():
        if route.startswith(NOT_PAGES) or name in NOT_PAGE_NAMES:
            continue
        assert "<" not in route or route in filled, f"give {route} ({name}) an address"
        url = filled.get(route, "/" + route)
        for viewer in viewers:
            client.logout()
            if viewer is not None:
                client.force_login(viewer)
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            opened[route] = True
            page = response.content.decode()
            if '<div id="app"' not in page:
                assert "Portal.mount" not in page, f"{url} mounts Vue without #app"
                continue
            inside = html.unescape(mounted_html(page))
            for marker in MARKERS:
                at = inside.find(marker)
                if at >= 0:
                    who = viewer.username if viewer else "anonymous"
                    found.add(f"{url} as {who}: …{inside[max(0, at - 60) : at]}")
    assert not found, "user text inside #app:\n" + "\n".join(sorted(found))
    assert not [r for r, n in page_routes() if r in filled and r not in opened], (
        "every page with a record in its address was opened by someone"
    )
    assert len(opened) >= 40


def test_a_payload_in_the_address_is_not_rendered_inside_the_mounted_element(client, world):
    client.force_login(world["admin"])
    for url in ("/no-such-page/[[7*7]]/", "/deputies/?q=[[7*7]]", "/track/?code=[[7*7]]"):
        response = client.get(url)
        page = response.content.decode()
        if '<div id="app"' in page:
            assert "[[7*7]]" not in html.unescape(mounted_html(page)), url


def test_no_template_or_script_inserts_html():
    """Bindings insert text; these insert HTML, so user data through them would run."""
    root = Path(__file__).resolve().parents[2]
    files = [
        *root.glob("templates/**/*.html"),
        *root.glob("static/app/**/*.js"),
        *root.glob("frontend/src/**/*.vue"),
        *root.glob("frontend/src/**/*.js"),
    ]
    assert len(files) > 30
    sinks = ("v-html", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
             "dangerouslyUseHTMLString")  # fmt: skip
    found = [
        f"{path.relative_to(root)}: {sink}"
        for path in files
        for sink in sinks
        if sink in path.read_text(encoding="utf-8")
    ]
    assert found == []


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def test_no_template_holds_an_inline_script_or_handler():
    """The CSP allows scripts from this site only: an inline <script> or onclick= would not run
    (json_script's data blocks, type="application/json", are data, not script)."""
    root = Path(__file__).resolve().parents[2]
    found = []
    for path in root.glob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for m in INLINE_SCRIPT.finditer(text):
            if "application/json" not in m.group(0):
                found.append(f"{path.relative_to(root)}: {m.group(0)}")
        found += [f"{path.relative_to(root)}: {m.group(0)}" for m in INLINE_HANDLER.finditer(text)]
    assert found == []

"""What the first load of each page moves over the wire (issue 15's speed target): for every page
component of the compiled front end (frontend/src/pages, built into static/dist), the script and
style files the browser fetches before the page is shown (the entry with its static imports, the
page's chunk with its static imports, the CSS they pull in, and Django's /jsi18n/ catalogue), each
gzipped as nginx sends them (gzip level 6, deploy/nginx.conf). Targets: a staff page under 1 MB of
script, a deputy's phone page under 400 kB.

Run alone: `.venv/bin/python bench/frontend_bundle.py` (no database: it reads the build)."""

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = Path(__import__("os").environ.get("FRONTEND_DIST") or ROOT / "static" / "dist")
STAFF_TARGET, DEPUTY_TARGET = 1_000_000, 400_000

# The pages a deputy or a citizen opens on a phone; every other page is a staff (desk) page.
PHONE_PAGES = {
    "core/Home", "core/Notifications", "core/PasswordChange",
    "representatives/MyInfo", "liaison_stations/MyStation", "liaison_stations/PublicStation",
    "liaison_stations/PublicTrack", "suggestions/Mine", "evaluation/MyPerformance",
    "ballots/VoteList", "ballots/Vote", "meetings/MyEvents", "meetings/MyEvent",
    "meetings/SignIn", "meetings/MyAttendance", "training/MyStudy", "training/MyTraining",
}  # fmt: skip


def page_components() -> set[str]:
    """The components the views mount (render_page(request, "<app>/<Name>", ...))."""
    import re

    names = set()
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        names.update(re.findall(r'render_page\(\s*request,\s*"([^"]+)"', path.read_text("utf-8")))
    return names


def closure(manifest: dict, key: str, seen: set) -> None:
    """The chunk and what it imports statically (loaded before it runs)."""
    if key in seen:
        return
    seen.add(key)
    for child in manifest[key].get("imports", []):
        closure(manifest, child, seen)


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def catalogue_size() -> int:
    """Django's JavaScript catalogue in English (the larger of the two: Chinese is the source)."""
    import django

    sys.path.insert(0, str(ROOT))
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.test")
    django.setup()
    from django.test import RequestFactory
    from django.utils import translation
    from django.views.i18n import JavaScriptCatalog

    with translation.override("en"):
        response = JavaScriptCatalog.as_view()(RequestFactory().get("/jsi18n/"))
    return len(gzip.compress(response.content, compresslevel=6))


def main() -> int:
    manifest = json.loads((DIST / "manifest.json").read_text())
    entry = "src/main.js"
    mounted = page_components()
    pages = sorted(
        k
        for k in manifest
        if k.startswith("src/pages/")
        and k.removeprefix("src/pages/").removesuffix(".vue") in mounted
    )
    catalogue = catalogue_size()
    print(f"{'page':42} {'script kB':>10} {'style kB':>9}  target")
    worst = {"staff": (0, ""), "phone": (0, "")}
    failed = []
    for key in pages:
        name = key.removeprefix("src/pages/").removesuffix(".vue")
        keys: set = set()
        closure(manifest, entry, keys)
        closure(manifest, key, keys)
        script = sum(gz(DIST / manifest[k]["file"]) for k in keys) + catalogue
        style = sum(gz(DIST / css) for k in keys for css in manifest[k].get("css", []))
        phone = name in PHONE_PAGES
        target = DEPUTY_TARGET if phone else STAFF_TARGET
        kind = "phone" if phone else "staff"
        worst[kind] = max(worst[kind], (script, name))
        mark = "ok" if script < target else "OVER"
        if script >= target:
            failed.append(name)
        print(
            f"{name:42} {script / 1000:10.1f} {style / 1000:9.1f}  {kind} < {target // 1000} kB {mark}"
        )
    print(
        f"\nlargest staff page: {worst['staff'][1]} {worst['staff'][0] / 1000:.1f} kB of script; "
        f"largest phone page: {worst['phone'][1]} {worst['phone'][0] / 1000:.1f} kB (gzip, first load)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Gathers what each app contributes (menu items, permissions, demo data) from a module of
a known name, so that apps plug in without editing the core."""

from importlib import import_module
from types import ModuleType

from django.apps import apps

# The order in which app contributions are gathered (and demo data is seeded).
APP_ORDER = [
    "congress",
    "representatives",
    "suggestions",
    "liaison_stations",
    "evaluation",
    "ballots",
    "meetings",
    "training",
    "contacts",
    "supervision",
    "filings",
    "worktasks",
    "congress.dashboards",
]


def app_modules(name: str) -> list[ModuleType]:
    found = []
    for label in APP_ORDER:
        if not apps.is_installed(label):
            continue
        try:
            found.append(import_module(f"{label}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{label}.{name}":
                raise
    return found

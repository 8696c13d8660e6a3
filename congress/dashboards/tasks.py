"""Thin tasks: fold the marked cells (every 30 s) and rebuild every figure (nightly). Both are
safe to run twice or at once: they take one lock, and a rebuild that finds the figures right
writes nothing."""

from celery import shared_task

from congress.dashboards import services


@shared_task
def refresh_facts(only: str | None = None) -> dict[str, int]:
    rows = services.facts_refresh(only=only)
    services.dashboards_warm()
    return rows


@shared_task
def fold_facts() -> dict | None:
    return services.facts_fold()

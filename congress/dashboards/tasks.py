"""Thin tasks: rebuild the dashboard's aggregate rows (safe to run twice: each app's rows are
replaced in one transaction)."""

from celery import shared_task

from congress.dashboards import services


@shared_task
def refresh_facts(only: str | None = None) -> dict[str, int]:
    rows = services.facts_refresh(only=only)
    services.dashboards_warm()
    return rows

"""Writes of the dashboards app: only the rebuild of its aggregate tables."""

from congress.dashboards import facts


def facts_refresh(*, only: str | None = None) -> dict[str, int]:
    """Rebuild the dashboard's aggregate rows from every app's tables (or one app's module,
    e.g. 'suggestions.dashboard'); returns the fine rows written per app."""
    return facts.refresh(only=only)

"""Writes of the dashboards app: only the rebuild of its aggregate tables."""

from congress.dashboards import facts


def facts_refresh(*, only: str | None = None) -> dict[str, int]:
    """Rebuild the dashboard's aggregate rows from every app's tables (or one app's module,
    e.g. 'suggestions.dashboard'); returns the fine rows written per app."""
    return facts.refresh(only=only)


def dashboards_warm() -> int:
    """Compute the province's and the cities' dashboards for this quarter and this year into
    the cache, so the first leader of the morning does not wait (useful with a shared cache)."""
    from congress.dashboards.selectors import dashboard_cached, period_from
    from congress.models import Region

    count = 0
    for region in Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.CITY]):
        for kind in ("quarter", "year"):
            dashboard_cached(
                viewer=None, region=region, period=period_from(region=region, kind=kind, value="")
            )
            count += 1
    return count

"""Writes of the dashboards app: only the rebuild of its aggregate tables."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from congress.dashboards import facts
from congress.dashboards.models import Refresh
from congress.dashboards.selectors import dashboard_cached, period_from
from congress.models import Region


def facts_refresh(*, only: str | None = None) -> dict[str, int]:
    """Rebuild the dashboard's aggregate rows from every app's tables (or one app's module,
    e.g. 'suggestions.dashboard'); returns the fine rows written per app."""
    return facts.refresh(only=only)


def dashboards_warm() -> int:
    """Compute the province's and the cities' dashboards for this quarter and this year into
    the cache, so the first leader of the morning does not wait. Only with a shared cache
    (Redis): a worker's local-memory cache is never read by the web processes."""
    if "locmem" in settings.CACHES["default"]["BACKEND"].lower():
        return 0

    count = 0
    for region in Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.CITY]):
        for kind in ("quarter", "year"):
            dashboard_cached(
                viewer=None, region=region, period=period_from(region=region, kind=kind, value="")
            )
            count += 1
    return count


def facts_refresh_for_embedded_demo(*, max_age_seconds: int = 60) -> bool:
    """The embedded demo (`make demo`: DEBUG, no Redis, so no Celery beat) rebuilds the rows
    itself when they are more than a minute old, so what a visitor just did shows up.
    Production and tests never take this path."""
    if not (settings.DEBUG and not settings.REDIS_URL):
        return False
    oldest = Refresh.objects.aggregate(at=Min("refreshed_at"))["at"]
    if oldest and timezone.now() - oldest < timedelta(seconds=max_age_seconds):
        return False
    facts.refresh()
    return True

"""Writes of the dashboards app: only its aggregate tables (fold, rebuild, cache warming)."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from congress.dashboards import cells
from congress.dashboards.context import built
from congress.dashboards.facts import sources
from congress.dashboards.models import DirtyCell, Fact, Refresh
from congress.dashboards.selectors import dashboard_cached, period_from
from congress.models import Region


def facts_refresh(*, only: str | None = None) -> dict[str, int]:
    """Rebuild the dashboard's aggregate rows from every app's tables (or one app's module,
    e.g. 'suggestions.dashboard'); returns the fine rows written per app."""
    return cells.refresh(only=only)


def facts_fold(*, limit: int = 20000) -> dict | None:
    """Recompute the (metric, region) cells that writes marked since the last fold."""
    if connection.vendor != "postgresql":
        return None  # no triggers on SQLite (the embedded demo): it rebuilds instead
    return cells.fold(limit=limit)


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
    """Without Redis there is no Celery beat (DEBUG, `make demo`), so the page folds what
    visitors changed itself: on PostgreSQL the marked cells (a bounded fold, never the whole
    table, whatever the size of the database); on SQLite (no triggers, the small seeded demo)
    a rebuild when the rows are more than a minute old. Production and tests never take this
    path."""
    if not (settings.DEBUG and not settings.REDIS_URL):
        return False
    if connection.vendor == "postgresql":
        return bool(cells.fold(limit=2000))
    oldest = Refresh.objects.aggregate(at=Min("refreshed_at"))["at"]
    if oldest and timezone.now() - oldest < timedelta(seconds=max_age_seconds):
        return False
    cells.refresh()
    return True


def facts_readable(module_name: str, metrics: Iterable[str]) -> bool:
    """Whether a statistics page may read these figures of an app from the aggregate rows:
    the app's rows have been built, and none of the metrics is one added since (no row yet,
    marked for a fold of every region by `mark_unbuilt`); else it counts live. A metric that
    has rows and waits for a fold is read as it is (at most a fold old). Folded first in the
    embedded demo, as the dashboard is."""
    facts_refresh_for_embedded_demo()
    if not built(module_name):
        return False
    waiting = DirtyCell.objects.filter(region="*", metric__in=list(metrics))
    return not any(_never_built(m) for m in set(waiting.values_list("metric", flat=True)))


def _never_built(metric: str) -> bool:
    tiers = [tier for tier, _label in Fact.Tier.choices]  # the unique index leads with the tier
    return not Fact.objects.filter(tier__in=tiers, metric=metric).exists()


def mark_unbuilt() -> list[str]:
    """The metrics of an app already built that have no row at all (new sources since that
    build): marked for a fold of every region, so they are built within a minute, not at the
    next nightly rebuild, and their statistics count live until then. Run after `migrate` when
    the triggers were reinstalled (a new source changes them)."""
    done = set(Refresh.objects.values_list("source", flat=True))
    waiting = [
        source.metric
        for module, group in sources().items()
        if module in done
        for source in group
        if _never_built(source.metric)
    ]
    pending = set(DirtyCell.objects.filter(region="*").values_list("metric", flat=True))
    DirtyCell.objects.bulk_create(
        [DirtyCell(metric=m, region="*") for m in waiting if m not in pending]
    )
    return waiting


def facts_mark_all(metric: str) -> None:
    """Mark every region of a metric for the next fold, for a change the triggers cannot see
    (a setting read in Python, such as the training standard N, rather than a table it joins)."""
    DirtyCell.objects.create(metric=metric, region="*")

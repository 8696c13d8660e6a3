"""Background work: gather the portal's records into the archives every night."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from evaluation import reminders
from evaluation.models import PointsRuleSet
from evaluation.performance import archive


@shared_task
def gather_archives(year: int | None = None) -> int:
    """Idempotent: each visit, suggestion or rating enters an archive once (source_key)."""
    year = year or timezone.localdate().year
    regions = PointsRuleSet.objects.filter(year=year).values_list("region_id", flat=True)
    created = 0
    for code in sorted(set(regions)):
        created += archive.archive_gather(
            region_code=code, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)
        )
    return created


@shared_task(acks_late=True)
def sweep_round_reminders() -> dict[str, int]:
    """Round periods closing (evaluation/reminders.py); the ledger sends each reminder once."""
    return reminders.sweep()

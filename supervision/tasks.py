"""Thin tasks of supervision (celery beat runs them, see schedule.py)."""

from celery import shared_task

from supervision.reminders import sweep


@shared_task(acks_late=True)
def remind() -> int:
    """整改 reports and inquiry commitments near or past their deadline (once each)."""
    return sweep()

"""Thin tasks of the filings app (celery beat runs them, see schedule.py)."""

from celery import shared_task

from filings.services.reminders import reminders_sweep


@shared_task(acks_late=True)
def remind_deadlines() -> int:
    """Remind filers (and staff, once overdue) of filing and correction deadlines, once each."""
    return reminders_sweep()

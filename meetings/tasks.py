"""Thin tasks of the meetings app (celery beat runs them, see schedule.py)."""

from celery import shared_task

from meetings.services.notices import reminders_sweep


@shared_task(acks_late=True)
def remind_events() -> int:
    """Remind invitees once before an event starts (ledger: safe to run twice at once)."""
    return reminders_sweep()

"""Thin tasks: the reminder sweep (celery beat, see schedule.py)."""

from celery import shared_task

from suggestions import reminders, unrated


@shared_task(acks_late=True)
def sweep_suggestion_reminders() -> dict[str, int]:
    """Safe to run twice or in two workers at once: the ledger sends each reminder once."""
    return reminders.sweep()


@shared_task(acks_late=True)
def sweep_unrated_replies() -> dict[str, int]:
    """Replies nobody rates (suggestions/unrated.py): remind, then record 未测评; idempotent."""
    return unrated.sweep()

"""Thin tasks of the contacts app (celery beat runs them, see schedule.py)."""

from celery import shared_task

from contacts.services.issues import results_sync
from contacts.services.reminders import reminders_sweep


@shared_task(acks_late=True)
def remind_behind() -> int:
    """Contactors behind their yearly target, reminded once a month from 1 Nov (ledger)."""
    return reminders_sweep()


@shared_task(acks_late=True)
def sync_results() -> int:
    """Converted issues whose opinion, suggestion or task has a result."""
    return results_sync()

"""Thin tasks of worktasks (celery beat runs them, see schedule.py)."""

from celery import shared_task

from worktasks.services.reminders import reminders_sweep


@shared_task(acks_late=True)
def remind_tasks() -> int:
    """Remind owners once before and after a task's deadline (ledger: safe to run twice)."""
    return reminders_sweep()

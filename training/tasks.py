"""Thin tasks: call a service; safe to run twice."""

from celery import shared_task

from training.services.sessions import lectures_reconcile


@shared_task
def reconcile_lectures() -> int:
    """Lectures of sessions whose event meetings cancelled or moved leave or follow the archive."""
    return lectures_reconcile()

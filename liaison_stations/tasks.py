"""Thin tasks: call a service; safe to run twice."""

from celery import shared_task

from liaison_stations.services.duty_notices import duty_notices_send


@shared_task
def sweep_duty_notices() -> int:
    """Notices to deputies on duty in two days (once per deputy and day, by the ledger)."""
    return duty_notices_send()

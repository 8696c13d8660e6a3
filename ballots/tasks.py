"""Thin tasks of the ballots app (celery beat runs them, see schedule.py)."""

from celery import shared_task

from ballots import services


@shared_task(acks_late=True)
def sweep_ballots() -> dict[str, int]:
    """Close and count ballots past their closing time; remind voters once a day before.
    Safe to run twice or in two workers at once (see services.ballots_sweep)."""
    return services.ballots_sweep()

"""Thin tasks of the ballots app (celery beat runs them, see schedule.py)."""

from celery import shared_task

from ballots.services.counting import ballots_sweep


@shared_task(acks_late=True)
def sweep_ballots() -> dict[str, int]:
    """Close and count ballots past their closing time; remind voters once a day before.
    Safe to run twice or in two workers at once (see ballots_sweep)."""
    return ballots_sweep()

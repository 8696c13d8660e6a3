"""Thin tasks: take ids, call the delivery code, safe to run twice."""

from celery import shared_task

from congress import outbox
from congress.jobs import services as jobs
from congress.models import Notification, OutboxMessage


@shared_task(acks_late=True)
def send_outbox(ids: list[int] | None = None) -> int:
    """Send the outbox rows `ids` (those still due: a second run or worker finds none)."""
    return outbox.send_due(ids=ids)["sent"]


@shared_task
def sweep_outbox() -> dict[str, int]:
    """Beat: what no task carried (broker down, a worker killed), and retries whose time came."""
    return outbox.sweep()


@shared_task
def deliver_notifications(ids: list[int], *, email: bool = True, sms: bool = False) -> int:
    """The task before the outbox, kept for messages queued before an upgrade: the
    notifications not yet sent, and not yet in the outbox, go through it now."""
    notes = (
        Notification.objects.filter(pk__in=ids)
        .exclude(
            pk__in=OutboxMessage.objects.filter(notification_id__in=ids).values("notification")
        )
        .select_related("recipient")
    )
    rows = outbox.for_notifications(
        [n for n in notes if not (n.emailed_at or n.texted_at)], email=email, sms=sms
    )
    return len(outbox.queue(rows)) if rows else 0


@shared_task(acks_late=True)
def run_job(job_id: str) -> str:
    """Run a job (congress/jobs); a second delivery or worker finds it taken and does nothing."""
    return jobs.job_run(job_id=job_id)


@shared_task
def sweep_jobs() -> dict[str, int]:
    """Beat: jobs whose worker died or whose task never arrived, and expired jobs and files."""
    return jobs.jobs_sweep()

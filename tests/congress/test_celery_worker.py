"""A real Celery worker on Redis runs a task and its effect lands in the database."""

import os

import pytest
from django.core import mail

from congress.celery import app
from congress.models import Notification
from congress.tasks import deliver_notifications

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
]


@pytest.fixture
def redis_worker(settings):
    from celery.contrib.testing.worker import start_worker

    app.conf.update(
        task_always_eager=False, broker_url=os.environ["REDIS_URL"], result_backend=None
    )
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10
        ):
            yield app
    finally:
        app.conf.update(task_always_eager=True, broker_url="memory://")


def test_a_worker_on_redis_delivers_a_notification(redis_worker, dongkou_staff):
    dongkou_staff.email = "staff@example.org"
    dongkou_staff.save()
    row = Notification.objects.create(recipient=dongkou_staff, title="测试投递")

    result = deliver_notifications.apply_async(args=[[row.pk]], kwargs={"email": True})
    # No result backend: wait for the effect in the database instead.
    import time

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        row.refresh_from_db()
        if row.emailed_at:
            break
        time.sleep(0.2)
    assert result.id
    assert row.emailed_at is not None
    assert [m.subject for m in mail.outbox] == ["测试投递"]

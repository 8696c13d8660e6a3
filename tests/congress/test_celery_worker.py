"""A real Celery worker on Redis runs a task and its effect lands in the database."""

import os

import pytest
from django.core import mail
from django.db import transaction

from congress.models import OutboxMessage
from congress.notifications import notify
from tests.waiting import wait_until
from tests.workers import real_worker

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
]


@pytest.fixture
def redis_worker(settings):
    with real_worker() as worker_app:
        yield worker_app


def test_a_worker_on_redis_sends_a_notification_through_the_outbox(redis_worker, dongkou_staff):
    dongkou_staff.email = "staff@example.org"
    dongkou_staff.save()
    with transaction.atomic():  # the outbox row commits with the notification, then is queued
        (row,) = notify(recipients=[dongkou_staff], title="测试投递")
    message = OutboxMessage.objects.get(notification=row)
    # No result backend: wait for the effect in the database instead.
    wait_until(lambda: OutboxMessage.objects.filter(pk=message.pk, status="sent").exists())
    message.refresh_from_db()
    row.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 1
    assert row.emailed_at is not None
    assert [m.subject for m in mail.outbox] == ["测试投递"]

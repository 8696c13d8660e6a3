"""The beat entry's task, run by a real worker on Redis (its own queue), twice: one notice."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from congress.models import Notification, SentReminder
from liaison_stations.models import DutyShift
from liaison_stations.schedule import SCHEDULE
from liaison_stations.tasks import sweep_duty_notices
from tests.waiting import runs_finished, wait_until
from tests.workers import real_worker

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
]


@pytest.fixture
def redis_worker():
    with real_worker() as worker_app:
        yield worker_app


def test_the_beat_task_runs_on_a_worker_and_twice_still_sends_one_notice(
    redis_worker, dongkou_station, wang, deputy_user
):
    assert SCHEDULE["liaison-stations-duty-notices"]["task"] == sweep_duty_notices.name
    DutyShift.objects.create(
        station=dongkou_station,
        deputy=wang,
        date=timezone.localdate() + timedelta(days=2),
        start_time="09:00",
        end_time="12:00",
    )
    with runs_finished(sweep_duty_notices) as finished:
        sweep_duty_notices.apply_async()
        sweep_duty_notices.apply_async()
        assert wait_until(lambda: len(finished) == 2), "the worker did not finish both runs"
    assert SentReminder.objects.filter(kind="duty_notice").count() == 1
    assert Notification.objects.filter(recipient=deputy_user, kind="duty_notice").count() == 1

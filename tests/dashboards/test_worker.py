"""A real Celery worker on Redis runs the beat task that rebuilds the dashboard's rows."""

import os

import pytest

from congress.dashboards.models import Fact, Refresh
from congress.dashboards.schedule import SCHEDULE
from congress.dashboards.tasks import refresh_facts
from tests.waiting import wait_until
from tests.workers import real_worker

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
]


@pytest.fixture
def redis_worker():
    with real_worker(queues=None) as worker_app:
        yield worker_app


def test_a_worker_rebuilds_the_rows_the_beat_schedule_asks_for(redis_worker, world):
    Fact.objects.all()._raw_delete(Fact.objects.db)
    Refresh.objects.all().delete()
    entry = SCHEDULE["dashboards-rebuild-nightly"]
    assert entry["task"] == "congress.dashboards.tasks.refresh_facts"
    refresh_facts.apply_async(kwargs=entry.get("kwargs", {}))
    wait_until(lambda: Refresh.objects.filter(source="suggestions.dashboard").exists())
    assert Refresh.objects.filter(source="suggestions.dashboard").exists()
    assert Fact.objects.filter(metric="suggestions", tier="t").exists()

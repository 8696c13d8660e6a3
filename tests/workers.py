"""A real Celery worker on Redis for the tests that need one, in one place. It starts from fresh
connection pools and no remembered broker outage (`tests.outages.broker_at`): a test that ran
before it may have pointed the producer at a dead broker, and a worker test that merely set
`broker_url` then published into nothing and waited in vain."""

import contextlib
import os

import celery.contrib.testing.tasks  # noqa: F401 - the ping task the worker check uses
from celery.contrib.testing.worker import start_worker

from tests.outages import broker_at


@contextlib.contextmanager
def real_worker(**options):
    """Inside the block, tasks go to Redis ($REDIS_URL) and a worker thread runs them."""
    options = {"pool": "solo", "perform_ping_check": False, "loglevel": "WARNING",
               "shutdown_timeout": 20, "queues": ["default", "reminders"], **options}  # fmt: skip
    with broker_at(os.environ["REDIS_URL"]) as app:
        app.conf.update(result_backend=None)
        with start_worker(app, **options):
            yield app

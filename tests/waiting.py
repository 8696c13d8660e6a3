"""Waiting for what a test asserts, never for a fixed time. A loaded 2-core CI machine may take
many seconds to deliver a task to a worker, so the patience is generous; the wait ends as soon
as the condition holds, so a fast machine does not pay for it."""

import contextlib
import time

from celery.signals import task_postrun

PATIENCE = 120  # seconds


def wait_until(condition, *, seconds: float = PATIENCE, every: float = 0.2) -> bool:
    """Poll `condition()` until it is true (True) or `seconds` have passed (False)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() >= deadline:
            return False
        time.sleep(every)
    return True


@contextlib.contextmanager
def runs_finished(task):
    """Yields a list that gets one entry each time a worker (in this process) finishes `task`,
    so a test can wait for the second run instead of sleeping."""
    finished = []

    def on_postrun(sender=None, task_id=None, **_):
        if getattr(sender, "name", None) == task.name:
            finished.append(task_id)

    task_postrun.connect(on_postrun, weak=False)
    try:
        yield finished
    finally:
        task_postrun.disconnect(on_postrun)

"""Work that follows a commit. The write has already been committed when these run, so an
error here (the broker is down, Redis never answers, a file is gone) must not turn a saved
change into a 500 that invites the user to save it twice: it is logged and swallowed. What
matters is carried elsewhere: e-mails and texts are rows of the outbox, and the outbox sweep
sends those whose task never arrived."""

import logging
from collections.abc import Callable

from django.db import transaction
from kombu.exceptions import OperationalError

from congress.outage import Outage

log = logging.getLogger(__name__)
# After a failure to publish, the next requests do not wait for the broker's timeout again.
broker_outage = Outage("broker")


def enqueue_after_commit(task, *args, **kwargs) -> None:
    """Queue `task.delay(*args, **kwargs)` once the current transaction commits."""
    transaction.on_commit(lambda: _enqueue(task, args, kwargs))


def run_after_commit(func: Callable[[], object]) -> None:
    """Run `func()` once the current transaction commits; an error is logged, never raised."""
    transaction.on_commit(lambda: _run(func))


def _enqueue(task, args, kwargs) -> None:
    name = getattr(task, "name", task)
    if broker_outage.ongoing:
        log.warning("broker unavailable, %s not queued (the outbox sweep sends it)", name)
        return
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except (OperationalError, OSError):
        log.exception("broker unavailable, %s not queued; not trying for %ss", name,
                      broker_outage.seconds)  # fmt: skip
        broker_outage.began()
    except Exception:  # noqa: BLE001 - the write is committed (an eager task's own error)
        log.exception("%s failed after commit", name)


def _run(func) -> None:
    try:
        func()
    except Exception:  # noqa: BLE001 - the write is committed; this was a best-effort follow-up
        log.exception("after-commit work %s failed", getattr(func, "__name__", func))

"""Stand-ins for what breaks outside: a port nobody listens on, a server that accepts
connections and never answers, an SMS gateway that refuses; and switches that make this process
publish tasks to a given broker, or use the production Redis cache at a given address."""

import contextlib
import socket
import threading
import time

from congress import cache as resilient_cache
from congress import queue
from congress.celery import app
from congress.settings.base import redis_cache
from congress.sms import MemoryBackend


class FlakySms:
    """An SMS gateway (settings.SMS_BACKEND = "tests.outages.FlakySms") that refuses while
    `down` is true and otherwise records into MemoryBackend.outbox."""

    down = True

    def send(self, phone, text):
        if FlakySms.down:
            raise ConnectionError("短信网关无响应")
        MemoryBackend.outbox.append((phone, text))


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: connections are refused


@contextlib.contextmanager
def silent_server():
    """Yields the port of a server that accepts every connection and never says a word."""
    server, held, done = socket.socket(), [], threading.Event()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.2)

    def accept():
        while not done.is_set():
            with contextlib.suppress(OSError):
                held.append(server.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        done.set()
        thread.join(2)
        for conn in held:
            conn.close()
        server.close()


def reset_outages() -> None:
    queue.broker_outage.ended()
    resilient_cache.outage.ended()


@contextlib.contextmanager
def broker_at(url: str):
    """Tasks are published to `url` (not run inline) inside the block."""

    def reset_pools():
        app._pool = None
        app.amqp._producer_pool = None

    reset_outages()
    app.conf.update(task_always_eager=False, broker_url=url)
    reset_pools()
    try:
        yield app
    finally:
        app.conf.update(task_always_eager=True, broker_url="memory://")
        reset_pools()
        reset_outages()


@contextlib.contextmanager
def cache_at(settings, url: str):
    """The default cache is the production Redis cache (congress.settings.base) at `url`."""
    before = settings.CACHES
    reset_outages()
    settings.CACHES = {"default": redis_cache(url)}
    try:
        yield
    finally:
        settings.CACHES = before
        reset_outages()


# How long a request may take while Redis is down or silent: its socket timeout is 1 s and a
# blocked request used to wait 30 s; the margin is for a loaded 2-core CI machine.
SLOW = 10


def within(seconds: float, work):
    """Run `work()` in a thread; its result and how long it took, or fail after `seconds`."""
    out, started = {}, time.monotonic()

    def run():
        try:
            out["result"] = work()
        except BaseException as exc:  # noqa: BLE001 - raised again in the test's thread
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still waiting after {seconds} s"
    if "error" in out:
        raise out["error"]
    return out["result"], time.monotonic() - started

"""Stand-ins for a broken Redis: a port nobody listens on, and a server that accepts
connections and never answers; and a switch that makes this process publish tasks to a given
broker instead of running them inline."""

import contextlib
import socket
import threading

from congress import cache as resilient_cache
from congress import queue


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
    from congress.celery import app

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

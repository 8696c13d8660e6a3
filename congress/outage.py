"""Remembers, per process, that a service did not answer, so that during an outage only the
first request waits for the socket timeout and the next ones skip the service at once."""

import time


class Outage:
    def __init__(self, name: str, seconds: float = 30.0):
        self.name, self.seconds, self._until = name, seconds, 0.0

    @property
    def ongoing(self) -> bool:
        return time.monotonic() < self._until

    def began(self) -> None:
        self._until = time.monotonic() + self.seconds

    def ended(self) -> None:
        self._until = 0.0

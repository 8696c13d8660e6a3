"""SMS goes through a gateway interface. The real gateway is a deployment's own adapter
(SMS_BACKEND=dotted.path.Backend); here a file backend records what would be sent."""

import threading
from datetime import datetime

from django.conf import settings
from django.utils.module_loading import import_string


class BaseBackend:
    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class FileBackend(BaseBackend):
    """Appends one line per message to SMS_FILE_PATH (the demo's stand-in for a gateway)."""

    _lock = threading.Lock()

    def send(self, phone, text):
        path = settings.SMS_FILE_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, path.open("a", encoding="utf-8") as fh:
            fh.write(f"{datetime.now():%Y-%m-%d %H:%M:%S}\t{phone}\t{text}\n")


class ConsoleBackend(BaseBackend):
    def send(self, phone, text):
        print(f"[SMS] {phone}: {text}")  # noqa: T201 - the console backend's whole job


class MemoryBackend(BaseBackend):
    """Keeps messages in `outbox` for tests."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone, text):
        MemoryBackend.outbox.append((phone, text))


def send_sms(phone: str, text: str) -> None:
    import_string(settings.SMS_BACKEND)().send(phone, text)

"""How bench/api_walk.py sends its requests: through gunicorn on loopback with a logged-in
session per role (HttpTransport; the SQL from bench/settings.py's query log), or in-process
with Django's test client (ClientTransport, --in-process and the test: the SQL from
CaptureQueriesContext). Both answer (status, ms, body, queries)."""

import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench._walk_accounts import PASSWORD
from bench._walk_sql import read_log

ROOT = Path(__file__).resolve().parent.parent


def start_gunicorn(port: int, workers: int, env: dict) -> subprocess.Popen:
    import requests  # noqa: PLC0415 (a dev dependency; the in-process transport needs none)

    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "congress.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", str(workers), "--timeout", "120", "--access-logfile", "/dev/null",
         "--error-logfile", "-", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(150):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code in (
                200,
                503,
            ):
                return proc
        except requests.RequestException:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:  # a worker still inside a long request
        proc.kill()
        proc.wait(timeout=10)


def login(base: str, username: str):
    import requests  # noqa: PLC0415

    session = requests.Session()
    session.get(f"{base}/login/", timeout=30)
    r = session.post(
        f"{base}/login/",
        data={"username": username, "password": PASSWORD,
              "csrfmiddlewaretoken": session.cookies.get("csrftoken")},
        headers={"Referer": f"{base}/login/"}, timeout=60,
    )  # fmt: skip
    if "/login/" in r.url:
        raise SystemExit(f"could not log in as {username}")
    return session


def _body(content_type: str, content: bytes):
    if "json" in content_type:
        try:
            return json.loads(content)
        except ValueError:
            return None
    return None


class HttpTransport:
    def __init__(self, port: int, accounts: dict, log_path: str):
        import requests  # noqa: PLC0415

        self.base = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        self.sessions = {
            role: (login(self.base, user) if user else requests.Session())
            for role, user in accounts.items()
        }
        self.ids = itertools.count()

    def get(self, role: str, path: str, capture: bool = False):
        import requests  # noqa: PLC0415

        headers = {}
        if capture:
            bench_id = f"{os.getpid()}-{next(self.ids)}"
            headers["X-Bench-Id"] = bench_id
        t = time.perf_counter()
        try:
            r = self.sessions[role].get(self.base + path, headers=headers, timeout=180)
        except requests.RequestException:  # the worker was killed (timeout): reported as a 5xx
            return 599, (time.perf_counter() - t) * 1000, None, None
        ms = (time.perf_counter() - t) * 1000
        queries = None
        if capture:
            for _ in range(50):  # the worker appends its line as the response leaves
                entry = read_log(self.log_path).get(bench_id)
                if entry:
                    queries = entry["queries"]
                    break
                time.sleep(0.02)
        return r.status_code, ms, _body(r.headers.get("Content-Type", ""), r.content), queries


class ClientTransport:
    def __init__(self, accounts: dict):
        from django.test import Client  # noqa: PLC0415 (needs django.setup())

        from congress.models import User  # noqa: PLC0415

        self.clients = {}
        for role, username in accounts.items():
            client = Client()
            if username:
                client.force_login(User.objects.get(username=username))
            self.clients[role] = client

    def get(self, role: str, path: str, capture: bool = False):
        from django.db import connection  # noqa: PLC0415
        from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            r = self.clients[role].get(path)
            if getattr(r, "streaming", False):
                b"".join(r.streaming_content)
                content = b""
            else:
                content = r.content
            ms = (time.perf_counter() - t) * 1000
        queries = [q["sql"] for q in ctx.captured_queries] if capture else None
        return r.status_code, ms, _body(r.get("Content-Type", ""), content), queries

"""The SQL a request issued, and the same statements run directly (bench/api_walk.py).

QueryLogMiddleware (installed by bench/settings.py when BENCH_QUERY_LOG is set) records, for a
request that carries X-Bench-Id, every statement as the driver sent it (psycopg2's
`cursor.query`, parameters bound) and appends one JSON line per request to the log file.
`replay` times those statements over a plain psycopg2 connection: the "plain SQL" figure."""

import json
import os
import statistics
import time

from django.conf import settings
from django.db import connections

READS = ("SELECT", "WITH")


class QueryLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bench_id = request.headers.get("X-Bench-Id")
        if not bench_id:
            return self.get_response(request)
        queries = []

        def record(execute, sql, params, many, context):
            result = execute(sql, params, many, context)
            raw = getattr(context["cursor"].cursor, "query", None)
            queries.append(raw.decode() if isinstance(raw, bytes) else (raw or sql))
            return result

        with connections["default"].execute_wrapper(record):
            response = self.get_response(request)
            if getattr(response, "streaming", False):
                response = _drain(response)
        line = json.dumps({"id": bench_id, "status": response.status_code, "queries": queries})
        fd = os.open(settings.BENCH_QUERY_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, (line + "\n").encode())
        finally:
            os.close(fd)
        return response


def _drain(response):
    """A streaming response's queries run while it is read: read it inside the wrapper."""
    from django.http import HttpResponse  # noqa: PLC0415 (only for the rare streaming answer)

    body = b"".join(response.streaming_content)
    plain = HttpResponse(body, status=response.status_code)
    for key, value in response.items():
        plain[key] = value
    return plain


def read_log(path: str) -> dict[str, dict]:
    out = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                entry = json.loads(line)
                out[entry["id"]] = entry
    return out


def replay(cursor, queries: list[str], rounds: int = 3, nested: bool = False) -> float | None:
    """Median ms of running the request's read statements directly, in a read-only
    transaction that is rolled back (writes such as the session's touch are left out);
    nested: inside the caller's transaction (the test), with a savepoint instead."""
    reads = [q for q in queries if q.lstrip().upper().startswith(READS)]
    if not reads:
        return None
    begin, end = (
        ("SAVEPOINT walk", "ROLLBACK TO SAVEPOINT walk")
        if nested
        else ("BEGIN READ ONLY", "ROLLBACK")
    )
    runs = []
    for _ in range(rounds):
        cursor.execute(begin)
        t = time.perf_counter()
        try:
            for sql in reads:
                cursor.execute(sql)
                if cursor.description is not None:
                    cursor.fetchall()
        finally:
            runs.append((time.perf_counter() - t) * 1000)
            cursor.execute(end)
    return statistics.median(runs)

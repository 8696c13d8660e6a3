"""The audit guard: no request of the test suite may write an audited table without writing an
audit row for that model in the same request.

It is the proof that no write path skips the audit trail, whatever the path does (a save, a
queryset update, bulk_create, a cascade, raw SQL, COPY): every request the suite makes through
the Django test client or DRF's APIClient passes through `AuditGuardMiddleware` (the outermost
middleware of congress.settings.test), which reads PostgreSQL's per-transaction counters
`pg_stat_xact_user_tables` (n_tup_ins, n_tup_upd, n_tup_del: exact and up to date within the
current transaction) before and after the request. A table of an audited model
(congress.audit.AUDITED_APPS minus NOT_AUDITED; a many-to-many table belongs to both its ends)
written during the request with no AuditLog row for that model created during it fails the
test, naming the path, the tables and their counts.

What does not count as a write:
  * rows written inside a savepoint that was rolled back (PostgreSQL counts attempted writes;
    the guard subtracts what each ROLLBACK TO SAVEPOINT discarded, and the audit rows written
    there are discarded with them);
  * UPDATEs that set only bookkeeping columns (congress.audit.UNAUDITED_FIELDS: a login's
    last_login, a token's last_used_at).

Active on PostgreSQL, inside the test's transaction (the django_db tests; a live server's
requests run in autocommit, where the counters restart with every statement, and are not
checked). Celery tasks the suite runs in-process are watched the same way (their failures are
reported when the test ends). Off when the environment says AUDIT_GUARD=0 or the test is marked
`@pytest.mark.audit_guard_off(reason)`. Its own queries go through the raw driver connection,
so they never show in a test's query counts. AUDIT_GUARD=report lists every offending request
of a run (one JSON line each, in the file AUDIT_GUARD_REPORT) instead of failing the first.
"""

import json
import os
import re
from collections import Counter
from contextlib import contextmanager

import pytest
from celery.signals import task_postrun, task_prerun
from django.apps import apps
from django.db import connection

from congress import audit

KINDS = ("ins", "upd", "del")
_SAVEPOINT = re.compile(
    r'^\s*(SAVEPOINT|ROLLBACK TO SAVEPOINT|RELEASE SAVEPOINT)\s+"?([\w]+)"?', re.I
)
_UPDATE = re.compile(r'^\s*UPDATE\s+"?(\w+)"?\s+SET\s+(.*?)\s+WHERE\s', re.I | re.S)
_SET_COLUMN = re.compile(r'(?:^|,\s*)"?(\w+)"?\s*=\s*')

_switch = {"off": False, "test": ""}
_tables: dict[str, frozenset[str]] = {}
_labels: dict[str, str] = {}


def enabled() -> bool:
    return os.environ.get("AUDIT_GUARD", "1") != "0" and not _switch["off"]


def set_test(nodeid: str) -> None:
    """The test running now (conftest), named in the report."""
    _switch["test"] = nodeid


@contextmanager
def switched_off():
    """For the few tests that must write without the guard (marked audit_guard_off)."""
    before = _switch["off"]
    _switch["off"] = True
    try:
        yield
    finally:
        _switch["off"] = before


def audited_tables() -> dict[str, frozenset[str]]:
    """db_table -> the model labels whose audit row covers a write of it."""
    if not _tables:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.proxy or not meta.managed:
                continue
            if meta.auto_created:  # a many-to-many table: a row of it belongs to both ends
                ends = {
                    f.related_model._meta.label
                    for f in meta.concrete_fields
                    if f.is_relation and audit.audited(f.related_model)
                }
                if ends:
                    _tables[meta.db_table] = frozenset(ends)
            elif audit.audited(model):
                _tables[meta.db_table] = frozenset({meta.label})
    return _tables


def _label_of_table(table: str) -> str | None:
    if not _labels:
        _labels.update(
            (m._meta.db_table, m._meta.label)
            for m in apps.get_models(include_auto_created=True)
            if not m._meta.proxy
        )
    return _labels.get(table)


def _raw(sql: str, params=()):
    with connection.connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _counts() -> Counter:
    rows = _raw(
        "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables"
        " WHERE schemaname = current_schema() AND n_tup_ins + n_tup_upd + n_tup_del > 0"
    )
    counts = Counter()
    tables = audited_tables()
    for table, *values in rows:
        if table in tables:
            for kind, value in zip(KINDS, values, strict=True):
                if value:
                    counts[table, kind] = value
    return counts


def _last_audit_id() -> int:
    return _raw("SELECT COALESCE(MAX(id), 0) FROM congress_auditlog")[0][0]


class _Watch:
    """The writes of one request, net of what rolled-back savepoints discarded and of
    bookkeeping-only updates."""

    def __init__(self):
        self.start = _counts()
        self.last_audit = _last_audit_id()
        self.seq = 0
        self.open: list[tuple[str, int, Counter]] = []  # (savepoint, seq, counts at its start)
        self.discarded: dict[int, Counter] = {}  # seq of a rolled-back savepoint -> its writes
        # (innermost open savepoint's seq, table, rows) of each bookkeeping-only UPDATE
        self.bookkeeping_rows: list[tuple[int, str, int]] = []

    # connection.execute_wrapper
    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not isinstance(sql, str):
            return result
        savepoint = _SAVEPOINT.match(sql)
        if savepoint:
            self._savepoint(savepoint.group(1).upper(), savepoint.group(2))
        elif not many:
            update = _UPDATE.match(sql)
            if update and _bookkeeping(update.group(1), update.group(2)):
                rows = context["cursor"].rowcount or 0
                inner = self.open[-1][1] if self.open else 0
                self.bookkeeping_rows.append((inner, update.group(1), max(rows, 0)))
        return result

    def _savepoint(self, verb: str, name: str):
        if verb == "SAVEPOINT":
            self.seq += 1
            self.open.append((name, self.seq, _counts()))
            return
        index = next(
            (i for i in range(len(self.open) - 1, -1, -1) if self.open[i][0] == name), None
        )
        if index is None:
            return
        _name, seq, began = self.open[index]
        if verb == "RELEASE SAVEPOINT":
            del self.open[index:]
            return
        # ROLLBACK TO SAVEPOINT: everything since it began is undone (PostgreSQL still counts it);
        # what was counted as discarded inside it is part of this and must not count twice.
        now = _counts()
        for later in [s for s in self.discarded if s > seq]:
            del self.discarded[later]
        self.bookkeeping_rows = [b for b in self.bookkeeping_rows if b[0] < seq]
        self.discarded[seq] = self.discarded.get(seq, Counter()) + (now - began)
        del self.open[index + 1 :]
        self.open[index] = (name, seq, now)  # the savepoint stays, starting afresh

    def written(self) -> Counter:
        net = _counts() - self.start
        for discarded in self.discarded.values():
            net -= discarded
        for _seq, table, rows in self.bookkeeping_rows:
            net[table, "upd"] -= rows
        return +net

    def audited_models(self) -> set[str]:
        return {
            model
            for (model,) in _raw(
                "SELECT DISTINCT model FROM congress_auditlog WHERE id > %s", [self.last_audit]
            )
        }


def _bookkeeping(table: str, set_clause: str) -> bool:
    label = _label_of_table(table)
    if label is None or label not in audit.UNAUDITED_FIELDS:
        return False
    columns = set(_SET_COLUMN.findall(set_clause))
    names = {f.name for f in apps.get_model(label)._meta.concrete_fields if f.column in columns}
    return bool(columns) and len(names) == len(columns) and audit.bookkeeping_only(label, names)


def active() -> bool:
    return (
        enabled()
        and connection.vendor == "postgresql"
        and connection.in_atomic_block
        and connection.connection is not None
        and not connection.needs_rollback
    )


_watching: dict = {"depth": 0, "pending": [], "tasks": {}}


@contextmanager
def watching(what: str, *, defer: bool = False):
    """Check the writes of the block (a request, a task) against its audit rows; fails the test
    with `what`, the tables and their counts when an audited table was written without one
    (`defer`: at the end of the test instead, for a task, whose runner catches errors). A block
    inside one already watched (a task run eagerly by a request) is part of the outer one."""
    if _watching["depth"] or not active():
        yield
        return
    watch = _Watch()
    _watching["depth"] += 1
    try:
        with connection.execute_wrapper(watch):
            yield
    finally:
        _watching["depth"] -= 1
    if connection.needs_rollback or connection.connection is None:
        return  # the transaction is broken; the request's own error says why
    offenders = offending(watch.written(), watch.audited_models())
    if not offenders:
        return
    if os.environ.get("AUDIT_GUARD") == "report":
        line = {"test": _switch["test"], "request": what, "tables": offenders}
        with open(os.environ.get("AUDIT_GUARD_REPORT", "audit_guard.jsonl"), "a") as report:
            report.write(json.dumps(line, ensure_ascii=False) + "\n")
        return
    if defer:
        _watching["pending"].append(describe(what, offenders))
        return

    pytest.fail(describe(what, offenders), pytrace=False)


def take_pending() -> list[str]:
    """The failures found in tasks since the last call (conftest fails the test with them)."""
    pending, _watching["pending"] = _watching["pending"], []
    return pending


def _task_started(task_id=None, task=None, **kwargs):
    watch = watching(f"task {getattr(task, 'name', task)}", defer=True)
    watch.__enter__()
    _watching["tasks"][task_id] = watch


def _task_finished(task_id=None, **kwargs):
    watch = _watching["tasks"].pop(task_id, None)
    if watch is not None:
        watch.__exit__(None, None, None)


# Celery tasks, run in-process by the suite (CELERY_TASK_ALWAYS_EAGER), are write paths too.
task_prerun.connect(_task_started, weak=False, dispatch_uid="audit_guard_task_started")
task_postrun.connect(_task_finished, weak=False, dispatch_uid="audit_guard_task_finished")


def offending(written: Counter, audited_models: set[str]) -> dict[str, dict[str, int]]:
    """{table: {"ins": n, "upd": n, "del": n}} of the tables written with no audit row of theirs."""
    tables = audited_tables()
    offenders: dict[str, dict[str, int]] = {}
    for (table, kind), count in sorted(written.items()):
        if count > 0 and not tables[table] & audited_models:
            offenders.setdefault(table, {})[kind] = count
    return offenders


def describe(what: str, offenders: dict[str, dict[str, int]]) -> str:
    tables = audited_tables()
    parts = [
        f"{table} ({'/'.join(sorted(tables[table]))}): "
        + ", ".join(f"{kind} {n}" for kind, n in counts.items())
        for table, counts in offenders.items()
    ]
    return f"audit guard: {what} wrote without an audit row: " + "; ".join(parts)


class AuditGuardMiddleware:
    """congress.settings.test puts this first: every request the suite makes is watched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with watching(f"{request.method} {request.get_full_path()}"):
            return self.get_response(request)

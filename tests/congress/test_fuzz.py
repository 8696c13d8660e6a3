"""Schema fuzzing: schemathesis generates requests from the whole OpenAPI schema (valid and
invalid ones) and sends them through the real WSGI stack as staff, as a deputy and anonymously,
against records of every kind (tests/congress/test_scope_matrix.py's 洞口县 world). No answer may
be a server error, and every answer to a valid request must be what the schema says: a documented
status code, its content type and a body matching its schema (schemathesis'
response_schema_conformance, status_code_conformance, content_type_conformance; the schema is
congress.schema's typed contract). Everything the requests create stays in the test database's
transaction.

The suite runs a small budget; `make fuzz` runs a larger one (FUZZ_EXAMPLES per operation,
mode and persona)."""

import os
import re
import sys
import time
import traceback
from collections import Counter
from contextlib import contextmanager, suppress

import pytest
import schemathesis
from django.contrib.auth import HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import DatabaseError, close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from congress.models import Role
from tests.conftest import make_user
from tests.congress.test_scope_matrix import dongkou_world  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))
CSRF = "f" * 32  # the same secret in the cookie and the header: DRF's session check passes
CONFORMANCE = [status_code_conformance, content_type_conformance, response_schema_conformance]


class InTransactionWSGI(WSGIHandler):
    """Django's WSGI handler inside the test's transaction: each request runs in a savepoint (a
    failed query must not end the run), and the exceptions behind server errors are collected
    in `causes`, by type and the project's last frame."""

    def __init__(self):
        super().__init__()
        self.causes = Counter()

    def __call__(self, environ, start_response):
        savepoint = transaction.savepoint()
        try:
            return super().__call__(environ, start_response)
        finally:
            try:
                transaction.savepoint_commit(savepoint)
            except DatabaseError:
                transaction.savepoint_rollback(savepoint)

    def collect(self, sender, request, **kwargs):
        exc_type, exc, tb = sys.exc_info()
        frames = [f for f in traceback.extract_tb(tb) if "/.venv/" not in f.filename]
        where = (
            f"{frames[-1].filename.rsplit('/main/', 1)[-1]}:{frames[-1].lineno}" if frames else "?"
        )
        path = re.sub(r"/\d+/", "/N/", request.path)
        self.causes[
            f"{exc_type.__name__}: {str(exc)[:120]} at {where} ({request.method} {path})"
        ] += 1

    @contextmanager
    def serving(self):
        """While fuzzing, a request's end does not close the connection (that would leave the
        test's transaction), as inside Django's test client."""
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        signals.got_request_exception.connect(self.collect)
        try:
            yield
        finally:
            signals.got_request_exception.disconnect(self.collect)
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)


class Persona:
    """Who calls: a logged-in session (re-made when a request ended it: logout, a password
    change) or nobody."""

    def __init__(self, user):
        self.user = user
        self.key = None

    def cookies(self) -> dict:
        if self.user is None:
            return {"csrftoken": CSRF}
        self.user.refresh_from_db()
        session = SessionStore(self.key) if self.key else None
        if session is None or session.get(HASH_SESSION_KEY) != self.user.get_session_auth_hash():
            client = Client()
            client.force_login(self.user)
            self.key = client.cookies["sessionid"].value
        return {"sessionid": self.key, "csrftoken": CSRF}


def _schema(app, cookies):
    client = Client()
    client.cookies.load(cookies)
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    raw = response.json()
    # Who calls is the persona's session, not a generated cookie or Authorization header.
    raw["components"].pop("securitySchemes", None)
    for operations in raw["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict):
                operation.pop("security", None)
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = app
    return schema


def _known_ids(world) -> dict[str, dict]:
    """Path parameters that name real 洞口县 records, by the path's prefix (longest first)."""
    w = world
    sug = w["suggestion"].pk
    table = {
        "/api/v1/deputies/": {"id": w["deputy"].pk},
        "/api/v1/mandates/": {"id": w["mandate"].pk},
        "/api/v1/liaison/stations/": {"id": w["station"].pk},
        "/api/v1/liaison/memberships/": {"id": w["membership"].pk},
        "/api/v1/liaison/shifts/": {"id": w["shift"].pk},
        "/api/v1/liaison/opinions/": {"id": w["opinion"].pk},
        "/api/v1/suggestions/": {"id": sug, "attachment_id": w["attachment"].pk},
        "/api/v1/performance/entries/": {"id": w["entry"].pk},
        "/api/v1/performance/deputies/": {"id": w["deputy"].pk},
        "/api/v1/performance/rule-sets/": {"id": w["rule_set"].pk},
        "/api/v1/performance/snapshots/": {"id": w["snapshot"].pk},
        "/api/v1/evaluation/systems/": {"id": w["system"].pk},
        "/api/v1/evaluation/rounds/": {"id": w["round"].pk},
        "/api/v1/ballots/projects/": {"id": w["project"].pk},
        "/api/v1/ballots/": {"id": w["ballot"].pk},
        "/api/v1/regions/": {"code": "430525"},
        "/api/v1/public/stations/": {"code": w["station"].public_code},
    }
    return dict(sorted(table.items(), key=lambda kv: -len(kv[0])))


def _strategy(operation, mode, known):
    ids = next((v for k, v in known.items() if operation.path.startswith(k)), {})
    names = {p.name for p in operation.path_parameters}
    fixed = {k: v for k, v in ids.items() if k in names}
    free = operation.as_strategy(generation_mode=mode)
    if not fixed:
        return free
    return st.one_of(operation.as_strategy(generation_mode=mode, path_parameters=fixed), free)


def fuzz(schema, persona, known, examples) -> tuple[Counter, list, dict]:
    """Sends `examples` generated requests per operation and mode (valid, then invalid data);
    returns the count of cases per operation, the server errors (operation, status, url, body)
    and the answers to valid requests that the schema does not describe ({operation: why})."""
    cases: Counter = Counter()
    errors: list = []
    nonconforming: dict = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            # Unsatisfiable: no invalid request exists for an operation without input
            with suppress(Unsatisfiable):
                _fuzz_operation(
                    operation, mode, persona, known, examples, cases, errors, nonconforming
                )
    return cases, errors, nonconforming


def _conformance_failure(case, response) -> str:
    """'' when the answer is what the schema documents, else the first line of each failure."""
    try:
        case.validate_response(response, checks=CONFORMANCE)
    except (Failure, FailureGroup) as exc:
        failures = getattr(exc, "exceptions", None) or [exc]
        lines = []
        for failure in failures:
            text = str(getattr(failure, "message", "") or failure).strip()
            title = getattr(failure, "title", type(failure).__name__)
            lines.append(
                f"{response.status_code} {title}: {text.splitlines()[0][:160] if text else ''}"
            )
        return "; ".join(lines)
    return ""


def _fuzz_operation(operation, mode, persona, known, examples, cases, errors, nonconforming):
    label = f"{operation.method.upper()} {operation.path}"

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,  # the same cases on every run
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_strategy(operation, mode, known))
    def run(case):
        cases[label] += 1
        response = case.call(cookies=persona.cookies(), headers={"X-CSRFToken": CSRF})
        if response.status_code >= 500:
            request = response.request
            errors.append((label, response.status_code, request.url, (request.body or b"")[:300]))
        elif mode == GenerationMode.POSITIVE and label not in nonconforming:
            if why := _conformance_failure(case, response):
                nonconforming[label] = why

    run()


def _personas(world):
    staff = world["staff"]
    deputy_user = make_user("fuzz_deputy", role=Role.DEPUTY, name="王秀英")
    world["deputy"].user = deputy_user
    world["deputy"].save(update_fields=["user"])
    return {"staff": staff, "deputy": deputy_user, "anonymous": None}


@pytest.mark.parametrize("persona", ["staff", "deputy", "anonymous"])
def test_no_generated_request_gets_a_server_error(
    dongkou_world,  # noqa: F811
    dongkou_staff,
    persona,
    record_property,
):
    dongkou_world["staff"] = dongkou_staff
    caller = Persona(_personas(dongkou_world)[persona])
    app = InTransactionWSGI()
    schema = _schema(app, Persona(dongkou_staff).cookies())
    started = time.monotonic()
    with app.serving():
        cases, errors, nonconforming = fuzz(schema, caller, _known_ids(dongkou_world), EXAMPLES)
    seconds = time.monotonic() - started
    record_property("fuzz", {"operations": len(cases), "cases": sum(cases.values()),
                             "errors": len(errors), "nonconforming": len(nonconforming),
                             "seconds": round(seconds, 1)})  # fmt: skip
    print(f"\nfuzz {persona}: {len(cases)} operations, {sum(cases.values())} cases, "
          f"{len(errors)} server errors, {seconds:.0f} s")  # fmt: skip
    causes = "\n".join(f"{n} x {c}" for c, n in app.causes.most_common())
    assert errors == [], f"{len(errors)} server errors; causes:\n{causes}\nfirst:\n" + "\n".join(
        map(str, errors[:10])
    )
    by_app = "\n".join(
        f"{label}: {why}" for label, why in sorted(nonconforming.items(), key=lambda kv: kv[0][4:])
    )
    assert not nonconforming, (
        f"{len(nonconforming)} operations answered outside their schema as {persona}:\n{by_app}"
    )

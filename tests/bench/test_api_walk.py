"""bench/api_walk.py, in --quick mode on the test database, in-process: the walker must keep
finding the operations in the schema, filling their parameters and ids from the data, logging
in as each role and replaying the SQL, so that it cannot rot between benchmark runs."""

import pytest
from django.db import connection

from bench import api_walk
from bench._walk_accounts import ensure_accounts
from bench._walk_http import ClientTransport
from tests.conftest import DONGKOU
from tests.liaison_stations.conftest import make_station
from tests.representatives.conftest import make_deputy, term_for

ONLY = ",".join(
    f"{op}$"
    for op in ("/api/v1/deputies/", "/api/v1/deputies/{id}/", "/api/v1/deputies/export/",
               "/api/v1/liaison/stations/{id}/", "/api/v1/regions/{code}/")
)  # fmt: skip


@pytest.fixture
def walked(regions, dongkou_unit):
    term = term_for(DONGKOU)
    for name in ("王小明", "李红", "张伟"):
        make_deputy(name, region=DONGKOU, term=term)
    make_station(DONGKOU, "石江镇代表联络站")
    accounts = ensure_accounts()
    args = api_walk.parse_args(
        ["--quick", "--only", ONLY, "--roles", "province_staff,county_staff,deputy,anonymous",
         "--schema", ""]
    )  # fmt: skip
    walker, writes = api_walk.run(args, ClientTransport(accounts), connection.cursor(), nested=True)
    return {(r.op, r.role, r.variant): r for r in walker.rows}, walker, writes


def test_it_times_a_list_with_its_queries_and_their_plain_sql(walked):
    rows, _, _ = walked
    register = rows[("/api/v1/deputies/", "province_staff", "base")]
    assert register.status == 200
    assert register.n == 2 and register.p95 > 0
    assert register.queries > 0
    assert register.plain is not None and register.plain > 0


def test_it_fills_path_ids_with_records_the_county_sees(walked):
    rows, _, _ = walked
    assert rows[("/api/v1/deputies/{id}/", "county_staff", "base")].status == 200
    assert rows[("/api/v1/liaison/stations/{id}/", "county_staff", "base")].status == 200
    assert rows[("/api/v1/regions/{code}/", "province_staff", "base")].status == 200


def test_it_searches_by_name_and_pinyin_and_tries_filters(walked):
    rows, _, _ = walked
    variants = {variant for op, role, variant in rows if op == "/api/v1/deputies/"}
    assert {"q=name", "q=pinyin"} <= variants  # --quick: the first two, searches first
    assert rows[("/api/v1/deputies/", "province_staff", "q=name")].status == 200


def test_roles_without_access_are_recorded_not_timed(walked):
    rows, _, _ = walked
    anonymous = rows[("/api/v1/deputies/", "anonymous", "base")]
    assert anonymous.status in (401, 403) and anonymous.n == 0
    assert not any(f.startswith("HTTP 5") for r in rows.values() for f in r.flags)


def test_writes_and_exports_are_listed_not_sent(walked):
    _, walker, writes = walked
    assert "POST /api/v1/deputies/" in writes
    assert ("/api/v1/deputies/export/", "export: --exports to time it") in walker.skipped

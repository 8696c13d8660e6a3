"""Every GET operation of the OpenAPI schema, as every role, at province scale, through HTTP.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_<you> .venv/bin/python bench/api_walk.py
    ... bench/api_walk.py --only deputies,liaison/visits --roles province_staff,county_staff -n 20
    ... bench/api_walk.py --quick          (a tiny database: 2 samples, base requests only)

Walks the schema that drf-spectacular makes of the project (the same as /api/schema/), fills
every operation with real values (bench/_walk_params.py): page 1 and a deep page, each filter
the operation documents, search by name, pinyin and text, path ids of records in one county,
as province, county and township staff, a leader, a deputy, a handling unit, an official, an
expert and anonymous (accounts made in this database: bench/_walk_accounts.py). Requests go to
gunicorn on loopback (bench/settings.py, DEBUG off) with a logged-in session; the SQL each
request issued is logged by bench/_walk_sql.py and then run directly over psycopg2, so the
"plain SQL" column says what the statements cost without the stack. Exports are left out
(they become background jobs, issue 18 item 3) unless --exports; writes are never sent.

Flags: 5xx; list/detail/search p95 > 50 ms, or > 3x its plain SQL when above the 15 ms floor
of any request (see /bench/ping/ in bench/locustfile.py); statistics p95 > 300 ms; a query
count that grows with the page size. Writes bench/results/api_walk.json."""

import argparse
import functools
import json
import os
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROLES = ("province_staff", "county_staff", "township_staff", "leader", "deputy", "unit",
         "official", "expert", "anonymous")  # fmt: skip
TARGET = {"list": 50, "detail": 50, "search": 50, "statistics": 300, "export": 30_000}
FLOOR_MS = 15  # below this a request is the stack's fixed cost, whatever its SQL
WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass
class Row:
    op: str
    role: str
    variant: str
    kind: str
    status: int
    n: int = 0
    p50: float = 0.0
    p95: float = 0.0
    queries: int = 0
    plain: float | None = None
    flags: list = field(default_factory=list)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class Walker:
    def __init__(self, transport, cursor, values, n, budget, nested=False, max_variants=None):
        self.transport, self.cursor, self.values = transport, cursor, values
        self.n, self.budget, self.nested, self.max_variants = n, budget, nested, max_variants
        self.rows: list[Row] = []
        self.skipped: list[tuple[str, str]] = []

    def measure(self, op, role, variant, kind, path) -> Row:
        from bench._walk_sql import replay  # noqa: PLC0415 (after django.setup())

        status, _, body, queries = self.transport.get(role, path, capture=True)
        row = Row(op, role, variant, kind, status, queries=len(queries or []))
        row.body = body
        if status >= 500:
            row.flags.append(f"HTTP {status}")
        if status != 200:
            return self._keep(row)
        times, started = [], time.monotonic()
        while len(times) < self.n and (time.monotonic() - started < self.budget or len(times) < 3):
            times.append(self.transport.get(role, path)[1])
        row.n, row.p50, row.p95 = len(times), statistics.median(times), pct(times, 0.95)
        row.plain = replay(self.cursor, queries or [], nested=self.nested)
        target = TARGET[kind]
        if row.p95 > target:
            row.flags.append(f"p95 > {target} ms")
        if kind != "statistics" and row.plain and row.p95 > max(3 * row.plain, FLOOR_MS):
            row.flags.append(f"{row.p95 / row.plain:.1f}x its SQL")
        return self._keep(row)

    def _keep(self, row: Row) -> Row:
        self.rows.append(row)
        return row

    def page_size_probe(self, op, role, path):
        sep = "&" if "?" in path else "?"
        counts = [
            len(self.transport.get(role, f"{path}{sep}page_size={size}", capture=True)[3] or [])
            for size in (5, 50)
        ]
        if counts[0] != counts[1]:
            row = self.rows[-1]
            row.flags.append(f"queries grow with page size ({counts[0]} -> {counts[1]})")

    def operation(self, op: str, operation: dict, roles: list[str]):
        from bench import _walk_params as P  # noqa: PLC0415

        kind = P.kind_of(op, operation)
        path = op
        for name in re.findall(r"\{(\w+)\}", op):
            key = P.path_id(op, self.values)
            if key is None:
                self.skipped.append((op, f"no record for {{{name}}} in the data"))
                return
            path = path.replace("{" + name + "}", key)
        first = None
        for role in roles:
            region = REGION_OF.get(role, P.COUNTY)
            query = P.base_query(operation, self.values, region)
            row = self.measure(op, role, "base", kind, P.url(path, query))
            if row.status != 200:
                continue
            body = row.body
            if isinstance(body, dict) and isinstance(body.get("results"), list):
                self.page_size_probe(op, role, P.url(path, query))
                count = body.get("count") or 0
                if count > 40:
                    deep = min(500, count // 20)
                    self.measure(op, role, f"page={deep}", kind,
                                 P.url(path, {**query, "page_size": 20, "page": deep}))  # fmt: skip
            if first is None:
                first = role
                for variant, extra, vkind in P.variants(operation, self.values, region)[
                    : self.max_variants
                ]:
                    if None in extra.values():
                        self.skipped.append((f"{op} {variant}", "no value in the data"))
                        continue
                    self.measure(op, role, variant, vkind or kind, P.url(path, {**query, **extra}))
        for row in self.rows:
            row.__dict__.pop("body", None)


REGION_OF = {"county_staff": None, "township_staff": None}  # filled in main()


@functools.cache
def generated_schema() -> str:
    """What /api/schema/ answers (drf-spectacular), as JSON text: about 20 s, once a process."""
    from drf_spectacular.generators import SchemaGenerator  # noqa: PLC0415

    return json.dumps(SchemaGenerator().get_schema(request=None, public=True))


def load_schema(path: str | None) -> dict:
    if path and os.path.exists(path):
        return json.loads(Path(path).read_text())
    schema = json.loads(generated_schema())
    if path:
        Path(path).write_text(json.dumps(schema))
    return schema


def get_operations(schema: dict, only: list[str]) -> tuple[list, list]:
    gets, writes = [], []
    for op, item in sorted(schema["paths"].items()):
        if only and not any(op == s[:-1] if s.endswith("$") else s in op for s in only):
            continue
        writes += [f"{m.upper()} {op}" for m in WRITE_METHODS if m in item]
        if "get" in item:
            gets.append((op, item["get"]))
    return gets, writes


def report(walker: Walker, writes: list[str], header: str) -> list[Row]:
    print(f"\n{header}")
    print(f"{'operation':52} {'role':15} {'variant':24} {'st':>3} {'n':>3} {'p50':>7} {'p95':>7} "
          f"{'q':>3} {'SQL':>7} {'x':>5}  flags")  # fmt: skip
    for r in walker.rows:
        plain = f"{r.plain:6.1f}" if r.plain is not None else "     -"
        ratio = f"{r.p95 / r.plain:5.1f}" if r.plain else "    -"
        print(f"{r.op[:52]:52} {r.role:15} {r.variant[:24]:24} {r.status:3d} {r.n:3d} "
              f"{r.p50:7.1f} {r.p95:7.1f} {r.queries:3d} {plain} {ratio}  {'; '.join(r.flags)}")  # fmt: skip
    over = [r for r in walker.rows if r.flags]
    print(f"\nskipped ({len(walker.skipped)}):")
    for what, why in walker.skipped:
        print(f"  {what}: {why}")
    print(f"write operations not sent ({len(writes)}): " + ", ".join(writes[:8])
          + (" ..." if len(writes) > 8 else ""))  # fmt: skip
    timed = {r.op for r in walker.rows if r.status == 200}
    unseen = sorted({r.op for r in walker.rows} - timed)
    print(f"operations no role got a 200 from ({len(unseen)}):")
    for op in unseen:
        answers = sorted({f"{r.role}={r.status}" for r in walker.rows if r.op == op})
        print(f"  {op}: {', '.join(answers)}")
    statuses = {}
    for r in walker.rows:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    print(f"requests by status of their first answer: {statuses}")
    print(f"\nOVER TARGET ({len(over)} of {len(walker.rows)}):")
    for r in over:
        print(f"  {r.op} [{r.role}, {r.variant}] p95 {r.p95:.0f} ms, {r.queries} queries, "
              f"SQL {r.plain or 0:.1f} ms: {'; '.join(r.flags)}")  # fmt: skip
    return over


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", default="", help="path substrings, comma-separated; a $ at the end: exactly"
    )
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("-n", type=int, default=int(os.environ.get("BENCH_REQUESTS", "10")))
    parser.add_argument("--budget", type=float, default=3.0, help="seconds per request variant")
    parser.add_argument("--quick", action="store_true", help="2 samples, at most 2 variants")
    parser.add_argument("--exports", action="store_true", help="also time export operations")
    parser.add_argument("--in-process", action="store_true", help="Django's test client")
    parser.add_argument("--schema", default=str(ROOT / "bench" / "results" / "schema.json"),
                        help="cache of the generated schema (regenerated when absent)")  # fmt: skip
    parser.add_argument("--fresh-schema", action="store_true")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8117")))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.budget = 2, 1.0
    return args


def run(args, transport, cursor, nested=False) -> tuple[Walker, list[str]]:
    """The walk itself (the test calls this with the in-process transport)."""
    from bench import _walk_params as P  # noqa: PLC0415

    REGION_OF.update(county_staff=P._one(
        "SELECT code FROM congress_region WHERE code LIKE %s AND level = 'township' ORDER BY code",
        [P.COUNTY + "%"]) or P.COUNTY)  # fmt: skip
    REGION_OF["township_staff"] = REGION_OF["county_staff"]
    schema = load_schema(None if args.fresh_schema else args.schema)
    only = [s for s in args.only.split(",") if s]
    gets, writes = get_operations(schema, only)
    roles = [r for r in args.roles.split(",") if r in ROLES]
    walker = Walker(transport, cursor, P.sample_values(), args.n, args.budget, nested,
                    max_variants=2 if args.quick else None)  # fmt: skip
    for op, operation in gets:
        if P.kind_of(op, operation) == "export" and not args.exports:
            walker.skipped.append((op, "export: --exports to time it"))
            continue
        started = time.monotonic()
        walker.operation(op, operation, roles)
        print(f"  {op}: {time.monotonic() - started:.1f}s", file=sys.stderr, flush=True)
    return walker, writes


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_province")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DJANGO_DEBUG"] = "0"
    if os.environ["DATABASE_URL"].rstrip("/").endswith("/bench_base"):
        raise SystemExit("bench_base is the shared template: walk a copy of it")
    import django  # noqa: PLC0415

    django.setup()
    import psycopg2  # noqa: PLC0415

    from bench._walk_accounts import ensure_accounts  # noqa: PLC0415
    from bench._walk_http import ClientTransport, HttpTransport, start_gunicorn, stop  # noqa: PLC0415

    accounts = ensure_accounts()
    started = time.monotonic()
    raw = psycopg2.connect(os.environ["DATABASE_URL"])
    raw.autocommit = True
    server = None
    if args.in_process:
        transport = ClientTransport(accounts)
    else:
        log = str(ROOT / "bench" / "results" / f"walk-queries-{os.getpid()}.jsonl")
        Path(log).parent.mkdir(exist_ok=True)
        env = dict(os.environ, BENCH_QUERY_LOG=log, DATABASE_CONN_MAX_AGE="600")
        server = start_gunicorn(args.port, args.workers, env)
        transport = HttpTransport(args.port, accounts, log)
    try:
        walker, writes = run(args, transport, raw.cursor())
    finally:
        if server:
            stop(server)
            Path(transport.log_path).unlink(missing_ok=True)
    over = report(walker, writes, f"api walk: {len(walker.rows)} requests timed, N={args.n}, "
                  f"{time.monotonic() - started:.0f}s")  # fmt: skip
    out = ROOT / "bench" / "results" / "api_walk.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps([asdict(r) for r in walker.rows], indent=1, ensure_ascii=False))
    load = os.getloadavg()
    print(
        f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores"
    )
    return 1 if any(f.startswith("HTTP 5") for r in over for f in r.flags) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Writing the aggregate rows: the fold of the cells that writes marked (every 30 s) and the full
rebuild (nightly, the safety net). Both compute the fresh rows into a temporary table (not
WAL-logged) and then write only the rows whose value changed, so a rebuild that finds the
figures right writes nothing, and an unchanged row leaves no dead tuple behind."""

import time
import zlib
from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone

from congress.dashboards.facts import FactSource, sources
from congress.dashboards.models import DirtyCell, Fact, Refresh

# One writer of the aggregate rows at a time (fold or rebuild): a fold that computed its rows
# before another one committed newer ones would otherwise write them back stale.
LOCK = zlib.crc32(b"congress.dashboards.facts")
FINE, COUNTY, CITY = Fact.Tier.FINE, Fact.Tier.COUNTY, Fact.Tier.CITY
# (tier, the tier it is summed from, region code length)
COARSER = [(COUNTY, FINE, 6), (CITY, COUNTY, 4)]
CELL = "{a}.tier = {b}.tier AND {a}.metric = {b}.metric AND {a}.region = {b}.region AND {a}.key = {b}.key AND COALESCE({a}.month, '0001-01-01') = COALESCE({b}.month, '0001-01-01')"  # fmt: skip


def _table() -> str:
    return connection.ops.quote_name(Fact._meta.db_table)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _fresh_table(cursor) -> None:
    # Temporary: the fresh rows are compared, not kept, so they need no WAL.
    columns = "tier varchar(1), metric varchar(40), region varchar(12), month date, key varchar(40), value bigint"  # fmt: skip
    if _postgres():
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS dash_fresh ({columns}) ON COMMIT DROP")
    else:  # SQLite (the embedded demo) has no ON COMMIT DROP
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS dash_fresh ({columns})")


def _among(column: str, codes) -> tuple[str, list]:
    codes = sorted(codes)
    return f"{column} IN ({', '.join(['%s'] * len(codes))})", codes


def _fill_fine(cursor, source: FactSource, regions: list[str] | None) -> int:
    """The fresh fine rows of one metric (of the given regions only, or all of them)."""
    built = source.build()
    parts, params = [], []
    for qs in built if isinstance(built, list | tuple) else [built]:
        if regions is not None:
            qs = qs.filter(fact_r__in=regions)
        sql, p = qs.query.sql_with_params()
        parts.append(f"SELECT s.fact_r, s.fact_m, s.fact_k, s.fact_v FROM ({sql}) s")
        params += p
    # A stock's starts and ends are separate queries of the same cell: one row per cell.
    cursor.execute(
        "INSERT INTO dash_fresh (tier, metric, region, month, key, value) "
        "SELECT %s, %s, u.fact_r, u.fact_m, u.fact_k, SUM(u.fact_v) "
        f"FROM ({' UNION ALL '.join(parts)}) u GROUP BY u.fact_r, u.fact_m, u.fact_k "
        "HAVING SUM(u.fact_v) <> 0",
        [FINE, source.metric, *params],
    )
    return cursor.rowcount


def _within(codes: set[str] | None, length: int, column: str = "region") -> tuple[str, list]:
    """SQL condition: a region whose first `length` digits are one of `codes` (constant
    LIKE patterns, so the varchar_pattern_ops index answers them)."""
    if codes is None:
        return "1 = 1", []
    parts, params = [], []
    for code in sorted(codes):
        parts.append(f"{column} LIKE %s" if len(code) == length else f"{column} = %s")
        params.append(f"{code}%" if len(code) == length else code)
    return "(" + " OR ".join(parts) + ")", params


def _sync(cursor, scope: str, params: list) -> int:
    """Make the rows in `scope` (a condition on alias c) equal to dash_fresh; returns the rows
    written. Unchanged rows are left alone: no new tuple, no WAL."""
    t = _table()
    if not _postgres():  # SQLite, the small embedded demo: replace the rows
        cursor.execute(f"DELETE FROM {t} AS c WHERE {scope}", params)
        written = cursor.rowcount
        cursor.execute(f"INSERT INTO {t} (tier, metric, region, month, key, value) "
                       "SELECT tier, metric, region, month, key, value FROM dash_fresh")  # fmt: skip
        return written + cursor.rowcount
    cursor.execute(
        f"DELETE FROM {t} c WHERE {scope} AND NOT EXISTS "
        f"(SELECT 1 FROM dash_fresh f WHERE {CELL.format(a='f', b='c')})",
        params,
    )
    written = cursor.rowcount
    # ON CONFLICT: a cell another transaction inserted meanwhile is updated, never doubled.
    # Rows with a month and rows without (snapshots) separately, so that each join is plain
    # equality (or IS NULL) on the five columns of the cell: a COALESCE of the month could be
    # neither hashed on nor looked up in an index, and the planner walked every month of the
    # region for each row (60 s and more for one metric of the province). The scope's
    # constants in the join narrow the existing rows to the metric's before they are hashed
    # (without them the whole table was: 3.6 s instead of 0.3 s for 231,000 rows).
    for month_join, fresh_month in (("c.month = f.month", "IS NOT NULL"),
                                    ("c.month IS NULL", "IS NULL")):  # fmt: skip
        cursor.execute(
            f"INSERT INTO {t} AS c (tier, metric, region, month, key, value) "
            "SELECT f.tier, f.metric, f.region, f.month, f.key, f.value FROM dash_fresh f "
            f"LEFT JOIN {t} c ON c.tier = f.tier AND c.metric = f.metric "
            f"AND c.region = f.region AND c.key = f.key AND {month_join} AND {scope} "
            f"WHERE f.month {fresh_month} AND c.value IS DISTINCT FROM f.value "
            "ON CONFLICT (tier, metric, region, month, key) DO UPDATE SET value = EXCLUDED.value "
            "WHERE c.value <> EXCLUDED.value",
            params,
        )
        written += cursor.rowcount
    return written


def _fold_up(cursor, metric: str, codes: set[str] | None, *, tier, source, length) -> set | None:
    """Sum one tier's rows of `metric` into the next coarser one for the given codes."""
    coarse = None if codes is None else {c[:length] for c in codes}
    cond, params = _within(coarse, length)
    cursor.execute(
        "INSERT INTO dash_fresh (tier, metric, region, month, key, value) "
        f"SELECT %s, metric, SUBSTR(region, 1, {length}), month, key, SUM(value) FROM {_table()} "
        f"WHERE tier = %s AND metric = %s AND {cond} "
        f"GROUP BY metric, SUBSTR(region, 1, {length}), month, key HAVING SUM(value) <> 0",
        [tier, source, metric, *params],
    )
    return coarse


def _update_metric(cursor, source: FactSource, regions: set[str] | None) -> int:
    """Recompute every (month, key) row of one metric in `regions` (None: everywhere), then
    the county and city rows above them."""
    written, codes = 0, regions
    for tier, below, length in [(FINE, None, 0), *([] if source.fine_only else COARSER)]:
        cursor.execute("DELETE FROM dash_fresh")
        if below is None:
            filled = _fill_fine(cursor, source, None if regions is None else sorted(regions))
        else:
            codes = _fold_up(cursor, source.metric, codes, tier=tier, source=below, length=length)
            filled = cursor.rowcount
        if filled > 5000 and _postgres():
            cursor.execute("ANALYZE dash_fresh")  # a province's rows: let the planner hash
        scope, params = ("1 = 1", []) if codes is None else _among("c.region", codes)
        written += _sync(
            cursor, f"c.tier = %s AND c.metric = %s AND {scope}", [tier, source.metric, *params]
        )
    return written


def _stamp(module_name: str, started: float, *, count_rows: bool) -> None:
    stamp = {"refreshed_at": timezone.now(), "seconds": round(time.monotonic() - started, 3)}
    if count_rows:
        stamp["rows"] = (
            Fact.objects.using("default")
            .filter(metric__in=[s.metric for s in sources()[module_name]], tier=FINE)
            .count()
        )
    if not Refresh.objects.using("default").filter(source=module_name).update(**stamp):
        Refresh.objects.bulk_create([Refresh(source=module_name, **stamp)], ignore_conflicts=True)


def refresh(only: str | None = None) -> dict[str, int]:
    """Rebuild the facts of every app (or of the module named `only`); returns the rows written
    per app. Each app in one transaction: readers see the old figures until it commits."""
    done = {}
    for module_name, group in sources().items():
        if only and module_name != only:
            continue
        started = time.monotonic()
        metrics = [s.metric for s in group]
        with transaction.atomic(), connection.cursor() as cursor:
            if _postgres():
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
                # A province's flows group millions of rows: in memory, not sorted on disk
                # (the visits by month 10 s with the default 4 MB, 4.8 s with this).
                cursor.execute("SET LOCAL work_mem = '64MB'")
            # The marks this rebuild answers: their writes are committed, so it sees them.
            _drop_marks(cursor, *_among("metric", metrics))
            _fresh_table(cursor)
            done[module_name] = sum(_update_metric(cursor, s, None) for s in group)
            _stamp(module_name, started, count_rows=True)
        if done[module_name]:
            with connection.cursor() as cursor:
                # Fresh statistics, or the planner scans the whole table for a province.
                cursor.execute(f"ANALYZE {_table()}")
    if not only:
        with connection.cursor() as cursor:
            _drop_marks(cursor, "metric = '*'", [])
    return done


def _drop_marks(cursor, condition: str, params: list) -> None:
    # Raw SQL: derived bookkeeping, no per-row signals (the audit trail would log each one).
    table = connection.ops.quote_name(DirtyCell._meta.db_table)
    cursor.execute(f"DELETE FROM {table} WHERE {condition}", params)


def _take_marks(cursor, limit: int) -> list[tuple[str, str]]:
    table = connection.ops.quote_name(DirtyCell._meta.db_table)
    cursor.execute(
        f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} ORDER BY id LIMIT %s) "
        "RETURNING metric, region",
        [limit],
    )
    return cursor.fetchall()


def fold(*, limit: int = 20000) -> dict | None:
    """Recompute the cells that writes marked since the last fold (at most `limit` marks; the
    rest next time). None when another fold or rebuild holds the lock; {} when nothing was
    marked (and then nothing is written)."""
    started = time.monotonic()
    by_module = {name: {s.metric: s for s in group} for name, group in sources().items()}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK])
        if not cursor.fetchone()[0]:
            return None
        marked = defaultdict(set)
        for metric, region in _take_marks(cursor, limit):
            marked[metric].add(region)
        if not marked:
            return {}
        if "*" in marked:
            return {"*": sum(refresh().values())}
        _fresh_table(cursor)
        out = {}
        for module_name, metrics in by_module.items():
            touched = [m for m in metrics if m in marked]
            for metric in touched:
                regions = None if "*" in marked[metric] else marked[metric]
                out[metric] = _update_metric(cursor, metrics[metric], regions)
            if touched:
                _stamp(module_name, started, count_rows=False)
        return out

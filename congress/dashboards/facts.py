"""How an app declares its pre-grouped figures, and how they are rebuilt.

Each app's `<app>/dashboard.py` lists SOURCES: FactSource(metric, build), where build() returns
a queryset grouped with `grouped(...)` into (region, month, key, value). The refresh runs each
one as a single INSERT … SELECT inside the database (no rows travel through Python), then folds
the fine rows into county rows and those into city rows."""

import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import CharField, Count, DateField, F, QuerySet, Value
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone

from congress.dashboards.models import Fact, Refresh
from congress.dashboards.periods import SHANGHAI
from congress.registry import app_modules


@dataclass(frozen=True)
class FactSource:
    metric: str
    build: Callable[[], QuerySet]
    # "flow": counted in the month it happened; "stock": +1/-1 deltas summed up to a date;
    # "snapshot": the state now (month NULL); "unit": keyed by handling unit, no region split.
    kind: str = "flow"
    trend: bool = False


def month(field: str):
    """First day of the month of a timestamp column, in Asia/Shanghai, as a date."""
    return Cast(TruncMonth(field, tzinfo=SHANGHAI), DateField())


def month_of_date(field: str):
    """First day of the month of a date column (dates carry no time zone)."""
    return Cast(TruncMonth(field), DateField())


def grouped(qs: QuerySet, *, region: str, month=None, key=None, value=None) -> QuerySet:
    """Group a queryset into the four columns a Fact row needs."""
    return (
        qs.order_by()
        .annotate(
            fact_r=F(region),
            fact_m=month if month is not None else Cast(Value(None), DateField()),
            fact_k=Cast(key, CharField()) if key is not None else Value(""),
        )
        .values("fact_r", "fact_m", "fact_k")
        .annotate(fact_v=value if value is not None else Count("pk"))
    )


def sources() -> dict[str, list[FactSource]]:
    """Every app's fact sources, by module name (congress.registry order)."""
    return {m.__name__: list(m.SOURCES) for m in app_modules("dashboard") if hasattr(m, "SOURCES")}


def all_sources() -> dict[str, FactSource]:
    return {s.metric: s for group in sources().values() for s in group}


def _insert(cursor, metric: str, qs: QuerySet) -> None:
    sql, params = qs.query.sql_with_params()
    q = connection.ops.quote_name
    cursor.execute(
        f"INSERT INTO {q(Fact._meta.db_table)} ({q('tier')}, {q('metric')}, {q('region')}, "
        f"{q('month')}, {q('key')}, {q('value')}) "
        f"SELECT %s, %s, s.fact_r, s.fact_m, s.fact_k, s.fact_v FROM ({sql}) s "
        f"WHERE s.fact_v <> 0",
        [Fact.Tier.FINE, metric, *params],
    )


def _fold(cursor, metrics: list[str], *, source: str, target: str, length: int) -> None:
    """Sum the rows of one tier into the next coarser one (region cut to `length` digits)."""
    q = connection.ops.quote_name
    table = q(Fact._meta.db_table)
    marks = ", ".join(["%s"] * len(metrics))
    cursor.execute(
        f"INSERT INTO {table} ({q('tier')}, {q('metric')}, {q('region')}, {q('month')}, "
        f"{q('key')}, {q('value')}) "
        f"SELECT %s, {q('metric')}, SUBSTR({q('region')}, 1, {length}), {q('month')}, {q('key')}, "
        f"SUM({q('value')}) FROM {table} WHERE {q('tier')} = %s AND {q('metric')} IN ({marks}) "
        f"GROUP BY {q('metric')}, SUBSTR({q('region')}, 1, {length}), {q('month')}, {q('key')}",
        [target, source, *metrics],
    )


def refresh(only: str | None = None) -> dict[str, int]:
    """Rebuild the facts of every app (or of the module named `only`); returns rows per app.
    Each app is rebuilt in one transaction, so readers see the old figures until it commits."""
    done = {}
    for module_name, group in sources().items():
        if only and module_name != only:
            continue
        started = time.monotonic()
        metrics = [s.metric for s in group]
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Two workers rebuilding the same app take turns: without the lock, the second
                # one's DELETE cannot see the first one's new rows and the figures would double.
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(module_name.encode())]
                )
            # Raw SQL on purpose: derived rows, not domain records, so no per-row signals
            # (the audit trail would otherwise fetch and log every deleted fact).
            q = connection.ops.quote_name
            marks = ", ".join(["%s"] * len(metrics))
            cursor.execute(
                f"DELETE FROM {q(Fact._meta.db_table)} WHERE {q('metric')} IN ({marks})", metrics
            )
            for source in group:
                built = source.build()
                for qs in built if isinstance(built, list | tuple) else [built]:
                    _insert(cursor, source.metric, qs)
            _fold(cursor, metrics, source=Fact.Tier.FINE, target=Fact.Tier.COUNTY, length=6)
            _fold(cursor, metrics, source=Fact.Tier.COUNTY, target=Fact.Tier.CITY, length=4)
            # Read back on the primary: the replica has not seen this transaction.
            rows = (
                Fact.objects.using("default")
                .filter(metric__in=metrics, tier=Fact.Tier.FINE)
                .count()
            )
            stamp = {
                "refreshed_at": timezone.now(),
                "seconds": round(time.monotonic() - started, 3),
                "rows": rows,
            }
            if not Refresh.objects.using("default").filter(source=module_name).update(**stamp):
                Refresh.objects.bulk_create(
                    [Refresh(source=module_name, **stamp)], ignore_conflicts=True
                )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Fresh statistics, or the planner scans the whole table for a province.
                cursor.execute(f"ANALYZE {connection.ops.quote_name(Fact._meta.db_table)}")
        done[module_name] = rows
    return done


def today_month() -> date:
    today = timezone.localdate()
    return date(today.year, today.month, 1)

"""How an app declares its pre-grouped figures, and how they are rebuilt.

Each app's `<app>/dashboard.py` lists SOURCES: FactSource(metric, build), where build() returns
a queryset grouped with `grouped(...)` into (region, month, key, value). cells.py runs each one
inside the database (no rows travel through Python), for every region (the nightly rebuild) or
for the regions that writes marked (the fold), then sums the fine rows into county rows and
those into city rows. marks.py derives from the same querysets which tables mark which
metrics, so a new source is kept current without declaring anything; `marks` adds what a
subquery filter reads (a mandate ending changes who counts as serving)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import CharField, Count, DateField, F, QuerySet, Value
from django.db.models.functions import Cast, TruncMonth, TruncYear
from django.utils import timezone

from congress.dashboards.periods import SHANGHAI
from congress.registry import app_modules


@dataclass(frozen=True)
class FactSource:
    metric: str
    build: Callable[[], QuerySet]
    # "flow": counted in the month it happened; "stock": +1/-1 deltas summed up to a date;
    # "snapshot": the state now (month NULL); "unit": keyed by handling unit, no region split;
    # "statistics": a flow the dashboard does not show, read by a statistics page only.
    kind: str = "flow"
    trend: bool = False
    # (model, path to the fact's region, or an expression of it) of the tables a filter of
    # `build` reads in a subquery.
    marks: tuple = ()
    # Rows kept in the fine tier only, never summed into county and city rows: rows keyed by a
    # record (a station), whose coarser sums would repeat them, and distinct counts kept at each
    # level of the region tree, which do not add up (read by the exact code of the level).
    fine_only: bool = False


def month(field: str):
    """First day of the month of a timestamp column, in Asia/Shanghai, as a date."""
    return Cast(TruncMonth(field, tzinfo=SHANGHAI), DateField())


def year(field: str):
    """1 January of the year of a timestamp column, in Asia/Shanghai, as a date: the grain of
    a figure that is only ever read by the year (a statistics table), a twelfth of the rows."""
    return Cast(TruncYear(field, tzinfo=SHANGHAI), DateField())


def month_of_date(field: str):
    """First day of the month of a date column (dates carry no time zone)."""
    return Cast(TruncMonth(field), DateField())


def grouped(qs: QuerySet, *, region, month=None, key=None, value=None) -> QuerySet:
    """Group a queryset into the four columns a Fact row needs (the region a path, or an
    expression of one)."""
    return (
        qs.order_by()
        .annotate(
            fact_r=F(region) if isinstance(region, str) else region,
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


def refresh(only: str | None = None) -> dict[str, int]:
    """Kept for older callers: the writer of the rows is cells.refresh."""
    from congress.dashboards import cells  # noqa: PLC0415 (cells imports this module)

    return cells.refresh(only=only)


def today_month() -> date:
    today = timezone.localdate()
    return date(today.year, today.month, 1)

"""What an app's `figures(ctx)` reads: the pre-grouped facts of one region and one period
(and the same period last year), already summed by the next region level."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db import connections, transaction
from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Substr

from congress.dashboards.facts import all_sources
from congress.dashboards.models import Fact, Refresh
from congress.dashboards.periods import Period, add_months
from congress.models import Region

NEXT_LEVEL_LENGTH = {2: 4, 4: 6, 6: 9, 9: 12, 12: 12}
WHICH = ("cur", "prev", "cum_cur", "cum_prev", "snap")


def tier_for(region_code: str) -> str:
    """The coarsest tier whose rows still split `region_code` by the level below it ('' is
    the whole country, split by province)."""
    return {0: Fact.Tier.CITY, 2: Fact.Tier.CITY, 4: Fact.Tier.COUNTY}.get(
        len(region_code), Fact.Tier.FINE
    )


def built(module_name: str) -> bool:
    """Whether an app's aggregate rows have been built at least once (a fresh database, or a
    test that never rebuilt them, has none: its readers count live instead)."""
    return Refresh.objects.filter(source=module_name).exists()


def split(
    *,
    region_code: str,
    metrics: list[str],
    keys=None,
    months: tuple[date, date] | None = None,
    by_region: bool = True,
) -> dict[tuple[str, str, str], int]:
    """{(metric, key, region one level below): value} of the aggregate rows under
    `region_code`, summed over the months in [start, end) (or the snapshot rows when `months` is
    None). Rows of the region itself (its own deputies, its own suggestions) sum under its own
    code; without `by_region`, everything sums under region_code. Statistics pages read their
    figures here rather than counting the records again."""
    sub_length = NEXT_LEVEL_LENGTH.get(len(region_code), 2) if by_region else 0
    rows = Fact.objects.filter(tier=tier_for(region_code), metric__in=metrics)
    if region_code:
        rows = rows.filter(region__startswith=region_code)
    if keys is not None:
        rows = rows.filter(key__in=list(keys))
    if months is None:
        rows = rows.filter(month__isnull=True)
    else:
        rows = rows.filter(month__gte=months[0], month__lt=months[1])
    grouped = (
        rows.annotate(sub=Substr("region", 1, sub_length) if sub_length else Value(region_code))
        .values_list("metric", "key", "sub")
        .annotate(total=Sum("value"))
        .order_by()
    )
    # (SUM of a bigint is a numeric: an int again here)
    return {
        (metric, key, sub): int(total)
        for metric, key, sub, total in plain_rows(*grouped.query.sql_with_params(), using=rows.db)
    }


def plain_rows(sql: str, params, *, using: str = "default") -> list[tuple]:
    """The rows of a statistics query as the cursor gives them: Django's per-row converters
    cost more than such a query. On PostgreSQL in memory, not sorted on disk, and not compiled
    first (a province's unit table groups some 180,000 rows; JIT cost 70 ms of 440 here)."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL work_mem = '32MB'; SET LOCAL jit = off")
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass
class Figure:
    """One number on the dashboard, with last year's and the split by the next region level."""

    key: str
    label: str
    section: str
    value: float | int | None
    last: float | int | None = None
    by_region: dict[str, float | int | None] = field(default_factory=dict)
    unit: str = ""  # "%" for rates
    link: dict | None = None  # drill-down filters: the records behind the number
    note: str = ""
    # How the drill-down's records make the value (tests/dashboards/test_drilldown_totals.py
    # checks every figure by it): "count" the records are the value; "part" the value is their
    # share of the records of `whole`; "rest" the share of `whole` that they are not;
    # "mean" the value is the mean of their rows' `value`.
    drill: str = "count"
    whole: dict | None = None  # the records of the denominator, for "part" and "rest"

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": str(self.label),
            "section": self.section,
            "value": self.value,
            "last": self.last,
            "unit": self.unit,
            "change": change(self.value, self.last, self.unit),
            "link": self.link,
            "note": str(self.note),
            "drill": self.drill if self.link else "",
            "whole": self.whole,
        }


def change(value, last, unit: str):
    """Points of difference for rates, percent change for counts; None when not comparable."""
    if value is None or last is None:
        return None
    if unit == "%":
        return round(value - last, 1)
    if not last:
        return None
    return round((value - last) * 100 / last, 1)


def rate(part, whole, digits: int = 1):
    return round(part * 100 / whole, digits) if whole else None


class DashboardContext:
    def __init__(self, *, viewer, region: Region, period: Period):
        self.viewer = viewer
        self.region = region
        self.prefix = region.code
        self.period = period
        self.last = period.last_year()
        self.sub_length = NEXT_LEVEL_LENGTH[len(region.code)]
        self.tier = tier_for(region.code)
        self.sources = all_sources()
        self._rows: dict[tuple[str, str], dict[str, dict[str, int]]] = {}
        self._units: dict[str, dict[str, int]] = {}
        self._trend: dict[str, dict[date, int]] = defaultdict(dict)
        self.subregions: dict[str, str] = {}

    # --- loading (three queries on the aggregate table, one on regions) ---------------------

    def load(self) -> "DashboardContext":
        kinds = defaultdict(list)
        for metric, source in self.sources.items():
            kinds[source.kind].append(metric)
        p, last = self.period, self.last

        def between(period):
            return Q(month__gte=period.start, month__lt=period.end)

        def summed(condition):
            return Sum(
                Case(When(condition, then="value"), default=Value(0)), output_field=IntegerField()
            )

        base = Fact.objects.filter(tier=self.tier, region__startswith=self.prefix)
        in_use = (
            Q(metric__in=kinds["stock"], month__lt=p.end)
            | Q(metric__in=kinds["flow"]) & (between(p) | between(last))
            | Q(metric__in=kinds["snapshot"], month__isnull=True)
        )
        rows = (
            base.filter(in_use)
            .annotate(sub=Substr("region", 1, self.sub_length))
            .values("metric", "key", "sub")
            .annotate(
                cur=summed(between(p)),
                prev=summed(between(last)),
                cum_cur=summed(Q(month__lt=p.end)),
                cum_prev=summed(Q(month__lt=last.end)),
                snap=summed(Q(month__isnull=True)),
            )
            .order_by()
        )
        for row in rows:
            self._rows.setdefault((row["metric"], row["key"]), {})[row["sub"]] = row
        # One row per unit with a column per (metric, period): a province has thousands of units.
        pivot = {
            f"{metric}__{which}": summed(Q(metric=metric) & between(period))
            for metric in kinds["unit"]
            for which, period in (("cur", p), ("prev", last))
        }
        units = (
            base.filter(metric__in=kinds["unit"])
            .filter(between(p) | between(last))
            .values("key")
            .annotate(**pivot)
            .order_by()
        ) if pivot else []  # fmt: skip
        for row in units:
            self._units[row["key"]] = row
        trend_metrics = [m for m, s in self.sources.items() if s.trend]
        trend = (
            base.filter(
                metric__in=trend_metrics, month__gte=add_months(p.end, -24), month__lt=p.end
            )
            .values("metric", "month")
            .annotate(total=Sum("value"))
            .order_by()
        )
        for row in trend:
            self._trend[row["metric"]][row["month"]] = row["total"]
        if self.sub_length > len(self.prefix):
            self.subregions = dict(
                Region.objects.filter(parent_id=self.prefix).values_list("code", "name")
            )
        return self

    # --- reading ------------------------------------------------------------------------------

    def _cells(self, metric: str, key: str | None):
        for (m, k), subs in self._rows.items():
            if m == metric and (key is None or k == key or (callable(key) and key(k))):
                yield from subs.items()

    def by_region(self, metric: str, key=None, which: str = "cur") -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for sub, row in self._cells(metric, key):
            out[sub] += row[which]
        return dict(out)

    def total(self, metric: str, key=None, which: str = "cur") -> int:
        return sum(row[which] for _sub, row in self._cells(metric, key))

    def keys(self, metric: str) -> set[str]:
        return {k for (m, k) in self._rows if m == metric}

    def by_key(self, metric: str, which: str = "cur") -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for (m, k), subs in self._rows.items():
            if m == metric:
                out[k] += sum(row[which] for row in subs.values())
        return dict(out)

    def units(self, metric: str, which: str = "cur") -> dict[str, int]:
        column = f"{metric}__{which}"
        return {k: row[column] for k, row in self._units.items() if row[column]}

    def trend(self, metric: str) -> dict[date, int]:
        return self._trend.get(metric, {})

    def months(self, count: int = 12) -> list[date]:
        return [add_months(self.period.end, -count + i) for i in range(count)]

    def region_rates(self, part: dict[str, int], whole: dict[str, int]) -> dict[str, float | None]:
        return {sub: rate(part.get(sub, 0), whole.get(sub, 0)) for sub in set(part) | set(whole)}

    def query(self, **filters) -> dict:
        """The drill-down filters of a figure: this region and this period, plus its own."""
        return {
            "region": self.prefix,
            "period": self.period.kind,
            "value": self.period.value,
            **filters,
        }


def link_url(link: dict | None, region: str | None = None, *, own: bool = False) -> str:
    """The records page of a drill-down; `region` narrows it to one row of the split by region,
    `own` to the records of that region itself (the "本级" row), not those below it."""
    if not link:
        return ""
    params = dict(link)
    if region:
        params["region"] = region
    if own:
        params["own"] = "1"
    return "/dashboard/records/?" + urlencode(
        {k: v for k, v in params.items() if v not in (None, "")}
    )

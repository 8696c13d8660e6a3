"""The points rule, as one pure function: what a deputy's archive entries earn under a rule set."""

import datetime as dt
import functools
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.utils import translation

from evaluation.models import ActivityKind, PeriodChoices, PointsRule

ZERO = Decimal("0")


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def quarter_end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    return dt.date(year + (month == 12), 1 if month == 12 else month + 1, 1) - dt.timedelta(days=1)


def _period_key(day: dt.date, period: str) -> tuple:
    if period == PeriodChoices.MONTH:
        return (day.year, day.month)
    if period == PeriodChoices.QUARTER:
        return (day.year, (day.month - 1) // 3 + 1)
    return (day.year,)


def _capped(value: Decimal, cap: Decimal | None) -> Decimal:
    if cap is None or abs(value) <= cap:
        return value
    return cap if value > 0 else -cap


@functools.cache
def _kind_labels(language: str) -> dict[str, str]:
    with translation.override(language or None):
        return {kind: str(label) for kind, label in ActivityKind.choices}


def points_compute(entries: Iterable, rules: Iterable[PointsRule]) -> tuple[Decimal, dict]:
    """Total and per-kind breakdown of a deputy's entries under the rules.

    Each entry earns rule.points × quantity; per kind and per period (month, quarter or year)
    the sum is capped at rule.cap (for deductions, the cap bounds how much is taken off).
    Kinds without a rule are counted but earn nothing."""
    by_kind = {rule.kind: rule for rule in rules}
    counts: Counter = Counter()
    buckets: dict = defaultdict(lambda: ZERO)
    for entry in entries:
        kind, quantity, day = entry["kind"], entry["quantity"], entry["occurred_on"]
        counts[kind] += quantity
        rule = by_kind.get(kind)
        if rule is not None:
            buckets[(kind, _period_key(day, rule.period))] += rule.points * quantity
    per_kind: dict = defaultdict(lambda: ZERO)
    for (kind, _period), value in buckets.items():
        per_kind[kind] += _capped(value, by_kind[kind].cap)
    labels = _kind_labels(translation.get_language() or "")
    breakdown = {
        kind: {
            "label": labels.get(kind, kind),
            "count": count,
            "points": float(per_kind[kind]),
        }
        for kind, count in sorted(counts.items())
    }
    return sum(per_kind.values(), ZERO), breakdown

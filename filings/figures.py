"""Each figure of 备案审查 defined once, for the API, the annual report, the dashboard and the
township evaluation alike:

- filed in a period: filings whose filing date (报备日期) falls in it; on time when filed
  within 30 days of publication (`late` is stored at filing, from the stored deadline);
- concluded in a period: filings whose review concluded (审查办结) in it, by result; the
  correction rate is the share of them with a result that asks for a correction."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from filings.models import CORRECTION_RESULTS, Filing, Result


def filed(start: dt.date, end: dt.date) -> QuerySet[Filing]:
    """Filed in [start, end)."""
    return Filing.objects.filter(filed_on__gte=start, filed_on__lt=end)


def concluded(start: dt.date, end: dt.date) -> QuerySet[Filing]:
    """Review concluded in [start, end), with a result."""
    return Filing.objects.filter(concluded_on__gte=start, concluded_on__lt=end).exclude(result="")


ON_TIME = Q(late=False)
CORRECTION = Q(result__in=list(CORRECTION_RESULTS))


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def share(part: int, whole: int) -> Decimal | None:
    """A share in [0, 1] with four decimals, None when there is nothing to measure."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def on_time_rate(*, region_codes: list[str], year: int) -> dict[str, Decimal | None]:
    """规范性文件按期报备率 of each region (and the regions below it): of the documents filed in
    the year, the share filed within 30 days of publication; None when none was filed."""
    qs = filed(*_year(year))
    out = {}
    for code in region_codes:
        counts = qs.filter(region__code__startswith=code).aggregate(
            whole=Count("pk"), part=Count("pk", filter=ON_TIME)
        )
        out[code] = share(counts["part"], counts["whole"])
    return out


def results(qs: QuerySet[Filing]) -> dict[str, int]:
    """Concluded filings by result, every result named."""
    counts = dict(qs.values_list("result").annotate(n=Count("pk")).order_by())
    return {value: counts.get(value, 0) for value in Result.values}


def correction_rate(counts: dict[str, int]) -> float | None:
    whole = sum(counts.values())
    part = sum(counts.get(r, 0) for r in CORRECTION_RESULTS)
    return round(part * 100 / whole, 1) if whole else None

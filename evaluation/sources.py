"""The one place where evaluation reads other apps' data (liaison stations, suggestions).

Everything that knows another app's models lives here, so a change over there is fixed here.
Each measure returns {region_code: Decimal | None} for a set of target regions and a year;
None means "no data to measure" (the indicator is left unscored rather than scored 0)."""

import datetime as dt
from decimal import Decimal

from django.db.models import Avg

ZERO = Decimal("0")
RATE = Decimal("0.0001")


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _rate(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATE)


# --- Archive gathering ------------------------------------------------------------------------


def gathered_activities(*, deputy_ids: list[int], start: dt.date, end: dt.date) -> list[dict]:
    """Activities of the deputies recorded elsewhere in the portal, as archive entry fields
    (deputy_id, kind, occurred_on, title, detail, source_key)."""
    return []


# --- Computed indicators ----------------------------------------------------------------------


def deputies_average_points(*, region_codes: list[str], year: int) -> dict[str, Decimal | None]:
    """Average points of the deputies registered in each region (under the year's rules)."""
    from evaluation.models import DeputyPoints

    out = {}
    for code in region_codes:
        avg = DeputyPoints.objects.filter(
            rule_set__year=year, deputy__region__code__startswith=code
        ).aggregate(avg=Avg("total"))["avg"]
        out[code] = None if avg is None else Decimal(avg).quantize(Decimal("0.01"))
    return out


MEASURES = {
    "deputies_average_points": deputies_average_points,
}


def measure_many(measure: str, *, region_codes: list[str], year: int) -> dict[str, Decimal | None]:
    function = MEASURES.get(measure)
    if function is None:
        return {}
    return function(region_codes=region_codes, year=year)

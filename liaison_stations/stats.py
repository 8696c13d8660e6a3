"""The station statistics, counted in the database: each figure is one grouped query over the
stations the viewer sees (a subquery, never a list of ids), so a province of 4,400 stations and
2.5 million visits costs the same eight queries as a township, and no visit, membership or
opinion row travels to Python. The definitions are those of liaison_stations/models.py
(`StationMembership.objects.serving()`, `Opinion.objects.overdue()`)."""

from datetime import date, timedelta

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from congress.models import User
from liaison_stations.models import Opinion, StationMembership, StationVisit
from liaison_stations.selectors import station_list


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - timedelta(1)
    return start, end


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _days(total: timedelta | None, n: int) -> float | None:
    return round(total.total_seconds() / 86400 / n, 1) if n and total is not None else None


def _by_station(qs, **aggregates) -> dict[int, dict]:
    return {
        row.pop("station_id"): row
        for row in qs.order_by().values("station_id").annotate(**aggregates)
    }


def station_statistics(
    *, viewer: User, region_code: str | None = None, year: int, quarter: int
) -> dict:
    """Per station and for the whole region: visits per month of the year; coverage (grouped
    deputies who visited their station at least once in the quarter, over all grouped there);
    opinions received, answered, overdue in the year; average days to answer."""
    visible = station_list(viewer=viewer, region_code=region_code)
    stations = list(visible.values("id", "name", "kind", "region_id", "region__name", "rating"))
    ids = visible.order_by().values("id")
    q_start, q_end = quarter_bounds(year, quarter)
    today = timezone.localdate()

    members = StationMembership.objects.serving().filter(station_id__in=ids)
    member_count = _by_station(members, n=Count("deputy_id", distinct=True))
    grouped = members.values("deputy_id").distinct().count()

    is_member = StationMembership.objects.serving().filter(
        station_id=OuterRef("station_id"), deputy_id=OuterRef("deputy_id")
    )
    quarter_visits = StationVisit.objects.filter(station_id__in=ids, date__range=(q_start, q_end))
    by_visits = _by_station(
        quarter_visits,
        visits=Count("id"),
        visitors=Count("deputy_id", distinct=True, filter=Q(Exists(is_member))),
    )
    visited = (
        quarter_visits.filter(Exists(is_member)).order_by().values("deputy_id").distinct().count()
    )
    by_month = dict(
        StationVisit.objects.filter(station_id__in=ids, date__year=year)
        .annotate(month=ExtractMonth("date"))
        .order_by()
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )

    opinions = Opinion.objects.filter(station_id__in=ids, received_at__year=year)
    answered = Q(status=Opinion.Status.ANSWERED)
    timed = answered & Q(answered_at__isnull=False)
    waited = ExpressionWrapper(F("answered_at") - F("received_at"), output_field=DurationField())
    by_opinions = _by_station(
        opinions,
        received=Count("id"),
        answered=Count("id", filter=answered),
        timed=Count("id", filter=timed),
        waited=Sum(waited, filter=timed),
    )
    overdue = _by_station(opinions.overdue(on=today), n=Count("id"))

    rows = []
    for s in stations:
        sid = s["id"]
        members_n = member_count.get(sid, {}).get("n", 0)
        visits = by_visits.get(sid, {"visits": 0, "visitors": 0})
        ops = by_opinions.get(sid, {"received": 0, "answered": 0, "timed": 0, "waited": None})
        rows.append(
            {
                **s,
                "members": members_n,
                "visitors": visits["visitors"],
                "coverage": _ratio(visits["visitors"], members_n),
                "visits_in_quarter": visits["visits"],
                "opinions_received": ops["received"],
                "opinions_answered": ops["answered"],
                "opinions_overdue": overdue.get(sid, {}).get("n", 0),
                "average_days_to_answer": _days(ops["waited"], ops["timed"]),
            }
        )
    waited_all = [o["waited"] for o in by_opinions.values() if o["waited"] is not None]
    return {
        "year": year,
        "quarter": quarter,
        "quarter_start": q_start,
        "quarter_end": q_end,
        "totals": {
            "stations": len(stations),
            "grouped_deputies": grouped,
            "visited_deputies": visited,
            "coverage": _ratio(visited, grouped),
            "visits_by_month": [by_month.get(m, 0) for m in range(1, 13)],
            "opinions_received": sum(o["received"] for o in by_opinions.values()),
            "opinions_answered": sum(o["answered"] for o in by_opinions.values()),
            "opinions_overdue": sum(o["n"] for o in overdue.values()),
            "average_days_to_answer": _days(
                sum(waited_all, timedelta()) if waited_all else None,
                sum(o["timed"] for o in by_opinions.values()),
            ),
        },
        "stations": rows,
    }

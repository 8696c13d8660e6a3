"""The station statistics, counted in the database: each figure is a grouped query over the
stations the viewer sees (a subquery, never a list of ids), so a province of 4,400 stations and
2.5 million visits costs the same few queries as a township, and no visit, membership or
opinion row travels to Python. The definitions are those of liaison_stations/models.py
(`StationMembership.objects.serving()`, `Opinion.objects.overdue()`); the visits of each month
are the dashboard's aggregate rows (`visits`) once they are built."""

from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from congress.dashboards.context import plain_rows, tier_for
from congress.dashboards.models import Fact
from congress.dashboards.services import facts_readable
from congress.models import User
from congress.scope import region_prefix
from liaison_stations.dashboard import STATION_LEVELS, STATION_METRICS
from liaison_stations.models import Opinion, StationMembership, StationVisit
from liaison_stations.selectors import station_list
from representatives.models import Mandate


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


def _members_and_visits(ids, start: date, end: date) -> dict:
    """Serving members per station and in all (distinct: a deputy may be grouped into two
    stations), visits per station in [start, end], and the serving members who came to their
    own station, per station and in all: one statement. The serving memberships are read once
    (a materialised CTE) for both the members and the visitors, where the ORM's form read them
    three times and tested every visit's deputy on its own (1.6 s for the province)."""
    qn = connection.ops.quote_name
    station_ids, params = ids.query.sql_with_params()
    membership, visit = StationMembership._meta.db_table, StationVisit._meta.db_table
    sql = f"""
        WITH st AS MATERIALIZED ({station_ids}),
        serving AS MATERIALIZED (
          SELECT m.station_id, m.deputy_id FROM {qn(membership)} m
          WHERE m.end_date IS NULL AND m.station_id IN (SELECT id FROM st)
            AND EXISTS (SELECT 1 FROM {qn(Mandate._meta.db_table)} d
                        WHERE d.deputy_id = m.deputy_id AND d.status = %s)
        ),
        pairs AS (
          SELECT v.station_id, v.deputy_id, count(*) AS n FROM {qn(visit)} v
          WHERE v.station_id IN (SELECT id FROM st) AND v.date BETWEEN %s AND %s
          GROUP BY v.station_id, v.deputy_id
        ),
        seen AS MATERIALIZED (
          SELECT p.station_id, p.n, s.deputy_id FROM pairs p
          LEFT JOIN serving s ON s.station_id = p.station_id AND s.deputy_id = p.deputy_id
        )
        SELECT 'members', station_id, count(*), 0 FROM serving GROUP BY station_id
        UNION ALL SELECT 'grouped', NULL, count(DISTINCT deputy_id), 0 FROM serving
        UNION ALL SELECT 'visits', station_id, CAST(sum(n) AS BIGINT), count(deputy_id) FROM seen
          GROUP BY station_id
        UNION ALL SELECT 'visited', NULL, count(DISTINCT deputy_id), 0 FROM seen
    """
    out = {"members": {}, "visits": {}, "grouped": 0, "visited": 0}
    for what, station, n, visitors in plain_rows(
        sql, [*params, Mandate.Status.SERVING, start, end]
    ):
        n, visitors = int(n), int(visitors)  # whole numbers, never a numeric's Decimal
        if station is None:
            out[what] = n
        elif what == "members":
            out["members"][station] = n
        else:
            out["visits"][station] = {"visits": n, "visitors": visitors}
    return out


def _kept_members_and_visits(region: str, start: date) -> dict:
    """What `_members_and_visits` counts, from the aggregate rows of liaison_stations/dashboard.py
    (STATION_SOURCES): the per-station rows of the stations under `region`, and the distinct
    totals: the members kept at `region`'s own level of the tree (a deputy grouped into
    stations of two townships counts once in their county), the visitors as the sum of the
    stations' less the overlap kept at that level. The quarter is the one starting at
    `start`."""
    qn = connection.ops.quote_name
    sql = f"""
        SELECT metric, key, value FROM {qn(Fact._meta.db_table)}
        WHERE tier = %s AND region LIKE %s AND (
          (metric IN (%s, %s) AND month = %s) OR (metric = %s AND month IS NULL))
        UNION ALL
        SELECT metric, '', value FROM {qn(Fact._meta.db_table)}
        WHERE tier = %s AND region = %s AND (
          (metric = %s AND month = %s) OR (metric = %s AND month IS NULL))
    """
    fine = Fact.Tier.FINE
    params = [
        fine, f"{region}%", "station_visits_quarter", "station_visitors_quarter", start,
        "station_members",
        fine, region, "station_visitors_overlap_quarter", start, "station_grouped",
    ]  # fmt: skip
    out = {"members": {}, "visits": {}, "grouped": 0, "visited": 0}
    for metric, key, value in plain_rows(sql, params):
        if metric == "station_members":
            out["members"][int(key)] = value
        elif metric == "station_grouped":
            out["grouped"] = value
        elif metric == "station_visitors_overlap_quarter":
            out["visited"] += value  # minus the deputies counted at a second station
        else:
            counts = out["visits"].setdefault(int(key), {"visits": 0, "visitors": 0})
            if metric == "station_visitors_quarter":
                counts["visitors"] = value
                out["visited"] += value
            else:
                counts["visits"] = value
    return out


def _visits_by_month(viewer: User, region_code: str | None, ids, year: int) -> dict[int, int]:
    """Visits per month of the year at the stations in view: the dashboard's `visits` rows
    (by station region) for a viewer whose stations are a region's subtree, once built; else
    counted."""
    region = region_code or region_prefix(viewer)
    if region is not None and facts_readable("liaison_stations.dashboard", ["visits"]):
        rows = (
            Fact.objects.filter(
                tier=tier_for(region),
                metric="visits",
                region__startswith=region,
                month__gte=date(year, 1, 1),
                month__lt=date(year + 1, 1, 1),
            )
            .values_list("month")
            .annotate(n=Sum("value"))
            .order_by()
        )
        return {month.month: n for month, n in rows}
    return dict(
        StationVisit.objects.filter(station_id__in=ids, date__year=year)
        .annotate(month=ExtractMonth("date"))
        .order_by()
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )


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

    region = region_code or region_prefix(viewer)
    if (
        region is not None
        and len(region) in STATION_LEVELS
        and facts_readable("liaison_stations.dashboard", STATION_METRICS)
    ):
        counted = _kept_members_and_visits(region, q_start)
    else:
        counted = _members_and_visits(ids, q_start, q_end)
    by_visits, grouped, visited = counted["visits"], counted["grouped"], counted["visited"]
    by_month = _visits_by_month(viewer, region_code, ids, year)

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
        members_n = counted["members"].get(sid, 0)
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

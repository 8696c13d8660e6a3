"""Dashboard figures of liaison stations, visits and citizens' opinions (owned by the
dashboards app)."""

from datetime import date

from django.db.models import CharField, Count, DateField, Exists, OuterRef, Value
from django.db.models.functions import (
    Cast,
    Concat,
    Length,
    Substr,
    TruncMonth,
    TruncQuarter,
    TruncYear,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.dashboards.context import Figure, rate
from congress.dashboards.facts import FactSource, grouped, month, month_of_date
from congress.dashboards.periods import add_months
from congress.params import query_bool, query_choice
from liaison_stations.models import (
    LiaisonStation,
    Opinion,
    Rating,
    StationMembership,
    StationVisit,
    VisitKind,
)
from representatives.models import Deputy, Mandate


def _serving_now():
    """Deputies who hold a serving mandate now: the coverage counts these, and only these."""
    return Exists(Mandate.objects.filter(deputy=OuterRef("pk"), status=Mandate.Status.SERVING))


def _coverage(trunc):
    def build():
        return grouped(
            StationVisit.objects.filter(deputy__in=Deputy.objects.filter(_serving_now())),
            region="deputy__region_id",
            month=Cast(trunc("date"), DateField()),
            value=Count("deputy_id", distinct=True),
        )

    return build


def _active_deputies():
    return grouped(Deputy.objects.filter(_serving_now()), region="region_id")


def _opinions_overdue():
    return grouped(Opinion.objects.overdue(on=timezone.localdate()), region="station__region_id")


# Who counts as serving is a subquery on mandates: a mandate's change marks its deputy's region.
SERVING_MARKS = ((Mandate, "deputy__region_id"),)

# The station statistics (liaison_stations/stats.py): per station, keyed by its id, and the
# distinct deputies of a whole subtree, kept at each level of the region tree by the level's
# code (a deputy grouped into two stations counts once in a region holding both).
STATION_LEVELS = (2, 4, 6, 9)  # province, city, county, township codes
STATION_REGION = "station__region_id"
# A mandate that ends or starts changes who counts at each station its deputy is grouped in.
MEMBERSHIP_MARKS = ((Mandate, "deputy__station_memberships__station__region_id"),)


def _own_station_visits():
    """Visits of deputies to a station they are grouped in and serve at (the coverage's)."""
    own = StationMembership.objects.serving().filter(
        station_id=OuterRef("station_id"), deputy_id=OuterRef("deputy_id")
    )
    return StationVisit.objects.filter(Exists(own))


def _grouped_at_several():
    """Deputies grouped, and serving, at two stations or more (few): a list the planner reads
    first, where a test of each visit's deputy would be made 2.5 million times."""
    return (
        StationMembership.objects.serving()
        .order_by()
        .values("deputy_id")
        .annotate(stations=Count("id"))
        .filter(stations__gte=2)
        .values("deputy_id")
    )


# A deputy's membership starting or ending anywhere decides whether they are grouped at several
# stations, at each of their stations.
GROUPING_MARKS = (
    (StationMembership, "deputy__station_memberships__station__region_id"),
    *MEMBERSHIP_MARKS,
)


def _quarter():
    return Cast(TruncQuarter("date"), DateField())


def _at_each_level(qs, *, month=None, value=None):
    """Distinct deputies of `qs` (or `value`) per region code at every level of the tree
    above its stations: one query per level, each only over stations at that level or below."""
    return [
        grouped(
            qs.annotate(fact_len=Length(STATION_REGION)).filter(fact_len__gte=length),
            region=Substr(STATION_REGION, 1, length),
            month=month,
            value=value if value is not None else Count("deputy_id", distinct=True),
        )
        for length in STATION_LEVELS
    ]


def _overlap(qs, *, month):
    """At each level: distinct deputies less distinct (deputy, station) pairs, that is minus
    the times a deputy is counted again at a second station of the region (0 rows dropped)."""
    pairs = Count(Concat(Cast("deputy_id", CharField()), Value(":"), Cast("station_id", CharField())), distinct=True)  # fmt: skip
    return [*_at_each_level(qs, month=month), *_at_each_level(qs, month=month, value=-pairs)]


def _level_marks(model, path):
    return tuple((model, Substr(path, 1, length)) for length in STATION_LEVELS)


STATION_SOURCES = [
    FactSource(
        "station_members",
        lambda: grouped(
            StationMembership.objects.serving(), region=STATION_REGION, key="station_id"
        ),
        kind="snapshot",
        marks=MEMBERSHIP_MARKS,
        fine_only=True,
    ),
    FactSource(
        "station_grouped",
        lambda: _at_each_level(StationMembership.objects.serving()),
        kind="snapshot",
        marks=_level_marks(Mandate, MEMBERSHIP_MARKS[0][1]),
        fine_only=True,
    ),
    FactSource(
        "station_visits_quarter",
        lambda: grouped(
            StationVisit.objects.all(), region=STATION_REGION, month=_quarter(), key="station_id"
        ),
        kind="statistics",
        fine_only=True,
    ),
    FactSource(
        "station_visitors_quarter",
        lambda: grouped(
            _own_station_visits(),
            region=STATION_REGION,
            month=_quarter(),
            key="station_id",
            value=Count("deputy_id", distinct=True),
        ),
        kind="statistics",
        marks=((StationMembership, STATION_REGION), *MEMBERSHIP_MARKS),
        fine_only=True,
    ),
    # The distinct visitors of a subtree: the sum of the stations' visitors above, less the
    # deputies counted at more than one of its stations, kept at each level of the tree. Only
    # the deputies grouped at several stations (few) can be, so this reads their visits alone,
    # where distinct visitors per level would group the province's 2.5 million visits once
    # per level (38 s).
    FactSource(
        "station_visitors_overlap_quarter",
        lambda: _overlap(
            _own_station_visits().filter(deputy_id__in=_grouped_at_several()), month=_quarter()
        ),
        kind="statistics",
        marks=tuple(
            mark
            for model, path in ((StationMembership, STATION_REGION), *GROUPING_MARKS)
            for mark in _level_marks(model, path)
        ),
        fine_only=True,
    ),
]
STATION_METRICS = [source.metric for source in STATION_SOURCES]

SOURCES = [
    FactSource(
        "stations",
        lambda: grouped(
            LiaisonStation.objects.filter(is_active=True),
            region="region_id",
            month=month("created_at"),
            key="rating",
        ),
        kind="stock",
    ),
    FactSource(
        "visits",
        lambda: grouped(
            StationVisit.objects.all(),
            region="station__region_id",
            month=month_of_date("date"),
            key="kind",
        ),
        trend=True,
    ),
    # Distinct deputies who visited, per month, quarter and year (distinct counts do not add up
    # across months, so each grain is kept; they do add up across regions).
    FactSource("visit_deputies_month", _coverage(TruncMonth), marks=SERVING_MARKS),
    FactSource("visit_deputies_quarter", _coverage(TruncQuarter), marks=SERVING_MARKS),
    FactSource("visit_deputies_year", _coverage(TruncYear), marks=SERVING_MARKS),
    FactSource("deputies_active", _active_deputies, kind="snapshot", marks=SERVING_MARKS),
    FactSource(
        "opinions",
        lambda: grouped(
            Opinion.objects.all(),
            region="station__region_id",
            month=month("received_at"),
            key="status",
        ),
        trend=True,
    ),
    FactSource(
        "opinions_answered",
        lambda: grouped(
            Opinion.objects.filter(answered_at__isnull=False),
            region="station__region_id",
            month=month("answered_at"),
        ),
    ),
    FactSource("opinions_overdue", _opinions_overdue, kind="snapshot"),
    *STATION_SOURCES,
]

VISIT_KINDS = dict(VisitKind.choices)
COVERAGE_GRAIN = {"month": "visit_deputies_month", "quarter": "visit_deputies_quarter", "year": "visit_deputies_year", "term": "visit_deputies_quarter"}  # fmt: skip


def _quarters(period) -> int:
    """Quarters of the period up to today: a term's coverage is the average quarter's."""
    if period.kind != "term":
        return 1
    today = timezone.localdate()
    end = min(period.end, add_months(date(today.year, today.month, 1), 1))
    return max(1, -(-((end.year - period.start.year) * 12 + end.month - period.start.month) // 3))


def figures(ctx) -> list[Figure]:
    stations = ctx.by_region("stations", which="cum_cur")
    exemplary = ctx.by_region("stations", Rating.EXEMPLARY, "cum_cur")
    visits = ctx.by_region("visits")
    grain = COVERAGE_GRAIN[ctx.period.kind]
    active = ctx.by_region("deputies_active", which="snap")
    quarters = _quarters(ctx.period)
    visited = ctx.by_region(grain)
    coverage = {
        sub: min(100.0, rate(visited.get(sub, 0), active[sub] * quarters))
        if active.get(sub)
        else None
        for sub in set(visited) | set(active)
    }
    total_active = sum(active.values())

    def capped(value):
        return min(100.0, value) if value is not None else None

    received = ctx.by_region("opinions")
    answered = ctx.by_region("opinions", Opinion.Status.ANSWERED)
    overdue = ctx.by_region("opinions_overdue", which="snap")
    return [
        Figure("stations", _("联络站"), "stations", sum(stations.values()), ctx.total("stations", which="cum_prev"), stations,
               link=ctx.query(list="stations")),
        Figure("stations_exemplary", _("示范站/标杆站"), "stations", sum(exemplary.values()),
               ctx.total("stations", Rating.EXEMPLARY, "cum_prev"), exemplary,
               link=ctx.query(list="stations", rating=Rating.EXEMPLARY)),
        Figure("visits", _("进站履职（人次）"), "stations", sum(visits.values()), ctx.total("visits", which="prev"), visits,
               link=ctx.query(list="visits")),
        Figure("visit_coverage", _("代表进站覆盖率"), "stations",
               capped(rate(sum(visited.values()), total_active * quarters)),
               capped(rate(ctx.total(grain, which="prev"), total_active * quarters)), coverage, unit="%",
               note=_("本期至少进站一次的在任代表占比（届次为季度平均）"),
               # A term's coverage is an average of its quarters: no one list of records makes it.
               link=None if ctx.period.kind == "term" else ctx.query(list="deputies_not_visited"),
               drill="rest", whole=ctx.query(list="deputies_serving")),
        Figure("opinions", _("收到群众意见"), "opinions", sum(received.values()), ctx.total("opinions", which="prev"),
               received, link=ctx.query(list="opinions")),
        Figure("opinions_answered_rate", _("群众意见办结率"), "opinions",
               rate(sum(answered.values()), sum(received.values())),
               rate(ctx.total("opinions", Opinion.Status.ANSWERED, "prev"), ctx.total("opinions", which="prev")),
               ctx.region_rates(answered, received), unit="%", note=_("本期收到的意见中已办结的占比"),
               link=ctx.query(list="opinions", status=Opinion.Status.ANSWERED),
               drill="part", whole=ctx.query(list="opinions")),
        Figure("opinions_overdue", _("群众意见逾期未办结"), "opinions", sum(overdue.values()), None, overdue,
               note=_("当前状态，不分期间"), link={**ctx.query(list="opinions", overdue="1"), "period": "", "value": ""}),
    ]  # fmt: skip


def panels(ctx) -> dict:
    ratings = ctx.by_key("stations", "cum_cur")
    kinds = ctx.by_key("visits")
    return {
        "station_ratings": [
            {"key": code or "unrated", "label": str(label), "value": ratings.get(code, 0),
             "link": ctx.query(list="stations", rating=code or "unrated")}
            for code, label in Rating.choices
        ],
        "visit_kinds": [
            {"key": k, "label": str(VISIT_KINDS.get(k, k)),
             "value": v, "link": ctx.query(list="visits", kind=k)}
            for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])
        ],
        "visit_trend": [{"month": m.strftime("%Y-%m"), "value": ctx.trend("visits").get(m, 0),
                         "last": ctx.trend("visits").get(add_months(m, -12), 0)} for m in ctx.months()],
        "opinion_trend": [{"month": m.strftime("%Y-%m"), "value": ctx.trend("opinions").get(m, 0),
                           "last": ctx.trend("opinions").get(add_months(m, -12), 0)} for m in ctx.months()],
    }  # fmt: skip


RATING_LABELS = dict(Rating.choices)


def station_records(*, qs_scope, period, params):
    """Drill-down: active stations set up before the end of the period (a stock)."""
    qs = LiaisonStation.objects.filter(
        is_active=True, created_at__lt=period.aware_bounds()[1], **qs_scope("region__code")
    )
    filters = [{"label": _("口径"), "value": _("期末在用")}]
    rating = query_choice(params, "rating", [*Rating.values, "unrated"])
    if rating:
        qs = qs.filter(rating="" if rating == "unrated" else rating)
        filters.append(
            {
                "label": _("评定"),
                "value": RATING_LABELS.get("" if rating == "unrated" else rating, rating),
            }
        )
    qs = qs.select_related("region").order_by("region_id", "name", "id")

    def row(s):
        return {
            "title": s.name,
            "region": s.region.name,
            "detail": s.get_kind_display(),
            "date": s.created_at,
            "status": s.get_rating_display(),
            "url": f"/stations/{s.pk}/",
            "perm": "station.view",
        }

    return qs, row, filters


def visit_records(*, qs_scope, period, params):
    qs = StationVisit.objects.filter(
        date__gte=period.start, date__lt=period.end, **qs_scope("station__region__code")
    )
    filters = []
    if kind := query_choice(params, "kind", VisitKind.choices):
        qs = qs.filter(kind=kind)
        filters.append({"label": _("活动类型"), "value": VISIT_KINDS[kind]})
    # By station, then newest first: the (station, date) index answers a page at any scale.
    qs = qs.select_related("deputy", "station", "station__region").order_by(
        "station_id", "-date", "-id"
    )

    def row(v):
        return {
            "title": f"{v.deputy.name} · {v.get_kind_display()}",
            "region": v.station.region.name,
            "detail": v.station.name,
            "date": v.date,
            "status": _("已确认") if v.confirmed else _("待确认"),
            "url": f"/stations/{v.station_id}/",
            "perm": "station.view",
        }

    return qs, row, filters


def opinion_records(*, qs_scope, period, params):
    """Drill-down: opinions received in the period, or overdue now (Opinion.objects.overdue)."""
    qs = Opinion.objects.filter(**qs_scope("station__region__code"))
    filters = []
    if query_bool(params, "overdue", default=False):
        qs = qs.overdue(on=timezone.localdate())
        filters += [
            {"label": _("期间"), "value": _("当前")},
            {"label": _("状态"), "value": _("超期未办结")},
        ]
    else:
        start, end = period.aware_bounds()
        qs = qs.filter(received_at__gte=start, received_at__lt=end)
    if status := query_choice(params, "status", Opinion.Status.choices):
        qs = qs.filter(status=status)
        filters.append({"label": _("状态"), "value": Opinion.Status(status).label})
    qs = qs.select_related("station", "station__region").order_by("-received_at", "-id")

    def row(o):
        # The opinions board is for the staff who handle them; a leader sees the list only.
        return {
            "title": o.title,
            "region": o.station.region.name,
            "detail": f"{o.tracking_code} · {o.station.name}",
            "date": o.received_at,
            "status": o.get_status_display(),
            "url": f"/opinions/?q={o.tracking_code}",
            "perm": "opinion.manage",
        }

    return qs, row, filters


def _deputy_row(d, detail):
    return {
        "title": d.name,
        "region": d.region.name,
        "detail": detail,
        "date": None,
        "status": "",
        "url": f"/deputies/{d.pk}/",
        "perm": "deputy.view",
    }


def serving_records(*, qs_scope, period, params):
    """The deputies the coverage is taken of: those who hold a serving mandate now."""
    qs = (
        Deputy.objects.filter(_serving_now(), **qs_scope("region__code"))
        .select_related("region")
        .order_by("region_id", "name", "id")
    )
    filters = [{"label": _("口径"), "value": _("当前在任的代表")}]
    return qs, lambda d: _deputy_row(d, _("在任代表")), filters


def not_visited_records(*, qs_scope, period, params):
    """Drill-down of coverage: deputies serving now with no visit in the period."""
    visited = StationVisit.objects.filter(
        deputy=OuterRef("pk"), date__gte=period.start, date__lt=period.end
    )
    qs, _row, filters = serving_records(qs_scope=qs_scope, period=period, params=params)
    qs = qs.exclude(Exists(visited))
    filters.append({"label": _("进站"), "value": _("本期未进站履职")})
    return qs, lambda d: _deputy_row(d, _("本期未进站履职")), filters


RECORDS = {
    "stations": (_("联络站"), station_records),
    "visits": (_("进站履职"), visit_records),
    "opinions": (_("群众意见"), opinion_records),
    "deputies_serving": (_("在任代表"), serving_records),
    "deputies_not_visited": (_("本期未进站的代表"), not_visited_records),
}

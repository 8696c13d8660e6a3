"""The statistics page's figures, grouped in the database by the definitions of
suggestions/figures.py: per lead unit (交办, 签收, 答复 and its classes, 测评, 未测评) and per
region, status and category. Five queries for the units and two for the regions, whatever the
number of suggestions; each joins the suggestion once, with the viewer's region on it (the
earlier form joined it twice, once for the status and once for an IN over every suggestion the
viewer sees), and the reply classes are grouped by their id, named from the small class table."""

from collections import defaultdict
from datetime import date, datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from congress.dashboards.context import plain_rows, split, tier_for
from congress.dashboards.models import Fact
from congress.dashboards.services import facts_readable
from congress.models import HandlingUnit, Region, User
from congress.scope import region_prefix
from suggestions import figures, selectors
from suggestions.models import ResultClass, SuggestionCategory
from suggestions.models import Status as S


def _scope(viewer: User, term_id: int | None):
    """A function narrowing a queryset to the suggestions the viewer sees (selectors.scoped)
    through a path ("suggestion", "reply__suggestion", or "" for suggestions themselves), as
    filters on that one join: staff, leaders and the admin by region and status, others by the
    selector. A county's subtree is a list of codes (one query, here): equality lets the
    (region, status) index answer, where a LIKE prefix cannot under the database's collation."""
    prefix = region_prefix(viewer)
    codes = None
    if prefix and len(prefix) >= 6:
        codes = list(Region.objects.filter(code__startswith=prefix).values_list("pk", flat=True))

    def scoped(qs: QuerySet, path: str) -> QuerySet:
        at = f"{path}__" if path else ""
        if prefix is None:
            qs = qs.filter(**{f"{at}pk__in": selectors.scoped(viewer).values("pk")})
        else:
            if codes is not None:
                qs = qs.filter(**{f"{at}region__in": codes})
            elif prefix:
                qs = qs.filter(**{f"{at}region__code__startswith": prefix})
            qs = qs.exclude(**{f"{at}status": S.DRAFT})
        return qs.filter(**{f"{at}term_id": term_id}) if term_id else qs

    return scoped


def _in_year(qs: QuerySet, field: str, year: int | None) -> QuerySet:
    if not year:
        return qs
    tz = timezone.get_current_timezone()
    start, end = datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)
    return qs.filter(**{f"{field}__gte": start, f"{field}__lt": end})


def unit_statistics(*, viewer: User, year: int | None = None, term_id: int | None = None):
    """Per lead unit, each figure at its own moment in the year (suggestions/figures.py): 交办
    (suggestions the unit holds now, by the date of that assignment) with how many were signed
    and signed within 3 working days, first replies with the on-time ones and their classes,
    current ratings with the 满意+基本满意 ones, and 未测评 (counted apart)."""
    kept = _unit_figures_kept(viewer, year) if not term_id else None
    if kept is not None:
        return _unit_rows(kept)
    _scoped = _scope(viewer, term_id)
    assignments = (
        _in_year(figures.with_signed_on(_scoped(figures.assigned(), "suggestion")),
                 "assigned_at", year)
        .order_by().values("unit_id")
        .annotate(assigned=Count("id"), signed=Count("id", filter=Q(signed_at__isnull=False)),
                  signed_in_time=Count("id", filter=figures.signed_in_time()))
    )  # fmt: skip
    replies = (
        _in_year(_scoped(figures.replied(), "suggestion"), "replied_at", year)
        .order_by().values("unit_id", "result_class_id")
        .annotate(n=Count("id"), on_time=Count("id", filter=Q(on_time=True)))
    )  # fmt: skip
    ratings = (
        _in_year(_scoped(figures.rated(), "reply__suggestion"), "rated_at", year)
        .order_by().values("reply__unit_id")
        .annotate(n=Count("id"), ok=Count("id", filter=figures.satisfied()))
    )  # fmt: skip
    # 未测评 per lead unit holding it now, in the year it was recorded: a unit whose only figure
    # of the year is one still has its row.
    unrated = (
        _in_year(_scoped(figures.unrated(), ""), "unrated_at", year)
        .filter(assignments__role="lead", assignments__is_active=True)
        .order_by().values("assignments__unit_id")
        .annotate(n=Count("id"))
    )  # fmt: skip
    units = _Units()
    for r in assignments:
        units[r["unit_id"]].update(
            assigned=r["assigned"], signed=r["signed"], signed_in_time=r["signed_in_time"]
        )
    codes = dict(ResultClass.objects.values_list("pk", "code"))
    for r in replies:
        unit = units[r["unit_id"]]
        unit["replied_on_time"] += r["on_time"]
        unit["classes"][codes.get(r["result_class_id"])] = r["n"]
    for r in ratings:
        units[r["reply__unit_id"]].update(rated=r["n"], satisfied=r["ok"])
    for r in unrated:
        units[r["assignments__unit_id"]]["unrated"] = r["n"]
    return _unit_rows(units)


class _Units(dict):
    """unit id -> its figures, each 0 until counted (a unit with any figure has its row)."""

    def __missing__(self, unit_id):
        self[unit_id] = {
            "unit_id": unit_id, "unit": "", "assigned": 0, "signed": 0, "signed_in_time": 0,
            "replied": 0, "replied_on_time": 0, "classes": {}, "rated": 0, "satisfied": 0,
            "unrated": 0,
        }  # fmt: skip
        return self[unit_id]


# metric of the aggregate rows -> the unit's figure it holds
KEPT_UNIT_METRICS = {
    "unit_year_assigned": "assigned", "unit_year_signed": "signed",
    "unit_year_signed_in_time": "signed_in_time", "unit_year_on_time": "replied_on_time",
    "unit_year_rated": "rated", "unit_year_satisfied": "satisfied",
    "unit_year_unrated": "unrated", "unit_year_classes": "classes",
}  # fmt: skip


def _unit_figures_kept(viewer: User, year: int | None) -> "_Units | None":
    """The same figures from the dashboard's aggregate rows (at most a minute old), for staff,
    leaders and the admin once the rows are built; None otherwise (counted live). One grouped
    query over the rows of the viewer's region, whatever the number of suggestions."""
    prefix = region_prefix(viewer)
    if prefix is None or not facts_readable("suggestions.dashboard", KEPT_UNIT_METRICS):
        return None
    months = (date(year, 1, 1), date(year + 1, 1, 1)) if year else (date.min, date.max)
    units = _Units()
    for (metric, key, _sub), value in split(
        region_code=prefix, metrics=list(KEPT_UNIT_METRICS), months=months, by_region=False
    ).items():
        if metric == "unit_year_classes":
            unit, _colon, code = key.partition(":")
            classes = units[int(unit)]["classes"]
            classes[code or None] = classes.get(code or None, 0) + value
        else:
            units[int(key)][KEPT_UNIT_METRICS[metric]] += value
    return units


def _unit_rows(units: _Units) -> list[dict]:
    named = HandlingUnit.objects.all()
    if len(units) < 500:  # a long IN list costs more to compile than the names of all units
        named = named.filter(pk__in=list(units))
    names = dict(named.values_list("pk", "name"))
    for unit in units.values():
        unit["replied"] = sum(unit["classes"].values())
        unit["unit"] = names.get(unit["unit_id"], "")
        unit["satisfaction_rate"] = (
            round(100 * unit["satisfied"] / unit["rated"], 1) if unit["rated"] else None
        )
        unit["on_time_rate"] = (
            round(100 * unit["replied_on_time"] / unit["replied"], 1) if unit["replied"] else None
        )
    return sorted(units.values(), key=lambda r: (-r["assigned"], r["unit"]))


REGION_METRICS = ("region_year_status", "region_year_category")


def _region_counts_kept(viewer: User, term_id: int | None, year: int | None):
    """([(region, term, status, n)], [(category, n)]) from the dashboard's aggregate rows (at
    most a minute old), for staff, leaders and the admin once the rows are built; None
    otherwise (counted live). The regions are the suggestions' own, so their rows are read at
    the fine tier; the categories' totals at the coarsest."""
    prefix = region_prefix(viewer)
    if prefix is None or not facts_readable("suggestions.dashboard", REGION_METRICS):
        return None
    rows = Fact.objects.filter(region__startswith=prefix)
    if year:
        rows = rows.filter(month=date(year, 1, 1))
    if term_id:
        rows = rows.filter(key__startswith=f"{term_id}:")

    def term_and(key: str) -> tuple[int | None, str]:
        term, _colon, value = key.partition(":")
        return (int(term) if term else None), value

    statuses = []
    by_status = (
        rows.filter(tier=Fact.Tier.FINE, metric=REGION_METRICS[0])
        .values_list("region", "key")
        .annotate(n=Sum("value"))
        .order_by()
    )
    for region, key, n in plain_rows(*by_status.query.sql_with_params()):
        term, status = term_and(key)
        statuses.append((region, term, status, int(n)))  # SUM of a bigint is a numeric
    categories: dict[int | None, int] = defaultdict(int)
    by_category = (
        rows.filter(tier=tier_for(prefix), metric=REGION_METRICS[1])
        .values_list("key")
        .annotate(n=Sum("value"))
        .order_by()
    )
    for key, n in plain_rows(*by_category.query.sql_with_params()):
        _term, category = term_and(key)
        categories[int(category) if category else None] += int(n)
    return statuses, list(categories.items())


def region_statistics(*, viewer: User, term_id: int | None = None, year: int | None = None):
    """Counts by region, status and category."""
    kept = _region_counts_kept(viewer, term_id, year)
    if kept is not None:
        statuses, categories = kept
        names = dict(
            Region.objects.filter(code__in={r for r, *_rest in statuses}).values_list(
                "code", "name"
            )
        )
        by_status = [
            {"region_id": r, "region__name": names.get(r, r), "term_id": t, "status": st, "n": n}
            for r, t, st, n in statuses
            if n
        ]
        labels = dict(SuggestionCategory.objects.values_list("pk", "name"))
        by_category = sorted(
            (
                {"category_id": c, "category__name": labels.get(c), "n": n}
                for c, n in categories
                if n
            ),
            key=lambda c: -c["n"],
        )
        return _region_table(by_status, by_category)
    qs = selectors.scoped(viewer).exclude(status=S.DRAFT)
    if term_id:
        qs = qs.filter(term_id=term_id)
    if year:
        qs = qs.filter(created_at__year=year)
    by_status = list(
        qs.values("region_id", "region__name", "term_id", "status").annotate(n=Count("id"))
    )
    by_category = list(
        qs.values("category_id", "category__name").annotate(n=Count("id")).order_by("-n")
    )
    return _region_table(by_status, by_category)


def _region_table(by_status: list[dict], by_category: list[dict]) -> dict:
    regions: dict = {}
    for r in by_status:
        row = regions.setdefault(
            (r["region_id"], r["term_id"]),
            {"region": r["region_id"], "region_name": r["region__name"], "term": r["term_id"],
             "total": 0, "statuses": {}},
        )  # fmt: skip
        row["statuses"][r["status"]] = r["n"]
        row["total"] += r["n"]
    return {
        "regions": sorted(regions.values(), key=lambda r: r["region"]),
        "categories": [
            {"id": c["category_id"], "category": c["category__name"], "count": c["n"]}
            for c in by_category
        ],
        "status_labels": dict(S.choices),
    }

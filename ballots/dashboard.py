"""Dashboard of the ballots app (owned by the dashboards app): the latest closed 部门满意度测评
in scope (a panel), and two figures with their drill-downs: the key suggestions of the period's
十大重点建议集中评议 whose satisfaction rate reached 80%, of all those reviewed; and the
appointed officials rated by the standing committee (任后监督). Both are counted in the month
the ballot closed, by the region of its congress."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ballots.models import Ballot, ItemResult
from congress.dashboards.context import Figure, rate
from congress.dashboards.facts import FactSource, grouped, month

GOOD_RATE = Decimal("0.8")  # 满意率（满意+基本满意）达到 80%


def _percent(value):
    return round(float(value) * 100, 1) if value is not None else None


def _results(kind: str, good: bool = False):
    qs = ItemResult.objects.filter(ballot__kind=kind, ballot__status=Ballot.Status.CLOSED)
    return qs.filter(satisfaction_rate__gte=GOOD_RATE) if good else qs


def _facts(kind: str, good: bool = False):
    def build():
        return grouped(
            _results(kind, good),
            region="ballot__congress__region_id",
            month=month("ballot__closes_at"),
        )

    return build


KEY, RATED = Ballot.Kind.KEY_REVIEW, Ballot.Kind.OFFICIAL_RATING
SOURCES = [
    FactSource("key_review_items", _facts(KEY)),
    FactSource("key_review_good", _facts(KEY, good=True)),
    FactSource("officials_rated", _facts(RATED)),
]


def figures(ctx) -> list[Figure]:
    items, good = ctx.by_region("key_review_items"), ctx.by_region("key_review_good")
    rated = ctx.by_region("officials_rated")
    return [
        Figure("key_review_good", _("重点建议集中评议满意率达标占比"), "ballots",
               rate(sum(good.values()), sum(items.values())),
               rate(ctx.total("key_review_good", which="prev"), ctx.total("key_review_items", which="prev")),
               ctx.region_rates(good, items), unit="%",
               note=_("本期结束的十大重点建议集中评议中，满意率（满意+基本满意）达到80%的重点建议占比"),
               link=ctx.query(list="key_review_good"), drill="part",
               whole=ctx.query(list="key_review_items")),
        Figure("officials_rated", _("任后监督测评（人次）"), "ballots", sum(rated.values()),
               ctx.total("officials_rated", which="prev"), rated,
               note=_("本期常委会对任命人员年度履职情况进行满意度测评的人次"),
               link=ctx.query(list="officials_rated")),
    ]  # fmt: skip


def _records(kind: str, good: bool, label):
    def build(*, qs_scope, period, params):
        start, end = period.aware_bounds()
        qs = (
            _results(kind, good)
            .filter(
                ballot__closes_at__gte=start,
                ballot__closes_at__lt=end,
                **qs_scope("ballot__congress__region__code"),
            )
            .select_related("ballot__congress__region", "item")
            .order_by("-ballot__closes_at", "rank", "id")
        )

        def row(r):
            suggestion = r.item.suggestion_id
            official = r.item.official_id
            return {
                "title": r.item.title,
                "region": r.ballot.congress.region.name,
                "detail": r.ballot.title,
                "date": r.ballot.closes_at,
                "status": _("满意率 %(p)s%%") % {"p": _percent(r.satisfaction_rate)},
                "value": _percent(r.satisfaction_rate),
                "url": f"/suggestions/{suggestion}/"
                if suggestion
                else f"/ballots/officials/{official}/"
                if official
                else f"/ballots/{r.ballot_id}/",
                "perm": "suggestion.view" if suggestion else "appointment.view",
            }

        return qs, row, [{"label": _("口径"), "value": label}]

    return build


RECORDS = {
    "key_review_items": (
        _("集中评议的重点建议"),
        _records(KEY, False, _("本期结束的集中评议中的重点建议")),
    ),
    "key_review_good": (
        _("集中评议满意率达标的重点建议"),
        _records(KEY, True, _("满意率达到80%")),
    ),
    "officials_rated": (_("任后监督测评"), _records(RATED, False, _("常委会测评的任命人员"))),
}


def panels(ctx) -> dict:
    year = ctx.period.months[-1].year
    ballot = (
        Ballot.objects.filter(
            kind=Ballot.Kind.UNIT_RATING,
            status=Ballot.Status.CLOSED,
            congress__region__code__startswith=ctx.prefix,
            closes_at__year__lte=year,
        )
        .order_by("-closes_at", "-id")
        .first()
    )
    if ballot is None:
        return {"unit_ballot": None}
    results = ItemResult.objects.filter(ballot=ballot).select_related("item").order_by("rank")[:30]
    return {
        "unit_ballot": {
            "title": ballot.title,
            "label": str(_("部门满意度测评")),
            "url": f"/ballots/{ballot.pk}/",
            "rows": [
                {
                    "name": r.item.title,
                    "rank": r.rank,
                    "rate": _percent(r.satisfaction_rate),
                    "last": _percent(r.previous_rate),
                    "flagged": r.flagged,
                }
                for r in results
            ],  # fmt: skip
        }
    }

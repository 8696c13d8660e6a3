"""Dashboard panels of deputies' points and the evaluation of township congresses (owned by the
dashboards app). Read live: the tables are small (one row per deputy or target and year)."""

from django.db.models import Avg, Q
from django.utils.translation import gettext_lazy as _

from congress.dashboards.context import Figure
from evaluation.models import DeputyPoints, RoundTarget


def _year(ctx) -> int:
    return ctx.period.months[-1].year


def figures(ctx) -> list[Figure]:
    year = _year(ctx)
    averages = DeputyPoints.objects.filter(
        deputy__region__code__startswith=ctx.prefix, rule_set__year__in=[year, year - 1]
    ).aggregate(
        now=Avg("total", filter=Q(rule_set__year=year)),
        last=Avg("total", filter=Q(rule_set__year=year - 1)),
    )

    def one(value):
        return round(float(value), 1) if value is not None else None

    return [
        Figure("points_average", _("代表平均履职积分"), "performance", one(averages["now"]), one(averages["last"]),
               note=_("按年度积分规则计算"), link=ctx.query(list="points"), drill="mean"),
    ]  # fmt: skip


def panels(ctx) -> dict:
    year = _year(ctx)
    scoped = DeputyPoints.objects.filter(
        deputy__region__code__startswith=ctx.prefix, rule_set__year=year
    )
    scoped = scoped.select_related("deputy", "deputy__region")

    def rows(qs):
        return [{"name": p.deputy.name, "region": p.deputy.region.name, "total": float(p.total),
                 "url": f"/deputies/{p.deputy_id}/"} for p in qs]  # fmt: skip

    return {
        "points_leaders": rows(scoped.order_by("-total", "deputy_id")[:5]),
        "points_laggards": rows(scoped.order_by("total", "deputy_id")[:5]),
        "evaluation": _evaluation(ctx, year),
    }


def _evaluation(ctx, year: int) -> dict | None:
    """The latest evaluation round (up to the period's year) with targets in scope, ranked,
    with each target's total in the same organiser's round a year earlier."""
    in_scope = RoundTarget.objects.filter(
        region__code__startswith=ctx.prefix, round__year__lte=year
    )
    latest = in_scope.order_by("-round__year", "-round_id").values("round_id").first()
    if latest is None:
        return None
    targets = list(
        in_scope.filter(round_id=latest["round_id"])
        .select_related("round", "region", "handling_unit")
        .order_by("rank", "region_id")
    )
    rnd = targets[0].round
    before = {
        t.region_id: t
        for t in RoundTarget.objects.filter(
            round__region_id=rnd.region_id, round__year=rnd.year - 1, round__system__target_kind=rnd.system.target_kind,
            region_id__in=[t.region_id for t in targets],
        )
    } if targets else {}  # fmt: skip
    return {
        "round": rnd.name,
        "year": rnd.year,
        "status": rnd.get_status_display(),
        "url": f"/evaluation/rounds/{rnd.pk}/",
        "rows": [
            {"name": t.name, "rank": t.rank, "total": float(t.final_total),
             "last": float(before[t.region_id].final_total) if t.region_id in before else None}
            for t in targets[:20]
        ],
    }  # fmt: skip


def points_records(*, qs_scope, period, params):
    year = period.months[-1].year
    qs = (
        DeputyPoints.objects.filter(rule_set__year=year, **qs_scope("deputy__region__code"))
        .select_related("deputy", "deputy__region", "rule_set")
        .order_by("-total", "deputy_id")
    )

    def row(p):
        return {
            "title": p.deputy.name,
            "region": p.deputy.region.name,
            "detail": f"{p.rule_set.name} · {p.total}",
            "date": p.computed_at,
            "status": "",
            "value": float(p.total),
            "url": f"/deputies/{p.deputy_id}/",
            "perm": "deputy.view",
        }

    return qs, row, [{"label": _("期间"), "value": _("%(y)d年度积分") % {"y": year}}]


RECORDS = {"points": (_("代表积分"), points_records)}

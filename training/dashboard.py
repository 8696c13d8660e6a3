"""Dashboard figures of training (owned by the dashboards app): 县乡两级人大代表履职培训全覆盖
and the 一月两学 completion, from aggregate rows rebuilt by beat; each drills down to the
deputies behind it, by the definitions of training/tf.py."""

import datetime as dt

from django.db.models import F, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.dashboards.context import Figure, rate, split
from congress.dashboards.facts import FactSource, grouped
from congress.dashboards.services import facts_readable
from representatives.models import Deputy
from training import figures as tf


def _years() -> list[int]:
    year = timezone.localdate().year
    return [year - 1, year]


TRAINING_KEPT = ("training_trained", "training_serving")


def coverage_split(region_code: str, year: int) -> dict[str, tuple[int, int]] | None:
    """{region one level below, or region_code itself for its own deputies: (trained,
    serving)} of a year the aggregate rows keep (last year and this one), read from them; None
    for another year or before the rows are first built (the caller counts live)."""
    if year not in _years() or not facts_readable(__name__, TRAINING_KEPT):
        return None
    cells = split(region_code=region_code, metrics=list(TRAINING_KEPT), keys=[str(year)])
    out: dict[str, list[int]] = {}
    for (metric, _key, sub), value in cells.items():
        out.setdefault(sub, [0, 0])[metric == "training_serving"] += value
    return {sub: (trained, serving) for sub, (trained, serving) in out.items()}


def _deputies_by_year(pick):
    """One snapshot row per region and year (key): distinct deputies do not add up over years."""

    def build():
        return [
            grouped(
                Deputy.objects.filter(pk__in=pick(year).values("pk")),
                region="region_id",
                key=Value(str(year)),
            )
            for year in _years()
        ]

    return build


def _assignments(finished: bool):
    def build():
        qs = tf.study_assignments(*_span())
        if finished:
            qs = qs.filter(finished_at__isnull=False)
        return grouped(qs, region="deputy__region_id", month=F("month"))

    return build


def _span():
    year = timezone.localdate().year
    return dt.date(year - 2, 1, 1), dt.date(year + 1, 1, 1)


SOURCES = [
    FactSource("training_serving", _deputies_by_year(tf.serving_deputies), kind="snapshot"),
    FactSource("training_trained", _deputies_by_year(tf.trained_deputies), kind="snapshot"),
    FactSource("study_assigned", _assignments(False)),
    FactSource("study_finished", _assignments(True)),
]


def figures(ctx) -> list[Figure]:
    year = ctx.period.months[-1].year
    key, last_key = str(year), str(year - 1)
    serving = ctx.by_region("training_serving", key, "snap")
    trained = ctx.by_region("training_trained", key, "snap")
    coverage_last = rate(
        ctx.total("training_trained", last_key, "snap"),
        ctx.total("training_serving", last_key, "snap"),
    )
    assigned = ctx.by_region("study_assigned")
    finished = ctx.by_region("study_finished")
    return [
        Figure("training_coverage", _("代表履职培训覆盖率"), "training",
               rate(sum(trained.values()), sum(serving.values())), coverage_last,
               ctx.region_rates(trained, serving), unit="%",
               note=_("本年度培训学时达到本地区标准的在任代表占比"),
               link=ctx.query(list="training_trained"), drill="part",
               whole=ctx.query(list="training_serving")),
        Figure("study_completion", _("一月两学完成率"), "training",
               rate(sum(finished.values()), sum(assigned.values())),
               rate(ctx.total("study_finished", which="prev"), ctx.total("study_assigned", which="prev")),
               ctx.region_rates(finished, assigned), unit="%",
               note=_("本期学习计划中全部学完的代表占比"),
               link=ctx.query(list="study_finished"), drill="part",
               whole=ctx.query(list="study_assigned")),
    ]  # fmt: skip


def _deputy_row(d, detail):
    return {
        "title": d.name,
        "region": d.region.name,
        "detail": detail,
        "date": None,
        "status": "",
        "value": d.training_hours,
        "url": f"/deputies/{d.pk}/",
        "perm": "deputy.view",
    }


def _deputy_records(pick, label):
    def build(*, qs_scope, period, params):
        year = period.months[-1].year
        qs = (
            tf.with_hours(Deputy.objects.filter(pk__in=pick(year).values("pk")), year)
            .filter(**qs_scope("region__code"))
            .select_related("region")
            .order_by("region_id", "name", "id")
        )
        hours = _("%(y)d年培训学时") % {"y": year}

        def row(d):
            return _deputy_row(d, f"{hours} {d.training_hours}/{d.hours_needed}")

        return qs, row, [{"label": _("期间"), "value": _("%(y)d年") % {"y": year}},
                         {"label": _("口径"), "value": label}]  # fmt: skip

    return build


def _study_records(finished: bool):
    def build(*, qs_scope, period, params):
        qs = (tf.study_finished if finished else tf.study_assignments)(period.start, period.end)
        qs = (
            qs.filter(**qs_scope("deputy__region__code"))
            .select_related("deputy", "deputy__region", "plan")
            .order_by("-month", "deputy__region_id", "deputy_id")
        )

        def row(a):
            return {
                "title": a.deputy.name,
                "region": a.deputy.region.name,
                "detail": f"{a.month:%Y-%m} {a.plan.title}",
                "date": a.finished_at,
                "status": _("已完成") if a.finished_at else _("未完成"),
                "url": f"/deputies/{a.deputy_id}/",
                "perm": "deputy.view",
            }

        label = _("已全部学完") if finished else _("已发布学习计划")
        return qs, row, [{"label": _("口径"), "value": label}]

    return build


RECORDS = {
    "training_serving": (
        _("在任代表（培训）"),
        _deputy_records(tf.serving_deputies, _("在任代表")),
    ),
    "training_trained": (
        _("培训达标的代表"),
        _deputy_records(tf.trained_deputies, _("培训学时达标")),
    ),
    "study_assigned": (_("一月两学：发布对象"), _study_records(False)),
    "study_finished": (_("一月两学：已完成"), _study_records(True)),
}

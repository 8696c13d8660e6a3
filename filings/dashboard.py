"""Dashboard figures of 备案审查 (owned by the dashboards app): documents filed and the share
filed on time, reviews concluded by result and the correction rate; each drills down to the
filings behind it, by the definitions of filings/figures.py."""

from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from congress.dashboards.context import Figure, rate
from congress.dashboards.facts import FactSource, grouped, month_of_date
from congress.params import query_choice
from filings import figures as defined
from filings.models import CORRECTION_RESULTS, Filing, Result

TIMELINESS = ("on_time", "late")
RESULT_CHOICES = [*Result.values, "correction"]


def _filed():
    qs = Filing.objects.filter(filed_on__isnull=False)
    key = Case(When(late=True, then=Value("late")), default=Value("on_time"))
    return grouped(qs, region="region_id", month=month_of_date("filed_on"), key=key)


def _concluded():
    qs = Filing.objects.filter(concluded_on__isnull=False).exclude(result="")
    return grouped(qs, region="region_id", month=month_of_date("concluded_on"), key="result")


SOURCES = [
    FactSource("filing_filed", _filed, trend=True),
    FactSource("filing_concluded", _concluded),
]


def _correction_split(ctx, which="cur") -> dict[str, int]:
    out: dict[str, int] = {}
    for result in CORRECTION_RESULTS:
        for sub, value in ctx.by_region("filing_concluded", result, which).items():
            out[sub] = out.get(sub, 0) + value
    return out


def figures(ctx) -> list[Figure]:
    filed = ctx.by_region("filing_filed")
    on_time = ctx.by_region("filing_filed", "on_time")
    concluded = ctx.by_region("filing_concluded")
    corrections = _correction_split(ctx)
    last_corrections = sum(_correction_split(ctx, "prev").values())
    return [
        Figure("filing_filed", _("规范性文件报备（件）"), "filings", sum(filed.values()),
               ctx.total("filing_filed", which="prev"), filed,
               link=ctx.query(list="filing_filed")),
        Figure("filing_on_time_rate", _("规范性文件按期报备率"), "filings",
               rate(sum(on_time.values()), sum(filed.values())),
               rate(ctx.total("filing_filed", "on_time", "prev"), ctx.total("filing_filed", which="prev")),
               ctx.region_rates(on_time, filed), unit="%",
               note=_("本期报备的文件中，在公布之日起30日内报备的占比"),
               link=ctx.query(list="filing_filed", timeliness="on_time"), drill="part",
               whole=ctx.query(list="filing_filed")),
        Figure("filing_concluded", _("备案审查办结（件）"), "filings", sum(concluded.values()),
               ctx.total("filing_concluded", which="prev"), concluded,
               link=ctx.query(list="filing_concluded")),
        Figure("filing_correction_rate", _("备案审查纠错率"), "filings",
               rate(sum(corrections.values()), sum(concluded.values())),
               rate(last_corrections, ctx.total("filing_concluded", which="prev")),
               ctx.region_rates(corrections, concluded), unit="%",
               note=_("本期审查办结的文件中，审查结果为建议纠正或应当纠正的占比"),
               link=ctx.query(list="filing_concluded", result="correction"), drill="part",
               whole=ctx.query(list="filing_concluded")),
    ]  # fmt: skip


def panels(ctx) -> dict:
    results = ctx.by_key("filing_concluded")
    return {
        "filing_results": [
            {"key": value, "label": str(label), "value": results.get(value, 0),
             "link": ctx.query(list="filing_concluded", result=value)}
            for value, label in Result.choices if results.get(value)
        ],
    }  # fmt: skip


def _row(f: Filing, date, detail: str) -> dict:
    return {
        "title": f.title,
        "region": f.region.name,
        "detail": detail,
        "date": date,
        "status": f.get_status_display(),
        "url": f"/filings/{f.pk}/",
        "perm": "filing.view",
    }


def filed_records(*, qs_scope, period, params):
    qs = defined.filed(period.start, period.end).filter(**qs_scope("region__code"))
    filters = []
    timeliness = query_choice(params, "timeliness", TIMELINESS)
    if timeliness:
        qs = qs.filter(late=timeliness == "late")
        label = _("逾期报备") if timeliness == "late" else _("按期报备")
        filters.append({"label": _("报备时限"), "value": label})
    qs = qs.select_related("region", "unit").order_by("-filed_on", "-id")

    def row(f):
        timeliness = _("逾期报备") if f.late else _("按期报备")
        return _row(f, f.filed_on, f"{f.unit.name} · {timeliness}")

    return qs, row, filters


def concluded_records(*, qs_scope, period, params):
    qs = defined.concluded(period.start, period.end).filter(**qs_scope("region__code"))
    filters = []
    result = query_choice(params, "result", RESULT_CHOICES)
    if result == "correction":
        qs = qs.filter(defined.CORRECTION)
        filters.append({"label": _("审查结果"), "value": _("建议纠正、应当纠正")})
    elif result:
        qs = qs.filter(result=result)
        filters.append({"label": _("审查结果"), "value": Result(result).label})
    qs = qs.select_related("region", "unit").order_by("-concluded_on", "-id")

    def row(f):
        return _row(f, f.concluded_on, f"{f.unit.name} · {f.get_result_display()}")

    return qs, row, filters


RECORDS = {
    "filing_filed": (_("规范性文件报备"), filed_records),
    "filing_concluded": (_("备案审查办结"), concluded_records),
}

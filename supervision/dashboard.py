"""Dashboard figures of supervision (owned by the dashboards app): the year's projects by stage
and the 整改 reports sent on time, from aggregate rows rebuilt by beat; each drills down to the
projects or reports behind it, by the definitions of supervision/figures.py."""

import datetime as dt

from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.dashboards.context import Figure, rate
from congress.dashboards.facts import FactSource, grouped, month_of_date
from congress.params import query_choice
from supervision import figures as defined
from supervision.models import Project

S = Project.Status
UNDER_WAY = (S.RECTIFYING, S.RECEIVED)


def _projects():
    return grouped(
        Project.objects.all(),
        region="region_id",
        key=Concat(Cast("year", CharField()), Value(":"), "status", output_field=CharField()),
    )


def _span() -> tuple[dt.date, dt.date]:
    year = timezone.localdate().year
    return dt.date(year - 2, 1, 1), dt.date(year + 2, 1, 1)


def _reports():
    return grouped(
        defined.reports_due(*_span()),
        region="rectification__project__region_id",
        month=month_of_date("due_date"),
        key=Case(When(on_time=True, then=Value("on_time")), default=Value("late")),
    )


SOURCES = [
    FactSource("supervision_projects", _projects, kind="snapshot"),
    FactSource("supervision_reports", _reports),
]


def _year(ctx) -> int:
    return ctx.period.months[-1].year


def figures(ctx) -> list[Figure]:
    year = _year(ctx)

    def of(statuses=None, y=year):
        return lambda k: k.startswith(f"{y}:") and (statuses is None or k.split(":")[1] in statuses)

    projects = ctx.by_region("supervision_projects", of(), "snap")
    under_way = ctx.by_region("supervision_projects", of(UNDER_WAY), "snap")
    closed = ctx.by_region("supervision_projects", of({S.CLOSED}), "snap")
    on_time = ctx.by_region("supervision_reports", "on_time")
    due = ctx.by_region("supervision_reports")
    return [
        Figure("supervision_projects", _("监督项目（本年度）"), "supervision", sum(projects.values()),
               ctx.total("supervision_projects", of(y=year - 1), "snap"), projects,
               note=_("年度监督计划中的议题，含乡镇同步监督项目"),
               link=ctx.query(list="supervision_projects")),
        Figure("supervision_under_way", _("审议意见整改中"), "supervision", sum(under_way.values()),
               ctx.total("supervision_projects", of(UNDER_WAY, year - 1), "snap"), under_way,
               note=_("已交办审议意见、整改报告待报送或待测评的项目"),
               link=ctx.query(list="supervision_projects", status="under_way")),
        Figure("supervision_closed", _("已办结监督项目"), "supervision", sum(closed.values()),
               ctx.total("supervision_projects", of({S.CLOSED}, year - 1), "snap"), closed,
               link=ctx.query(list="supervision_projects", status=S.CLOSED)),
        Figure("supervision_on_time", _("整改报告按期报送率"), "supervision",
               rate(sum(on_time.values()), sum(due.values())),
               rate(ctx.total("supervision_reports", "on_time", "prev"),
                    ctx.total("supervision_reports", which="prev")),
               ctx.region_rates(on_time, due), unit="%",
               note=_("本期到期（或已报送）的整改报告中按期报送的占比"),
               link=ctx.query(list="supervision_reports", on_time="1"), drill="part",
               whole=ctx.query(list="supervision_reports")),
    ]  # fmt: skip


def panels(ctx) -> dict:
    year = _year(ctx)
    counts = ctx.by_key("supervision_projects", "snap")
    return {
        "supervision_stages": [
            {"key": s, "label": str(label), "value": counts.get(f"{year}:{s}", 0),
             "link": ctx.query(list="supervision_projects", status=s)}
            for s, label in S.choices if counts.get(f"{year}:{s}")
        ],
    }  # fmt: skip


STATUS_CHOICES = [*S.values, "under_way"]


def project_records(*, qs_scope, period, params):
    year = period.months[-1].year
    qs = defined.projects_of_year(year).filter(**qs_scope("region__code"))
    filters = [{"label": _("年度"), "value": _("%(y)d年") % {"y": year}}]
    status = query_choice(params, "status", [(s, s) for s in STATUS_CHOICES])
    if status == "under_way":
        qs = qs.filter(status__in=UNDER_WAY)
        filters.append({"label": _("阶段"), "value": _("审议意见整改中")})
    elif status:
        qs = qs.filter(status=status)
        filters.append({"label": _("阶段"), "value": S(status).label})
    qs = qs.select_related("region", "unit").order_by("region_id", "id")

    def row(p):
        return {
            "title": p.title,
            "region": p.region.name,
            "detail": "、".join(p.forms_display()) + (f" · {p.unit.name}" if p.unit else ""),
            "date": p.planned_on,
            "status": p.get_status_display(),
            "url": f"/supervision/{p.pk}/",
            "perm": "supervision.view",
        }

    return qs, row, filters


def report_records(*, qs_scope, period, params):
    qs = defined.reports_due(period.start, period.end).filter(
        **qs_scope("rectification__project__region__code")
    )
    filters = [{"label": _("口径"), "value": _("本期到期或已报送的整改报告")}]
    if query_choice(params, "on_time", [("1", "1")]):
        qs = defined.on_time(qs)
        filters.append({"label": _("报送"), "value": _("按期")})
    qs = qs.select_related("rectification__project__region", "rectification__unit").order_by(
        "due_date", "id"
    )

    def row(r):
        project = r.rectification.project
        state = _("未报送") if r.submitted_at is None else (_("按期") if r.on_time else _("逾期"))
        return {
            "title": f"{project.title} · {r.rectification.unit.name}",
            "region": project.region.name,
            "detail": _("第 %(n)s 轮整改报告") % {"n": r.round},
            "date": r.due_date,
            "status": state,
            "url": f"/supervision/{project.pk}/",
            "perm": "supervision.view",
        }

    return qs, row, filters


RECORDS = {
    "supervision_projects": (_("监督项目"), project_records),
    "supervision_reports": (_("整改报告"), report_records),
}

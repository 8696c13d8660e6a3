"""Pages: the dashboard (Vue + ECharts), the records behind a figure, and a printable report."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from congress import params
from congress.dashboards import selectors, services
from congress.dashboards.periods import PeriodError
from congress.errors import error_page
from congress.pages import page, render_page
from congress.scope import region_prefix


@page("dashboard.view")
def dashboard(request):
    return render_page(
        request,
        "dashboards/Dashboard",
        title=_("统计看板"),
        props={"scopePrefix": region_prefix(request.user)},
    )


@page("dashboard.view")
def records(request):
    return render_page(request, "dashboards/Records", title=_("看板明细"))


@page("dashboard.view")
def printable(request):
    services.facts_refresh_for_embedded_demo()
    region = selectors.region_for(viewer=request.user, code=params.query_code(request, "region"))
    try:
        period = selectors.period_from(
            region=region,
            kind=params.query_text(request, "period", max_length=10),
            value=params.query_text(request, "value", max_length=20),
        )
    except PeriodError as exc:
        return error_page(request, 400, detail=str(exc))
    data = selectors.dashboard_cached(viewer=request.user, region=region, period=period)
    keys = [c["key"] for c in data["breakdown_columns"]]
    for row in data["breakdown"]:
        row["cells"] = [row["values"].get(k) for k in keys]
    return render(request, "dashboards/print.html", {"data": data})

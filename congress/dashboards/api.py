"""The dashboard API: the figures of one region and period, the records behind a figure, and
the .xlsx report. Read-only; scoped to the viewer's region and below (404 outside it)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from congress import audit, params
from congress.api import DomainAPIView
from congress.dashboards import exports, selectors, services
from congress.dashboards.periods import KINDS, PeriodError
from congress.exports import xlsx_response
from congress.models import AuditLog

PARAMS = [
    OpenApiParameter("region", str, description="区划代码；省略为本人所属区划"),
    OpenApiParameter("period", str, enum=list(KINDS)),
    OpenApiParameter("value", str, description="2026-03 / 2026-Q1 / 2026 / 届次ID；省略为当前"),
]


def resolve(request):
    services.facts_refresh_for_embedded_demo()
    region = selectors.region_for(viewer=request.user, code=params.query_code(request, "region"))
    try:
        period = selectors.period_from(
            region=region,
            kind=params.query_text(request, "period", max_length=10),
            value=params.query_text(request, "value", max_length=20),
        )
    except PeriodError as exc:
        raise ValidationError({exc.field: [str(exc)]}) from None
    return region, period


class DashboardApi(DomainAPIView):
    perms = {"GET": "dashboard.view"}

    @extend_schema(parameters=PARAMS, responses={200: dict}, summary="统计看板（按区划和期间）")
    def get(self, request):
        region, period = resolve(request)
        return Response(
            selectors.dashboard_cached(viewer=request.user, region=region, period=period)
        )


class RecordsApi(DomainAPIView):
    perms = {"GET": "dashboard.view"}

    @extend_schema(
        parameters=[*PARAMS, OpenApiParameter("list", str), OpenApiParameter("offset", int)],
        responses={200: dict},
        summary="看板明细（数字背后的记录）",
    )
    def get(self, request):
        region, period = resolve(request)
        offset = params.query_int(request, "offset", min=0, max=params.INT_MAX, default=0,
                                  message=_("偏移量应为非负整数。"))  # fmt: skip
        limit = params.query_int(request, "limit", min=1, max=100, default=20,
                                 message=_("每页条数应为 1 到 100。"))  # fmt: skip
        try:
            data = selectors.records_get(
                viewer=request.user, region=region, period=period,
                name=request.query_params.get("list", ""), params=request.query_params,
                offset=offset, limit=limit,
            )  # fmt: skip
        except PeriodError as exc:
            raise ValidationError({exc.field: [str(exc)]}) from None
        return Response(data)


class RecordsExportApi(DomainAPIView):
    perms = {"GET": "dashboard.view"}

    @extend_schema(
        parameters=[*PARAMS, OpenApiParameter("list", str)],
        responses={200: bytes},
        summary="导出看板明细（.xlsx，与明细页相同的记录和筛选条件）",
    )
    def get(self, request):
        region, period = resolve(request)
        try:
            data = selectors.records_all(
                viewer=request.user, region=region, period=period,
                name=request.query_params.get("list", ""), params=request.query_params,
            )  # fmt: skip
        except PeriodError as exc:
            raise ValidationError({exc.field: [str(exc)]}) from None
        content = exports.records_workbook(data)
        audit.record(
            AuditLog.Action.EXPORT,
            model="dashboards.Records",
            object_pk=region.code,
            object_repr=f"{data['label']} {region.name} {period.label}",
        )
        return xlsx_response(content, f"{data['label']}-{region.name}-{period.label}.xlsx")


class ExportApi(DomainAPIView):
    perms = {"GET": "dashboard.view"}

    @extend_schema(parameters=PARAMS, responses={200: bytes}, summary="导出看板报表（.xlsx）")
    def get(self, request):
        region, period = resolve(request)
        data = selectors.dashboard_cached(viewer=request.user, region=region, period=period)
        content = exports.workbook(data)
        audit.record(
            AuditLog.Action.EXPORT,
            model="dashboards.Dashboard",
            object_pk=region.code,
            object_repr=f"{region.name} {period.label}",
        )
        return xlsx_response(content, f"统计看板-{region.name}-{period.label}.xlsx")

"""The dashboard API: the figures of one region and period, the records behind a figure, and
the .xlsx report. Read-only; scoped to the viewer's region and below (404 outside it)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from congress import audit, params
from congress.api import DomainAPIView
from congress.dashboards import exports, selectors, services
from congress.dashboards.periods import KINDS, PeriodError
from congress.exports import xlsx_response
from congress.models import AuditLog
from congress.schema import XLSX_DOWNLOAD, download, errors

PARAMS = [
    OpenApiParameter(
        "region", str, description="区划代码；省略为本人所属区划（不在管辖范围内为 404）"
    ),
    OpenApiParameter("period", str, enum=list(KINDS)),
    OpenApiParameter("value", str, description="2026-03 / 2026-Q1 / 2026 / 届次ID；省略为当前"),
]


class _AsIs(serializers.Field):
    """A value passed on as the selector computed it (figures are ints, floats or None)."""

    def to_representation(self, value):
        return value


@extend_schema_field({"type": "number", "nullable": True})
class _Number(_AsIs):
    pass


@extend_schema_field({"type": "string", "nullable": True, "description": "日期或时刻"})
class _When(_AsIs):
    pass


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "additionalProperties": {},
        "description": "明细的查询参数（region、period、value、list 及该数字自己的筛选条件）",
    }
)
class _Query(_AsIs):
    pass


class _Named(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class _Filter(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.CharField()


class _Links(serializers.Serializer):
    url = serializers.CharField(help_text="明细页；空串表示没有明细")
    whole_url = serializers.CharField(help_text="比率的分母的明细页")


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


class DashboardRegion(_Named):
    level = serializers.CharField()
    level_display = serializers.CharField()
    path = _Named(many=True, help_text="上级区划，从省起")


class DashboardPeriod(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KINDS))
    value = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    start = serializers.DateField(help_text="首月第一天")
    end = serializers.DateField(help_text="末月之后一月的第一天（不含）")


class DashboardSpan(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class DashboardFigure(_Links):
    key = serializers.CharField()
    label = serializers.CharField()
    section = serializers.CharField()
    value = _Number()
    last = _Number(help_text="上年同期")
    unit = serializers.CharField(help_text="比率为 %")
    change = _Number(help_text="比率为百分点之差，计数为同比变化百分比；不可比为 null")
    link = _Query()
    note = serializers.CharField()
    drill = serializers.ChoiceField(choices=["", "count", "part", "rest", "mean"])
    whole = _Query()


class DashboardColumn(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()


class DashboardRegionRow(_Named):
    drill = serializers.BooleanField(help_text="可下钻到该区划")
    values = serializers.DictField(child=_Number(), help_text="按数字的 key")
    links = serializers.DictField(child=_Links(), help_text="按数字的 key")


class DashboardFreshness(serializers.Serializer):
    source = serializers.CharField()
    refreshed_at = serializers.DateTimeField()


class DashboardApi(DomainAPIView):
    perms = {"GET": "dashboard.view"}

    class Output(serializers.Serializer):
        region = DashboardRegion()
        period = DashboardPeriod()
        last_year = DashboardSpan()
        figures = DashboardFigure(many=True)
        breakdown_columns = DashboardColumn(many=True)
        breakdown = DashboardRegionRow(many=True)
        panels = serializers.DictField(
            child=serializers.JSONField(allow_null=True),
            help_text="各应用的图表数据，按名称（见各应用的 dashboard.py）",
        )
        freshness = DashboardFreshness(many=True)

    @extend_schema(
        parameters=PARAMS,
        responses={200: Output, **errors(400, 404)},
        summary="统计看板（按区划和期间）",
    )
    def get(self, request):
        region, period = resolve(request)
        data = selectors.dashboard_cached(viewer=request.user, region=region, period=period)
        return Response(self.Output(data).data)


class DashboardRecordRow(serializers.Serializer):
    """One record behind a figure (each app's `RECORDS` in its dashboard.py)."""

    title = serializers.CharField()
    region = serializers.CharField()
    detail = serializers.CharField()
    date = _When()
    status = serializers.CharField()
    url = serializers.CharField(help_text="记录页；查看者无权打开时为空串")
    value = _Number(required=False, help_text="按平均数计算的数字：该记录的值")


class RecordsApi(DomainAPIView):
    perms = {"GET": "dashboard.view"}

    class Output(serializers.Serializer):
        label = serializers.CharField()
        region = _Named()
        period = serializers.CharField()
        total = serializers.IntegerField()
        filters = _Filter(many=True)
        rows = serializers.SerializerMethodField()
        has_next = serializers.BooleanField()
        offset = serializers.IntegerField()
        limit = serializers.IntegerField()

        @extend_schema_field(DashboardRecordRow(many=True))
        def get_rows(self, data) -> list[dict]:
            return data["rows"]  # as each app's row() made them: keys differ between lists

    @extend_schema(
        parameters=[
            *PARAMS,
            OpenApiParameter("list", str),
            OpenApiParameter("offset", int),
            OpenApiParameter("limit", int),
        ],
        responses={200: Output, **errors(400, 404)},
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
        return Response(self.Output(data).data)


class RecordsExportApi(DomainAPIView):
    perms = {"GET": "dashboard.view"}

    @extend_schema(
        parameters=[*PARAMS, OpenApiParameter("list", str)],
        responses={200: download(XLSX_DOWNLOAD), **errors(400, 404)},
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

    @extend_schema(
        parameters=PARAMS,
        responses={200: download(XLSX_DOWNLOAD), **errors(400, 404)},
        summary="导出看板报表（.xlsx）",
    )
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

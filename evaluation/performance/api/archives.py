"""The API of whole archives: a deputy's (or my own) archive, the export, gathering, the picker."""

import datetime as dt

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import audit, params
from congress.api import DomainAPIView
from congress.exports import xlsx_response
from congress.models import AuditLog
from congress.scope import region_in_scope_or_404, region_prefix
from evaluation.performance import archive, exports, ranking, selectors
from evaluation.performance.api.entries import EntryOut
from evaluation.performance.api.voter_reports import ReportOut


def _year(request) -> int:
    return params.query_year(request, default=timezone.localdate().year)


def _deputy_archive(request, deputy) -> dict:
    year = _year(request)
    entries = selectors.archive_entry_list(
        viewer=request.user, filters=selectors.EntryFilters(deputy=deputy.pk, year=year)
    )
    reports = selectors.voter_report_list(viewer=request.user, deputy=deputy.pk)
    return {
        "deputy": {
            "id": deputy.pk,
            "name": deputy.name,
            "region": deputy.region.name,
            "workplace": deputy.workplace,
            "post": deputy.post,
        },
        "year": year,
        "terms": [
            {"id": t.pk, "label": f"{t.congress.name}{t.label}"}
            for t in selectors.deputy_terms(deputy)
        ],
        "points": ranking.deputy_points_summary(deputy=deputy, year=year),
        "entries": EntryOut(entries[:500], many=True).data,
        "reports": ReportOut(reports, many=True).data,
    }


class DeputyArchiveApi(DomainAPIView):
    perms = {"GET": "performance.view"}

    @extend_schema(
        parameters=[OpenApiParameter("year", int)],
        responses=dict,
        summary="代表履职档案（时间线、积分、名次、述职）",
    )
    def get(self, request, pk):
        deputy = selectors.deputy_get(viewer=request.user, pk=pk)
        return Response(_deputy_archive(request, deputy))


class MyArchiveApi(DomainAPIView):
    perms = {"GET": "performance.self"}

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses=dict, summary="我的履职")
    def get(self, request):
        return Response(_deputy_archive(request, selectors.deputy_of_user(request.user)))


class ArchiveExportApi(DomainAPIView):
    perms = {"GET": "performance.export"}

    @extend_schema(
        parameters=[OpenApiParameter("region", str), OpenApiParameter("year", int)],
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes
        },
        summary="导出履职档案（Excel）",
    )
    def get(self, request):
        year = _year(request)
        code = params.query_code(request, "region") or region_prefix(request.user) or "43"
        region = region_in_scope_or_404(request.user, code)
        entries = selectors.archive_entry_list(
            viewer=request.user, filters=selectors.EntryFilters(region=region.code, year=year)
        )
        content = exports.archive_workbook(region=region, year=year, entries=entries)
        audit.record(
            AuditLog.Action.EXPORT,
            model="evaluation.ArchiveEntry",
            object_repr=f"{region.name} {year} archive export",
        )
        return xlsx_response(content, f"{region.name}{year}年代表履职档案.xlsx")


class ArchiveGatherApi(DomainAPIView):
    perms = {"POST": "performance.manage"}

    class Input(serializers.Serializer):
        region = serializers.CharField(required=False, allow_blank=True)
        year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)

    @extend_schema(
        request=Input, responses={200: dict}, summary="从平台汇集履职记录（进站、建议、测评）"
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        code = data.validated_data.get("region") or region_prefix(request.user) or "43"
        region = region_in_scope_or_404(request.user, code)
        year = data.validated_data.get("year") or timezone.localdate().year
        created = archive.archive_gather(
            region_code=region.code, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)
        )
        return Response({"created": created})


class DeputySearchApi(DomainAPIView):
    """Deputies the viewer may keep an archive for (the entry form's picker)."""

    perms = {"GET": "performance.view"}

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        region = serializers.CharField(source="region_id")
        region_name = serializers.CharField(source="region.name")

    @extend_schema(
        parameters=[OpenApiParameter("q", str)],
        responses=Output(many=True),
        summary="按姓名查找代表",
    )
    def get(self, request):
        q = params.query_text(request, "q")
        qs = (
            selectors.visible_deputies(request.user).select_related("region").order_by("name", "id")
        )
        if q:
            qs = qs.filter(name__contains=q)
        return self.paginate(qs, self.Output)

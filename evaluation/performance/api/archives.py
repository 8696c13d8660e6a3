"""The API of whole archives: a deputy's (or my own) archive, the export, gathering, the picker."""

import datetime as dt

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import audit, params
from congress.api import DomainAPIView
from congress.exports import export_file, xlsx_file_response
from congress.models import AuditLog, Region
from congress.schema import XLSX_DOWNLOAD, download, errors, paginated
from congress.scope import region_in_scope_or_404, viewer_region_code
from evaluation.performance import archive, exports, ranking, selectors
from evaluation.performance.api.entries import EntryOut
from evaluation.performance.api.ranking import breakdown_field
from evaluation.performance.api.voter_reports import ReportOut


def _year(request) -> int:
    return params.query_year(request, default=timezone.localdate().year)


class PointsSummaryOut(serializers.Serializer):
    """A deputy's standing for the year (evaluation.performance.ranking.deputy_points_summary);
    without rules for the year only `year` and `rule_set` (null) are present."""

    class RuleSetRef(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()

    class Published(serializers.Serializer):
        quarter = serializers.IntegerField()
        total = serializers.FloatField()
        rank = serializers.IntegerField()

    year = serializers.IntegerField()
    rule_set = RuleSetRef(allow_null=True)
    total = serializers.FloatField(required=False)
    breakdown = breakdown_field(required=False)
    talk_threshold = serializers.FloatField(required=False)
    below_threshold = serializers.BooleanField(required=False)
    group = serializers.CharField(allow_null=True, required=False)
    group_rank = serializers.IntegerField(allow_null=True, required=False)
    group_size = serializers.IntegerField(allow_null=True, required=False)
    region_rank = serializers.IntegerField(required=False)
    region_size = serializers.IntegerField(required=False)
    published = Published(many=True, required=False)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return {key: value for key, value in data.items() if key in instance}


class DeputyArchiveOut(serializers.Serializer):
    """One deputy's archive for a year: timeline, points and rank, reports to voters."""

    class DeputyOut(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        region = serializers.CharField(source="region.name")
        workplace = serializers.CharField()
        post = serializers.CharField()

    class TermOut(serializers.Serializer):
        id = serializers.IntegerField()
        label = serializers.SerializerMethodField()

        def get_label(self, term) -> str:
            return f"{term.congress.name}{term.label}"

    deputy = DeputyOut()
    year = serializers.IntegerField()
    terms = TermOut(many=True)
    points = PointsSummaryOut()
    entries = EntryOut(many=True)
    reports = ReportOut(many=True)


def _deputy_archive(request, deputy) -> dict:
    year = _year(request)
    entries = selectors.archive_entry_list(
        viewer=request.user, filters=selectors.EntryFilters(deputy=deputy.pk, year=year)
    )
    data = {
        "deputy": deputy,
        "year": year,
        "terms": selectors.deputy_terms(deputy),
        "points": ranking.deputy_points_summary(deputy=deputy, year=year),
        "entries": entries[:500],
        "reports": selectors.voter_report_list(viewer=request.user, deputy=deputy.pk),
    }
    return DeputyArchiveOut(data).data


class DeputyArchiveApi(DomainAPIView):
    perms = {"GET": "performance.view"}

    @extend_schema(
        parameters=[OpenApiParameter("year", int)],
        responses={200: DeputyArchiveOut, **errors(400)},
        summary="代表履职档案（时间线、积分、名次、述职）",
    )
    def get(self, request, pk):
        deputy = selectors.deputy_get(viewer=request.user, pk=pk)
        return Response(_deputy_archive(request, deputy))


class MyArchiveApi(DomainAPIView):
    perms = {"GET": "performance.self"}

    @extend_schema(
        parameters=[OpenApiParameter("year", int)],
        responses={200: DeputyArchiveOut, **errors(400, 404)},
        summary="我的履职",
    )
    def get(self, request):
        return Response(_deputy_archive(request, selectors.deputy_of_user(request.user)))


class ArchiveExportApi(DomainAPIView):
    perms = {"GET": "performance.export"}

    @extend_schema(
        parameters=[OpenApiParameter("region", str), OpenApiParameter("year", int)],
        responses={200: download(XLSX_DOWNLOAD), **errors(400, 404)},
        summary="导出履职档案（.xlsx；超过直接下载上限时 400，请用 archive_export 后台任务）",
    )
    def get(self, request):
        region, year = archive_export_scope(request.user, request)
        handle = export_file()
        filename = archive_export(viewer=request.user, region=region, year=year, handle=handle,
                                  direct=True)  # fmt: skip
        return xlsx_file_response(handle, filename)


def archive_export_scope(viewer, source) -> tuple[Region, int]:
    """The export's region (checked: another county's is a 404) and year, from `source` (the
    query string, or a job's parameters)."""
    year = _year(source)
    code = viewer_region_code(viewer, params.query_code(source, "region"))
    return region_in_scope_or_404(viewer, code), year


def archive_export(*, viewer, region, year: int, handle, tick=None, direct=False) -> str:
    """The workbook written into `handle`, and its file name, here and as the `archive_export`
    job (evaluation/jobs.py), whose progress `tick(rows written, rows in all)` follows;
    `direct` refuses more rows than a direct download holds."""
    entries = selectors.archive_entry_list(
        viewer=viewer, filters=selectors.EntryFilters(region=region.code, year=year)
    )
    exports.archive_workbook(handle=handle, region=region, year=year, entries=entries, tick=tick,
                             direct=direct)  # fmt: skip
    audit.record(
        AuditLog.Action.EXPORT,
        model="evaluation.ArchiveEntry",
        object_repr=f"{region.name} {year} archive export",
    )
    return f"{region.name}{year}年代表履职档案.xlsx"


class ArchiveGatherApi(DomainAPIView):
    perms = {"POST": "performance.manage"}

    class Input(serializers.Serializer):
        region = serializers.CharField(required=False, allow_blank=True)
        year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)

    class Output(serializers.Serializer):
        created = serializers.IntegerField(help_text="新汇集的履职记录数")

    @extend_schema(
        request=Input,
        responses={200: Output, **errors(400, 404)},
        summary="从平台汇集履职记录（进站、建议、测评）",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        code = viewer_region_code(request.user, data.validated_data.get("region"))
        region = region_in_scope_or_404(request.user, code)
        year = data.validated_data.get("year") or timezone.localdate().year
        created = archive.archive_gather(
            region_code=region.code, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)
        )
        return Response(self.Output({"created": created}).data)


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
        responses={200: paginated(Output), **errors(400)},
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

"""The annual report of 备案审查: counts by result per region, as JSON and as a workbook."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.exports import xlsx_response
from congress.models import Region
from congress.schema import XLSX_DOWNLOAD, download
from congress.scope import viewer_region_code
from filings.report import annual_report, report_workbook

PARAMETERS = [OpenApiParameter("year", int), OpenApiParameter("region", str)]


class FilingReportRow(serializers.Serializer):
    code = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    filed = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    interventions = serializers.IntegerField()
    concluded = serializers.IntegerField()
    no_problem = serializers.IntegerField()
    suggest = serializers.IntegerField()
    required = serializers.IntegerField()
    correction_rate = serializers.FloatField(allow_null=True)
    corrected = serializers.IntegerField()


def _report(request):
    code = viewer_region_code(request.user, params.query_code(request, "region") or None)
    year = params.query_year(request, default=timezone.localdate().year)
    return annual_report(viewer=request.user, region=code, year=year)


class FilingReportApi(DomainAPIView):
    perms = {"GET": "filing.view"}

    class Output(serializers.Serializer):
        year = serializers.IntegerField()
        region = serializers.CharField()
        region_name = serializers.CharField()
        rows = FilingReportRow(many=True)
        total = FilingReportRow()

    @extend_schema(parameters=PARAMETERS, responses={200: Output},
                   summary="备案审查年度报告（按区划统计审查结果）")  # fmt: skip
    def get(self, request):
        report = _report(request)
        name = Region.objects.filter(code=report["region"]).values_list("name", flat=True).first()
        return Response({**report, "region_name": name or ""})


class FilingReportExportApi(DomainAPIView):
    perms = {"GET": "filing.view"}

    @extend_schema(parameters=PARAMETERS, responses={200: download(XLSX_DOWNLOAD)},
                   summary="导出备案审查年度报告")  # fmt: skip
    def get(self, request):
        report = _report(request)
        name = Region.objects.filter(code=report["region"]).values_list("name", flat=True).first()
        content = report_workbook(report, name or "")
        filename = _("%(year)s年备案审查年度报告.xlsx") % {"year": report["year"]}
        return xlsx_response(content, filename)

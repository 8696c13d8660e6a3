"""The annual handling report as a direct download (a year small enough for one request); a
larger one is the `annual_report` job, which the statistics page starts (docs/exports.md)."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema

from congress import params
from congress.api import DomainAPIView
from congress.exports import export_file, sync_export_check, xlsx_file_response
from congress.schema import XLSX_DOWNLOAD, download, errors
from suggestions import report


class AnnualReportApi(DomainAPIView):
    perms = {"GET": "suggestion.stats"}

    @extend_schema(parameters=[OpenApiParameter("year", int)],
                   responses={200: download(XLSX_DOWNLOAD), **errors(400)},
                   summary="年度建议办理情况报告（xlsx；超过直接下载上限时 400，"
                           "请用 annual_report 后台任务）")  # fmt: skip
    def get(self, request):
        year = params.query_year(request, default=timezone.localdate().year)
        rows = report.report_suggestions(viewer=request.user, year=year).count()
        sync_export_check(rows, kind="annual_report")
        handle = export_file()
        report.annual_report(viewer=request.user, year=year, handle=handle)
        return xlsx_file_response(handle, report.report_filename(year))

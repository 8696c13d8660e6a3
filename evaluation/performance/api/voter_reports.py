"""The API of reports to voters: list, record, file."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.downloads import file_response
from congress.errors import ApplicationError, invalid
from congress.schema import download, errors, paginated
from evaluation.models import ReviewStatus, VoterReport
from evaluation.performance import selectors, voter_reports


class ReportOut(serializers.ModelSerializer):
    deputy_name = serializers.CharField(source="deputy.name")
    votes = serializers.IntegerField()
    satisfaction_rate = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    file = serializers.SerializerMethodField()
    tally_sheet = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display")
    reviewed_by = serializers.CharField(source="reviewed_by.display_name", default="")
    region = serializers.CharField(source="deputy.region.name")

    class Meta:
        model = VoterReport
        fields = [
            "id",
            "deputy",
            "deputy_name",
            "reported_on",
            "audience",
            "attendance",
            "content",
            "file",
            "satisfied",
            "basically_satisfied",
            "dissatisfied",
            "votes",
            "satisfaction_rate",
            "tally_sheet",
            "status",
            "status_display",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            "region",
            "created_at",
        ]

    def get_file(self, report) -> str | None:
        return f"/api/v1/performance/voter-reports/{report.pk}/file/" if report.file else None

    def get_tally_sheet(self, report) -> str | None:
        """The scanned tally sheet 测评票统计表, downloaded in the deputy's scope."""
        if not report.tally_sheet:
            return None
        return f"/api/v1/performance/voter-reports/{report.pk}/tally/"


class VoterReportListApi(DomainAPIView):
    perms = {"GET": "performance.view", "POST": "voter_report.manage"}

    class Input(serializers.Serializer):
        deputy = serializers.IntegerField(required=False)
        reported_on = serializers.DateField()
        audience = serializers.CharField(max_length=200)
        attendance = serializers.IntegerField(min_value=1)
        content = serializers.CharField(required=False, allow_blank=True, default="")
        file = serializers.FileField(required=False, allow_null=True, default=None)
        satisfied = serializers.IntegerField(min_value=0, default=0)
        basically_satisfied = serializers.IntegerField(min_value=0, default=0)
        dissatisfied = serializers.IntegerField(min_value=0, default=0)
        tally_sheet = serializers.FileField(required=False, allow_null=True, default=None)
        approve = serializers.BooleanField(required=False, default=False)

    @extend_schema(
        parameters=[OpenApiParameter("deputy", int), OpenApiParameter("status", str)],
        responses={200: paginated(ReportOut), **errors(400)},
        summary="代表述职记录",
    )
    def get(self, request):
        qs = selectors.voter_report_list(
            viewer=request.user, deputy=params.query_id(request, "deputy")
        ).select_related("reviewed_by")
        status = request.query_params.get("status", "")
        if status:
            if status not in ReviewStatus.values:
                raise invalid("status", _("请选择有效的审核状态。"))
            qs = qs.filter(status=status)
        return self.paginate(qs, ReportOut)

    @extend_schema(
        request=Input,
        responses={201: ReportOut, **errors(400, 404)},
        summary="登记代表述职及选民测评",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        deputy_id = values.pop("deputy", None)
        if selectors._is_deputy(request.user):
            deputy = selectors.deputy_of_user(request.user)
        elif deputy_id is None:
            raise ApplicationError(_("请选择代表。"), fields={"deputy": [_("请选择代表。")]})
        else:
            deputy = selectors.deputy_get(viewer=request.user, pk=deputy_id)
        report = voter_reports.voter_report_create(actor=request.user, deputy=deputy, **values)
        return Response(ReportOut(report).data, status=201)


class VoterReportFileApi(DomainAPIView):
    """A voter report's file: the deputy themself, or staff in the deputy's region (404 outside)."""

    perms = {"GET": "performance.view"}

    @extend_schema(
        responses={200: download("application/octet-stream", "附件原文件（类型随上传文件）")},
        summary="下载述职报告附件",
    )
    def get(self, request, pk):
        return file_response(selectors.voter_report_get(viewer=request.user, pk=pk).file)


class VoterReportTallyApi(DomainAPIView):
    """The scanned tally sheet: the deputy themself, or staff in the deputy's region."""

    perms = {"GET": "performance.view"}

    @extend_schema(
        responses={200: download("application/octet-stream", "测评票统计表扫描件"), **errors(404)},
        summary="下载述职测评票统计表扫描件",
    )
    def get(self, request, pk):
        return file_response(selectors.voter_report_get(viewer=request.user, pk=pk).tally_sheet)


class VoterReportApproveApi(DomainAPIView):
    """Staff of the deputy's region approve the voters' tally: it enters the archive and points."""

    perms = {"POST": "performance.manage"}

    @extend_schema(request=None, responses={200: ReportOut, **errors(404, 409)},
                   summary="审核通过述职测评")  # fmt: skip
    def post(self, request, pk):
        report = selectors.voter_report_get(viewer=request.user, pk=pk)
        report = voter_reports.voter_report_approve(actor=request.user, report=report)
        return Response(ReportOut(report).data)


class VoterReportRejectApi(DomainAPIView):
    """Staff return the tally with a reason (the deputy is told); it never counts."""

    perms = {"POST": "performance.manage"}

    class Input(serializers.Serializer):
        reason = serializers.CharField(
            allow_blank=True, max_length=2000, error_messages={"required": "请写明退回理由。"}
        )

    @extend_schema(request=Input, responses={200: ReportOut, **errors(400, 404, 409)},
                   summary="退回述职测评")  # fmt: skip
    def post(self, request, pk):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        report = selectors.voter_report_get(viewer=request.user, pk=pk)
        report = voter_reports.voter_report_reject(
            actor=request.user, report=report, reason=data.validated_data["reason"]
        )
        return Response(ReportOut(report).data)

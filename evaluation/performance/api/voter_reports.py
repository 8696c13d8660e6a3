"""The API of reports to voters: list, record, file."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.downloads import file_response
from congress.errors import ApplicationError
from congress.schema import download, errors, paginated
from evaluation.models import VoterReport
from evaluation.performance import selectors, voter_reports


class ReportOut(serializers.ModelSerializer):
    deputy_name = serializers.CharField(source="deputy.name")
    votes = serializers.IntegerField()
    satisfaction_rate = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    file = serializers.SerializerMethodField()

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
        ]

    def get_file(self, report) -> str | None:
        return f"/api/v1/performance/voter-reports/{report.pk}/file/" if report.file else None


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

    @extend_schema(
        parameters=[OpenApiParameter("deputy", int)],
        responses={200: paginated(ReportOut), **errors(400)},
        summary="代表述职记录",
    )
    def get(self, request):
        qs = selectors.voter_report_list(
            viewer=request.user, deputy=params.query_id(request, "deputy")
        )
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

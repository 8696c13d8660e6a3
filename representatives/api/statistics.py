"""The composition of the serving deputies (gender, ethnicity, occupation category, age band,
affiliation, education) for a region's subtree, and the same as `.xlsx`."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.exports import xlsx_response
from congress.schema import XLSX_DOWNLOAD, download, errors
from representatives import excel
from representatives.selectors.statistics import HIGHLIGHTS, composition


class Counted(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField(help_text="占在任代表总数的比例（0–1）")


class Highlight(serializers.Serializer):
    key = serializers.ChoiceField(choices=[k for k, _l in HIGHLIGHTS])
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField()


class SubregionFigures(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    total = serializers.IntegerField()
    shares = serializers.DictField(child=serializers.FloatField(), help_text="按 highlights 的 key")

    def get_fields(self):
        fields = super().get_fields()
        for key, _label in HIGHLIGHTS:
            fields[key] = serializers.IntegerField()
        return fields


class Dimension(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    rows = Counted(many=True)


class StatisticsApi(DomainAPIView):
    perms = {"GET": "deputy.statistics"}
    params = [
        OpenApiParameter("region", str, description="区划代码（不在管辖范围内为 404）"),
        OpenApiParameter("congress", int),
    ]

    class Output(serializers.Serializer):
        region = serializers.CharField()
        congress = serializers.IntegerField(allow_null=True)
        total = serializers.IntegerField()
        highlights = Highlight(many=True)
        by_region = SubregionFigures(many=True, help_text="下一级区划各自的数字")
        dimensions = Dimension(many=True)

    @staticmethod
    def stats(request) -> dict:
        return composition(
            viewer=request.user,
            region_code=params.query_code(request, "region"),
            congress_id=params.query_id(request, "congress"),
        )

    @extend_schema(
        parameters=params, responses={200: Output, **errors(400, 404)}, summary="代表构成统计"
    )
    def get(self, request):
        return Response(self.Output(self.stats(request)).data)


class StatisticsExportApi(StatisticsApi):
    @extend_schema(
        parameters=StatisticsApi.params,
        responses={200: download(XLSX_DOWNLOAD), **errors(400, 404)},
        summary="代表构成统计（.xlsx）",
    )
    def get(self, request):
        stats = self.stats(request)
        title = _("代表构成统计（在任代表）")
        return xlsx_response(excel.statistics_workbook(stats, title=title), "代表构成统计.xlsx")

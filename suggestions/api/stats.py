"""Statistics: per lead unit (by suggestions/figures.py) and per region (the annual report is
suggestions/api/report.py)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.schema import errors
from suggestions import statistics
from suggestions.api.common import Label, label

YEAR_TERM = [OpenApiParameter("year", int), OpenApiParameter("term", int)]


class UnitStatsApi(DomainAPIView):
    perms = {"GET": "suggestion.stats"}

    class Output(serializers.Serializer):
        unit_id = serializers.IntegerField()
        unit = serializers.CharField()
        assigned = serializers.IntegerField()
        signed = serializers.IntegerField()
        signed_in_time = serializers.IntegerField()
        replied = serializers.IntegerField()
        replied_on_time = serializers.IntegerField()
        classes = serializers.DictField(
            child=serializers.IntegerField(), help_text="答复类别 → 件数"
        )
        rated = serializers.IntegerField()
        satisfied = serializers.IntegerField()
        satisfaction_rate = serializers.FloatField(allow_null=True)
        on_time_rate = serializers.FloatField(allow_null=True)
        unrated = serializers.IntegerField(default=0, help_text="未测评件数（不计入满意）")

    @extend_schema(parameters=YEAR_TERM, responses={200: Output(many=True), **errors(400)},
                   summary="承办单位办理统计")  # fmt: skip
    def get(self, request):
        rows = statistics.unit_statistics(viewer=request.user,
            year=params.query_year(request), term_id=params.query_id(request, "term"))  # fmt: skip
        # The rows are plain numbers already in the Output's shape: a province's 3,000 units
        # through the serializer's fields cost 250 ms of Python.
        return Response(rows)


class RegionStatsApi(DomainAPIView):
    perms = {"GET": "suggestion.stats"}

    class Output(serializers.Serializer):
        class RegionRow(serializers.Serializer):
            region = serializers.CharField()
            region_name = serializers.CharField()
            term = serializers.IntegerField()
            total = serializers.IntegerField()
            statuses = serializers.DictField(child=serializers.IntegerField())

        class CategoryRow(serializers.Serializer):
            id = serializers.IntegerField()
            category = Label()
            count = serializers.IntegerField()

        regions = RegionRow(many=True)
        categories = CategoryRow(many=True)
        status_labels = serializers.DictField(child=serializers.CharField())

    @extend_schema(parameters=YEAR_TERM, responses={200: Output, **errors(400)},
                   summary="按区划、届次、状态和类别统计")  # fmt: skip
    def get(self, request):
        data = statistics.region_statistics(viewer=request.user,
            year=params.query_year(request), term_id=params.query_id(request, "term"))  # fmt: skip
        # The shape of Output as plain values: a province has thousands of (region, term)
        # rows, and the serializer's pass over them cost twice the query.
        data["status_labels"] = {k: str(v) for k, v in data["status_labels"].items()}
        for row in data["categories"]:
            row["category"] = None if row["category"] is None else label(str(row["category"]))
        return Response(data)

"""The API of rankings: by group, region or level, the groups to rank in, a published quarter."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.models import Congress
from evaluation.performance import ranking


class RankingOut(serializers.Serializer):
    deputy = serializers.IntegerField(source="deputy_id")
    deputy_name = serializers.CharField(source="deputy.name")
    region_name = serializers.CharField(source="deputy.region.name")
    total = serializers.DecimalField(max_digits=8, decimal_places=1)
    rank = serializers.IntegerField()
    breakdown = serializers.JSONField()


class RankingApi(DomainAPIView):
    perms = {"GET": "points.view"}

    @extend_schema(
        parameters=[
            OpenApiParameter("group", int),
            OpenApiParameter("region", str),
            OpenApiParameter("level", str, enum=Congress.Level.values),
            OpenApiParameter("below", bool, description="只看低于约谈分数线的代表"),
        ],
        responses=RankingOut(many=True),
        summary="积分排名（按代表小组、区划、层级）",
    )
    def get(self, request, pk):
        rule_set = ranking.rule_set_get(viewer=request.user, pk=pk)
        filters = ranking.RankingFilters(
            group=params.query_id(request, "group"),
            region=params.query_code(request, "region"),
            level=params.query_choice(request, "level", Congress.Level.choices),
            below_threshold=params.query_bool(request, "below", default=False),
        )
        qs = ranking.points_ranking(viewer=request.user, rule_set=rule_set, filters=filters)
        if filters.below_threshold:
            qs = qs.order_by("total", "deputy_id")
        return self.paginate(qs, RankingOut)


class GroupChoicesApi(DomainAPIView):
    perms = {"GET": "points.view"}

    @extend_schema(responses=dict, summary="可按代表小组排名的小组")
    def get(self, request, pk):
        rule_set = ranking.rule_set_get(viewer=request.user, pk=pk)
        groups = ranking.group_choices(viewer=request.user, rule_set=rule_set)
        return Response([{"id": g.pk, "name": f"{g.congress.name} {g.name}"} for g in groups[:500]])


class SnapshotRowsApi(DomainAPIView):
    perms = {"GET": "points.view"}

    class Output(serializers.Serializer):
        deputy = serializers.IntegerField(source="deputy_id")
        deputy_name = serializers.CharField()
        region_name = serializers.CharField()
        group_name = serializers.CharField()
        total = serializers.DecimalField(max_digits=8, decimal_places=1)
        rank = serializers.IntegerField()

    @extend_schema(responses=Output(many=True), summary="某季度公示的积分（冻结）")
    def get(self, request, pk):
        snapshot = ranking.snapshot_get(viewer=request.user, pk=pk)
        return self.paginate(
            ranking.snapshot_rows(viewer=request.user, snapshot=snapshot), self.Output
        )

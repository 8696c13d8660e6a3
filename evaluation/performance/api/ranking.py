"""The API of rankings: by group, region or level, the groups to rank in, a published quarter."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.models import Congress
from congress.schema import errors, paginated
from evaluation.models import ActivityKind
from evaluation.performance import ranking
from evaluation.performance.api.entries import region_filter


class KindPointsOut(serializers.Serializer):
    """One activity kind of a deputy's points: how many, and the points they earned."""

    label = serializers.CharField()
    count = serializers.IntegerField()
    points = serializers.FloatField()


class BreakdownField(serializers.DictField):
    """The per-kind breakdown, labelled in the request's language: the stored label is the one
    of the language the points were computed in."""

    def to_representation(self, value):
        labels = dict(ActivityKind.choices)
        relabelled = {
            kind: {**points, "label": str(labels.get(kind, points.get("label", kind)))}
            for kind, points in (value or {}).items()
        }
        return super().to_representation(relabelled)


def breakdown_field(**kwargs) -> serializers.DictField:
    """The per-kind breakdown, keyed by activity kind (evaluation.models.ActivityKind)."""
    return BreakdownField(child=KindPointsOut(), **kwargs)


class RankingOut(serializers.Serializer):
    deputy = serializers.IntegerField(source="deputy_id")
    deputy_name = serializers.CharField(source="deputy.name")
    region_name = serializers.CharField(source="deputy.region.name")
    total = serializers.DecimalField(max_digits=8, decimal_places=1)
    rank = serializers.IntegerField()
    breakdown = breakdown_field()


class RankingApi(DomainAPIView):
    perms = {"GET": "points.view"}

    @extend_schema(
        parameters=[
            OpenApiParameter("group", int),
            OpenApiParameter("region", str),
            OpenApiParameter("level", str, enum=Congress.Level.values),
            OpenApiParameter("below", bool, description="只看低于约谈分数线的代表"),
        ],
        responses={200: paginated(RankingOut), **errors(400, 404)},
        summary="积分排名（按代表小组、区划、层级）",
    )
    def get(self, request, pk):
        rule_set = ranking.rule_set_get(viewer=request.user, pk=pk)
        filters = ranking.RankingFilters(
            group=params.query_id(request, "group"),
            region=region_filter(request),
            level=params.query_choice(request, "level", Congress.Level.choices),
            below_threshold=params.query_bool(request, "below", default=False),
        )
        qs = ranking.points_ranking(viewer=request.user, rule_set=rule_set, filters=filters)
        if filters.below_threshold:
            qs = qs.order_by("total", "deputy_id")
        return self.paginate(qs, RankingOut)


class GroupChoicesApi(DomainAPIView):
    perms = {"GET": "points.view"}

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.SerializerMethodField()

        def get_name(self, group) -> str:
            return f"{group.congress.name} {group.name}"

    @extend_schema(responses={200: Output(many=True)}, summary="可按代表小组排名的小组")
    def get(self, request, pk):
        rule_set = ranking.rule_set_get(viewer=request.user, pk=pk)
        groups = ranking.group_choices(viewer=request.user, rule_set=rule_set)
        return Response(self.Output(groups[:500], many=True).data)


class SnapshotRowsApi(DomainAPIView):
    perms = {"GET": "points.view"}

    class Output(serializers.Serializer):
        deputy = serializers.IntegerField(source="deputy_id")
        deputy_name = serializers.CharField()
        region_name = serializers.CharField()
        group_name = serializers.CharField()
        total = serializers.DecimalField(max_digits=8, decimal_places=1)
        rank = serializers.IntegerField()

    @extend_schema(
        responses={200: paginated(Output), **errors(400)}, summary="某季度公示的积分（冻结）"
    )
    def get(self, request, pk):
        snapshot = ranking.snapshot_get(viewer=request.user, pk=pk)
        return self.paginate(
            ranking.snapshot_rows(viewer=request.user, snapshot=snapshot), self.Output
        )

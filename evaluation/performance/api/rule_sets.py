"""The API of points rules and their quarterly publication."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.schema import errors, paginated
from congress.scope import region_in_scope_or_404
from evaluation.models import ActivityKind, PeriodChoices
from evaluation.performance import publication, ranking, rule_sets


class RuleIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    points = serializers.DecimalField(max_digits=5, decimal_places=1)
    cap = serializers.DecimalField(max_digits=6, decimal_places=1, required=False, allow_null=True)
    period = serializers.ChoiceField(choices=PeriodChoices.choices, default=PeriodChoices.YEAR)


class RuleOut(serializers.Serializer):
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    points = serializers.FloatField()
    cap = serializers.FloatField(allow_null=True)
    period = serializers.CharField()
    period_display = serializers.CharField(source="get_period_display")


class RuleSetOut(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    year = serializers.IntegerField()
    name = serializers.CharField()
    talk_threshold = serializers.DecimalField(max_digits=6, decimal_places=1)
    updated_at = serializers.DateTimeField()
    rules = RuleOut(many=True, source="rules.all")


class RuleSetListApi(DomainAPIView):
    perms = {"GET": "points.view", "POST": "points.manage"}

    class Input(serializers.Serializer):
        region = serializers.CharField()
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        name = serializers.CharField(max_length=100)
        talk_threshold = serializers.DecimalField(max_digits=6, decimal_places=1, default=10)
        rules = RuleIn(many=True)

    @extend_schema(responses={200: paginated(RuleSetOut), **errors(400)}, summary="积分规则")
    def get(self, request):
        return self.paginate(ranking.rule_set_list(viewer=request.user), RuleSetOut)

    @extend_schema(
        request=Input,
        responses={201: RuleSetOut, **errors(400, 404)},
        summary="新建某区划某年度的积分规则（随即计算积分）",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        region = region_in_scope_or_404(request.user, values.pop("region"))
        rule_set = rule_sets.points_rule_set_create(actor=request.user, region=region, **values)
        return Response(RuleSetOut(rule_set).data, status=201)


class RuleSetDetailApi(DomainAPIView):
    perms = {"GET": "points.view", "PUT": "points.manage"}

    class Input(serializers.Serializer):
        name = serializers.CharField(max_length=100, required=False)
        talk_threshold = serializers.DecimalField(max_digits=6, decimal_places=1, required=False)
        rules = RuleIn(many=True, required=False)

    @extend_schema(responses={200: RuleSetOut}, summary="积分规则详情")
    def get(self, request, pk):
        return Response(RuleSetOut(ranking.rule_set_get(viewer=request.user, pk=pk)).data)

    @extend_schema(
        request=Input,
        responses={200: RuleSetOut, **errors(400)},
        summary="修改积分规则（全部代表积分随即重算）",
    )
    def put(self, request, pk):
        rule_set = ranking.rule_set_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        rule_set = rule_sets.points_rule_set_update(
            actor=request.user, rule_set=rule_set, **data.validated_data
        )
        return Response(RuleSetOut(ranking.rule_set_get(viewer=request.user, pk=rule_set.pk)).data)


class SnapshotOut(serializers.Serializer):
    id = serializers.IntegerField()
    quarter = serializers.IntegerField()
    cutoff = serializers.DateField()
    published_at = serializers.DateTimeField()
    published_by = serializers.CharField(source="published_by.display_name", default="")


class SnapshotListApi(DomainAPIView):
    perms = {"GET": "points.view", "POST": "points.manage"}

    class Input(serializers.Serializer):
        quarter = serializers.IntegerField(min_value=1, max_value=4)

    @extend_schema(responses={200: SnapshotOut(many=True)}, summary="积分季度公示")
    def get(self, request, pk):
        rule_set = ranking.rule_set_get(viewer=request.user, pk=pk)
        return Response(
            SnapshotOut(
                ranking.snapshot_list(viewer=request.user, rule_set=rule_set), many=True
            ).data
        )

    @extend_schema(
        request=Input,
        responses={201: SnapshotOut, **errors(400, 409)},
        summary="发布季度积分公示（发布后不再变化）",
    )
    def post(self, request, pk):
        rule_set = ranking.rule_set_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        snapshot = publication.points_publish(
            actor=request.user, rule_set=rule_set, quarter=data.validated_data["quarter"]
        )
        return Response(SnapshotOut(snapshot).data, status=201)

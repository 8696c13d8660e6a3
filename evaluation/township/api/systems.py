"""The API of indicator systems: list, create, detail, copy to a new year."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.schema import errors, paginated
from congress.scope import region_in_scope_or_404
from evaluation.models import ComputedMeasure, TargetKind
from evaluation.township import selectors, systems


class IndicatorOut(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    name = serializers.CharField()
    max_score = serializers.DecimalField(max_digits=5, decimal_places=1)
    weight = serializers.DecimalField(max_digits=4, decimal_places=2)
    scoring_rule = serializers.CharField()
    evidence_wanted = serializers.CharField()
    evidence_required = serializers.BooleanField()
    method = serializers.CharField()
    method_display = serializers.CharField(source="get_method_display")
    measure = serializers.CharField()
    measure_display = serializers.CharField(source="get_measure_display")
    full_marks_at = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)


class AspectOut(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    name = serializers.CharField()
    is_bonus = serializers.BooleanField()
    indicators = IndicatorOut(many=True, source="indicators.all")


class SystemOut(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    year = serializers.IntegerField()
    target_kind = serializers.CharField()
    target_kind_display = serializers.CharField(source="get_target_kind_display")
    name = serializers.CharField()
    bonus_cap = serializers.DecimalField(max_digits=5, decimal_places=1)
    description = serializers.CharField()
    aspects = AspectOut(many=True, source="aspects.all")
    max_total = serializers.SerializerMethodField()

    def get_max_total(self, system) -> float:
        return float(
            sum(
                i.max_score * i.weight
                for a in system.aspects.all()
                if not a.is_bonus
                for i in a.indicators.all()
            )
        )


class IndicatorIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    max_score = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=0)
    weight = serializers.DecimalField(max_digits=4, decimal_places=2, default=1)
    scoring_rule = serializers.CharField()
    evidence_wanted = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    evidence_required = serializers.BooleanField(default=False)
    method = serializers.ChoiceField(
        choices=[("manual", "manual"), ("computed", "computed")], default="manual"
    )
    measure = serializers.ChoiceField(
        choices=ComputedMeasure.choices, required=False, allow_blank=True, default=""
    )
    full_marks_at = serializers.DecimalField(
        max_digits=8, decimal_places=2, required=False, allow_null=True
    )


class AspectIn(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    is_bonus = serializers.BooleanField(default=False)
    indicators = IndicatorIn(many=True)


class SystemListApi(DomainAPIView):
    perms = {"GET": "indicator_system.view", "POST": "indicator_system.manage"}

    class Input(serializers.Serializer):
        region = serializers.CharField()
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        target_kind = serializers.ChoiceField(choices=TargetKind.choices)
        name = serializers.CharField(max_length=120)
        bonus_cap = serializers.DecimalField(max_digits=5, decimal_places=1, default=0)
        description = serializers.CharField(required=False, allow_blank=True, default="")
        aspects = AspectIn(many=True)

    @extend_schema(
        responses={200: paginated(SystemOut), **errors(400)}, summary="评价指标体系（方面→指标）"
    )
    def get(self, request):
        return self.paginate(selectors.system_list(viewer=request.user), SystemOut)

    @extend_schema(
        request=Input, responses={201: SystemOut, **errors(400, 404)}, summary="新建评价指标体系"
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        region = region_in_scope_or_404(request.user, values.pop("region"))
        system = systems.indicator_system_create(actor=request.user, region=region, **values)
        return Response(
            SystemOut(selectors.system_get(viewer=request.user, pk=system.pk)).data, status=201
        )


class SystemDetailApi(DomainAPIView):
    perms = {"GET": "indicator_system.view"}

    @extend_schema(responses={200: SystemOut}, summary="评价指标体系详情")
    def get(self, request, pk):
        return Response(SystemOut(selectors.system_get(viewer=request.user, pk=pk)).data)


class SystemCopyApi(DomainAPIView):
    perms = {"POST": "indicator_system.manage"}

    class Input(serializers.Serializer):
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")

    @extend_schema(
        request=Input, responses={201: SystemOut, **errors(400)}, summary="复制指标体系到新的年度"
    )
    def post(self, request, pk):
        system = selectors.system_get(viewer=request.user, pk=pk)
        region_in_scope_or_404(request.user, system.region_id)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        copy = systems.indicator_system_copy(
            actor=request.user, system=system, **data.validated_data
        )
        return Response(
            SystemOut(selectors.system_get(viewer=request.user, pk=copy.pk)).data, status=201
        )

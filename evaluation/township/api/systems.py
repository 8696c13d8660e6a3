"""The API of indicator systems: list, create, detail, copy to a new year."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.errors import invalid
from congress.schema import errors, paginated
from congress.scope import region_in_scope_or_404, region_prefix
from evaluation.models import ComputedMeasure, EvaluationRound, TargetKind
from evaluation.township import rounds, selectors, systems


class IndicatorOut(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    name = serializers.CharField()
    max_score = serializers.DecimalField(max_digits=5, decimal_places=1)
    weight = serializers.DecimalField(max_digits=4, decimal_places=2)
    scoring_rule = serializers.CharField(required=False, allow_blank=True, default="")
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
    copied_from = serializers.IntegerField(source="copied_from_id", allow_null=True)
    copied_from_name = serializers.CharField(source="copied_from.name", default="")
    locked = serializers.SerializerMethodField(help_text="已被评价轮次使用：不可修改，可复制")
    origin = serializers.SerializerMethodField(
        help_text="own 本级制定；inherited 上级制定（可用于本级评价）；below 下级制定"
    )
    origin_display = serializers.SerializerMethodField()

    def get_locked(self, system) -> bool:
        if hasattr(system, "in_use"):
            return system.in_use
        return system.rounds.exists()

    def _origin(self, system) -> str:
        request = self.context.get("request")
        prefix = region_prefix(request.user) if request else None
        if not prefix or system.region_id == prefix:
            return "own"
        return "inherited" if prefix.startswith(system.region_id) else "below"

    def get_origin(self, system) -> str:
        return self._origin(system)

    def get_origin_display(self, system) -> str:
        return str(ORIGINS[self._origin(system)])

    def get_max_total(self, system) -> float:
        return float(
            sum(
                i.max_score * i.weight
                for a in system.aspects.all()
                if not a.is_bonus
                for i in a.indicators.all()
            )
        )


ORIGINS = {"own": _("本级制定"), "inherited": _("上级制定"), "below": _("下级制定")}


# The texts of aspects and indicators are checked by the service (the models' own rules), so a
# blank or too long one is reported on its path (aspects[0].indicators[1].name), under its field.
class IndicatorIn(serializers.Serializer):
    id = serializers.IntegerField(required=False, allow_null=True)
    name = serializers.CharField(required=False, allow_blank=True, default="")
    max_score = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=0)
    weight = serializers.DecimalField(max_digits=4, decimal_places=2, default=1)
    scoring_rule = serializers.CharField(required=False, allow_blank=True, default="")
    evidence_wanted = serializers.CharField(required=False, allow_blank=True, default="")
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
    id = serializers.IntegerField(required=False, allow_null=True)
    name = serializers.CharField(required=False, allow_blank=True, default="")
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
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("target_kind", str, enum=TargetKind.values),
        ],
        responses={200: paginated(SystemOut), **errors(400)},
        summary="评价指标体系（方面→指标）：本级制定的和上级制定的",
    )
    def get(self, request):
        qs = selectors.system_list(viewer=request.user).annotate(
            in_use=Exists(EvaluationRound.objects.filter(system=OuterRef("pk")))
        )
        if year := params.query_year(request):
            qs = qs.filter(year=year)
        kind = request.query_params.get("target_kind")
        if kind:
            if kind not in TargetKind.values:
                raise invalid({"target_kind": [_("评价对象类别有误。")]})
            qs = qs.filter(target_kind=kind)
        return self.paginate(qs, SystemOut)

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
            SystemOut(
                selectors.system_get(viewer=request.user, pk=system.pk),
                context={"request": request},
            ).data,
            status=201,
        )


class SystemDetailApi(DomainAPIView):
    perms = {"GET": "indicator_system.view", "PUT": "indicator_system.manage"}

    class Input(serializers.Serializer):
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        target_kind = serializers.ChoiceField(choices=TargetKind.choices)
        name = serializers.CharField(max_length=120)
        bonus_cap = serializers.DecimalField(max_digits=5, decimal_places=1, default=0)
        description = serializers.CharField(required=False, allow_blank=True, default="")
        aspects = AspectIn(many=True)

    @extend_schema(responses={200: SystemOut}, summary="评价指标体系详情")
    def get(self, request, pk):
        system = selectors.system_get(viewer=request.user, pk=pk)
        return Response(SystemOut(system, context={"request": request}).data)

    @extend_schema(
        request=Input,
        responses={200: SystemOut, **errors(400, 404, 409)},
        summary="修改评价指标体系（已被评价轮次使用的不可修改，409）",
    )
    def put(self, request, pk):
        system = selectors.system_get(viewer=request.user, pk=pk)
        region_in_scope_or_404(request.user, system.region_id)  # a system above is read-only
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        systems.indicator_system_update(actor=request.user, system=system, **data.validated_data)
        system = selectors.system_get(viewer=request.user, pk=pk)
        return Response(SystemOut(system, context={"request": request}).data)


class SystemCopyApi(DomainAPIView):
    perms = {"POST": "indicator_system.manage"}

    class Input(serializers.Serializer):
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
        region = serializers.CharField(
            required=False, allow_blank=True, default="", help_text="复制到的区划，默认为原区划"
        )

    @extend_schema(
        request=Input,
        responses={201: SystemOut, **errors(400, 404)},
        summary="复制指标体系（到新的年度，或从上级、其他地区复制到本级）",
    )
    def post(self, request, pk):
        system = selectors.system_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        code = values.pop("region") or system.region_id
        region = region_in_scope_or_404(request.user, code)
        copy = systems.indicator_system_copy(
            actor=request.user, system=system, region=region, **values
        )
        copy = selectors.system_get(viewer=request.user, pk=copy.pk)
        return Response(SystemOut(copy, context={"request": request}).data, status=201)


class SystemTargetsApi(DomainAPIView):
    """What a round on this system may be opened over, for the viewer (发起评价 form)."""

    perms = {"GET": "evaluation_round.manage"}

    class Output(serializers.Serializer):
        organiser = serializers.CharField()
        organiser_name = serializers.CharField()
        by_unit = serializers.BooleanField()
        targets = serializers.ListField(child=serializers.DictField())

    @extend_schema(responses={200: Output}, summary="可选的评价对象（下一级区划或承办单位）")
    def get(self, request, pk):
        system = selectors.system_get(viewer=request.user, pk=pk)
        organiser = rounds.round_organiser(request.user, system)
        found = rounds.target_candidates(actor=request.user, system=system, organiser=organiser)
        by_unit = system.target_kind == TargetKind.HANDLING_UNIT
        targets = [
            {"id": u.pk, "name": u.name, "region": u.region_id, "region_name": u.region.name}
            if by_unit
            else {"code": u.code, "name": u.name}
            for u in found
        ]
        return Response(
            self.Output(
                {
                    "organiser": organiser.code,
                    "organiser_name": organiser.name,
                    "by_unit": by_unit,
                    "targets": targets,
                }
            ).data
        )

"""The API of evaluation rounds: open, detail, evaluators, compute, close, export."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import audit, params
from congress.api import DomainAPIView
from congress.exports import xlsx_response
from congress.models import AuditLog
from congress.schema import XLSX_DOWNLOAD, download, errors, paginated
from evaluation.township import exports, rounds, scoring, selectors, workflow
from evaluation.township.api.scores import ScoreOut, TargetOut
from evaluation.township.api.systems import SystemOut


class RoundOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    year = serializers.IntegerField()
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    system = serializers.IntegerField(source="system_id")
    system_name = serializers.CharField(source="system.name")
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    opened_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    target_kind = serializers.CharField(source="system.target_kind")
    target_kind_display = serializers.CharField(source="system.get_target_kind_display")
    self_due = serializers.DateField(allow_null=True)
    review_due = serializers.DateField(allow_null=True)
    closes_on = serializers.DateField(allow_null=True)


class RoundListApi(DomainAPIView):
    perms = {"GET": "evaluation_round.view", "POST": "evaluation_round.manage"}

    class Input(serializers.Serializer):
        system = serializers.IntegerField()
        name = serializers.CharField(max_length=120)
        target_codes = serializers.ListField(
            child=serializers.CharField(), required=False, default=list
        )
        unit_ids = serializers.ListField(
            child=serializers.IntegerField(),
            required=False,
            default=list,
            help_text="承办单位考评：被评价的承办单位",
        )
        evaluator_ids = serializers.ListField(
            child=serializers.IntegerField(), required=False, default=list
        )
        self_due = serializers.DateField(required=False, allow_null=True, default=None)
        review_due = serializers.DateField(required=False, allow_null=True, default=None)
        closes_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(
        parameters=[OpenApiParameter("year", int)],
        responses={200: paginated(RoundOut), **errors(400)},
        summary="评价轮次",
    )
    def get(self, request):
        qs = selectors.round_list(viewer=request.user, year=params.query_year(request))
        return self.paginate(qs, RoundOut)

    @extend_schema(
        request=Input,
        responses={201: RoundOut, **errors(400, 404)},
        summary="发起评价轮次（年度、评价对象、评价人）",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        system = selectors.system_get(viewer=request.user, pk=values.pop("system"))
        round_ = rounds.round_open(actor=request.user, system=system, **values)
        return Response(RoundOut(round_).data, status=201)


class RoundDetailApi(DomainAPIView):
    perms = {"GET": "evaluation_round.view"}

    class Output(serializers.Serializer):
        class EvaluatorOut(serializers.Serializer):
            id = serializers.IntegerField()
            name = serializers.CharField(source="display_name")

        round = RoundOut()
        system = SystemOut()
        targets = TargetOut(many=True)
        scores = ScoreOut(many=True)
        evaluators = EvaluatorOut(many=True)
        is_evaluator = serializers.BooleanField()

    @extend_schema(responses={200: Output}, summary="评价轮次：指标、对象、得分与排名")
    def get(self, request, pk):
        round_ = selectors.round_get(viewer=request.user, pk=pk)
        detail = {
            "round": round_,
            "system": selectors.round_system(round_),
            "targets": selectors.round_targets(viewer=request.user, round_=round_),
            "scores": selectors.round_scores(viewer=request.user, round_=round_),
            "evaluators": round_.evaluators.all(),
            "is_evaluator": workflow.is_evaluator(request.user, round_),
        }
        return Response(self.Output(detail).data)


class RoundEvaluatorsApi(DomainAPIView):
    perms = {"GET": "evaluation_round.view", "PUT": "evaluation_round.manage"}

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField(source="display_name")
        region = serializers.CharField(source="region_id")

    @extend_schema(
        responses={200: Output(many=True)}, summary="可指定的评价人（本级及上级人大机关工作人员）"
    )
    def get(self, request, pk):
        round_ = selectors.round_get(viewer=request.user, pk=pk)
        users = selectors.eligible_evaluators(round_=round_)
        return Response(self.Output(users, many=True).data)

    class Input(serializers.Serializer):
        evaluator_ids = serializers.ListField(child=serializers.IntegerField())

    @extend_schema(
        request=Input, responses={200: RoundOut, **errors(400, 409)}, summary="指定评价人"
    )
    def put(self, request, pk):
        round_ = selectors.round_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        rounds.round_assign_evaluators(
            actor=request.user, round_=round_, user_ids=data.validated_data["evaluator_ids"]
        )
        return Response(RoundOut(round_).data)


class RoundComputeApi(DomainAPIView):
    perms = {"POST": "evaluation_round.manage"}

    class Output(serializers.Serializer):
        changed = serializers.IntegerField(help_text="新算出或有变化的自动指标得分数")

    @extend_schema(
        request=None, responses={200: Output, **errors(409)}, summary="按平台数据计算自动指标"
    )
    def post(self, request, pk):
        round_ = selectors.round_get(viewer=request.user, pk=pk)
        changed = scoring.round_compute(actor=request.user, round_=round_)
        return Response(self.Output({"changed": changed}).data)


class RoundCloseApi(DomainAPIView):
    perms = {"POST": "evaluation_round.manage"}

    @extend_schema(
        request=None,
        responses={200: RoundOut, **errors(409)},
        summary="结束评价并锁定（此后不可再改）",
    )
    def post(self, request, pk):
        round_ = selectors.round_get(viewer=request.user, pk=pk)
        round_ = rounds.round_close(actor=request.user, round_=round_)
        return Response(RoundOut(round_).data)


class RoundExportApi(DomainAPIView):
    perms = {"GET": "evaluation_round.view"}

    @extend_schema(
        responses={200: download(XLSX_DOWNLOAD)},
        summary="导出评价结果（Excel）",
    )
    def get(self, request, pk):
        round_ = selectors.round_get(viewer=request.user, pk=pk)
        targets = list(selectors.round_targets(viewer=request.user, round_=round_))
        scores = list(selectors.round_scores(viewer=request.user, round_=round_))
        indicators = list(selectors.round_indicators(round_))
        content = exports.round_workbook(
            round_=round_, targets=targets, indicators=indicators, scores=scores
        )
        audit.record(
            AuditLog.Action.EXPORT,
            model="evaluation.EvaluationRound",
            object_pk=round_.pk,
            object_repr=str(round_),
        )
        return xlsx_response(content, f"{round_.name}结果.xlsx")

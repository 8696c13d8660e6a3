"""The API of scores: score one indicator of one target; a score's evidence file."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.downloads import file_response
from congress.errors import ApplicationError
from congress.schema import download, errors
from evaluation.models import Score
from evaluation.township import scoring, selectors


class TargetOut(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region_id")
    handling_unit = serializers.IntegerField(source="handling_unit_id", allow_null=True)
    name = serializers.CharField()
    self_total = serializers.DecimalField(max_digits=7, decimal_places=2)
    review_total = serializers.DecimalField(max_digits=7, decimal_places=2)
    bonus = serializers.DecimalField(max_digits=6, decimal_places=2)
    final_total = serializers.DecimalField(max_digits=7, decimal_places=2)
    rank = serializers.IntegerField(allow_null=True)


class ScoreOut(serializers.Serializer):
    id = serializers.IntegerField()
    target = serializers.IntegerField(source="target_id")
    indicator = serializers.IntegerField(source="indicator_id")
    stage = serializers.CharField()
    value = serializers.DecimalField(max_digits=6, decimal_places=2)
    measured = serializers.DecimalField(max_digits=10, decimal_places=4, allow_null=True)
    is_computed = serializers.BooleanField()
    reason = serializers.CharField()
    evidence = serializers.CharField()
    evidence_file = serializers.SerializerMethodField()
    scored_by = serializers.CharField(source="scored_by.display_name", default="")
    scored_at = serializers.DateTimeField()

    def get_evidence_file(self, score) -> str | None:
        return f"/api/v1/evaluation/scores/{score.pk}/evidence/" if score.evidence_file else None


class ScoreApi(DomainAPIView):
    perms = {"POST": "evaluation_round.score"}

    class Input(serializers.Serializer):
        target = serializers.IntegerField()
        indicator = serializers.IntegerField()
        stage = serializers.ChoiceField(choices=Score.Stage.choices)
        value = serializers.DecimalField(max_digits=6, decimal_places=2)
        reason = serializers.CharField(required=False, allow_blank=True, default="")
        evidence = serializers.CharField(
            max_length=300, required=False, allow_blank=True, default=""
        )
        evidence_file = serializers.FileField(required=False, allow_null=True, default=None)

    class Output(serializers.Serializer):
        score = ScoreOut()
        targets = TargetOut(many=True)

    @extend_schema(
        request=Input,
        responses={201: Output, **errors(400, 409)},
        summary="评分（自评或评审），返回最新排名",
    )
    def post(self, request, pk):
        round_ = selectors.round_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        target = selectors.round_target_get(
            viewer=request.user, round_=round_, pk=values.pop("target")
        )
        indicator = selectors.round_indicators(round_).filter(pk=values.pop("indicator")).first()
        if indicator is None:
            raise ApplicationError(
                _("该指标不属于本轮评价的指标体系。"),
                fields={"indicator": [_("该指标不属于本轮评价的指标体系。")]},
            )
        score = scoring.score_submit(
            actor=request.user, target=target, indicator=indicator, **values
        )
        targets = selectors.round_targets(viewer=request.user, round_=round_)
        return Response(self.Output({"score": score, "targets": targets}).data, status=201)


class ScoreEvidenceApi(DomainAPIView):
    """A score's evidence file, for those who see the round target (404 outside)."""

    perms = {"GET": "evaluation_round.view"}

    @extend_schema(
        responses={200: download("application/octet-stream", "附件原文件（类型随上传文件）")},
        summary="下载评分佐证附件",
    )
    def get(self, request, pk):
        return file_response(selectors.score_get(viewer=request.user, pk=pk).evidence_file)

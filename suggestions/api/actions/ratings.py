"""Paper rating sheets 测评表: staff of the suggestion's region enter a signer's rating with the
scanned sheet (multipart), one endpoint per row of the table, like the deputies' own ratings."""

import os

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.downloads import file_response
from congress.schema import download, errors
from suggestions import selectors
from suggestions.api.actions.base import ERRORS
from suggestions.api.actions.deputies import RateIn
from suggestions.api.common import ID, ActionApi
from suggestions.models import Rating
from suggestions.services.rating import paper_rating_create, paper_rating_info
from suggestions.workflow import BY_ACTION


class PaperRateIn(RateIn):
    deputy = serializers.IntegerField(**ID)
    # Checked by the service (required, type, size) so that one 400 names every bad field.
    sheet = serializers.FileField(required=False, allow_null=True)


def documented_upload(cls):
    """`documented` for a multipart form."""

    def post(self, request, pk):
        return ActionApi.post(self, request, pk)

    cls.post = extend_schema(
        request={"multipart/form-data": cls.Input},
        responses={200: cls.Output, **ERRORS},
        summary=f"{BY_ACTION[cls.action].label}（状态流转表：{cls.action}）",
        operation_id=f"suggestions_{cls.action}",
    )(post)
    return cls


@documented_upload
class PaperRateSatisfiedApi(ActionApi):
    action = "paper_rate_satisfied"
    Input = PaperRateIn
    parser_classes = [MultiPartParser, FormParser]

    def perform(self, s, user, d):
        paper_rating_create(
            suggestion=s,
            actor=user,
            deputy_id=d["deputy"],
            attitude=d["attitude"],
            result=d["result"],
            comment=d["comment"],
            sheet=d.get("sheet"),
            expect=self.action,
        )


@documented_upload
class PaperRateUnsatisfiedApi(PaperRateSatisfiedApi):
    action = "paper_rate_unsatisfied"


@documented_upload
class PaperRateCosignerApi(PaperRateSatisfiedApi):
    action = "paper_rate_cosigner"


APIS = [PaperRateSatisfiedApi, PaperRateUnsatisfiedApi, PaperRateCosignerApi]


class SignerOut(serializers.Serializer):
    deputy_id = serializers.IntegerField()
    name = serializers.CharField()
    is_lead = serializers.BooleanField()
    rated = serializers.BooleanField()
    has_account = serializers.BooleanField()


class RatingSheetOut(serializers.Serializer):
    id = serializers.IntegerField()
    deputy = serializers.CharField(source="deputy.name")
    round = serializers.IntegerField(source="reply.round")
    attitude = serializers.CharField(source="get_attitude_display")
    result = serializers.CharField(source="get_result_display")
    entered_by = serializers.CharField(source="entered_by.display_name", default="")
    at = serializers.DateTimeField(source="rated_at")
    url = serializers.SerializerMethodField()

    def get_url(self, r) -> str:
        return sheet_url(r)


class UnratedRuleOut(serializers.Serializer):
    remind_days = serializers.IntegerField()
    after_days = serializers.IntegerField()
    outcome = serializers.CharField()
    outcome_display = serializers.CharField()
    unrated_at = serializers.DateTimeField(allow_null=True)


class PaperRatingOut(serializers.Serializer):
    signers = SignerOut(many=True)
    sheets = RatingSheetOut(many=True)
    attitude_rehandles = serializers.BooleanField()
    unrated = UnratedRuleOut()


def sheet_url(rating) -> str:
    return f"/api/v1/suggestions/{rating.reply.suggestion_id}/ratings/{rating.pk}/sheet/"


class PaperRatingApi(DomainAPIView):
    """What the paper-rating panel needs: who may still rate the latest reply, the sheets
    entered so far, and the region's rules for ratings and for replies nobody rates."""

    perms = {"GET": "suggestion.view"}
    Output = PaperRatingOut

    @extend_schema(responses={200: Output, **errors(404)}, summary="纸质测评表与未测评规则")
    def get(self, request, pk):
        s = selectors.suggestion_get(viewer=request.user, pk=pk)
        return Response(self.Output(paper_rating_info(s)).data)


class SheetFileApi(DomainAPIView):
    """One paper rating sheet's scan, in the suggestion's scope (404 outside)."""

    perms = {"GET": "suggestion.view"}

    @extend_schema(responses={200: download("application/octet-stream"), **errors(404)},
                   summary="下载纸质测评表扫描件")  # fmt: skip
    def get(self, request, pk, rating_id):
        s = selectors.suggestion_get(viewer=request.user, pk=pk)
        rating = Rating.objects.filter(reply__suggestion=s, pk=rating_id, is_paper=True).first()
        if rating is None:
            raise Http404(_("未找到该记录，或您无权查看。"))
        return file_response(rating.sheet, filename=os.path.basename(rating.sheet.name))

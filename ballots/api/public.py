"""Public endpoints of 十大重点建议集中评议: citizens have no account. Each opts out of login
visibly; the page reads only by the meeting's unguessable token, shows what the meeting's
notice would (suggestion titles, units, the reports), and the vote is rate-limited per address
on top of the one-time code (32^8 codes; a used and an unknown code are refused alike)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ballots import selectors_review
from ballots.models import Answer, Ballot
from ballots.services.review import citizen_vote
from congress.errors import error_body, invalid
from congress.schema import errors
from liaison_stations.public import rate_limited


class PublicAPIView(APIView):
    """Open to anyone on purpose (citizens scanning the meeting's QR code): no session, no CSRF."""

    authentication_classes: list = []
    permission_classes = [AllowAny]


class ReviewPublicItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    title = serializers.CharField()
    unit_name = serializers.SerializerMethodField()
    statement = serializers.CharField()

    def get_unit_name(self, i) -> str:
        return i.handling_unit.name if i.handling_unit_id else ""


class ReviewPublicResultOut(serializers.Serializer):
    item = serializers.IntegerField(source="item_id")
    satisfaction_rate = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    rank = serializers.IntegerField()
    valid = serializers.IntegerField()


class ReviewPublicAnswerOut(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class PublicReviewOut(serializers.Serializer):
    title = serializers.CharField()
    congress_name = serializers.CharField(source="congress.name")
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    items = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()

    @extend_schema_field(ReviewPublicItemOut(many=True))
    def get_items(self, b):
        rows = b.items.select_related("handling_unit").order_by("order")
        return ReviewPublicItemOut(rows, many=True).data

    @extend_schema_field(ReviewPublicAnswerOut(many=True))
    def get_answers(self, b):
        return [{"value": a, "label": str(Answer(a).label)} for a in b.answers]

    @extend_schema_field(ReviewPublicResultOut(many=True))
    def get_results(self, b):
        if b.status != Ballot.Status.CLOSED:
            return []
        return ReviewPublicResultOut(b.results.order_by("rank", "item__order"), many=True).data


def public_review_data(ballot: Ballot) -> dict:
    return PublicReviewOut(ballot).data


class PublicReviewApi(PublicAPIView):
    @extend_schema(responses={200: PublicReviewOut}, summary="公开评议页（公开）")
    def get(self, request, token):
        return Response(public_review_data(selectors_review.public_review(token=token)))


class PublicReviewVoteApi(PublicAPIView):
    class Input(serializers.Serializer):
        code = serializers.CharField(max_length=20)
        answers = serializers.DictField(child=serializers.ChoiceField(choices=Answer.choices))

    class Output(serializers.Serializer):
        message = serializers.CharField()

    @extend_schema(
        request=Input,
        responses={201: Output, **errors(400, 409, 429)},
        summary="群众评议（每码一次，公开）",
    )
    def post(self, request, token):
        if rate_limited(request, "review"):
            return Response(error_body("throttled", _("提交过于频繁，请稍后再试。")), status=429)
        ballot = selectors_review.public_review(token=token)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            answers = {int(k): v for k, v in data.validated_data["answers"].items()}
        except ValueError:
            raise invalid("answers", _("所选项目无效。")) from None
        citizen_vote(ballot=ballot, code=data.validated_data["code"], answers=answers)
        return Response({"message": _("评议已提交，谢谢您的参与。")}, status=201)

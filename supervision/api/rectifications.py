"""审议意见 and 整改: sending the opinions, the body's list (我的整改) and its report, the
committee's rating (directly or from a closed ballot on the body)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from ballots import selectors as ballot_selectors
from ballots.models import Ballot
from congress import params
from congress.api import DomainAPIView
from congress.schema import errors, paginated
from supervision import selectors
from supervision.api.common import RectificationDetailOut, RectificationOut
from supervision.api.projects import ProjectDetailOut, detail
from supervision.models import Rating, Rectification
from supervision.services import rectification as services


def rectification_detail(rectification, request) -> dict:
    return RectificationDetailOut(rectification, context={"request": request}).data


class OpinionsSendApi(DomainAPIView):
    perms = {"POST": "supervision.manage"}

    class Input(serializers.Serializer):
        opinions = serializers.CharField(max_length=20000)
        due_date = serializers.DateField()

    @extend_schema(request=Input, responses={200: ProjectDetailOut, **errors(400, 409)},
                   summary="交办审议意见（被监督单位限期报送整改报告）")  # fmt: skip
    def post(self, request, pk):
        project = selectors.project_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.opinions_send(actor=request.user, project=project, **data.validated_data)
        return Response(detail(project, request))


class RectificationListApi(DomainAPIView):
    perms = {"GET": "supervision.read"}

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=Rectification.Status.values),
                               OpenApiParameter("year", int), OpenApiParameter("page", int),
                               OpenApiParameter("page_size", int)],
                   responses={200: paginated(RectificationOut), **errors(400)},
                   summary="审议意见整改（单位：我的整改）")  # fmt: skip
    def get(self, request):
        qs = selectors.rectification_list(
            viewer=request.user,
            status=params.query_choice(request, "status", Rectification.Status.choices),
            year=params.query_year(request),
        ).prefetch_related("reports")
        return self.paginate(qs, RectificationOut)


class RectificationDetailApi(DomainAPIView):
    perms = {"GET": "supervision.read"}

    @extend_schema(
        responses={200: RectificationDetailOut}, summary="整改事项（审议意见、各轮整改报告）"
    )
    def get(self, request, pk):
        return Response(
            rectification_detail(selectors.rectification_get(viewer=request.user, pk=pk), request)
        )


class ReportSubmitApi(DomainAPIView):
    perms = {"POST": "supervision.rectify"}
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class Input(serializers.Serializer):
        text = serializers.CharField(max_length=20000)
        file = serializers.FileField(required=False, allow_null=True)

    @extend_schema(request={"multipart/form-data": Input}, responses={200: RectificationDetailOut, **errors(400, 409)},
                   summary="报送整改报告")  # fmt: skip
    def post(self, request, pk):
        rectification = selectors.rectification_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_submit(actor=request.user, rectification=rectification,
                               text=data.validated_data["text"], file=data.validated_data.get("file"))  # fmt: skip
        return Response(
            rectification_detail(selectors.rectification_get(viewer=request.user, pk=pk), request)
        )


class ReportRateApi(DomainAPIView):
    perms = {"POST": "supervision.manage"}

    class Input(serializers.Serializer):
        rating = serializers.ChoiceField(
            choices=Rating.choices, required=False, allow_blank=True, default=""
        )
        ballot = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                          help_text="以测评票决结果为准时：已结束的测评")  # fmt: skip
        ballot_item = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
        next_due = serializers.DateField(required=False, allow_null=True,
                                         help_text="不满意时：重新报送的期限")  # fmt: skip

        def validate(self, data):
            if bool(data.get("ballot")) != bool(data.get("ballot_item")):
                raise serializers.ValidationError(
                    {"ballot_item": [_("请选择测评票决及其测评对象。")]}
                )
            if not data.get("ballot") and not data.get("rating"):
                raise serializers.ValidationError({"rating": [_("请选择测评结果。")]})
            return data

    @extend_schema(request=Input, responses={200: RectificationDetailOut, **errors(400, 409)},
                   summary="测评整改报告（满意/基本满意/不满意，或以测评票决结果为准）")  # fmt: skip
    def post(self, request, pk):
        rectification = selectors.rectification_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        item = None
        if d.get("ballot"):
            item = services.ballot_item_for(actor=request.user, rectification=rectification,
                                            ballot=d["ballot"], item=d["ballot_item"])  # fmt: skip
        services.report_rate(actor=request.user, rectification=rectification, rating=d["rating"],
                             ballot_item=item, note=d["note"], next_due=d.get("next_due"))  # fmt: skip
        return Response(
            rectification_detail(selectors.rectification_get(viewer=request.user, pk=pk), request)
        )


class BallotChoicesApi(DomainAPIView):
    """Closed ballots that rated this body: what a rating may be taken from."""

    perms = {"GET": "supervision.manage"}

    class Output(serializers.Serializer):
        ballot = serializers.IntegerField()
        ballot_title = serializers.CharField()
        item = serializers.IntegerField()
        item_title = serializers.CharField()
        rating = serializers.CharField()

    @extend_schema(
        responses={200: Output(many=True)},
        summary="可用于测评的测评票决（已结束、测评对象为该单位）",
    )
    def get(self, request, pk):
        rectification = selectors.rectification_get(viewer=request.user, pk=pk)
        ballots = (
            ballot_selectors.ballots_visible(request.user)
            .filter(status=Ballot.Status.CLOSED, items__handling_unit_id=rectification.unit_id)
            .distinct()
            .order_by("-closes_at")[:20]
        )
        out = []
        for ballot in ballots:
            for result in ballot_selectors.ballot_results(ballot=ballot):
                if result.item.handling_unit_id != rectification.unit_id or not result.valid:
                    continue
                result.item.ballot = ballot
                out.append({"ballot": ballot.pk, "ballot_title": ballot.title, "item": result.item_id,
                            "item_title": result.item.title,
                            "rating": services.ballot_rating(result.item)})  # fmt: skip
        return Response(out)

"""The ballots API, 十大重点建议集中评议 for staff: the list, a review's setup (key suggestions,
invited deputies), the unit leaders' reports, the citizens' codes and the QR code, and the
results of a key suggestion. Opening, closing and results are the engine's (setup, counting)."""

import io

import segno
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from ballots import selectors, selectors_review
from ballots.api.setup import BallotOut, ItemOut
from ballots.models import Ballot
from ballots.services import review
from congress import params
from congress.api import DomainAPIView
from congress.downloads import file_response
from congress.errors import invalid
from congress.schema import download, errors, paginated
from representatives.models import Deputy
from suggestions import selectors as suggestion_selectors


def public_path(ballot: Ballot) -> str:
    return f"/r/{ballot.public_token}/"


class ReviewCodesOut(serializers.Serializer):
    issued = serializers.IntegerField()
    used = serializers.IntegerField()


class ReviewOut(BallotOut):
    public_url = serializers.SerializerMethodField()
    codes = serializers.SerializerMethodField()
    invitees = serializers.SerializerMethodField()
    citizen_votes = serializers.IntegerField()

    def get_public_url(self, b) -> str:
        request = self.context.get("request")
        path = public_path(b)
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(ReviewCodesOut)
    def get_codes(self, b):
        return selectors_review.review_codes(ballot=b)

    def get_invitees(self, b) -> list[int]:
        return list(b.invitees.values_list("deputy_id", flat=True))


class ReviewDetailOut(ReviewOut):
    items = serializers.SerializerMethodField()

    @extend_schema_field(ItemOut(many=True))
    def get_items(self, b):
        return ItemOut(selectors.ballot_items(b), many=True).data


class ReviewListApi(DomainAPIView):
    perms = {"GET": "ballot.turnout", "POST": "ballot.manage"}

    class Output(BallotOut):
        item_count = serializers.IntegerField()
        code_count = serializers.IntegerField()
        invitee_count = serializers.IntegerField()
        citizen_votes = serializers.IntegerField()

    class Input(serializers.Serializer):
        congress = serializers.IntegerField()
        title = serializers.CharField(max_length=150)
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        opens_at = serializers.DateTimeField()
        closes_at = serializers.DateTimeField()
        suggestions = serializers.ListField(child=serializers.IntegerField(), max_length=50)
        deputies = serializers.ListField(
            child=serializers.IntegerField(), required=False, max_length=2000
        )

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=Ballot.Status.values)],
        responses={200: paginated(Output), **errors(400)},
        summary="重点建议集中评议列表",
    )
    def get(self, request):
        status = params.query_choice(request, "status", Ballot.Status.choices) or None
        return self.paginate(
            selectors_review.review_list(viewer=request.user, status=status), self.Output
        )

    @extend_schema(
        request=Input, responses={201: ReviewDetailOut, **errors(400, 404)}, summary="新建集中评议"
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        congress = selectors.congress_get(viewer=request.user, pk=d["congress"])
        suggestions = _key_suggestions(congress, d["suggestions"])
        deputies = _deputies(congress, d.get("deputies") or [])
        ballot = review.review_create(
            actor=request.user,
            congress=congress,
            title=d["title"],
            year=d["year"],
            opens_at=d["opens_at"],
            closes_at=d["closes_at"],
            suggestions=suggestions,
            deputies=deputies,
        )
        out = ReviewDetailOut(ballot, context={"request": request})
        return Response(out.data, status=201)


def _key_suggestions(congress, ids: list[int]) -> list:
    """Only this congress's key suggestions: another county's reads like one not there."""
    found = {
        s.pk: s for s in selectors_review.key_suggestions(congress=congress).filter(pk__in=ids)
    }
    if len(set(ids)) != len(ids) or any(pk not in found for pk in ids):
        raise invalid("suggestions", _("所选建议无效（只能选择本级的重点建议，且不能重复）。"))
    return [found[pk] for pk in ids]


def _deputies(congress, ids: list[int]) -> list[Deputy]:
    term = congress.terms.order_by("-number").first()
    found = list(
        Deputy.objects.filter(
            pk__in=ids, mandates__congress=congress, mandates__term=term, mandates__status="serving"
        ).distinct()
    )
    if len(found) != len(set(ids)):
        raise invalid("deputies", _("所选代表无效（只能邀请本级在任代表）。"))
    return found


class ReviewDetailApi(DomainAPIView):
    perms = {"GET": "ballot.turnout"}

    @extend_schema(responses={200: ReviewDetailOut}, summary="集中评议详情")
    def get(self, request, pk):
        ballot = selectors_review.review_get(viewer=request.user, pk=pk)
        return Response(ReviewDetailOut(ballot, context={"request": request}).data)


class ReviewOptionsApi(DomainAPIView):
    """What the setup form offers for one congress: its key suggestions and serving deputies."""

    perms = {"GET": "ballot.manage"}

    class Output(serializers.Serializer):
        class Choice(serializers.Serializer):
            id = serializers.IntegerField()
            title = serializers.CharField()
            status_display = serializers.CharField()

        class DeputyChoice(serializers.Serializer):
            id = serializers.IntegerField()
            name = serializers.CharField()

        suggestions = Choice(many=True)
        deputies = DeputyChoice(many=True)

    @extend_schema(
        parameters=[OpenApiParameter("congress", int, required=True)],
        responses={200: Output, **errors(400, 404)},
        summary="集中评议可选的重点建议和代表",
    )
    def get(self, request):
        pk = params.query_id(request, "congress")
        if not pk:
            raise invalid("congress", _("请选择人大。"))
        congress = selectors.congress_get(viewer=request.user, pk=pk)
        term = congress.terms.order_by("-number").first()
        suggestions = [
            {"id": s.pk, "title": s.title, "status_display": s.get_status_display()}
            for s in selectors_review.key_suggestions(congress=congress)[:200]
        ]
        deputies = (
            Deputy.objects.filter(
                mandates__congress=congress, mandates__term=term, mandates__status="serving"
            )
            .distinct()
            .order_by("name", "id")
            .values("id", "name")
        )
        return Response(self.Output({"suggestions": suggestions, "deputies": list(deputies)}).data)


class ReviewInviteApi(DomainAPIView):
    perms = {"POST": "ballot.manage"}

    class Input(serializers.Serializer):
        deputies = serializers.ListField(child=serializers.IntegerField(), max_length=2000)

    @extend_schema(
        request=Input, responses={200: ReviewDetailOut, **errors(400, 409)}, summary="邀请评议代表"
    )
    def post(self, request, pk):
        ballot = selectors_review.review_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        deputies = _deputies(ballot.congress, data.validated_data["deputies"])
        ballot = review.review_invite(actor=request.user, ballot=ballot, deputies=deputies)
        return Response(ReviewDetailOut(ballot, context={"request": request}).data)


class ItemStatementApi(DomainAPIView):
    perms = {"POST": "ballot.manage"}
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class Input(serializers.Serializer):
        presenter = serializers.CharField(max_length=60, allow_blank=True)
        statement = serializers.CharField(max_length=20000, allow_blank=True)
        file = serializers.FileField(required=False)

    @extend_schema(
        request={"multipart/form-data": Input, "application/json": Input},
        responses={200: ItemOut, **errors(400, 409)},
        summary="录入承办单位负责人汇报",
    )
    def post(self, request, pk):
        item = selectors_review.review_item_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        item = review.item_statement(
            actor=request.user,
            item=item,
            presenter=d["presenter"],
            statement=d["statement"],
            file=d.get("file"),
        )
        return Response(ItemOut(item).data)


class ItemStatementFileApi(DomainAPIView):
    perms = {"GET": "ballot.view"}

    @extend_schema(
        responses={200: download("application/octet-stream", "汇报材料")}, summary="下载汇报材料"
    )
    def get(self, request, pk):
        item = selectors_review.review_item_get(viewer=request.user, pk=pk)
        if not item.statement_file:
            raise invalid("file", _("该项没有汇报材料。"))
        return file_response(item.statement_file)


class CitizenCodesApi(DomainAPIView):
    """The printed sheet: the codes are answered once, here, and never again."""

    perms = {"GET": "ballot.turnout", "POST": "ballot.manage"}

    class Input(serializers.Serializer):
        count = serializers.IntegerField(min_value=1, max_value=review.MAX_CODES)

    class Output(serializers.Serializer):
        class Code(serializers.Serializer):
            number = serializers.IntegerField()
            code = serializers.CharField()

        codes = Code(many=True)
        public_url = serializers.CharField()

    @extend_schema(responses={200: ReviewCodesOut}, summary="群众评议码发放与使用数")
    def get(self, request, pk):
        ballot = selectors_review.review_get(viewer=request.user, pk=pk)
        return Response(ReviewCodesOut(selectors_review.review_codes(ballot=ballot)).data)

    @extend_schema(
        request=Input, responses={201: Output, **errors(400, 409)}, summary="发放群众评议码"
    )
    def post(self, request, pk):
        ballot = selectors_review.review_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        sheet = review.citizen_codes_issue(
            actor=request.user, ballot=ballot, count=data.validated_data["count"]
        )
        url = request.build_absolute_uri(public_path(ballot))
        return Response(self.Output({"codes": sheet, "public_url": url}).data, status=201)


class ReviewQrApi(DomainAPIView):
    perms = {"GET": "ballot.turnout"}

    @extend_schema(responses={200: download("image/png", "评议二维码")}, summary="评议二维码")
    def get(self, request, pk):
        ballot = selectors_review.review_get(viewer=request.user, pk=pk)
        out = io.BytesIO()
        url = request.build_absolute_uri(public_path(ballot))
        segno.make(url, error="m").save(out, kind="png", scale=10, border=2)
        image = ContentFile(out.getvalue(), name=f"review-{ballot.pk}-qr.png")
        return file_response(image, content_type="image/png")


class SuggestionReviewOut(serializers.Serializer):
    ballot = serializers.IntegerField(source="ballot_id")
    title = serializers.CharField(source="ballot.title")
    year = serializers.IntegerField(source="ballot.year")
    closed_at = serializers.DateTimeField(source="ballot.closed_at")
    unit_name = serializers.SerializerMethodField()
    counts = serializers.DictField(child=serializers.IntegerField())
    valid = serializers.IntegerField()
    satisfaction_rate = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    rank = serializers.IntegerField()
    of = serializers.SerializerMethodField()

    def get_unit_name(self, r) -> str:
        return r.item.handling_unit.name if r.item.handling_unit_id else ""

    def get_of(self, r) -> int:
        return r.ballot.items.count()


class SuggestionReviewsApi(DomainAPIView):
    """The hook on a suggestion's page: its published review results, for whoever may see the
    suggestion (the suggestions app's own selector decides, so outside it is a 404)."""

    perms = {"GET": "suggestion.view"}

    @extend_schema(
        responses={200: SuggestionReviewOut(many=True)}, summary="重点建议的集中评议结果"
    )
    def get(self, request, pk):
        suggestion_selectors.suggestion_get(viewer=request.user, pk=pk)
        rows = selectors_review.suggestion_reviews(suggestion_id=pk)
        return Response(SuggestionReviewOut(rows, many=True).data)

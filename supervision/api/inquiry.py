"""专题询问: questions with the official's answer and the commitments made, the body's report
of a commitment with its evidence, and the staff's check; the commitment ledger."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.errors import invalid
from congress.models import User
from congress.schema import errors, paginated
from representatives.models import Deputy
from supervision import selectors
from supervision.api.common import InquiryCommitmentOut
from supervision.api.projects import ProjectDetailOut, detail
from supervision.models import Commitment, Question
from supervision.services import inquiry as services


class InquiryCommitmentInput(serializers.Serializer):
    what = serializers.CharField(max_length=200)
    due_date = serializers.DateField()


class QuestionListApi(DomainAPIView):
    perms = {"POST": "supervision.manage"}

    class Input(serializers.Serializer):
        asker_kind = serializers.ChoiceField(choices=Question.Asker.choices)
        asker_name = serializers.CharField(max_length=50)
        deputy = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        question = serializers.CharField(max_length=5000)
        answerer_name = serializers.CharField(max_length=50)
        answerer_post = serializers.CharField(
            max_length=100, required=False, allow_blank=True, default=""
        )
        answerer = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        answer = serializers.CharField(
            max_length=20000, required=False, allow_blank=True, default=""
        )
        asked_at = serializers.DateTimeField(required=False, allow_null=True)
        commitments = InquiryCommitmentInput(many=True, required=False, default=list)

    @extend_schema(request=Input, responses={201: ProjectDetailOut, **errors(400, 409)},
                   summary="登记专题询问问题（应询人、答复、承诺事项）")  # fmt: skip
    def post(self, request, pk):
        project = selectors.project_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        if d.get("deputy"):
            d["deputy"] = Deputy.objects.filter(pk=d["deputy"]).first()
            if d["deputy"] is None:
                raise invalid("deputy", _("所选代表无效。"))
        if d.get("answerer"):
            d["answerer"] = User.objects.filter(pk=d["answerer"], is_active=True).first()
            if d["answerer"] is None:
                raise invalid("answerer", _("应询人账号无效。"))
        d["commitments"] = [dict(c) for c in d["commitments"]]
        services.question_add(actor=request.user, project=project, **d)
        return Response(detail(project, request), status=201)


class InquiryCommitmentAddApi(DomainAPIView):
    perms = {"POST": "supervision.manage"}

    @extend_schema(request=InquiryCommitmentInput, responses={201: InquiryCommitmentOut, **errors(400, 409)},
                   summary="补充承诺事项")  # fmt: skip
    def post(self, request, pk):
        question = selectors.question_get(viewer=request.user, pk=pk)
        data = InquiryCommitmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.commitment_add(actor=request.user, question=question, **data.validated_data)
        return Response(InquiryCommitmentOut(row).data, status=201)


class InquiryCommitmentRow(InquiryCommitmentOut):
    project = serializers.IntegerField(source="question.project_id")
    project_title = serializers.CharField(source="question.project.title")
    question_text = serializers.CharField(source="question.question")
    answerer_name = serializers.CharField(source="question.answerer_name")


class InquiryCommitmentListApi(DomainAPIView):
    perms = {"GET": "supervision.read"}

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=Commitment.Status.values),
                               OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
                   responses={200: paginated(InquiryCommitmentRow), **errors(400)},
                   summary="专题询问承诺事项台账")  # fmt: skip
    def get(self, request):
        qs = selectors.commitment_list(
            viewer=request.user,
            status=params.query_choice(request, "status", Commitment.Status.choices),
        )
        return self.paginate(qs, InquiryCommitmentRow)


class InquiryCommitmentReportApi(DomainAPIView):
    perms = {"POST": "supervision.rectify"}
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class Input(serializers.Serializer):
        note = serializers.CharField(max_length=5000)
        evidence = serializers.FileField(required=False, allow_null=True)

    @extend_schema(request={"multipart/form-data": Input}, responses={200: InquiryCommitmentOut, **errors(400, 409)},
                   summary="报告承诺事项完成情况（附佐证）")  # fmt: skip
    def post(self, request, pk):
        commitment = selectors.commitment_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.commitment_report(actor=request.user, commitment=commitment,
                                         note=data.validated_data["note"],
                                         evidence=data.validated_data.get("evidence"))  # fmt: skip
        return Response(InquiryCommitmentOut(row).data)


class InquiryCommitmentCheckApi(DomainAPIView):
    perms = {"POST": "supervision.manage"}

    class Input(serializers.Serializer):
        accepted = serializers.BooleanField()
        note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    @extend_schema(request=Input, responses={200: InquiryCommitmentOut, **errors(400, 409)},
                   summary="核实承诺事项（不通过退回落实）")  # fmt: skip
    def post(self, request, pk):
        commitment = selectors.commitment_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.commitment_check(
            actor=request.user, commitment=commitment, **data.validated_data
        )
        return Response(InquiryCommitmentOut(row).data)

"""An outside expert's side (外脑): their invitations, one review with the filing's files, and
their opinion. Nothing else of the portal's filings answers them (the lists are a role 403,
any other filing or file a 404)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.schema import errors, paginated
from filings import selectors
from filings.api.common import FilingDocumentOut
from filings.services.reviews import expert_opinion


class ExpertFilingBrief(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    doc_number = serializers.CharField()
    number = serializers.CharField()
    unit = serializers.CharField(source="unit.name")
    region = serializers.CharField(source="region.name")
    published_on = serializers.DateField(allow_null=True)
    status_display = serializers.CharField(source="get_status_display")


class ExpertInvitationOut(serializers.Serializer):
    id = serializers.IntegerField()
    stage = serializers.CharField(source="review.stage")
    stage_display = serializers.CharField(source="review.get_stage_display")
    review_open = serializers.BooleanField(source="review.is_open")
    filing = ExpertFilingBrief(source="review.filing")
    invited_by = serializers.CharField(source="invited_by.display_name", default="")
    invited_at = serializers.DateTimeField()
    question = serializers.CharField()
    opinion = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)


class ExpertInvitationDetailOut(ExpertInvitationOut):
    documents = FilingDocumentOut(many=True)


def invitation_detail(invitation) -> dict:
    data = ExpertInvitationOut(invitation).data
    filing = invitation.review.filing
    data["documents"] = FilingDocumentOut(selectors.document_list(filing=filing), many=True).data
    return data


class ExpertInvitationListApi(DomainAPIView):
    perms = {"GET": "filing.expert"}

    @extend_schema(responses={200: paginated(ExpertInvitationOut)}, summary="我的审查邀请")
    def get(self, request):
        return self.paginate(selectors.invitations_of(request.user), ExpertInvitationOut)


class ExpertInvitationDetailApi(DomainAPIView):
    perms = {"GET": "filing.expert"}

    @extend_schema(responses={200: ExpertInvitationDetailOut}, summary="审查邀请详情（文件与材料）")
    def get(self, request, pk):
        invitation = selectors.invitation_get(viewer=request.user, pk=pk)
        return Response(invitation_detail(invitation))


class ExpertOpinionApi(DomainAPIView):
    perms = {"POST": "filing.expert"}

    class Input(serializers.Serializer):
        opinion = serializers.CharField(max_length=8000)

    @extend_schema(request=Input, responses={200: ExpertInvitationDetailOut, **errors(400, 409)},
                   summary="提交专家意见（审查结束前可修改）")  # fmt: skip
    def post(self, request, pk):
        invitation = selectors.invitation_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        expert_opinion(
            actor=request.user, invitation=invitation, opinion=data.validated_data["opinion"]
        )
        return Response(invitation_detail(selectors.invitation_get(viewer=request.user, pk=pk)))

"""The invitee's own events (a deputy on the phone): list, one event, the answer, and the
deputy's attendance figures for a year."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.errors import invalid
from congress.schema import errors, paginated
from meetings import figures, selectors, workflow
from meetings.api.common import AgendaItemOut, DocumentOut, EventBrief, InvitationOut
from meetings.models import Invitation
from meetings.services.invitations import invitation_answer


class MyEventOut(InvitationOut):
    event = EventBrief()
    can_answer = serializers.SerializerMethodField()
    can_sign_in = serializers.SerializerMethodField()

    def get_can_answer(self, invitation) -> bool:
        return (
            workflow.TABLE.permits(invitation.event.status, "answer", {workflow.INVITEE})
            and not invitation.attendance
        )

    def get_can_sign_in(self, invitation) -> bool:
        opens, closes = invitation.event.window
        now = timezone.now()
        return (
            invitation.event.status == "open"
            and opens <= now <= closes
            and not invitation.attendance
        )


class MyEventDetailOut(MyEventOut):
    description = serializers.CharField(source="event.description")
    online_link = serializers.CharField(source="event.online_link")
    agenda = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()

    def get_agenda(self, invitation) -> list[dict]:
        return AgendaItemOut(invitation.event.agenda.all(), many=True).data

    def get_documents(self, invitation) -> list[dict]:
        return DocumentOut(selectors.document_list(event=invitation.event), many=True).data


class MyEventListApi(DomainAPIView):
    perms = {"GET": "event.mine"}

    @extend_schema(
        parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str),
                    OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses={200: paginated(MyEventOut), **errors(400)},
        summary="我的会议活动（邀请、答复、签到）",
    )  # fmt: skip
    def get(self, request):
        start, end = params.query_date(request, "start"), params.query_date(request, "end")
        if start and end and end < start:
            raise invalid("end", _("结束日期不能早于开始日期。"))
        return self.paginate(
            selectors.my_events(viewer=request.user, start=start, end=end), MyEventOut
        )


class MyEventDetailApi(DomainAPIView):
    perms = {"GET": "event.mine"}

    @extend_schema(responses={200: MyEventDetailOut}, summary="我的一项会议活动（议程、材料）")
    def get(self, request, pk):
        invitation = selectors.my_invitation_or_404(viewer=request.user, event_pk=pk)
        return Response(MyEventDetailOut(invitation).data)


class MyAnswerApi(DomainAPIView):
    perms = {"POST": "event.mine"}

    class Input(serializers.Serializer):
        answer = serializers.ChoiceField(
            choices=[c for c in Invitation.Answer.choices if c[0] != "pending"]
        )
        reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

        def validate(self, data):
            if data["answer"] == Invitation.Answer.LEAVE and not data.get("reason", "").strip():
                raise serializers.ValidationError({"reason": [_("请假请填写事由。")]})
            return data

    @extend_schema(request=Input, responses={200: MyEventOut, **errors(409)},
                   summary="答复参加或请假（会议请假需审批）")  # fmt: skip
    def post(self, request, pk):
        invitation = selectors.my_invitation_or_404(viewer=request.user, event_pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        invitation_answer(actor=request.user, invitation=invitation, **data.validated_data)
        return Response(
            MyEventOut(selectors.my_invitation_or_404(viewer=request.user, event_pk=pk)).data
        )


class MyAttendanceApi(DomainAPIView):
    perms = {"GET": "event.mine"}

    class Output(serializers.Serializer):
        year = serializers.IntegerField()
        counts = serializers.DictField(child=serializers.IntegerField())
        rate = serializers.FloatField(allow_null=True)

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses={200: Output, **errors(400)},
                   summary="我的出勤率（一年）")  # fmt: skip
    def get(self, request):
        year = params.query_year(request, default=timezone.localdate().year)
        deputy = getattr(request.user, "deputy", None)
        if deputy is None:
            return Response({"year": year, "counts": {}, "rate": None})
        found = figures.deputy_attendance(deputy_ids=[deputy.pk], year=year)[deputy.pk]
        return Response({"year": year, **found})

"""Invitations: the list with answers and leave, bulk invite, remove, leave approve/refuse."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.errors import invalid
from congress.models import Congress
from congress.schema import errors, paginated
from liaison_stations.models import LiaisonStation
from meetings import selectors
from meetings.api.common import InvitationOut
from meetings.models import Invitation
from meetings.services.invitations import invitation_remove, invitations_add, leave_decide
from representatives.models import Deputy, DeputyGroup

MAX_IDS = 5000


def _ids(**kwargs):
    return serializers.ListField(child=serializers.IntegerField(min_value=1), required=False,
                                 default=list, max_length=MAX_IDS, **kwargs)  # fmt: skip


def _objects(model, ids: list[int], field: str, related=()):
    rows = list(model.objects.filter(pk__in=set(ids)).select_related(*related))
    if len(rows) != len(set(ids)):
        raise invalid(field, _("所选内容无效。"))
    return rows


class InvitationListApi(DomainAPIView):
    perms = {"GET": "event.view", "POST": "event.manage"}

    class Other(serializers.Serializer):
        role = serializers.ChoiceField(
            choices=[c for c in Invitation.Role.choices if c[0] != "deputy"]
        )
        user = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
        organisation = serializers.CharField(
            max_length=100, required=False, allow_blank=True, default=""
        )

        def validate(self, data):
            if not data.get("user") and not data.get("name", "").strip():
                raise serializers.ValidationError({"name": [_("请填写姓名，或选择账号。")]})
            return data

    class Input(serializers.Serializer):
        congresses = _ids(help_text="邀请这些人民代表大会的全部在任代表")
        groups = _ids(help_text="邀请这些代表小组的在任代表")
        stations = _ids(help_text="邀请编入这些联络站的在任代表")
        deputies = _ids(help_text="逐个邀请的代表")
        others = serializers.ListField(child=serializers.DictField(), required=False, default=list,
                                       max_length=500)  # fmt: skip

    class Output(serializers.Serializer):
        invited = serializers.IntegerField()
        invitations = InvitationOut(many=True)

    @extend_schema(
        parameters=[
            OpenApiParameter("role", str, enum=Invitation.Role.values),
            OpenApiParameter("answer", str, enum=Invitation.Answer.values),
            OpenApiParameter(
                "attendance", str, enum=["present", "late", "leave", "absent", "none"]
            ),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: paginated(InvitationOut), **errors(400)},
        summary="受邀人员（答复、请假、签到、出勤）",
    )
    def get(self, request, pk):
        event = selectors.event_get(viewer=request.user, pk=pk)
        qs = selectors.invitation_list(
            event=event,
            role=params.query_choice(request, "role", Invitation.Role.choices),
            answer=params.query_choice(request, "answer", Invitation.Answer.choices),
            attendance=params.query_choice(request, "attendance", ["present", "late", "leave", "absent", "none"]),
        )  # fmt: skip
        return self.paginate(qs, InvitationOut)

    @extend_schema(request=Input, responses={201: Output, **errors(400, 409)},
                   summary="邀请（按人大、代表小组、联络站或逐个邀请代表，及其他人员）")  # fmt: skip
    def post(self, request, pk):
        user = request.user
        event = selectors.event_get(viewer=user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        others = []
        for i, raw in enumerate(d["others"]):
            other = self.Other(data=raw)
            if not other.is_valid():
                raise invalid({f"others[{i}].{k}": v for k, v in other.errors.items()},
                              summary=_("邀请人员有误："))  # fmt: skip
            spec = dict(other.validated_data)
            if spec.get("user"):
                found = (
                    get_user_model()
                    .objects.filter(pk=spec["user"])
                    .select_related("handling_unit")
                    .first()
                )
                if found is None:
                    raise invalid(f"others[{i}].user", _("所选账号不存在。"))
                spec["user"] = found
            others.append(spec)
        rows = invitations_add(
            actor=user,
            event=event,
            congresses=_objects(Congress, d["congresses"], "congresses"),
            groups=_objects(DeputyGroup, d["groups"], "groups"),
            stations=_objects(LiaisonStation, d["stations"], "stations"),
            deputies=_objects(Deputy, d["deputies"], "deputies"),
            others=others,
        )
        shown = Invitation.objects.filter(pk__in=[r.pk for r in rows[:200]]).select_related(
            "deputy", "user"
        )
        return Response({"invited": len(rows), "invitations": InvitationOut(shown, many=True).data},
                        status=201)  # fmt: skip


class InvitationDetailApi(DomainAPIView):
    perms = {"DELETE": "event.manage"}

    @extend_schema(responses={204: None, **errors(409)}, summary="移除邀请（尚未签到的）")
    def delete(self, request, pk, invitation):
        event = selectors.event_get(viewer=request.user, pk=pk)
        invitation_remove(
            actor=request.user, invitation=selectors.invitation_get(event=event, pk=invitation)
        )
        return Response(status=204)


class LeaveDecideApi(DomainAPIView):
    perms = {"POST": "event.leave_decide"}

    class Input(serializers.Serializer):
        approve = serializers.BooleanField()
        note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    @extend_schema(request=Input, responses={200: InvitationOut, **errors(409)},
                   summary="审批请假（代表大会会议、常委会会议）")  # fmt: skip
    def post(self, request, pk, invitation):
        event = selectors.event_get(viewer=request.user, pk=pk)
        found = selectors.invitation_get(event=event, pk=invitation)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        found = leave_decide(actor=request.user, invitation=found, **data.validated_data)
        return Response(InvitationOut(selectors.invitation_get(event=event, pk=found.pk)).data)

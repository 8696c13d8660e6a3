"""Issue 14: the 跨层级移交 page and its reads — the inbox (收到的 / 移交出去的) with the progress of
each record, the trail and the choices of one suggestion or one opinion, and the receiving
staff's decision on an opinion (a suggestion's is a row of its table: api/actions/handoffs.py)."""

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.pages import page, render_page
from congress.schema import errors, paginated
from suggestions import handoffs, selectors, workflow
from suggestions.api.common import ID
from suggestions.models import Handoff
from suggestions.models import Status as S

BOXES = ("received", "sent")


def suggestion_progress(s) -> str:
    """已移交XX县人大办理，当前状态… — what the sending level reads."""
    status = s.get_status_display()
    lead = next((a for a in s.assignments.all() if a.is_active and a.role == "lead"), None)
    where = s.handled_by.name if s.handled_by_id else s.region.name
    text = _("%(where)s人大办理，当前状态：%(status)s") % {"where": where, "status": status}
    if lead is not None and s.status in (S.ASSIGNED, S.SIGNED, S.REHANDLING, S.REPLIED):
        text += _("（%(unit)s主办，答复期限%(due)s）") % {
            "unit": lead.unit.name,
            "due": s.reply_due,
        }
    return text


def opinion_progress(o) -> str:
    text = _("当前状态：%(status)s") % {"status": o.get_status_display()}
    if o.handling_unit_id:
        text += _("（%(unit)s办理）") % {"unit": o.handling_unit.name}
    if o.handler_replied_at:
        text += _("，承办单位已反馈")
    return text


class HandoffRow(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.SerializerMethodField()
    subject = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    link = serializers.SerializerMethodField()
    from_region = serializers.CharField(source="from_region.name")
    to_region = serializers.CharField(source="to_region.name")
    to_region_code = serializers.CharField(source="to_region_id")
    to_unit = serializers.CharField(source="to_unit.name", default="")
    reason = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    sent_by = serializers.CharField(source="sent_by.name", default="")
    sent_at = serializers.DateTimeField()
    decided_by = serializers.CharField(source="decided_by.name", default="")
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField()
    progress = serializers.SerializerMethodField()
    can_decide = serializers.SerializerMethodField()

    def get_kind(self, h) -> str:
        return "suggestion" if h.suggestion_id else "opinion"

    def get_subject(self, h) -> int:
        return h.suggestion_id or h.opinion_id

    def get_title(self, h) -> str:
        return h.suggestion.title if h.suggestion_id else h.opinion.title

    def get_link(self, h) -> str:
        return f"/suggestions/{h.suggestion_id}/" if h.suggestion_id else "/opinions/"

    def get_progress(self, h) -> str:
        return suggestion_progress(h.suggestion) if h.suggestion_id else opinion_progress(h.opinion)

    def get_can_decide(self, h) -> bool:
        return handoffs.may_decide(self.context["request"].user, h)


class HandoffListApi(DomainAPIView):
    perms = {"GET": "suggestion.board"}

    @extend_schema(
        parameters=[
            OpenApiParameter("box", str, enum=list(BOXES)),
            OpenApiParameter("status", str, enum=list(Handoff.Status.values)),
        ],
        responses={200: paginated(HandoffRow, "PaginatedHandoffList"), **errors(400)},
        summary="跨层级移交（收到的 / 移交出去的），含办理进展",
    )
    def get(self, request):
        box = params.query_choice(request, "box", BOXES, default="received")
        status = params.query_choice(request, "status", Handoff.Status.values, default="")
        return self.paginate(
            handoffs.handoff_list(viewer=request.user, box=box, status=status), HandoffRow
        )


class Choice(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class UnitChoice(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TrailOut(serializers.Serializer):
    handoffs = HandoffRow(many=True)
    can_send = serializers.BooleanField()
    level_above = Choice(allow_null=True)
    units = UnitChoice(many=True)
    handled_by = serializers.CharField(allow_null=True)
    progress = serializers.CharField()


def _trail(request, subject, *, from_code: str, may_send: bool, progress: str) -> dict:
    above = handoffs.level_above(from_code)
    can_send = (
        may_send and above is not None and handoffs.may_send(request.user, from_code=from_code)
    )
    units = handoffs.receiving_units(above.code) if can_send else []
    return {
        "handoffs": handoffs.handoffs_of(subject),
        "can_send": can_send,
        "level_above": {"code": above.code, "name": above.name} if above else None,
        "units": [{"id": u.pk, "name": u.name} for u in units],
        "progress": progress,
    }


class SuggestionHandoffsApi(DomainAPIView):
    perms = {"GET": "suggestion.view"}

    @extend_schema(
        responses={200: TrailOut, **errors(404)}, summary="建议的跨层级移交记录与可移交的上级"
    )
    def get(self, request, pk):
        s = selectors.suggestion_get(viewer=request.user, pk=pk)
        may = "handoff_send" in workflow.allowed_actions(s, request.user) and not any(
            h.status == Handoff.Status.PENDING for h in s.handoffs.all()
        )
        data = _trail(
            request, s, from_code=handoffs.handling_level(s), may_send=may,
            progress=suggestion_progress(s),
        )  # fmt: skip
        data["handled_by"] = s.handled_by.name if s.handled_by_id else None
        return Response(TrailOut(data, context={"request": request}).data)


class OpinionHandoffsApi(DomainAPIView):
    perms = {"GET": "opinion.view", "POST": "opinion.manage"}

    class Input(serializers.Serializer):
        to_region = serializers.CharField(
            max_length=12,
            error_messages={"required": "请选择接收的人大。", "blank": "请选择接收的人大。"},
        )
        to_unit = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)
        reason = serializers.CharField(max_length=500, allow_blank=True, required=False, default="",
                                       error_messages={"max_length": "理由不能超过500字。"})  # fmt: skip
        due_date = serializers.DateField(required=False, allow_null=True, default=None,
                                         error_messages={"invalid": "请填写有效的日期。"})  # fmt: skip

    def _data(self, request, pk):
        from liaison_stations import selectors as station_selectors  # noqa: PLC0415
        from liaison_stations import workflow as opinion_workflow  # noqa: PLC0415

        opinion = station_selectors.opinion_get(viewer=request.user, pk=pk)
        open_ = "forward" in opinion_workflow.allowed_actions(opinion, request.user)
        pending = any(h.status == Handoff.Status.PENDING for h in opinion.handoffs.all())
        data = _trail(
            request, opinion, from_code=opinion.station.region_id, may_send=open_ and not pending,
            progress=opinion_progress(opinion),
        )  # fmt: skip
        data["handled_by"] = None
        return opinion, data

    @extend_schema(responses={200: TrailOut, **errors(404)}, summary="群众意见的跨层级移交记录")
    def get(self, request, pk):
        return Response(TrailOut(self._data(request, pk)[1], context={"request": request}).data)

    @extend_schema(request=Input, responses={200: TrailOut, **errors(400, 404, 409)},
                   summary="移交群众意见至上一级人大（机关或承办单位）")  # fmt: skip
    def post(self, request, pk):
        opinion, _data = self._data(request, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        handoffs.opinion_handoff_send(
            opinion=opinion, actor=request.user, to_region=v["to_region"], to_unit_id=v["to_unit"],
            reason=v["reason"], due_date=v["due_date"],
        )  # fmt: skip
        return Response(TrailOut(self._data(request, pk)[1], context={"request": request}).data)


class OpinionDecideApi(DomainAPIView):
    perms = {"POST": "suggestion.board"}

    class Input(serializers.Serializer):
        accept = serializers.BooleanField()
        note = serializers.CharField(max_length=500, allow_blank=True, required=False, default="",
                                     error_messages={"max_length": "理由不能超过500字。"})  # fmt: skip

    @extend_schema(request=Input, responses={200: HandoffRow, **errors(400, 404, 409)},
                   summary="接收或不予接收联络站移交的群众意见")  # fmt: skip
    def post(self, request, pk):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        handoffs.opinion_handoff_decide(
            handoff_id=pk, actor=request.user, accept=v["accept"], note=v["note"]
        )
        handoff = handoffs.handoff_get(viewer=request.user, pk=pk)
        return Response(HandoffRow(handoff, context={"request": request}).data)


@page("suggestion.board")
def handoffs_page(request):
    return render_page(
        request, "suggestions/Handoffs", title=gettext_lazy("跨层级移交"),
        props={"today": str(timezone.localdate())},
    )  # fmt: skip


urlpatterns = [
    path("suggestions/handoffs/", handoffs_page, name="handoffs"),
    path("api/v1/suggestions/handoffs/", HandoffListApi.as_view(), name="api-handoffs"),
    path(
        "api/v1/suggestions/handoffs/<int:pk>/decide/",
        OpinionDecideApi.as_view(),
        name="api-handoff-decide",
    ),
    path(
        "api/v1/suggestions/<int:pk>/handoffs/",
        SuggestionHandoffsApi.as_view(),
        name="api-suggestion-handoffs",
    ),
    path(
        "api/v1/liaison/opinions/<int:pk>/handoffs/",
        OpinionHandoffsApi.as_view(),
        name="api-opinion-handoffs",
    ),
]

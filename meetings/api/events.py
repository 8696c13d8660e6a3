"""Events: the calendar (list with date range, kind, region filters), creation, detail, edit,
open sign-in, close, cancel."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.errors import invalid
from congress.models import Session
from congress.schema import errors, paginated
from congress.scope import region_filter_or_404, region_in_scope_or_404, viewer_region_code
from meetings import figures, selectors
from meetings.api.common import (
    ActionsMixin,
    AgendaItemOut,
    DocumentOut,
    EventCounts,
    InvitationOut,
    campaign_in_scope,
)
from meetings.models import Event, Invitation, Kind
from meetings.services.events import (
    event_cancel,
    event_close,
    event_create,
    event_open,
    event_update,
)


class SessionBrief(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class AttendanceFigures(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField())
    rate = serializers.FloatField(allow_null=True)


class EventOut(ActionsMixin, EventCounts):
    description = serializers.CharField()
    session = SessionBrief(allow_null=True)
    online_link = serializers.CharField()
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, allow_null=True, coerce_to_string=False
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, allow_null=True, coerce_to_string=False
    )
    sign_in_opens_at = serializers.DateTimeField(allow_null=True)
    sign_in_closes_at = serializers.DateTimeField(allow_null=True)
    window = serializers.SerializerMethodField()
    late_after_minutes = serializers.IntegerField()
    leave_needs_approval = serializers.BooleanField()
    half_days = serializers.IntegerField()
    cancel_reason = serializers.CharField()
    created_by = serializers.CharField(source="created_by.display_name", default="")
    created_at = serializers.DateTimeField()
    opened_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.ListField(child=serializers.DateTimeField()))
    def get_window(self, event):
        """The sign-in window in effect: [opens, closes]."""
        return [serializers.DateTimeField().to_representation(t) for t in event.window]


class EventDetailOut(EventOut):
    agenda = AgendaItemOut(many=True)
    documents = DocumentOut(many=True)
    attendance = AttendanceFigures()
    my_invitation = InvitationOut(allow_null=True)


class EventInput(serializers.Serializer):
    region = serializers.CharField(max_length=12, required=False, allow_blank=True,
                                   help_text="组织区划代码；默认为本人所属区划")  # fmt: skip
    kind = serializers.ChoiceField(choices=Kind.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    session = serializers.IntegerField(required=False, allow_null=True)
    campaign = serializers.IntegerField(required=False, allow_null=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    online = serializers.BooleanField(required=False, default=False)
    online_link = serializers.URLField(required=False, allow_blank=True, default="")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False,
                                        allow_null=True, min_value=-90, max_value=90)  # fmt: skip
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False,
                                         allow_null=True, min_value=-180, max_value=180)  # fmt: skip
    requires_deputies = serializers.BooleanField(required=False, default=False)
    requires_sign_out = serializers.BooleanField(required=False, default=False)
    sign_in_opens_at = serializers.DateTimeField(required=False, allow_null=True)
    sign_in_closes_at = serializers.DateTimeField(required=False, allow_null=True)
    late_after_minutes = serializers.IntegerField(
        required=False, min_value=0, max_value=240, default=15
    )

    def validate(self, data):
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            raise serializers.ValidationError({"ends_at": [_("结束时间必须晚于开始时间。")]})
        return data


def _session(pk: int | None, region_code: str) -> Session | None:
    if not pk:
        return None
    session = (
        Session.objects.select_related("term__congress")
        .filter(pk=pk, term__congress__region_id=region_code)
        .first()
    )
    if session is None:
        raise invalid("session", _("所选会次不属于组织区划的人民代表大会。"))
    return session


def _detail(event: Event, request) -> dict:
    event = (
        selectors.with_counts(Event.objects.filter(pk=event.pk))
        .select_related("region", "session__term__congress", "campaign", "created_by")
        .get()
    )
    event.agenda_rows = list(event.agenda.all())
    data = EventOut(event, context={"request": request}).data
    data["agenda"] = AgendaItemOut(event.agenda_rows, many=True).data
    data["documents"] = DocumentOut(selectors.document_list(event=event), many=True).data
    data["attendance"] = figures.event_attendance(event)
    mine = selectors.my_invitation(event=event, viewer=request.user)
    data["my_invitation"] = InvitationOut(mine).data if mine else None
    return data


class EventListApi(DomainAPIView):
    perms = {"GET": "event.view", "POST": "event.manage"}

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, description="开始日期（含），如 2026-12-01"),
            OpenApiParameter("end", str, description="结束日期（含）"),
            OpenApiParameter("kind", str, enum=Kind.values),
            OpenApiParameter("status", str, enum=Event.Status.values),
            OpenApiParameter("region", str),
            OpenApiParameter("campaign", int),
            OpenApiParameter("lacking_deputies", bool, description="只看必邀代表却未邀请代表的"),
            OpenApiParameter("q", str),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: paginated(EventCounts), **errors(400, 404)},
        summary="会议活动日历（列表）",
    )
    def get(self, request):
        start, end = params.query_date(request, "start"), params.query_date(request, "end")
        if start and end and end < start:
            raise invalid("end", _("结束日期不能早于开始日期。"))
        region = params.query_code(request, "region")
        qs = selectors.event_list(
            viewer=request.user,
            start=start,
            end=end,
            kind=params.query_choice(request, "kind", Kind.choices),
            status=params.query_choice(request, "status", Event.Status.choices),
            region=region_filter_or_404(request.user, region) if region else "",
            campaign=params.query_id(request, "campaign"),
            lacking_deputies=params.query_bool(request, "lacking_deputies", default=False),
            q=params.query_text(request, "q"),
        )
        return self.paginate(qs, EventCounts)

    @extend_schema(request=EventInput, responses={201: EventDetailOut, **errors(400, 404)},
                   summary="新建会议活动")  # fmt: skip
    def post(self, request):
        data = EventInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        user = request.user
        region = region_in_scope_or_404(user, d.pop("region", "") or viewer_region_code(user))
        d["session"] = _session(d.get("session"), region.code)
        d["campaign"] = campaign_in_scope(user, d.get("campaign"))
        event = event_create(actor=user, region=region, **d)
        return Response(_detail(event, request), status=201)


class EventDetailApi(DomainAPIView):
    perms = {"GET": "event.mine", "PATCH": "event.manage"}

    @extend_schema(
        responses={200: EventDetailOut}, summary="会议活动详情（议程、材料、出勤、本人邀请）"
    )
    def get(self, request, pk):
        return Response(_detail(selectors.event_get(viewer=request.user, pk=pk), request))

    @extend_schema(request=EventInput(partial=True), responses={200: EventDetailOut, **errors(400, 409)},
                   summary="修改会议活动（时间或地点变更会重新通知）")  # fmt: skip
    def patch(self, request, pk):
        event = selectors.event_get(viewer=request.user, pk=pk)
        data = EventInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        d.pop("region", None)  # an event stays with its organiser
        if "session" in d:
            d["session"] = _session(d["session"], event.region_id)
        if "campaign" in d:
            d["campaign"] = campaign_in_scope(request.user, d["campaign"])
        event = event_update(actor=request.user, event=event, data=d)
        return Response(_detail(event, request))


class EventOpenApi(DomainAPIView):
    perms = {"POST": "event.manage"}

    @extend_schema(request=None, responses={200: EventDetailOut, **errors(409)}, summary="开启签到")
    def post(self, request, pk):
        event = event_open(
            actor=request.user, event=selectors.event_get(viewer=request.user, pk=pk)
        )
        return Response(_detail(event, request))


class EventCloseApi(DomainAPIView):
    perms = {"POST": "event.manage"}

    @extend_schema(request=None, responses={200: EventDetailOut, **errors(409)},
                   summary="结束会议活动（未签到者记为缺席或请假，写入履职档案）")  # fmt: skip
    def post(self, request, pk):
        event = event_close(
            actor=request.user, event=selectors.event_get(viewer=request.user, pk=pk)
        )
        return Response(_detail(event, request))


class EventCancelApi(DomainAPIView):
    perms = {"POST": "event.manage"}

    class Input(serializers.Serializer):
        reason = serializers.CharField(max_length=200)

    @extend_schema(request=Input, responses={200: EventDetailOut, **errors(409)},
                   summary="取消会议活动（通知受邀人员，撤回履职档案记录）")  # fmt: skip
    def post(self, request, pk):
        event = selectors.event_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        event = event_cancel(actor=request.user, event=event, reason=data.validated_data["reason"])
        return Response(_detail(event, request))


class EventOptionsApi(DomainAPIView):
    """What a form offers: kinds, statuses, and the sessions of the viewer's congresses."""

    perms = {"GET": "event.view"}

    class Choice(serializers.Serializer):
        value = serializers.CharField()
        label = serializers.CharField()

    class Output(serializers.Serializer):
        kinds = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
        statuses = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
        invitation_roles = serializers.ListField(
            child=serializers.DictField(child=serializers.CharField())
        )
        attendance = serializers.ListField(
            child=serializers.DictField(child=serializers.CharField())
        )
        sessions = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))

    @extend_schema(responses={200: Output}, summary="会议活动表单选项（类别、状态、会次）")
    def get(self, request):
        def choices(c):
            return [{"value": v, "label": str(label)} for v, label in c]

        code = viewer_region_code(request.user)
        sessions = (
            Session.objects.filter(term__congress__region__code__startswith=code)
            .select_related("term__congress")
            .order_by("-start_date")[:50]
        )
        return Response({
            "kinds": choices(Kind.choices),
            "statuses": choices(Event.Status.choices),
            "invitation_roles": choices(Invitation.Role.choices),
            "attendance": choices(Invitation.Attendance.choices[1:]),
            "sessions": [{"value": str(s.pk), "label": str(s), "region": s.term.congress.region_id}
                         for s in sessions],
        })  # fmt: skip

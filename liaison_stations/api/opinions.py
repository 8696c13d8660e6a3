"""Citizens' opinions on the board: list, record, detail, the audited contact reveal."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import audit, params
from congress.api import DomainAPIView
from congress.errors import ApplicationError, invalid
from congress.models import AuditLog
from congress.schema import errors, paginated
from liaison_stations import public, selectors
from liaison_stations.models import Opinion
from liaison_stations.services.opinions import opinion_submit


class OpinionOut(serializers.ModelSerializer):
    """Contact details are masked here for everyone; the assigned staff member reads them
    through the contact endpoint, which is audited."""

    station_name = serializers.CharField(source="station.name")
    source_display = serializers.CharField(source="get_source_display")
    status_display = serializers.CharField(source="get_status_display")
    citizen_name = serializers.SerializerMethodField()
    citizen_phone = serializers.SerializerMethodField()
    assigned_staff_name = serializers.CharField(source="assigned_staff.display_name", default="")
    assigned_deputy_name = serializers.CharField(source="assigned_deputy.name", default="")
    handling_unit_name = serializers.CharField(source="handling_unit.name", default="")
    is_overdue = serializers.BooleanField()
    can_reveal_contact = serializers.SerializerMethodField()

    class Meta:
        model = Opinion
        fields = [
            "id",
            "tracking_code",
            "station",
            "station_name",
            "source",
            "source_display",
            "hotline_ref",
            "title",
            "content",
            "citizen_name",
            "citizen_phone",
            "status",
            "status_display",
            "received_at",
            "assigned_staff",
            "assigned_staff_name",
            "assigned_deputy",
            "assigned_deputy_name",
            "handling_unit",
            "handling_unit_name",
            "due_date",
            "suggestion_id",
            "handler_reply",
            "handler_replied_at",
            "public_answer",
            "answered_at",
            "is_overdue",
            "can_reveal_contact",
        ]

    def get_citizen_name(self, obj) -> str:
        return public.mask_name(obj.citizen_name)

    def get_citizen_phone(self, obj) -> str:
        return public.mask_phone(obj.citizen_phone)

    def get_can_reveal_contact(self, obj) -> bool:
        request = self.context.get("request")
        return bool(
            request
            and obj.assigned_staff_id == request.user.pk
            and (obj.citizen_name or obj.citizen_phone)
        )


class OpinionListApi(DomainAPIView):
    perms = {"GET": "opinion.view", "POST": "opinion.manage"}

    class Input(serializers.Serializer):
        station = serializers.IntegerField()
        source = serializers.ChoiceField(
            choices=[Opinion.Source.STATION, Opinion.Source.HOTLINE], default="station"
        )
        title = serializers.CharField(max_length=100)
        content = serializers.CharField(max_length=2000)
        citizen_name = serializers.CharField(max_length=30, required=False, allow_blank=True)
        citizen_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
        hotline_ref = serializers.CharField(max_length=40, required=False, allow_blank=True)

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=Opinion.Status.values),
            OpenApiParameter("station", int),
            OpenApiParameter("overdue", bool),
            OpenApiParameter("q", str),
        ],
        responses={200: paginated(OpinionOut), **errors(400)},
        summary="社情民意",
    )
    def get(self, request):
        qs = selectors.opinion_list(
            viewer=request.user,
            status=params.query_choice(request, "status", Opinion.Status.choices) or None,
            station_id=params.query_id(request, "station"),
            overdue=params.query_bool(request, "overdue", default=False),
            query=params.query_text(request, "q"),
        )
        return self.paginate(qs, OpinionOut)

    @extend_schema(
        request=Input,
        responses={201: OpinionOut, **errors(400)},
        summary="登记社情民意（站内或12345转来）",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        station = selectors.station_list(viewer=request.user).filter(pk=v.pop("station")).first()
        if station is None:
            raise invalid("station", _("联络站不存在，或不在您的管辖范围内。"))
        opinion = opinion_submit(station=station, actor=request.user, **v)
        return Response(OpinionOut(opinion, context={"request": request}).data, status=201)


class OpinionEventOut(serializers.Serializer):
    """One step of the opinion's progress, as the citizen reads it (plus its status)."""

    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    note = serializers.CharField(source="public_note")
    at = serializers.DateTimeField()


class OpinionDetailApi(DomainAPIView):
    perms = {"GET": "opinion.view"}

    class Output(OpinionOut):
        events = OpinionEventOut(many=True, read_only=True)

        class Meta(OpinionOut.Meta):
            fields = OpinionOut.Meta.fields + ["events", "internal_note"]

    @extend_schema(responses={200: Output}, summary="社情民意详情")
    def get(self, request, pk):
        opinion = selectors.opinion_get(viewer=request.user, pk=pk)
        return Response(self.Output(opinion, context={"request": request}).data)


class OpinionContactApi(DomainAPIView):
    perms = {"GET": "opinion.manage"}

    class Output(serializers.Serializer):
        citizen_name = serializers.CharField()
        citizen_phone = serializers.CharField()

    @extend_schema(
        responses={200: Output, **errors(409)}, summary="查看群众联系方式（仅经办人，留痕）"
    )
    def get(self, request, pk):
        opinion = selectors.opinion_get(viewer=request.user, pk=pk)
        if opinion.assigned_staff_id != request.user.pk:
            message = _("只有经办人可以查看群众的联系方式，请先认领。")
            raise ApplicationError(message, code="not_assigned", status=409)
        audit.record(
            AuditLog.Action.REVEAL,
            model="liaison_stations.Opinion",
            object_pk=opinion.pk,
            object_repr=f"{opinion.tracking_code} 联系方式",
        )
        return Response(self.Output(opinion).data)

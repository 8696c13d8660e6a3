"""专会交办 endpoints: the table of suggestions waiting for a meeting with the proposed units,
the meeting's one-step confirmation, past meetings and their 交办清单."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.errors import invalid
from congress.schema import errors, paginated
from suggestions import meetings
from suggestions.api.common import ID, Label


class ProposalOut(serializers.Serializer):
    lead = serializers.IntegerField()
    co = serializers.ListField(child=serializers.IntegerField())
    confidence = serializers.FloatField()
    basis = serializers.ChoiceField(choices=["similar", "category"])
    reason = serializers.CharField()


class PendingRow(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    category = Label(source="category.name")
    lead_deputy = serializers.CharField(source="lead_deputy.name")
    region = serializers.CharField(source="region.name")
    is_key = serializers.BooleanField()
    broad_scope = serializers.BooleanField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    assign_due = serializers.DateField(allow_null=True)
    proposal = serializers.SerializerMethodField()

    @extend_schema_field(ProposalOut(allow_null=True))
    def get_proposal(self, s) -> dict | None:
        p = self.context["proposals"].get(s.pk)
        return ProposalOut(p).data if p else None


class MeetingUnitChoice(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    region = serializers.CharField(source="region_id")


class PendingOut(serializers.Serializer):
    rows = PendingRow(many=True)
    units = MeetingUnitChoice(many=True)
    truncated = serializers.BooleanField()


PENDING_LIMIT = 1000


class PendingApi(DomainAPIView):
    """Accepted suggestions (待交办) of the viewer's scope, each with its proposed units."""

    perms = {"GET": "suggestion.board"}

    @extend_schema(
        parameters=[
            OpenApiParameter("session", int),
            OpenApiParameter("category", int),
            OpenApiParameter("key", bool),
        ],
        responses={200: PendingOut, **errors(400)},
        summary="专会交办：待交办建议及建议承办单位",
    )
    def get(self, request):
        filters = {
            "session": params.query_id(request, "session"),
            "category": params.query_id(request, "category"),
            "key": params.query_bool(request, "key"),
        }
        rows = list(meetings.pending(viewer=request.user, filters=filters)[: PENDING_LIMIT + 1])
        truncated = len(rows) > PENDING_LIMIT
        rows = rows[:PENDING_LIMIT]
        context = {"proposals": meetings.proposals(rows)}
        units = meetings.meeting_units(viewer=request.user, suggestions=rows)
        return Response(
            {
                "rows": PendingRow(rows, many=True, context=context).data,
                "units": MeetingUnitChoice(units, many=True).data,
                "truncated": truncated,
            }
        )


class RowIn(serializers.Serializer):
    suggestion = serializers.IntegerField(**ID)
    lead_unit = serializers.IntegerField(
        allow_null=True, error_messages={"invalid": "请选择主办单位。"}
    )
    co_units = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, max_length=20
    )
    broad_scope = serializers.BooleanField(required=False, default=False)


class ConfirmIn(serializers.Serializer):
    title = serializers.CharField(allow_blank=True, max_length=meetings.TITLE_MAX,
                                  error_messages={"max_length": "会议名称不能超过120字。"})  # fmt: skip
    held_on = serializers.DateField(error_messages={"invalid": "请填写有效的会议日期。",
                                                    "null": "请填写会议日期。"})  # fmt: skip
    note = serializers.CharField(allow_blank=True, required=False, default="",
                                 max_length=meetings.NOTE_MAX,
                                 error_messages={"max_length": "说明不能超过2000字。"})  # fmt: skip
    rows = RowIn(many=True, max_length=2000)


def _flat(detail) -> dict:
    """DRF's nested errors as `rows[3].lead_unit`, the names the service uses."""
    out = {}
    for key, value in detail.items():
        if key == "rows" and isinstance(value, list) and value and isinstance(value[0], dict):
            for i, row in enumerate(value):
                for field, messages in row.items():
                    out[f"rows[{i}].{field}"] = [str(m) for m in messages]
        else:
            out[key] = [str(m) for m in (value if isinstance(value, list) else [value])]
    return out


class MeetingOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    held_on = serializers.DateField()
    note = serializers.CharField()
    region = serializers.CharField(source="region_id")
    confirmed_by = serializers.CharField(source="confirmed_by.display_name", default="")
    confirmed_at = serializers.DateTimeField()
    count = serializers.IntegerField(required=False)


class ConfirmOut(MeetingOut):
    warnings = serializers.ListField(child=serializers.CharField())


class MeetingListApi(DomainAPIView):
    """GET: past meetings of the viewer's scope; POST: confirm a meeting (all rows or none)."""

    perms = {"GET": "suggestion.board", "POST": "suggestion.enter"}

    @extend_schema(responses={200: paginated(MeetingOut)}, summary="交办会列表")
    def get(self, request):
        qs = meetings.meeting_list(viewer=request.user, counted=True)
        return self.paginate(qs, MeetingOut)

    @extend_schema(request=ConfirmIn, responses={201: ConfirmOut, **errors(400, 404)},
                   summary="专会交办：确认交办（全部成功或全部不交办）")  # fmt: skip
    def post(self, request):
        data = ConfirmIn(data=request.data)
        if not data.is_valid():
            raise invalid(_flat(data.errors))
        d = data.validated_data
        meeting = meetings.meeting_confirm(
            actor=request.user, title=d["title"], held_on=d["held_on"], note=d["note"],
            rows=[dict(r) for r in d["rows"]],
        )  # fmt: skip
        meeting.count = len(d["rows"])
        return Response(ConfirmOut(meeting).data, status=201)


class MeetingRow(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    category = Label()
    lead_deputy = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    lead_unit = serializers.CharField()
    co_units = serializers.ListField(child=serializers.CharField())
    reply_due = serializers.DateField(allow_null=True)
    broad_scope = serializers.BooleanField()


class MeetingDetailOut(MeetingOut):
    rows = MeetingRow(many=True)


class MeetingDetailApi(DomainAPIView):
    perms = {"GET": "suggestion.board"}

    @extend_schema(responses={200: MeetingDetailOut, **errors(404)}, summary="交办会及其交办清单")
    def get(self, request, pk):
        meeting = meetings.meeting_get(viewer=request.user, pk=pk)
        meeting.rows = meetings.meeting_rows(meeting)
        meeting.count = len(meeting.rows)
        return Response(MeetingDetailOut(meeting).data)

"""Duty rules, the roster and swaps."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.errors import invalid
from congress.schema import errors, paginated
from congress.scope import get_visible_or_404
from liaison_stations import selectors
from liaison_stations.models import DutyRule, DutyShift
from liaison_stations.services.roster import duty_rule_create, duty_swap, roster_generate


@extend_schema_field(
    {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", "example": "09:00:00"}
)
class ClockTime(serializers.TimeField):
    """A time of day on the wall clock ("09:00:00"): documented by its pattern, since OpenAPI's
    format "time" (RFC 3339) demands an offset that a duty time never has."""


WEEKDAYS = (gettext_lazy("星期一"), gettext_lazy("星期二"), gettext_lazy("星期三"), gettext_lazy("星期四"),
            gettext_lazy("星期五"), gettext_lazy("星期六"), gettext_lazy("星期日"))  # fmt: skip


def describe_rule(rule: DutyRule) -> str:
    """The rule in the reader's language ("每月6日、16日、26日", "每周星期六")."""
    sep = _("、")
    if rule.kind == DutyRule.Kind.DAYS_OF_MONTH:
        days = sep.join(_("%(day)s日") % {"day": d} for d in rule.days)
        return _("每月%(days)s") % {"days": days}
    if rule.kind == DutyRule.Kind.WEEKDAY:
        return _("每周%(days)s") % {"days": sep.join(str(WEEKDAYS[d]) for d in rule.days)}
    return sep.join(rule.days)


class DutyRulesApi(DomainAPIView):
    perms = {"GET": "duty.view", "POST": "duty.manage"}

    class Output(serializers.ModelSerializer):
        start_time = ClockTime()
        end_time = ClockTime()
        kind_display = serializers.CharField(source="get_kind_display")
        description = serializers.SerializerMethodField()
        group_name = serializers.CharField(source="group.name", default="")

        class Meta:
            model = DutyRule
            fields = [
                "id",
                "kind",
                "kind_display",
                "days",
                "description",
                "group",
                "group_name",
                "start_time",
                "end_time",
                "per_day",
                "is_active",
            ]

        def get_description(self, rule) -> str:
            return describe_rule(rule)

    class Input(serializers.Serializer):
        kind = serializers.ChoiceField(choices=DutyRule.Kind.choices)
        days = serializers.ListField(allow_empty=False)
        group = serializers.IntegerField(required=False, allow_null=True)
        start_time = serializers.TimeField(required=False)
        end_time = serializers.TimeField(required=False)
        per_day = serializers.IntegerField(required=False, min_value=0, max_value=50)

    @extend_schema(responses={200: Output(many=True)}, summary="值班规则")
    def get(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        rules = station.duty_rules.select_related("group")
        return Response(self.Output(rules, many=True).data)

    @extend_schema(request=Input, responses={201: Output, **errors(400)}, summary="新增值班规则")
    def post(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        rule = duty_rule_create(
            station=station,
            kind=fields.pop("kind"),
            days=fields.pop("days"),
            group_id=fields.pop("group", None),
            **fields,
        )
        return Response(self.Output(rule).data, status=201)


class ShiftOut(serializers.ModelSerializer):
    start_time = ClockTime()
    end_time = ClockTime()
    deputy_name = serializers.CharField(source="deputy.name")
    swapped_from_name = serializers.CharField(source="swapped_from.name", default="")
    station_name = serializers.CharField(source="station.name")

    class Meta:
        model = DutyShift
        fields = [
            "id",
            "date",
            "start_time",
            "end_time",
            "station",
            "station_name",
            "deputy",
            "deputy_name",
            "swapped_from_name",
        ]


class RosterApi(DomainAPIView):
    perms = {"GET": "duty.view", "POST": "duty.manage"}

    class Input(serializers.Serializer):
        start = serializers.DateField(required=False)
        months = serializers.IntegerField(min_value=1, max_value=12, default=3)

    @extend_schema(
        parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
        responses={200: paginated(ShiftOut), **errors(400)},
        summary="值班表",
    )
    def get(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        start = params.query_date(request, "start", default=timezone.localdate())
        end = params.query_date(request, "end", default=start + timedelta(days=62))
        qs = selectors.roster(viewer=request.user, station=station, start=start, end=end)
        return self.paginate(qs.select_related("station"), ShiftOut)

    class Output(serializers.Serializer):
        created = serializers.IntegerField(help_text="新排的值班条数")

    @extend_schema(
        request=Input, responses={201: Output, **errors(400)}, summary="按规则生成值班表"
    )
    def post(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        created = roster_generate(
            station=station,
            start=data.validated_data.get("start") or timezone.localdate(),
            months=data.validated_data["months"],
        )
        return Response(self.Output({"created": created}).data, status=201)


class ShiftSwapApi(DomainAPIView):
    perms = {"POST": "duty.manage"}

    class Input(serializers.Serializer):
        other = serializers.IntegerField(required=False, allow_null=True)
        substitute = serializers.IntegerField(required=False, allow_null=True)

    @extend_schema(
        request=Input, responses={200: ShiftOut, **errors(400, 409)}, summary="调班（对调或替班）"
    )
    def post(self, request, pk):
        paths = {"region": "station__region__code"}
        shift = get_visible_or_404(
            DutyShift.objects.select_related("station"), request.user, paths=paths, pk=pk
        )
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        other = None
        if data.validated_data.get("other"):
            other = DutyShift.objects.filter(
                pk=data.validated_data["other"], station=shift.station
            ).first()
            if other is None:
                raise invalid("other", _("只能与本站的另一条值班安排对调。"))
        shift = duty_swap(
            shift=shift, other=other, substitute_id=data.validated_data.get("substitute")
        )
        return Response(ShiftOut(shift).data)

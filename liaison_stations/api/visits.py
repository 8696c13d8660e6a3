"""Visits 进站履职: the list, logging one (with photos), confirming deputies' own logs."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.errors import invalid
from congress.schema import errors, paginated
from liaison_stations import selectors
from liaison_stations.models import StationVisit, VisitKind
from liaison_stations.services.visits import visit_log, visits_confirm


class VisitOut(serializers.ModelSerializer):
    deputy_name = serializers.CharField(source="deputy.name")
    station_name = serializers.CharField(source="station.name")
    kind_display = serializers.CharField(source="get_kind_display")
    group_name = serializers.CharField(source="group.name", default="")
    photos = serializers.SerializerMethodField()

    class Meta:
        model = StationVisit
        fields = [
            "id",
            "deputy",
            "deputy_name",
            "station",
            "station_name",
            "date",
            "kind",
            "kind_display",
            "kind_other",
            "online",
            "people_received",
            "matters",
            "group",
            "group_name",
            "confirmed",
            "photos",
        ]

    def get_photos(self, obj) -> list[str]:
        return [f"/visits/photos/{p.pk}/" for p in obj.photos.all()]


VISIT_OUT_COLUMNS = (
    *("id", "deputy", "station", "date", "kind", "kind_other", "online", "people_received"),
    *("matters", "group", "confirmed", "deputy__name", "station__name", "group__name"),
)


class VisitListApi(DomainAPIView):
    perms = {"GET": "visit.view", "POST": "visit.create"}

    class Input(serializers.Serializer):
        station = serializers.IntegerField(error_messages={"required": _("请选择联络站。")})
        date = serializers.DateField(error_messages={"required": _("请填写日期。")})
        kind = serializers.ChoiceField(
            choices=VisitKind.choices, error_messages={"invalid_choice": _("请选择活动类型。")}
        )
        kind_other = serializers.CharField(max_length=50, required=False, allow_blank=True)
        online = serializers.BooleanField(required=False, default=False)
        people_received = serializers.IntegerField(min_value=0, max_value=10000, default=0)
        matters = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        deputy_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
        group = serializers.IntegerField(required=False, allow_null=True)

    @extend_schema(
        parameters=[
            OpenApiParameter("station", int),
            OpenApiParameter("deputy", int),
            OpenApiParameter("confirmed", bool),
            OpenApiParameter("start", str),
            OpenApiParameter("end", str),
        ],
        responses={200: paginated(VisitOut), **errors(400)},
        summary="进站履职记录",
    )
    def get(self, request):
        qs = selectors.visit_list(
            viewer=request.user,
            station_id=params.query_id(request, "station"),
            deputy_id=params.query_id(request, "deputy"),
            confirmed=params.query_bool(request, "confirmed"),
            start=params.query_date(request, "start"),
            end=params.query_date(request, "end"),
        )
        # only the columns VisitOut reads: not the deputy's ID number and phone, nor the
        # station's address and tokens, for every row of the page
        qs = qs.only(*VISIT_OUT_COLUMNS)
        return self.paginate(qs, VisitOut)

    class Upload(Input):
        photos = serializers.ListField(child=serializers.ImageField(), required=False)

    @extend_schema(
        request={"application/json": Input, "multipart/form-data": Upload},
        responses={201: VisitOut(many=True), **errors(400)},
        summary="登记进站履职（可带照片）",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        visits = visit_log(
            actor=request.user,
            station_id=v["station"],
            date=v["date"],
            kind=v["kind"],
            kind_other=v.get("kind_other", ""),
            online=v.get("online", False),
            people_received=v.get("people_received", 0),
            matters=v.get("matters", ""),
            deputy_ids=v.get("deputy_ids"),
            group_id=v.get("group"),
            photos=request.FILES.getlist("photos"),
        )
        return Response(VisitOut(visits, many=True).data, status=201)


class VisitConfirmApi(DomainAPIView):
    perms = {"POST": "visit.confirm"}

    class Input(serializers.Serializer):
        ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)

    class Output(serializers.Serializer):
        confirmed = serializers.IntegerField(help_text="本次确认的条数")

    @extend_schema(
        request=Input, responses={200: Output, **errors(400)}, summary="确认代表自行登记的履职"
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        visits = list(
            selectors.visit_list(viewer=request.user).filter(pk__in=data.validated_data["ids"])
        )
        if len(visits) != len(set(data.validated_data["ids"])):
            raise invalid("ids", _("部分记录不存在，或不在您的管辖范围内。"))
        confirmed = visits_confirm(actor=request.user, visits=visits)
        return Response(self.Output({"confirmed": confirmed}).data)

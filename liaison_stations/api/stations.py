"""Stations: list, create, detail, edit, photo, the 建管用 checklist."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.schema import errors, paginated
from congress.scope import region_in_scope_or_404
from liaison_stations import selectors
from liaison_stations.models import (
    LiaisonStation,
    Rating,
    StationKind,
)
from liaison_stations.services.stations import (
    checklist_set,
    station_create,
    station_photo_set,
    station_update,
)

# The rating filter: a rating, or "unrated" for stations not yet rated (Rating.UNRATED is "").
RATINGS = [*(r for r in Rating.values if r), "unrated"]


def region_filter(request) -> str | None:
    """The ?region= filter: a region in the viewer's scope, else 404 (never an empty list)."""
    code = params.query_code(request, "region")
    return region_in_scope_or_404(request.user, code).code if code else None


class StationOut(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display")
    rating_display = serializers.CharField(source="get_rating_display")
    region_name = serializers.CharField(source="region.name")
    member_count = serializers.IntegerField(default=None, allow_null=True, help_text="仅列表中给出")
    photo_url = serializers.SerializerMethodField()

    class Meta:
        model = LiaisonStation
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "region",
            "region_name",
            "address",
            "latitude",
            "longitude",
            "contact_name",
            "contact_phone",
            "opening_rules",
            "photo_url",
            "rating",
            "rating_display",
            "is_public",
            "is_active",
            "public_code",
            "member_count",
        ]

    def get_photo_url(self, obj) -> str:
        return f"/s/{obj.public_code}/photo/" if obj.photo and obj.is_public else ""


class StationIn(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=StationKind.choices)
    region = serializers.CharField(max_length=12, required=False)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    latitude = serializers.DecimalField(9, 6, required=False, allow_null=True)
    longitude = serializers.DecimalField(9, 6, required=False, allow_null=True)
    contact_name = serializers.CharField(max_length=30, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    opening_rules = serializers.CharField(max_length=200, required=False, allow_blank=True)
    rating = serializers.ChoiceField(choices=Rating.choices, required=False, allow_blank=True)
    is_public = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)


class StationListApi(DomainAPIView):
    perms = {"GET": "station.view", "POST": "station.manage"}

    @extend_schema(
        parameters=[
            OpenApiParameter("region", str),
            OpenApiParameter("kind", str, enum=StationKind.values),
            OpenApiParameter("rating", str, enum=RATINGS),
            OpenApiParameter("q", str),
        ],
        responses={200: paginated(StationOut), **errors(400, 404)},
        summary="联络站列表",
    )
    def get(self, request):
        qs = selectors.station_list(
            viewer=request.user,
            region_code=region_filter(request),
            kind=params.query_choice(request, "kind", StationKind.choices),
            rating=params.query_choice(request, "rating", RATINGS),
            query=params.query_text(request, "q"),
        )
        return self.paginate(qs, StationOut)

    @extend_schema(
        request=StationIn, responses={201: StationOut, **errors(400)}, summary="新建联络站"
    )
    def post(self, request):
        data = StationIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        region = fields.pop("region", None) or request.user.region_id or ""
        station = station_create(actor=request.user, region_code=region, **fields)
        return Response(StationOut(station).data, status=201)


class StationDetailApi(DomainAPIView):
    perms = {"GET": "station.view", "PATCH": "station.manage"}

    class Output(StationOut):
        public_url = serializers.SerializerMethodField()
        feed_url = serializers.SerializerMethodField()

        class Meta(StationOut.Meta):
            fields = StationOut.Meta.fields + ["public_url", "feed_url"]

        def get_public_url(self, obj) -> str:
            return self.context["request"].build_absolute_uri(f"/s/{obj.public_code}/")

        def get_feed_url(self, obj) -> str:
            return self.context["request"].build_absolute_uri(
                f"/calendar/station/{obj.feed_token}.ics"
            )

    @extend_schema(responses={200: Output}, summary="联络站详情")
    def get(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        return Response(self.Output(station, context={"request": request}).data)

    @extend_schema(request=StationIn, responses={200: Output, **errors(400)}, summary="修改联络站")
    def patch(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        data = StationIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("region", None)
        station = station_update(station=station, **fields)
        return Response(self.Output(station, context={"request": request}).data)


class StationPhotoApi(DomainAPIView):
    perms = {"POST": "station.manage"}

    class Input(serializers.Serializer):
        photo = serializers.FileField(help_text="JPEG/PNG，按内容检查后重新编码")

    @extend_schema(
        request={"multipart/form-data": Input},
        responses={200: StationOut, **errors(400)},
        summary="上传联络站照片（multipart: photo）",
    )
    def post(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        station = station_photo_set(station=station, upload=request.FILES.get("photo"))
        return Response(StationOut(station).data)


class ChecklistItemIn(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, max_value=params.ID_MAX)
    met = serializers.BooleanField()
    evidence = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ChecklistApi(DomainAPIView):
    perms = {"GET": "station.view", "PUT": "station.manage"}

    Item = ChecklistItemIn

    class Input(serializers.Serializer):
        items = ChecklistItemIn(many=True, allow_empty=False)

    class Output(serializers.Serializer):
        class Row(serializers.Serializer):
            criterion = serializers.IntegerField(source="pk")
            category = serializers.CharField()
            category_display = serializers.CharField(source="get_category_display")
            title = serializers.CharField()
            met = serializers.BooleanField()
            evidence = serializers.CharField()

        items = Row(many=True)
        met = serializers.IntegerField()
        total = serializers.IntegerField()

    @extend_schema(responses={200: Output}, summary="标准化建设核查")
    def get(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        return Response(self.Output(selectors.station_checklist(station=station)).data)

    @extend_schema(
        request=Input,
        responses={200: Output, **errors(400)},
        summary="保存标准化建设核查",
    )
    def put(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)  # an object with a list of items, or a 400
        data.is_valid(raise_exception=True)
        checklist_set(station=station, items=data.validated_data["items"])
        return self.get(request, pk)

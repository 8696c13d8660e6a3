"""Deputies grouped into a station 编组进站, leaving it, and the deputies not yet grouped."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.schema import errors, paginated
from congress.scope import get_visible_or_404
from liaison_stations import selectors
from liaison_stations.api.stations import region_filter
from liaison_stations.models import StationMembership
from liaison_stations.services.members import members_add, membership_end


class MembersApi(DomainAPIView):
    perms = {"GET": "station.view", "POST": "station.manage"}

    class Output(serializers.ModelSerializer):
        deputy_name = serializers.CharField(source="deputy.name")
        group_name = serializers.CharField(source="group.name", default="")

        class Meta:
            model = StationMembership
            fields = ["id", "deputy", "deputy_name", "group", "group_name", "start_date"]

    class Input(serializers.Serializer):
        deputy_ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
        group = serializers.IntegerField(required=False, allow_null=True)

    @extend_schema(responses={200: paginated(Output), **errors(400)}, summary="联络站编组代表")
    def get(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        return self.paginate(selectors.station_members(station=station), self.Output)

    @extend_schema(
        request=Input, responses={201: Output(many=True), **errors(400)}, summary="代表编组进站"
    )
    def post(self, request, pk):
        station = selectors.station_get(viewer=request.user, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        created = members_add(
            actor=request.user,
            station=station,
            deputy_ids=data.validated_data["deputy_ids"],
            group_id=data.validated_data.get("group"),
        )
        return Response(self.Output(created, many=True).data, status=201)


class MembershipEndApi(DomainAPIView):
    perms = {"POST": "station.manage"}

    class Output(serializers.Serializer):
        ended = serializers.BooleanField()

    @extend_schema(request=None, responses={200: Output, **errors(409)}, summary="代表离站")
    def post(self, request, pk):
        membership = get_visible_or_404(
            StationMembership.objects.select_related("station", "deputy"),
            request.user,
            paths={"region": "station__region__code"},
            pk=pk,
        )
        membership_end(membership=membership)
        return Response(self.Output({"ended": True}).data)


class GroupingGapsApi(DomainAPIView):
    perms = {"GET": "station.view"}

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        region = serializers.CharField(source="region_id")
        region_name = serializers.CharField(source="region.name")

    @extend_schema(
        parameters=[OpenApiParameter("region", str), OpenApiParameter("q", str)],
        responses={200: paginated(Output), **errors(400, 404)},
        summary="未编组进站的在任代表",
    )
    def get(self, request):
        qs = selectors.grouping_gaps(
            viewer=request.user,
            region_code=region_filter(request),
            query=params.query_text(request, "q"),
        )
        return self.paginate(qs, self.Output)

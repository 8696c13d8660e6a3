"""The deputy's own page 我的联络站: stations, duty days, calendar link, visits."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress.api import DomainAPIView
from liaison_stations import selectors
from liaison_stations.api.duty import ShiftOut
from liaison_stations.api.visits import VisitOut
from liaison_stations.models import VisitKind
from liaison_stations.services.roster import calendar_token


class MyStationApi(DomainAPIView):
    """The deputy's own: their stations, next duty days, calendar link, recent visits. A user
    with the deputy role but no deputy record gets `deputy: null` and empty lists only."""

    perms = {"GET": "my_station.view"}

    class Output(serializers.Serializer):
        class Deputy(serializers.Serializer):
            id = serializers.IntegerField()
            name = serializers.CharField()

        class Station(serializers.Serializer):
            id = serializers.IntegerField(source="station.pk")
            name = serializers.CharField(source="station.name")
            address = serializers.CharField(source="station.address")
            opening_rules = serializers.CharField(source="station.opening_rules")
            group_name = serializers.CharField(source="group.name", default="")

        class Group(serializers.Serializer):
            id = serializers.IntegerField()
            name = serializers.CharField()

        class Choice(serializers.Serializer):
            value = serializers.CharField()
            label = serializers.CharField()

        deputy = Deputy(allow_null=True)
        stations = Station(many=True)
        groups = Group(many=True, required=False)
        duties = ShiftOut(many=True)
        visits = VisitOut(many=True)
        calendar_url = serializers.URLField(required=False)
        opinions_waiting = serializers.IntegerField(required=False)
        kinds = Choice(many=True, required=False)
        today = serializers.DateField(required=False)

    @extend_schema(responses={200: Output}, summary="我的联络站")
    def get(self, request):
        deputy = getattr(request.user, "deputy", None)
        if deputy is None:
            return Response(
                self.Output({"deputy": None, "stations": [], "duties": [], "visits": []}).data
            )
        memberships = list(selectors.my_memberships(deputy=deputy))
        token = calendar_token(deputy)
        mine = {
            "deputy": deputy,
            "stations": memberships,
            "groups": selectors.my_groups(deputy=deputy, memberships=memberships),
            "duties": selectors.my_duty_days(deputy=deputy),
            "visits": selectors.visit_list(viewer=request.user)[:10],
            "calendar_url": request.build_absolute_uri(f"/calendar/deputy/{token}.ics"),
            "opinions_waiting": selectors.my_opinions_waiting(deputy=deputy),
            "kinds": [{"value": k, "label": str(label)} for k, label in VisitKind.choices],
            "today": timezone.localdate(),
        }
        return Response(self.Output(mine).data)

"""The deputy's own page 我的联络站: stations, duty days, calendar link, visits."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from congress.api import DomainAPIView
from liaison_stations import selectors
from liaison_stations.api.duty import ShiftOut
from liaison_stations.api.visits import VisitOut
from liaison_stations.models import Opinion, VisitKind
from liaison_stations.services.roster import calendar_token


class MyStationApi(DomainAPIView):
    """The deputy's own: their stations, next duty days, calendar link, recent visits."""

    perms = {"GET": "my_station.view"}

    @extend_schema(responses={200: dict}, summary="我的联络站")
    def get(self, request):
        deputy = getattr(request.user, "deputy", None)
        if deputy is None:
            return Response({"deputy": None, "stations": [], "duties": [], "visits": []})
        memberships = list(selectors.my_memberships(deputy=deputy))
        duties = selectors.my_duty_days(deputy=deputy)
        visits = selectors.visit_list(viewer=request.user)[:10]
        from representatives.models import Mandate

        groups = {
            m.group_id: m.group.name
            for m in Mandate.objects.filter(
                deputy=deputy, status=Mandate.Status.SERVING, group__isnull=False
            ).select_related("group")
        }
        groups.update({m.group_id: m.group.name for m in memberships if m.group_id})
        token = calendar_token(deputy)
        return Response(
            {
                "deputy": {"id": deputy.pk, "name": deputy.name},
                "stations": [
                    {
                        "id": m.station.pk,
                        "name": m.station.name,
                        "address": m.station.address,
                        "opening_rules": m.station.opening_rules,
                        "group_name": m.group.name if m.group_id else "",
                    }
                    for m in memberships
                ],
                "groups": [{"id": k, "name": v} for k, v in groups.items()],
                "duties": ShiftOut(duties, many=True).data,
                "visits": VisitOut(visits, many=True).data,
                "calendar_url": request.build_absolute_uri(f"/calendar/deputy/{token}.ics"),
                "opinions_waiting": Opinion.objects.filter(
                    assigned_deputy=deputy,
                    status=Opinion.Status.WITH_DEPUTY,
                    handler_replied_at__isnull=True,
                ).count(),
                "kinds": [{"value": k, "label": str(label)} for k, label in VisitKind.choices],
                "today": timezone.localdate(),
            }
        )

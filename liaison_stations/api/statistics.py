"""Statistics of the stations: visits, coverage, opinions."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from liaison_stations import selectors


class StatisticsApi(DomainAPIView):
    perms = {"GET": "station.statistics"}

    @extend_schema(
        parameters=[
            OpenApiParameter("region", str),
            OpenApiParameter("year", int),
            OpenApiParameter("quarter", int),
        ],
        responses={200: dict},
        summary="联络站统计：进站、覆盖率、社情民意",
    )
    def get(self, request):
        today = timezone.localdate()
        year = params.query_year(request, default=today.year)
        quarter = params.query_int(
            request, "quarter", min=1, max=4, default=(today.month - 1) // 3 + 1
        )
        return Response(
            selectors.station_statistics(
                viewer=request.user,
                region_code=params.query_code(request, "region") or None,
                year=year,
                quarter=quarter,
            )
        )

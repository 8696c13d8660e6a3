from django.urls import path

from liaison_stations import views
from liaison_stations.api import (
    duty,
    members,
    my_station,
    opinions,
    public,
    stations,
    statistics,
    triage,
    visits,
)

urlpatterns = [
    # Staff and deputies' pages
    path("stations/", views.stations, name="stations"),
    path("stations/<int:pk>/", views.station_detail, name="station_detail"),
    path("stations/<int:pk>/poster/", views.station_poster, name="station_poster"),
    path("stations/<int:pk>/qr.<str:fmt>", views.station_qr, name="station_qr"),
    path("opinions/", views.opinions, name="opinions"),
    path("station-statistics/", views.statistics, name="station_statistics"),
    path("my-station/", views.my_station, name="my_station"),
    path("visits/photos/<int:pk>/", views.visit_photo, name="visit_photo"),
    # Public (no login): the page a station's QR code opens, tracking, calendar feeds
    path("s/<str:code>/", views.public_station, name="public_station"),
    path("s/<str:code>/photo/", views.public_station_photo, name="public_station_photo"),
    path(
        "s/<str:code>/deputies/<int:deputy_id>/photo/",
        views.public_deputy_photo,
        name="public_deputy_photo",
    ),
    path("track/", views.public_track, name="public_track"),
    path("calendar/deputy/<str:token>.ics", views.deputy_feed, name="deputy_feed"),
    path("calendar/station/<str:token>.ics", views.station_feed, name="station_feed"),
    # API
    path("api/v1/liaison/stations/", stations.StationListApi.as_view(), name="api-stations"),
    path(
        "api/v1/liaison/stations/<int:pk>/", stations.StationDetailApi.as_view(), name="api-station"
    ),
    path(
        "api/v1/liaison/stations/<int:pk>/photo/",
        stations.StationPhotoApi.as_view(),
        name="api-station-photo",
    ),
    path(
        "api/v1/liaison/stations/<int:pk>/checklist/",
        stations.ChecklistApi.as_view(),
        name="api-station-checklist",
    ),
    path(
        "api/v1/liaison/stations/<int:pk>/members/",
        members.MembersApi.as_view(),
        name="api-station-members",
    ),
    path(
        "api/v1/liaison/memberships/<int:pk>/end/",
        members.MembershipEndApi.as_view(),
        name="api-membership-end",
    ),
    path(
        "api/v1/liaison/grouping-gaps/", members.GroupingGapsApi.as_view(), name="api-grouping-gaps"
    ),
    path(
        "api/v1/liaison/stations/<int:pk>/duty-rules/",
        duty.DutyRulesApi.as_view(),
        name="api-duty-rules",
    ),
    path("api/v1/liaison/stations/<int:pk>/roster/", duty.RosterApi.as_view(), name="api-roster"),
    path(
        "api/v1/liaison/shifts/<int:pk>/swap/", duty.ShiftSwapApi.as_view(), name="api-shift-swap"
    ),
    path("api/v1/liaison/visits/", visits.VisitListApi.as_view(), name="api-visits"),
    path(
        "api/v1/liaison/visits/confirm/",
        visits.VisitConfirmApi.as_view(),
        name="api-visits-confirm",
    ),
    path("api/v1/liaison/opinions/", opinions.OpinionListApi.as_view(), name="api-opinions"),
    path(
        "api/v1/liaison/opinions/<int:pk>/", opinions.OpinionDetailApi.as_view(), name="api-opinion"
    ),
    path(
        "api/v1/liaison/opinions/<int:pk>/contact/",
        opinions.OpinionContactApi.as_view(),
        name="api-opinion-contact",
    ),
    path(
        "api/v1/liaison/opinions/<int:pk>/triage/",
        triage.OpinionTriageApi.as_view(),
        name="api-opinion-triage",
    ),
    path(
        "api/v1/liaison/opinions/<int:pk>/reply/",
        triage.OpinionReplyApi.as_view(),
        name="api-opinion-reply",
    ),
    path(
        "api/v1/liaison/statistics/",
        statistics.StationStatisticsApi.as_view(),
        name="api-station-statistics",
    ),
    path("api/v1/liaison/my-station/", my_station.MyStationApi.as_view(), name="api-my-station"),
    path(
        "api/v1/public/stations/<str:code>/",
        public.PublicStationApi.as_view(),
        name="api-public-station",
    ),
    path(
        "api/v1/public/stations/<str:code>/opinions/",
        public.PublicOpinionApi.as_view(),
        name="api-public-opinion",
    ),
    path(
        "api/v1/public/challenge/", public.PublicChallengeApi.as_view(), name="api-public-challenge"
    ),
    path(
        "api/v1/public/opinions/<str:tracking_code>/",
        public.PublicTrackApi.as_view(),
        name="api-public-track",
    ),
]

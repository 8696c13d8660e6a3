from django.urls import path

from liaison_stations import api, views

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
    path("api/v1/liaison/stations/", api.StationListApi.as_view(), name="api-stations"),
    path("api/v1/liaison/stations/<int:pk>/", api.StationDetailApi.as_view(), name="api-station"),
    path(
        "api/v1/liaison/stations/<int:pk>/photo/",
        api.StationPhotoApi.as_view(),
        name="api-station-photo",
    ),
    path(
        "api/v1/liaison/stations/<int:pk>/checklist/",
        api.ChecklistApi.as_view(),
        name="api-station-checklist",
    ),
    path(
        "api/v1/liaison/stations/<int:pk>/members/",
        api.MembersApi.as_view(),
        name="api-station-members",
    ),
    path(
        "api/v1/liaison/memberships/<int:pk>/end/",
        api.MembershipEndApi.as_view(),
        name="api-membership-end",
    ),
    path("api/v1/liaison/grouping-gaps/", api.GroupingGapsApi.as_view(), name="api-grouping-gaps"),
    path(
        "api/v1/liaison/stations/<int:pk>/duty-rules/",
        api.DutyRulesApi.as_view(),
        name="api-duty-rules",
    ),
    path("api/v1/liaison/stations/<int:pk>/roster/", api.RosterApi.as_view(), name="api-roster"),
    path("api/v1/liaison/shifts/<int:pk>/swap/", api.ShiftSwapApi.as_view(), name="api-shift-swap"),
    path("api/v1/liaison/visits/", api.VisitListApi.as_view(), name="api-visits"),
    path(
        "api/v1/liaison/visits/confirm/", api.VisitConfirmApi.as_view(), name="api-visits-confirm"
    ),
    path("api/v1/liaison/opinions/", api.OpinionListApi.as_view(), name="api-opinions"),
    path("api/v1/liaison/opinions/<int:pk>/", api.OpinionDetailApi.as_view(), name="api-opinion"),
    path(
        "api/v1/liaison/opinions/<int:pk>/contact/",
        api.OpinionContactApi.as_view(),
        name="api-opinion-contact",
    ),
    path(
        "api/v1/liaison/opinions/<int:pk>/triage/",
        api.OpinionTriageApi.as_view(),
        name="api-opinion-triage",
    ),
    path(
        "api/v1/liaison/opinions/<int:pk>/reply/",
        api.OpinionReplyApi.as_view(),
        name="api-opinion-reply",
    ),
    path("api/v1/liaison/statistics/", api.StatisticsApi.as_view(), name="api-station-statistics"),
    path("api/v1/liaison/my-station/", api.MyStationApi.as_view(), name="api-my-station"),
    path(
        "api/v1/public/stations/<str:code>/",
        api.PublicStationApi.as_view(),
        name="api-public-station",
    ),
    path(
        "api/v1/public/stations/<str:code>/opinions/",
        api.PublicOpinionApi.as_view(),
        name="api-public-opinion",
    ),
    path("api/v1/public/challenge/", api.PublicChallengeApi.as_view(), name="api-public-challenge"),
    path(
        "api/v1/public/opinions/<str:tracking_code>/",
        api.PublicTrackApi.as_view(),
        name="api-public-track",
    ),
]

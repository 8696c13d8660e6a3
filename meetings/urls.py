from django.urls import path

from meetings import views
from meetings.api import attendance, campaigns, documents, events, invitations, me

app_name = "meetings"

api = "api/v1/meetings/"
event = f"{api}<int:pk>/"

urlpatterns = [
    # Pages (frontend/src/pages/meetings/)
    path("meetings/", views.calendar, name="calendar"),
    path("meetings/<int:pk>/", views.event_detail, name="event"),
    path("meetings/<int:pk>/projector/", views.projector, name="projector"),
    path("meetings/<int:pk>/sheet/", views.sheet_print, name="sheet"),
    path("meetings/campaigns/", views.campaigns, name="campaigns"),
    path("meetings/campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("meetings/sign-in/", views.sign_in, name="sign-in"),
    path("me/events/", views.my_events, name="my-events"),
    path("me/events/<int:pk>/", views.my_event, name="my-event"),
    path("me/attendance/", views.my_attendance, name="my-attendance"),
    # API
    path(api, events.EventListApi.as_view(), name="api-events"),
    path(f"{api}options/", events.EventOptionsApi.as_view(), name="api-options"),
    path(f"{api}sign-in/", attendance.SignInApi.as_view(), name="api-sign-in"),
    path(f"{api}sign-out/", attendance.SignOutApi.as_view(), name="api-sign-out"),
    path(event, events.EventDetailApi.as_view(), name="api-event"),
    path(f"{event}open/", events.EventOpenApi.as_view(), name="api-event-open"),
    path(f"{event}close/", events.EventCloseApi.as_view(), name="api-event-close"),
    path(f"{event}cancel/", events.EventCancelApi.as_view(), name="api-event-cancel"),
    path(f"{event}agenda/", documents.AgendaApi.as_view(), name="api-event-agenda"),
    path(f"{event}documents/", documents.DocumentListApi.as_view(), name="api-event-documents"),
    path(f"{event}invitations/", invitations.InvitationListApi.as_view(), name="api-invitations"),
    path(f"{event}invitations/<int:invitation>/", invitations.InvitationDetailApi.as_view(),
         name="api-invitation"),
    path(f"{event}invitations/<int:invitation>/leave/", invitations.LeaveDecideApi.as_view(),
         name="api-invitation-leave"),
    path(f"{event}invitations/<int:invitation>/attendance/",
         attendance.AttendanceCorrectApi.as_view(), name="api-invitation-attendance"),
    path(f"{event}sign-in-code/", attendance.SignInCodeApi.as_view(), name="api-sign-in-code"),
    path(f"{event}sign-in-code.png", attendance.SignInQrApi.as_view(), name="api-sign-in-qr"),
    path(f"{event}manual-sign-in/", attendance.ManualSignInApi.as_view(), name="api-manual-sign-in"),
    path(f"{event}sheet/", attendance.SheetApi.as_view(), name="api-sheet"),
    path(f"{event}live/", attendance.LiveAttendanceApi.as_view(), name="api-live"),
    path(f"{api}documents/<int:pk>/", documents.DocumentDetailApi.as_view(), name="api-document"),
    path(f"{api}documents/<int:pk>/file/", documents.DocumentFileApi.as_view(),
         name="api-document-file"),
    path("api/v1/campaigns/", campaigns.CampaignListApi.as_view(), name="api-campaigns"),
    path("api/v1/campaigns/<int:pk>/", campaigns.CampaignDetailApi.as_view(), name="api-campaign"),
    path("api/v1/me/events/", me.MyEventListApi.as_view(), name="api-my-events"),
    path("api/v1/me/events/<int:pk>/", me.MyEventDetailApi.as_view(), name="api-my-event"),
    path("api/v1/me/events/<int:pk>/answer/", me.MyAnswerApi.as_view(), name="api-my-answer"),
    path("api/v1/me/attendance/", me.MyAttendanceApi.as_view(), name="api-my-attendance"),
]  # fmt: skip

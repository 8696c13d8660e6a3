"""Issue 14: 专会交办, the assignment meeting: its page, its printable 交办清单 and its API."""

from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from congress.pages import page, render_page
from suggestions import meetings
from suggestions.api import meetings as api


@page("suggestion.board")
def meeting_page(request):
    can_confirm = request.user.is_admin or request.user.role == "staff"
    return render_page(
        request,
        "suggestions/AssignMeeting",
        title=_("专会交办"),
        props={"canConfirm": can_confirm},
    )


@page("suggestion.board")
def meeting_print(request, pk: int):
    meeting = meetings.meeting_get(viewer=request.user, pk=pk)
    rows = meetings.meeting_rows(meeting)
    return render(request, "suggestions/meeting_print.html", {"meeting": meeting, "rows": rows})


urlpatterns = [
    path("suggestions/meetings/", meeting_page, name="meetings"),
    path("suggestions/meetings/<int:pk>/print/", meeting_print, name="meeting-print"),
    path(
        "api/v1/suggestions/meetings/pending/",
        api.PendingApi.as_view(),
        name="api-meetings-pending",
    ),
    path("api/v1/suggestions/meetings/", api.MeetingListApi.as_view(), name="api-meetings"),
    path(
        "api/v1/suggestions/meetings/<int:pk>/",
        api.MeetingDetailApi.as_view(),
        name="api-meeting",
    ),
]

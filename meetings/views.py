"""Pages of meetings and activities: each renders the shell with its compiled page component
(frontend/src/pages/meetings/), which talks to the API. Staff plan and run events from the
calendar; invitees (deputies on a phone) answer, sign in with the code on the screen and read
their attendance. The projector's code and the printable sign-in sheet are bare pages."""

from django.shortcuts import redirect
from django.utils.translation import gettext as _

from congress.pages import page, render_page
from congress.permissions import has_perm
from meetings import selectors, workflow


def _can(user) -> dict:
    return {
        "manage": has_perm(user, "event.manage"),
        "leave": has_perm(user, "event.leave_decide"),
        "campaigns": has_perm(user, "campaign.manage"),
    }


@page("event.view")
def calendar(request):
    return render_page(
        request, "meetings/Calendar", title=_("会议活动日历"), props={"can": _can(request.user)}
    )


@page(("event.view", "event.mine"))
def event_detail(request, pk: int):
    """Staff's page of an event; an invitee without the staff view is sent to their own page
    of it (notices and links may name either address)."""
    if not has_perm(request.user, "event.view"):
        return redirect("meetings:my-event", pk=pk)
    event = selectors.event_get(viewer=request.user, pk=pk)
    can = {**_can(request.user), "organiser": workflow.is_organiser(request.user, event)}
    return render_page(
        request, "meetings/EventDetail", title=event.title, props={"pk": event.pk, "can": can}
    )


@page("event.manage")
def projector(request, pk: int):
    event = selectors.event_get(viewer=request.user, pk=pk)
    return render_page(
        request, "meetings/Projector", title=event.title, props={"pk": event.pk}, bare=True
    )


@page("event.attendance")
def sheet_print(request, pk: int):
    event = selectors.event_get(viewer=request.user, pk=pk)
    return render_page(
        request, "meetings/SheetPrint", title=event.title, props={"pk": event.pk}, bare=True
    )


@page("campaign.view")
def campaigns(request):
    return render_page(
        request, "meetings/Campaigns", title=_("主题活动"), props={"can": _can(request.user)}
    )


@page("campaign.view")
def campaign_detail(request, pk: int):
    campaign = selectors.campaign_get(viewer=request.user, pk=pk)
    return render_page(
        request,
        "meetings/CampaignDetail",
        title=campaign.theme,
        props={"pk": campaign.pk, "can": _can(request.user)},
    )


@page("event.sign_in")
def sign_in(request):
    """The page the sign-in QR code opens (?t=<token>): not logged in, the login comes first
    and returns here with the token."""
    return render_page(
        request, "meetings/SignIn", title=_("扫码签到"), props={"token": request.GET.get("t", "")}
    )


@page("event.mine")
def my_events(request):
    return render_page(request, "meetings/MyEvents", title=_("我的会议活动"))


@page("event.mine")
def my_event(request, pk: int):
    invitation = selectors.my_invitation_or_404(viewer=request.user, event_pk=pk)
    return render_page(
        request,
        "meetings/MyEvent",
        title=invitation.event.title,
        props={"pk": pk, "staff": has_perm(request.user, "event.view")},
    )


@page("event.mine")
def my_attendance(request):
    return render_page(request, "meetings/MyAttendance", title=_("我的出勤"))

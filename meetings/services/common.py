"""What every meetings service shares: the lock-and-check step and the links notices carry."""

from django.db.models import Q
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import User
from meetings import workflow
from meetings.models import Event, Invitation


def staff_link(event: Event) -> str:
    return f"/meetings/{event.pk}/"


def invitee_link(event: Event) -> str:
    return f"/me/events/{event.pk}/"


def event_locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def locked_and_checked(event: Event, action: str, actor: User | None, *, invitee=False) -> Event:
    """Lock the event row, then check the transition table (403 actor, 409 status)."""
    event = event_locked(event)
    workflow.check(event, action, workflow.roles(event, actor, invitee=invitee))
    return event


def invitation_of(event: Event, user: User) -> Invitation | None:
    """The user's own invitation to the event: as a deputy, or by account."""
    return (
        Invitation.objects.filter(event=event)
        .filter(Q(deputy__user=user) | Q(user=user))
        .select_related("deputy")
        .first()
    )


def invitations_of(event: Event, ids: list[int], field: str = "invitations") -> list[Invitation]:
    """Invitations of this event by id; any id of another event is a 400 on `field`."""
    rows = list(Invitation.objects.filter(event=event, pk__in=set(ids)).select_for_update())
    if len(rows) != len(set(ids)):
        raise invalid(field, _("所选人员不在本次会议活动的邀请名单中。"))
    return rows

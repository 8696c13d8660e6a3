"""Planning a meeting or activity: create, edit (a new notice when the time or place changes),
open sign-in, close (attendance settled, archive entries written), cancel (entries withdrawn).
Training (training/) creates the sessions of its courses with `training_event_create`."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import Region, Session, User
from congress.scope import region_in_scope
from congress.services import model_create, model_update
from meetings import archive
from meetings.models import Campaign, Event, Invitation, Kind, new_sign_in_key
from meetings.services.common import locked_and_checked
from meetings.services.notices import notify_change, notify_status

EDITABLE = [
    "kind", "title", "description", "session", "campaign", "starts_at", "ends_at", "place",
    "online", "online_link", "latitude", "longitude", "requires_deputies", "requires_sign_out",
    "sign_in_opens_at", "sign_in_closes_at", "late_after_minutes",
]  # fmt: skip
# A change of these sends every invitee a new notice (issue 12: "a change of time or place
# notifies again").
NOTIFIED = {"starts_at", "ends_at", "place", "online", "online_link"}


def _check_links(*, actor: User, region: Region, session: Session | None, campaign) -> None:
    if session is not None and not session.term.congress.region_id == region.code:
        raise invalid("session", _("会次不属于组织区划的人民代表大会。"))
    if campaign is not None and not (
        region.code.startswith(campaign.region_id) and region_in_scope(actor, campaign.region_id)
    ):
        raise invalid("campaign", _("主题活动不属于该区划。"))


@transaction.atomic
def event_create(
    *,
    actor: User,
    region: Region,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    session: Session | None = None,
    campaign: Campaign | None = None,
    **fields,
) -> Event:
    """Plan a meeting or activity in a region the actor's scope covers (checked by the caller)."""
    _check_links(actor=actor, region=region, session=session, campaign=campaign)
    event = Event(
        region=region,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        session=session,
        campaign=campaign,
        created_by=actor,
        **{name: value for name, value in fields.items() if name in EDITABLE},
    )
    return model_create(event, validate=True)


def training_event_create(
    *, actor: User, region: Region, title: str, starts_at: dt.datetime, ends_at: dt.datetime,
    **fields,
) -> Event:  # fmt: skip
    """A session of a training course: an event of kind 培训 with sign-in, like any other.
    Its attendance is read with `meetings.selectors.training_attendance`."""
    fields.pop("kind", None)
    return event_create(
        actor=actor, region=region, kind=Kind.TRAINING, title=title, starts_at=starts_at,
        ends_at=ends_at, **fields,
    )  # fmt: skip


@transaction.atomic
def event_update(*, actor: User, event: Event, data: dict) -> Event:
    """Change a planned or open event; a new time or place is a new notice to every invitee."""
    event = locked_and_checked(event, "edit", actor)
    _check_links(
        actor=actor,
        region=event.region,
        session=data.get("session", event.session),
        campaign=data.get("campaign", event.campaign),
    )
    before = {name: getattr(event, name) for name in NOTIFIED}
    event, _changed = model_update(instance=event, fields=EDITABLE, data=data)
    moved = [name for name in NOTIFIED if getattr(event, name) != before[name]]
    if moved:
        notify_change(event, moved)
    return event


@transaction.atomic
def event_open(*, actor: User, event: Event) -> Event:
    """Open sign-in: a new key, so codes printed for an earlier opening no longer work."""
    event = locked_and_checked(event, "open", actor)
    model_update(
        instance=event,
        fields=["status", "sign_in_key", "opened_at"],
        data={
            "status": Event.Status.OPEN,
            "sign_in_key": new_sign_in_key(),
            "opened_at": timezone.now(),
        },
    )
    return event


@transaction.atomic
def event_close(*, actor: User | None, event: Event) -> Event:
    """End the event: invitees who did not sign in are 缺席, or 请假 when their leave was
    approved (or needed no approval); the archive entries follow in this transaction."""
    event = locked_and_checked(event, "close", actor)
    model_update(
        instance=event,
        fields=["status", "closed_at"],
        data={"status": Event.Status.CLOSED, "closed_at": timezone.now()},
    )
    pending = list(event.invitations.filter(attendance=""))
    A = Invitation.Attendance
    for invitation in pending:
        on_leave = invitation.leave == Invitation.Leave.APPROVED
        model_update(
            instance=invitation,
            fields=["attendance"],
            data={"attendance": A.LEAVE if on_leave else A.ABSENT},
        )
    archive.entries_sync(event, pending)
    return event


@transaction.atomic
def event_cancel(*, actor: User, event: Event, reason: str) -> Event:
    """Cancel: every invitee is told, and any archive entry of the event is withdrawn."""
    if not (reason or "").strip():
        raise invalid("reason", _("请填写取消原因。"))
    event = locked_and_checked(event, "cancel", actor)
    model_update(
        instance=event,
        fields=["status", "cancel_reason"],
        data={"status": Event.Status.CANCELLED, "cancel_reason": reason.strip()[:200]},
    )
    archive.entries_sync(event, list(event.invitations.exclude(attendance="")))
    notify_status(event, _("已取消"), reason.strip())
    return event

"""What invitees are told: the invitation, a change of time or place, a cancellation, a leave
decision, and the reminder before the start (once per start time, through the ledger). In-app
through congress notifications, e-mail and SMS through the outbox; a deputy without an account
gets the text at the phone number of the register."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import outbox
from congress.notifications import Once, notify, notify_once_many
from meetings.models import Event, Invitation
from meetings.services.common import invitee_link

KIND_INVITED = "meeting_invited"
KIND_CHANGED = "meeting_changed"
KIND_REMINDER = "meeting_reminder"
KIND_LEAVE = "meeting_leave"
REMIND_BEFORE = dt.timedelta(hours=24)


def _when(event: Event) -> str:
    start = timezone.localtime(event.starts_at)
    place = _("线上") if event.online else event.place
    return f"{start:%Y-%m-%d %H:%M}，{place}"


def _send(event: Event, invitations: Iterable[Invitation], *, title: str, body: str, kind: str):
    users, phones = [], []
    for invitation in invitations:
        user = invitation.user or (invitation.deputy.user if invitation.deputy_id else None)
        if user is not None:
            users.append(user)
        elif invitation.deputy_id and invitation.deputy.phone:
            phones.append(invitation.deputy.phone)
    notify(recipients=users, title=title, body=body, link=invitee_link(event), kind=kind, sms=True)
    for phone in dict.fromkeys(phones):
        outbox.queue_sms(phone=phone, text=f"{title} {body}"[:300], kind=kind,
                         region_id=event.region_id)  # fmt: skip


def _with_people(qs):
    return qs.select_related("user", "deputy", "deputy__user")


def notify_invited(event: Event, invitations: list[Invitation]) -> None:
    title = _("会议活动通知：%(title)s") % {"title": event.title}
    body = _("%(when)s。请及时答复参加或请假。") % {"when": _when(event)}
    rows = _with_people(Invitation.objects.filter(pk__in=[i.pk for i in invitations]))
    _send(event, rows, title=title, body=body, kind=KIND_INVITED)


def notify_change(event: Event, fields: list[str]) -> None:
    title = _("会议活动时间或地点变更：%(title)s") % {"title": event.title}
    body = _("变更后：%(when)s。") % {"when": _when(event)}
    _send(event, _with_people(event.invitations.all()), title=title, body=body, kind=KIND_CHANGED)


def notify_status(event: Event, status_label: str, reason: str = "") -> None:
    title = _("会议活动%(status)s：%(title)s") % {"status": status_label, "title": event.title}
    _send(event, _with_people(event.invitations.all()), title=title, body=reason,
          kind=KIND_CHANGED)  # fmt: skip


def notify_leave_decision(event: Event, invitation: Invitation) -> None:
    approved = invitation.leave == Invitation.Leave.APPROVED
    title = (_("请假已批准：%(title)s") if approved else _("请假未批准，请按时参加：%(title)s")) % {
        "title": event.title
    }
    _send(event, _with_people(Invitation.objects.filter(pk=invitation.pk)), title=title,
          body=invitation.leave_note, kind=KIND_LEAVE)  # fmt: skip


def reminders_sweep(*, now: dt.datetime | None = None) -> int:
    """Remind every invitee who has not asked for leave, once per event and start time, when
    the start is less than REMIND_BEFORE away. Safe to run twice or in two workers at once:
    the ledger claims (event, start) before anything is sent. Returns reminders claimed."""
    now = now or timezone.now()
    events = Event.objects.filter(
        status__in=[Event.Status.PLANNED, Event.Status.OPEN],
        starts_at__gt=now,
        starts_at__lte=now + REMIND_BEFORE,
    )
    items = []
    for event in events:
        recipients = (
            event.invitations.exclude(answer=Invitation.Answer.LEAVE)
            .filter(Q(user__isnull=False) | Q(deputy__user__isnull=False))
            .values_list("user_id", "deputy__user_id")
        )
        users = [user or deputy_user for user, deputy_user in recipients]
        if not users:
            continue
        items.append(
            Once(
                key=f"meetings.event:{event.pk}",
                threshold=f"24h:{event.starts_at.isoformat()}",
                recipients=users,
                title=str(_("会前提醒：%(title)s") % {"title": event.title}),
                body=str(_("%(when)s。") % {"when": _when(event)}),
                link=invitee_link(event),
            )
        )
    return notify_once_many(items, kind=KIND_REMINDER, sms=True) if items else 0

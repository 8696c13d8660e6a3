"""Attendance into the deputy's performance archive, in the transaction that records it.

One entry per invitation of a deputy (source_key "meetings.invitation:<pk>"), whose kind follows
the attendance: present or late earns the event kind's entry, leave and absence from a meeting
are counted in half days (常德/江北 style rules). Correcting the attendance corrects the entry;
cancelling the event or removing the invitation withdraws it. Points follow at once through
evaluation's rules. `gathered_activities` tells the nightly gather the same entries, so it
neither removes nor duplicates them."""

import datetime as dt

from django.utils import timezone

from congress.services import model_create, model_delete, model_update
from evaluation.models import ActivityKind, ArchiveEntry
from evaluation.performance.points import points_refresh_deputies
from meetings.models import MEETING_KINDS, Event, Invitation, Kind

A = Invitation.Attendance
# What taking part in each kind of activity is in the archive (evaluation.models.ActivityKind).
PARTICIPATION = {
    **{kind: ActivityKind.MEETING_ATTENDED for kind in MEETING_KINDS},
    Kind.INSPECTION: ActivityKind.INSPECTION,
    Kind.RESEARCH: ActivityKind.RESEARCH,
    Kind.LAW_CHECK: ActivityKind.LAW_ENFORCEMENT_CHECK,
    Kind.TRAINING: ActivityKind.TRAINING,
    Kind.INQUIRY: ActivityKind.OTHER,
    Kind.LEGAL_PUBLICITY: ActivityKind.OTHER,
    Kind.RECEPTION: ActivityKind.OTHER,
    Kind.GROUP_ACTIVITY: ActivityKind.OTHER,
}
ATTENDANCE_LABEL = {A.PRESENT: "出席", A.LATE: "迟到", A.LEAVE: "请假", A.ABSENT: "缺席"}


def source_key(invitation_id: int) -> str:
    return f"meetings.invitation:{invitation_id}"


def entry_fields(event: Event, invitation: Invitation) -> dict | None:
    """The archive entry an invitation makes (without deputy and source_key), or None."""
    attendance = invitation.attendance
    if not invitation.deputy_id or event.status == Event.Status.CANCELLED or not attendance:
        return None
    quantity = 1
    if attendance in (A.PRESENT, A.LATE):
        kind = PARTICIPATION[event.kind]
    elif event.kind in MEETING_KINDS and attendance == A.LEAVE:
        kind, quantity = ActivityKind.MEETING_LEAVE, event.half_days
    elif event.kind in MEETING_KINDS and attendance == A.ABSENT:
        kind, quantity = ActivityKind.MEETING_ABSENT, event.half_days
    else:
        return None  # leave from or absence at an activity is not an archive entry
    label = Kind(event.kind).label
    detail = ATTENDANCE_LABEL[attendance]
    if quantity > 1:
        detail = f"{detail}（{quantity}个半天）"
    return {
        "kind": kind,
        "occurred_on": timezone.localdate(event.starts_at),
        "title": f"{label}：{event.title}"[:200],
        "detail": detail,
        "quantity": quantity,
        "evidence": f"会议活动 #{event.pk}",
    }


def entries_sync(event: Event, invitations: list[Invitation], *, refresh: bool = True) -> None:
    """Bring the archive entries of these invitations in line with their attendance, then
    recompute the deputies' points (call inside the transaction that changed them)."""
    keyed = {source_key(i.pk): i for i in invitations if i.deputy_id}
    if not keyed:
        return
    have = {e.source_key: e for e in ArchiveEntry.objects.filter(source_key__in=list(keyed))}
    years, deputies = set(), set()
    for key, invitation in keyed.items():
        fields = entry_fields(event, invitation)
        entry = have.get(key)
        if entry is not None:
            years.add(entry.occurred_on.year)
        if fields is None and entry is None:
            continue
        deputies.add(invitation.deputy_id)
        if fields is None:
            model_delete(entry)
            continue
        years.add(fields["occurred_on"].year)
        if entry is None:
            model_create(
                ArchiveEntry(
                    deputy_id=invitation.deputy_id,
                    source=ArchiveEntry.Source.PORTAL,
                    source_key=key,
                    **fields,
                )
            )
        else:
            model_update(instance=entry, fields=list(fields), data=fields)
    if refresh and deputies:
        points_refresh_deputies(deputy_ids=deputies, years=years)


def gathered_activities(*, deputy_ids: list[int], start: dt.date, end: dt.date) -> list[dict]:
    """The nightly gather's view of the same entries (evaluation.performance.gathering)."""
    if not deputy_ids:
        return []
    tz = timezone.get_current_timezone()
    a = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    b = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    out = []
    for i in range(0, len(deputy_ids), 900):
        rows = (
            Invitation.objects.filter(
                deputy_id__in=deputy_ids[i : i + 900],
                event__starts_at__gte=a,
                event__starts_at__lt=b,
            )
            .exclude(attendance="")
            .exclude(event__status=Event.Status.CANCELLED)
            .select_related("event")
        )
        for invitation in rows.iterator(chunk_size=2000):
            fields = entry_fields(invitation.event, invitation)
            if fields is not None:
                out.append(
                    {"deputy_id": invitation.deputy_id, "source_key": source_key(invitation.pk),
                     **fields}
                )  # fmt: skip
    return out

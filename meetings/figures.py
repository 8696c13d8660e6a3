"""The meetings figures, each defined once. Attendance rate: of the invitees whose attendance
is settled (出席, 迟到, 请假, 缺席), the share who came (出席 or 迟到); leave counts against the
rate, as 常德's points rules count it. Campaign progress: events held and people who took part
against the campaign's targets. The dashboard reads the same definition from its aggregate
rows (meetings/dashboard.py)."""

from django.db.models import Count, Q, QuerySet

from meetings.models import Campaign, Event, Invitation

A = Invitation.Attendance
CAME = (A.PRESENT, A.LATE)
SETTLED = (A.PRESENT, A.LATE, A.LEAVE, A.ABSENT)


def rate(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


def attendance_rate(counts: dict[str, int]) -> float | None:
    """The one definition, over counts by attendance value."""
    came = sum(counts.get(a, 0) for a in CAME)
    return rate(came, sum(counts.get(a, 0) for a in SETTLED))


def counted(invitations: QuerySet) -> QuerySet:
    """The invitations a rate is taken of: of events that were held (not cancelled)."""
    return invitations.exclude(event__status=Event.Status.CANCELLED)


def attendance_counts(invitations: QuerySet) -> dict[str, int]:
    """Counts by attendance value ('' for not yet settled), in one query."""
    return dict(
        invitations.order_by()
        .values_list("attendance")
        .annotate(n=Count("pk"))
        .values_list("attendance", "n")
    )


def event_attendance(event: Event) -> dict:
    counts = attendance_counts(event.invitations.all())
    return {"counts": counts, "rate": attendance_rate(counts)}


def deputy_attendance(*, deputy_ids: list[int], year: int) -> dict[int, dict]:
    """Per deputy: counts and rate over the year's held events, in one query."""
    rows = (
        counted(Invitation.objects.filter(deputy_id__in=deputy_ids, event__starts_at__year=year))
        .order_by()
        .values_list("deputy_id", "attendance")
        .annotate(n=Count("pk"))
    )
    out: dict[int, dict] = {pk: {} for pk in deputy_ids}
    for deputy_id, attendance, n in rows:
        out[deputy_id][attendance] = n
    return {pk: {"counts": c, "rate": attendance_rate(c)} for pk, c in out.items()}


def region_attendance(*, prefix: str, year: int) -> dict:
    """Deputies' attendance at the held events organised in a region's subtree in a year."""
    qs = counted(
        Invitation.objects.filter(
            deputy__isnull=False,
            event__region__code__startswith=prefix,
            event__starts_at__year=year,
        )
    )
    counts = attendance_counts(qs)
    return {"counts": counts, "rate": attendance_rate(counts)}


def campaign_progress(campaign: Campaign) -> dict:
    """Events held and people who took part, against the targets (two queries)."""
    events = campaign.events.exclude(status=Event.Status.CANCELLED).aggregate(
        planned=Count("pk"), held=Count("pk", filter=Q(status=Event.Status.CLOSED))
    )
    people = (
        Invitation.objects.filter(event__campaign=campaign, attendance__in=CAME)
        .exclude(event__status=Event.Status.CANCELLED)
        .aggregate(participants=Count("pk"), deputies=Count("deputy", distinct=True))
    )
    return {
        "events_planned": events["planned"],
        "events_held": events["held"],
        "participants": people["participants"],
        "deputies": people["deputies"],
        "target_events": campaign.target_events,
        "target_participants": campaign.target_participants,
        "events_rate": rate(events["held"], campaign.target_events),
        "participants_rate": rate(people["participants"], campaign.target_participants),
    }

"""Dashboard figures of meetings and activities (owned by the dashboards app): deputies'
attendance rate (meetings/figures.py's definition, read from the aggregate rows so a province
is a few hundred rows, never the attendance table), absences without leave, events held."""

from django.utils.translation import gettext_lazy as _

from congress.dashboards.context import Figure
from congress.dashboards.facts import FactSource, grouped, month
from congress.params import query_choice
from meetings import figures as defined
from meetings.models import Event, Invitation, Kind

A = Invitation.Attendance
ATTENDANCE_CHOICES = [*A.values[1:], "came"]


def _attendance():
    return grouped(
        Invitation.objects.filter(deputy__isnull=False, attendance__in=defined.SETTLED).exclude(
            event__status=Event.Status.CANCELLED
        ),
        region="event__region_id",
        month=month("event__starts_at"),
        key="attendance",
    )


def _events():
    return grouped(
        Event.objects.filter(status=Event.Status.CLOSED),
        region="region_id",
        month=month("starts_at"),
        key="kind",
    )


SOURCES = [
    FactSource("meeting_attendance", _attendance),
    FactSource("meeting_events", _events, trend=True),
]


def attendance_from_facts(ctx, which: str = "cur") -> tuple[float | None, dict]:
    """The attendance rate of the context's region and of each region below, from facts."""
    counts, by_sub = {}, {}
    for key in defined.SETTLED:
        for sub, value in ctx.by_region("meeting_attendance", key, which).items():
            by_sub.setdefault(sub, {})[key] = value
            counts[key] = counts.get(key, 0) + value
    return defined.attendance_rate(counts), {
        sub: defined.attendance_rate(c) for sub, c in by_sub.items()
    }


def figures(ctx) -> list[Figure]:
    rate, by_region = attendance_from_facts(ctx)
    last, _last_by = attendance_from_facts(ctx, "prev")
    absent = ctx.by_region("meeting_attendance", A.ABSENT)
    events = ctx.by_region("meeting_events")
    return [
        Figure("meeting_attendance_rate", _("代表出席率"), "meetings", rate, last, by_region, unit="%",
               note=_("本期结束的会议活动中，受邀代表出席（含迟到）的占比；请假计入未出席"),
               link=ctx.query(list="meeting_attendance", attendance="came"),
               drill="part", whole=ctx.query(list="meeting_attendance")),
        Figure("meeting_absent", _("无故缺席（人次）"), "meetings", sum(absent.values()),
               ctx.total("meeting_attendance", A.ABSENT, "prev"), absent,
               link=ctx.query(list="meeting_attendance", attendance=A.ABSENT)),
        Figure("meeting_events", _("召开会议、开展活动（场次）"), "meetings", sum(events.values()),
               ctx.total("meeting_events", which="prev"), events, link=ctx.query(list="meeting_events")),
    ]  # fmt: skip


def panels(ctx) -> dict:
    kinds = ctx.by_key("meeting_events")
    return {
        "meeting_kinds": [
            {"key": k, "label": str(label), "value": kinds.get(k, 0),
             "link": ctx.query(list="meeting_events", kind=k)}
            for k, label in Kind.choices if kinds.get(k)
        ],
    }  # fmt: skip


def attendance_records(*, qs_scope, period, params):
    start, end = period.aware_bounds()
    qs = Invitation.objects.filter(
        deputy__isnull=False,
        attendance__in=defined.SETTLED,
        event__starts_at__gte=start,
        event__starts_at__lt=end,
        **qs_scope("event__region__code"),
    ).exclude(event__status=Event.Status.CANCELLED)
    filters = []
    attendance = query_choice(params, "attendance", ATTENDANCE_CHOICES)
    if attendance == "came":
        qs = qs.filter(attendance__in=defined.CAME)
        filters.append({"label": _("出勤"), "value": _("出席（含迟到）")})
    elif attendance:
        qs = qs.filter(attendance=attendance)
        filters.append({"label": _("出勤"), "value": A(attendance).label})
    qs = qs.select_related("event", "event__region").order_by("-event__starts_at", "event_id", "id")

    def row(i):
        return {
            "title": f"{i.name} · {i.event.title}",
            "region": i.event.region.name,
            "detail": i.event.get_kind_display(),
            "date": i.event.starts_at,
            "status": i.get_attendance_display(),
            "url": f"/meetings/{i.event_id}/",
            "perm": "event.view",
        }

    return qs, row, filters


def event_records(*, qs_scope, period, params):
    start, end = period.aware_bounds()
    qs = Event.objects.filter(
        status=Event.Status.CLOSED, starts_at__gte=start, starts_at__lt=end,
        **qs_scope("region__code"),
    )  # fmt: skip
    filters = []
    if kind := query_choice(params, "kind", Kind.choices):
        qs = qs.filter(kind=kind)
        filters.append({"label": _("类别"), "value": Kind(kind).label})
    qs = qs.select_related("region").order_by("-starts_at", "-id")

    def row(e):
        return {
            "title": e.title,
            "region": e.region.name,
            "detail": e.get_kind_display(),
            "date": e.starts_at,
            "status": e.get_status_display(),
            "url": f"/meetings/{e.pk}/",
            "perm": "event.view",
        }

    return qs, row, filters


RECORDS = {
    "meeting_attendance": (_("会议活动出勤"), attendance_records),
    "meeting_events": (_("会议活动"), event_records),
}

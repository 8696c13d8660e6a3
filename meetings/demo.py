"""Demo meetings and activities: every demo county gets a year of them (a session of its
congress, standing-committee, chairpersons' and joint meetings, inspections, research, law
checks, 专题询问, 普法宣传, 流动接待选民, group activities and training), with invitations,
answers, approved leave, attendance (some late, some absent), one campaign, and the archive
entries that follow. Written in bulk, so `make demo` stays fast."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from congress import audit
from congress.demo import DEMO_COUNTIES
from congress.models import AuditLog, Region, Session, User
from evaluation.models import ArchiveEntry
from evaluation.performance.points import points_refresh_deputies
from meetings import archive
from meetings.models import MEETING_KINDS, Campaign, Event, Invitation, Kind, SignIn
from representatives.models import Deputy, Mandate

A = Invitation.Attendance
# (kind, title, how many in the year, deputies invited (None: the whole congress), hours)
PLAN = [
    (Kind.STANDING_COMMITTEE, "常委会第{n}次会议", 6, 30, 4),
    (Kind.CHAIRPERSONS, "主任会议（第{n}次）", 4, 8, 2),
    (Kind.JOINT, "“一府两院”联席会议", 1, 20, 3),
    (Kind.GROUP_MEETING, "代表小组季度例会（第{n}季度）", 3, 15, 2),
    (Kind.INSPECTION, "视察农村饮水安全工程（第{n}组）", 2, 25, 4),
    (Kind.RESEARCH, "优化营商环境专题调研", 2, 20, 4),
    (Kind.LAW_CHECK, "《食品安全法》执法检查", 1, 20, 6),
    (Kind.INQUIRY, "义务教育均衡发展专题询问", 1, 30, 3),
    (Kind.LEGAL_PUBLICITY, "宪法宣传周普法进社区", 1, 15, 3),
    (Kind.RECEPTION, "代表流动接待选民（第{n}场）", 3, 6, 3),
    (Kind.GROUP_ACTIVITY, "代表小组“亮身份、连民心”活动", 2, 12, 3),
    (Kind.TRAINING, "人大代表履职能力培训班（第{n}期）", 2, 40, 6),
]
DEMO_DEPUTY = "deputy_demo"  # representatives/demo.py links her to a 洞口县 deputy
CAMPAIGN_KINDS = {Kind.INSPECTION, Kind.RESEARCH, Kind.RECEPTION, Kind.GROUP_ACTIVITY}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=timezone.get_current_timezone())


def _staff(code: str) -> User | None:
    return User.objects.filter(region_id=code, role="staff").order_by("pk").first()


def _deputies(code: str) -> list[int]:
    return list(
        Mandate.objects.filter(congress__region_id=code, status="serving")
        .order_by("deputy_id")
        .values_list("deputy_id", flat=True)
    )


def _attendance(rng: random.Random, *, meeting: bool) -> tuple[str, str]:
    """(answer, attendance) with a realistic spread: most come, a few late, leave or absent."""
    roll = rng.random()
    if roll < 0.06:
        return Invitation.Answer.LEAVE, A.LEAVE
    if roll < 0.10 and meeting:
        return Invitation.Answer.PENDING, A.ABSENT
    if roll < 0.15:
        return Invitation.Answer.ATTEND, A.LATE
    return Invitation.Answer.ATTEND, A.PRESENT


def _events(code, region, staff, rng, today, campaign) -> list[tuple[Event, list[int] | None, int]]:
    year = today.year
    planned = []
    session = (
        Session.objects.filter(term__congress__region_id=code, start_date__year=year)
        .order_by("start_date")
        .first()
    )
    if session is not None:
        planned.append((Event(kind=Kind.SESSION, session=session, title=str(session), region=region,
                              starts_at=_at(session.start_date, 9), ends_at=_at(session.end_date, 17),
                              place="县人民会堂", requires_deputies=True, created_by=staff), None))  # fmt: skip
    for kind, title, count, invited, hours in PLAN:
        for n in range(1, count + 1):
            day = dt.date(year, 1, 1) + dt.timedelta(
                days=rng.randrange(max(1, (today - dt.date(year, 1, 1)).days + 20))
            )
            start = _at(day, 9 if kind != Kind.RECEPTION else 14)
            event = Event(kind=kind, title=title.format(n=n), region=region, starts_at=start,
                          ends_at=start + dt.timedelta(hours=hours), created_by=staff,
                          place="县人大常委会会议室" if kind in MEETING_KINDS else f"{region.name}各乡镇",
                          requires_deputies=kind in (Kind.INSPECTION, Kind.RESEARCH, Kind.LAW_CHECK),
                          requires_sign_out=kind == Kind.TRAINING,
                          campaign=campaign if kind in CAMPAIGN_KINDS else None)  # fmt: skip
            if kind == Kind.RECEPTION:
                event.latitude = Decimal("27.06") + Decimal(rng.randrange(1000)) / 10000
                event.longitude = Decimal("110.58") + Decimal(rng.randrange(1000)) / 10000
            planned.append((event, invited))
    # One activity that must invite deputies and has none yet: the list flags it.
    soon = _at(today + dt.timedelta(days=5), 9)
    planned.append((Event(kind=Kind.INSPECTION, title="视察乡村振兴项目（待邀请代表）", region=region,
                          starts_at=soon, ends_at=soon + dt.timedelta(hours=3), place="各乡镇",
                          requires_deputies=True, created_by=staff), 0))  # fmt: skip
    return planned


def _chosen(rng, deputies: list[int], count: int | None, demo_id: int | None) -> list[int]:
    """Who is invited; the demo deputy's phone has something to answer: every coming event of
    her county invites her."""
    chosen = deputies if count is None else rng.sample(deputies, min(count, len(deputies)))
    if count == 0 or demo_id is None or demo_id in chosen:
        return chosen  # the activity that invited nobody yet stays flagged
    return [*chosen, demo_id]


def _answer(rng, event: Event, deputy_id: int, demo_id: int | None) -> tuple[str, str]:
    if deputy_id == demo_id:
        return Invitation.Answer.PENDING, ""  # she answers on the phone
    return _attendance(rng, meeting=event.is_meeting)


def seed_county(code: str, name: str, stdout=None) -> int:
    region = Region.objects.get(code=code)
    if Event.objects.filter(region=region).exists():
        return 0
    staff, deputies = _staff(code), _deputies(code)
    if staff is None or not deputies:
        return 0
    rng, today, now = random.Random(int(code)), timezone.localdate(), timezone.now()
    campaign = Campaign.objects.create(
        theme="代表在行动·千名代表访万人", region=region, starts_on=dt.date(today.year, 3, 1),
        ends_on=dt.date(today.year, 11, 30), target_events=10, target_participants=150,
        description="组织代表进站、视察、调研、流动接待选民。", created_by=staff,
    )  # fmt: skip
    planned = _events(code, region, staff, rng, today, campaign)
    for event, _n in planned:
        event.status = Event.Status.CLOSED if event.ends_at < now else Event.Status.PLANNED
        event.closed_at = event.ends_at if event.status == Event.Status.CLOSED else None
    Event.objects.bulk_create([e for e, _n in planned])
    names = dict(
        Mandate.objects.filter(deputy_id__in=deputies).values_list("deputy_id", "deputy__name")
    )
    demo_id = (
        Deputy.objects.filter(user__username=DEMO_DEPUTY, pk__in=deputies)
        .values_list("pk", flat=True)
        .first()
    )
    invitations, sign_ins = [], []
    for event, count in planned:
        closed = event.status == Event.Status.CLOSED
        chosen = _chosen(rng, deputies, count, None if closed else demo_id)
        for deputy_id in chosen:
            answer, attendance = _answer(rng, event, deputy_id, None if closed else demo_id)
            leave = ""
            if answer == Invitation.Answer.LEAVE:
                leave = Invitation.Leave.APPROVED
            invitation = Invitation(
                event=event, deputy_id=deputy_id, name=names.get(deputy_id, "代表"), answer=answer,
                answer_reason="外出学习" if leave else "", leave=leave, invited_by=staff,
                leave_decided_by=staff if leave and event.leave_needs_approval else None,
                leave_decided_at=event.starts_at - dt.timedelta(days=1) if leave else None,
                attendance=attendance if closed else "", notified_at=event.starts_at - dt.timedelta(days=3),
                answered_at=event.starts_at - dt.timedelta(days=2) if answer != "pending" else None,
            )  # fmt: skip
            invitations.append(invitation)
    if any(e.kind == Kind.JOINT for e, _n in planned):
        joint = next(e for e, _n in planned if e.kind == Kind.JOINT)
        for person, unit in (("县人民政府副县长", "县人民政府"), ("县人民法院院长", "县人民法院"),
                             ("县人民检察院检察长", "县人民检察院")):  # fmt: skip
            invitations.append(Invitation(event=joint, role=Invitation.Role.OFFICIAL, name=person,
                                          organisation=f"{name}{unit}", invited_by=staff,
                                          attendance=A.PRESENT if joint.status == "closed" else ""))  # fmt: skip
    Invitation.objects.bulk_create(invitations, batch_size=2000)
    for invitation in invitations:
        event = invitation.event
        if invitation.attendance in (A.PRESENT, A.LATE):
            late = invitation.attendance == A.LATE
            at = event.starts_at + dt.timedelta(
                minutes=rng.randrange(20, 50) if late else -rng.randrange(1, 25)
            )
            sign_ins.append(SignIn(invitation=invitation, event=event, signed_in_at=at, late=late,
                                   method=SignIn.Method.QR if rng.random() < 0.9 else SignIn.Method.MANUAL,
                                   recorded_by=None, signed_out_at=event.ends_at if event.requires_sign_out else None))  # fmt: skip
    SignIn.objects.bulk_create(sign_ins, batch_size=2000)
    entries = []
    for invitation in invitations:
        fields = archive.entry_fields(invitation.event, invitation)
        if fields is not None:
            entries.append(ArchiveEntry(deputy_id=invitation.deputy_id, source=ArchiveEntry.Source.PORTAL,
                                        source_key=archive.source_key(invitation.pk), **fields))  # fmt: skip
    ArchiveEntry.objects.bulk_create(entries, batch_size=2000, ignore_conflicts=True)
    audit.record(AuditLog.Action.IMPORT, model="meetings.Event",
                 object_repr=f"demo {name}: {len(planned)} events, {len(invitations)} invitations")  # fmt: skip
    points_refresh_deputies(deputy_ids={e.deputy_id for e in entries}, years={today.year})
    if stdout:
        stdout.write(
            f"  {name}: {len(planned)} 场会议活动，{len(invitations)} 人次邀请，{len(entries)} 条档案"
        )
    return len(planned)


def seed(stdout=None) -> list:
    for code, name in DEMO_COUNTIES.items():
        seed_county(code, name, stdout)
    return []

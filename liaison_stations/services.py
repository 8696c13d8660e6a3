"""Writes of the liaison stations: keyword-only, atomic, validated before anything is stored."""

import logging
import uuid
from datetime import date, datetime, timedelta
from itertools import groupby

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit, outbox
from congress.errors import ApplicationError, TransitionError
from congress.models import AuditLog, HandlingUnit, SentReminder, User
from congress.notifications import notify, notify_once
from congress.scope import region_prefix
from liaison_stations.duty import add_months, rule_dates
from liaison_stations.models import (
    CriterionCheck,
    DeputyCalendar,
    DutyRule,
    DutyShift,
    LiaisonStation,
    Opinion,
    OpinionEvent,
    StandardCriterion,
    StationMembership,
    StationVisit,
    VisitKind,
    VisitPhoto,
    random_code,
)
from liaison_stations.photos import photo_prepare, photos_prepare
from representatives.models import Deputy, DeputyGroup, Mandate

log = logging.getLogger(__name__)


def _invalid(field: str, message: str):
    raise ApplicationError(message, fields={field: [message]})


def _in_scope(viewer: User, region_code: str) -> bool:
    prefix = region_prefix(viewer)
    return prefix is not None and region_code.startswith(prefix)


# --- Stations -------------------------------------------------------------------------------

STATION_FIELDS = {
    "name",
    "kind",
    "address",
    "latitude",
    "longitude",
    "contact_name",
    "contact_phone",
    "opening_rules",
    "rating",
    "is_public",
    "is_active",
}


@transaction.atomic
def station_create(*, actor: User, region_code: str, **fields) -> LiaisonStation:
    """A new station in a region within the actor's scope."""
    if not _in_scope(actor, region_code):
        _invalid("region", _("所在区划不存在或不在您的管辖范围内。"))
    station = LiaisonStation(region_id=region_code, **_only(fields, STATION_FIELDS))
    station.full_clean()
    station.save()
    return station


@transaction.atomic
def station_update(*, station: LiaisonStation, **fields) -> LiaisonStation:
    changed = _only(fields, STATION_FIELDS)
    for name, value in changed.items():
        setattr(station, name, value)
    station.full_clean()
    station.save(update_fields=list(changed) or None)
    return station


@transaction.atomic
def station_photo_set(*, station: LiaisonStation, upload) -> LiaisonStation:
    if upload is None:
        _invalid("photo", _("请选择照片。"))
    content = photo_prepare(upload, field="photo")
    station.photo.save(f"station-{station.pk}.jpg", content, save=False)
    station.save(update_fields=["photo"])
    return station


def _only(fields: dict, allowed: set[str]) -> dict:
    return {k: v for k, v in fields.items() if k in allowed}


@transaction.atomic
def checklist_set(*, station: LiaisonStation, items: list[dict]) -> list[CriterionCheck]:
    """Record, per criterion, whether the station meets it and the evidence."""
    criteria = StandardCriterion.objects.in_bulk([item["criterion"] for item in items])
    checks = []
    for item in items:
        criterion = criteria.get(item["criterion"])
        if criterion is None:
            _invalid("criterion", _("标准项不存在。"))
        check, _created = CriterionCheck.objects.update_or_create(
            station=station,
            criterion=criterion,
            defaults={"met": bool(item.get("met")), "evidence": item.get("evidence", "")[:300]},
        )
        checks.append(check)
    return checks


# --- Grouping deputies into stations 编组进站 ------------------------------------------------


@transaction.atomic
def members_add(
    *, actor: User, station: LiaisonStation, deputy_ids: list[int], group_id: int | None = None
) -> list[StationMembership]:
    """Group deputies into a station; a deputy already active there is left as is."""
    prefix = region_prefix(actor)
    if prefix is None:
        _invalid("deputy_ids", _("代表不存在或不在您的管辖范围内。"))
    deputies = Deputy.objects.filter(pk__in=deputy_ids, region__code__startswith=prefix)
    if not deputy_ids or deputies.count() != len(set(deputy_ids)):
        _invalid("deputy_ids", _("代表不存在或不在您的管辖范围内。"))
    group = None
    if group_id is not None:
        group = DeputyGroup.objects.filter(pk=group_id, region__code__startswith=prefix).first()
        if group is None:
            _invalid("group", _("代表小组不存在。"))
    already = set(
        station.memberships.filter(end_date__isnull=True).values_list("deputy_id", flat=True)
    )
    created = [
        StationMembership.objects.create(station=station, deputy_id=pk, group=group)
        for pk in sorted(set(deputy_ids) - already)
    ]
    return created


@transaction.atomic
def membership_end(*, membership: StationMembership, on: date | None = None) -> StationMembership:
    if membership.end_date is not None:
        raise TransitionError(_("该代表已离站。"))
    membership.end_date = on or timezone.localdate()
    membership.save(update_fields=["end_date"])
    DutyShift.objects.filter(
        station=membership.station, deputy=membership.deputy, date__gt=membership.end_date
    ).delete()
    return membership


# --- Duty days ------------------------------------------------------------------------------


@transaction.atomic
def duty_rule_create(
    *, station: LiaisonStation, kind: str, days: list, group_id: int | None = None, **fields
) -> DutyRule:
    group = None
    if group_id is not None:
        group = DeputyGroup.objects.filter(
            pk=group_id, region__code__startswith=station.region_id[:6]
        ).first()
        if group is None:
            _invalid("group", _("代表小组不存在。"))
    rule = DutyRule(station=station, group=group, kind=kind, days=days, **fields)
    rule.full_clean()
    rule.save()
    return rule


def _rule_deputies(rule: DutyRule) -> list[int]:
    members = rule.station.memberships.serving()
    if rule.group_id:
        members = members.filter(
            Q(group_id=rule.group_id)
            | Q(
                deputy__mandates__group_id=rule.group_id,
                deputy__mandates__status=Mandate.Status.SERVING,
            )
        )
    return sorted(set(members.values_list("deputy_id", flat=True)))


@transaction.atomic
def roster_generate(*, station: LiaisonStation, start: date, months: int = 3) -> int:
    """Put the station's deputies on its duty days from start for some months; days already
    on the roster are kept as they are (with their swaps). Returns the number of new shifts."""
    if not 1 <= months <= 12:
        _invalid("months", _("一次可排 1 到 12 个月。"))
    end = add_months(start, months) - timedelta(days=1)
    new = []
    for rule in station.duty_rules.filter(is_active=True).select_related("station"):
        deputies = _rule_deputies(rule)
        if not deputies:
            continue
        planned = set(rule.dutyshift_set.values_list("date", flat=True))
        # Rotation goes on from where the last generation stopped.
        pointer = rule.dutyshift_set.count()
        for day in rule_dates(rule.kind, rule.days, start, end):
            if day in planned:
                continue
            if rule.per_day and rule.per_day < len(deputies):
                chosen = [deputies[(pointer + i) % len(deputies)] for i in range(rule.per_day)]
                pointer += rule.per_day
            else:
                chosen = deputies
            new += [
                DutyShift(
                    station=station,
                    deputy_id=pk,
                    date=day,
                    start_time=rule.start_time,
                    end_time=rule.end_time,
                    rule=rule,
                )
                for pk in chosen
            ]
    DutyShift.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    if new:
        audit.record(
            AuditLog.Action.CREATE,
            model="liaison_stations.DutyShift",
            object_pk=station.pk,
            object_repr=f"{station.name} 排班 {len(new)} 条 {start}~{end}",
        )
    return len(new)


@transaction.atomic
def duty_swap(
    *, shift: DutyShift, other: DutyShift | None = None, substitute_id: int | None = None
) -> DutyShift:
    """Two deputies exchange their days, or another deputy of the station takes the day."""
    if shift.date < timezone.localdate():
        raise TransitionError(_("已过去的值班不能调换。"))
    if other is not None:
        if other.station_id != shift.station_id or other.pk == shift.pk:
            _invalid("other", _("只能与本站的另一条值班安排对调。"))
        if other.date < timezone.localdate():
            raise TransitionError(_("已过去的值班不能调换。"))
        a, b = shift.deputy_id, other.deputy_id
        clash = DutyShift.objects.filter(
            Q(station=shift.station, date=shift.date, deputy_id=b)
            | Q(station=shift.station, date=other.date, deputy_id=a)
        ).exists()
        if clash:
            _invalid("other", _("对调后会出现同一代表同日重复值班。"))
        # Move one out of the way so the unique (station, date, deputy) holds at every step.
        DutyShift.objects.filter(pk=other.pk).update(deputy_id=a, swapped_from_id=b)
        DutyShift.objects.filter(pk=shift.pk).update(deputy_id=b, swapped_from_id=a)
        audit.record(
            AuditLog.Action.UPDATE,
            model="liaison_stations.DutyShift",
            object_pk=f"{shift.pk},{other.pk}",
            object_repr=f"对调 {shift.date} ↔ {other.date}",
        )
        shift.refresh_from_db()
        return shift
    if substitute_id is None:
        _invalid("substitute", _("请选择替班代表或要对调的值班。"))
    is_member = shift.station.memberships.filter(
        deputy_id=substitute_id, end_date__isnull=True
    ).exists()
    if not is_member:
        _invalid("substitute", _("替班代表须为本站编组代表。"))
    if DutyShift.objects.filter(
        station=shift.station, date=shift.date, deputy_id=substitute_id
    ).exists():
        _invalid("substitute", _("该代表当天已在本站值班。"))
    shift.swapped_from_id, shift.deputy_id = shift.deputy_id, substitute_id
    shift.save(update_fields=["deputy", "swapped_from"])
    return shift


def calendar_token(deputy: Deputy) -> str:
    cal, _created = DeputyCalendar.objects.get_or_create(deputy=deputy)
    return cal.token


@transaction.atomic
def duty_notices_send(*, today: date | None = None, days_ahead: int = 2) -> int:
    """Tell each deputy on duty in `days_ahead` days, once per deputy and day however often
    the sweep runs. Returns how many notices this call sent.
    One transaction: messages leave only once the ledger rows are committed, so a crashed
    sweep sends nothing and the next run sends it all; a second worker waits on the ledger's
    unique key and then skips."""
    day = (today or timezone.localdate()) + timedelta(days=days_ahead)
    shifts = list(
        DutyShift.objects.filter(date=day)
        .select_related("deputy__user", "station")
        .order_by("deputy_id", "start_time")
    )
    threshold = f"{days_ahead}d"

    def key_of(deputy_id: int) -> str:
        return f"liaison_stations.duty:{deputy_id}:{day.isoformat()}"

    # The ledger decides; reading it first only spares a re-run thousands of refused inserts.
    done = set(
        SentReminder.objects.filter(
            kind="duty_notice",
            threshold=threshold,
            object_key__in={key_of(s.deputy_id) for s in shifts},
        ).values_list("object_key", flat=True)
    )
    sent = 0
    for deputy_id, rows in groupby(shifts, key=lambda s: s.deputy_id):
        key = key_of(deputy_id)
        if key in done:
            continue
        rows = list(rows)
        deputy = rows[0].deputy
        where = "；".join(
            f"{s.station.name} {s.start_time:%H:%M}-{s.end_time:%H:%M}"
            + (f"（{s.station.address}）" if s.station.address else "")
            for s in rows
        )
        title = _("值班提醒：%(date)s 进站接待群众") % {"date": f"{day:%m月%d日}"}
        if deputy.user_id and deputy.user.is_active:
            sent += notify_once(
                key_object=key,
                kind="duty_notice",
                threshold=threshold,
                recipients=[deputy.user],
                title=title,
                body=where,
                link="/my-station/",
                sms=True,
            )
        elif deputy.phone:
            sent += _text_once(key, threshold, deputy, f"{title}：{where}")
    return sent


def _text_once(key: str, threshold: str, deputy: Deputy, text: str) -> bool:
    """Deputies without an account still get the SMS, through the same once-only ledger and,
    in the same transaction, the outbox (staff of the deputy's region see it if it fails)."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(object_key=key, kind="duty_notice", threshold=threshold)
            outbox.queue_sms(
                phone=deputy.phone, text=text, kind="duty_notice", region_id=deputy.region_id
            )
    except IntegrityError:
        return False
    return True


# --- Visits 进站履职 -------------------------------------------------------------------------


def _group_deputy_ids(group: DeputyGroup) -> list[int]:
    return sorted(
        set(
            Mandate.objects.filter(group=group, status=Mandate.Status.SERVING).values_list(
                "deputy_id", flat=True
            )
        )
        | set(
            StationMembership.objects.filter(group=group, end_date__isnull=True).values_list(
                "deputy_id", flat=True
            )
        )
    )


def _deputy_groups(deputy: Deputy) -> set[int]:
    return set(
        Mandate.objects.filter(
            deputy=deputy, status=Mandate.Status.SERVING, group__isnull=False
        ).values_list("group_id", flat=True)
    ) | set(
        deputy.station_memberships.filter(end_date__isnull=True, group__isnull=False).values_list(
            "group_id", flat=True
        )
    )


@transaction.atomic
def visit_log(
    *,
    actor: User,
    station_id: int | None,
    date: date,
    kind: str,
    kind_other: str = "",
    online: bool = False,
    people_received: int = 0,
    matters: str = "",
    deputy_ids: list[int] | None = None,
    group_id: int | None = None,
    photos: list | None = None,
) -> list[StationVisit]:
    """Log a visit: a deputy for themselves or for a group they belong to (unconfirmed until
    staff confirm it); staff for deputies or a group in their region (confirmed at once).
    One row per deputy; the photos are stored once and shared by the rows."""
    deputy = getattr(actor, "deputy", None) if actor.role == "deputy" else None
    station = LiaisonStation.objects.filter(pk=station_id, is_active=True).first()
    if deputy is not None:
        if (
            station is None
            or not station.memberships.filter(deputy=deputy, end_date__isnull=True).exists()
        ):
            _invalid("station", _("联络站不存在，或您未编组进该站。"))
    elif station is None or not _in_scope(actor, station.region_id):
        _invalid("station", _("联络站不存在，或不在您的管辖范围内。"))

    group = DeputyGroup.objects.filter(pk=group_id).first() if group_id is not None else None
    if group_id is not None and group is None:
        _invalid("group", _("代表小组不存在。"))
    if deputy is not None:
        if group is not None:
            # A deputy sees only their own groups: any other reads like one that does not exist.
            if group.pk not in _deputy_groups(deputy):
                _invalid("group", _("代表小组不存在。"))
            ids = _group_deputy_ids(group)
        elif deputy_ids and set(deputy_ids) != {deputy.pk}:
            _invalid("deputy_ids", _("代表只能为本人或本人所在的代表小组登记履职。"))
        else:
            ids = [deputy.pk]
    else:
        if group is not None:
            if not _in_scope(actor, group.region_id):
                _invalid("group", _("代表小组不存在。"))
            ids = _group_deputy_ids(group)
        else:
            ids = sorted(set(deputy_ids or []))
        prefix = region_prefix(actor) or ""
        found = Deputy.objects.filter(pk__in=ids, region__code__startswith=prefix).count()
        if not ids or found != len(ids):
            _invalid("deputy_ids", _("请选择管辖范围内的代表。"))

    if not isinstance(date, type(timezone.localdate())):
        _invalid("date", _("请填写日期。"))
    if date > timezone.localdate():
        _invalid("date", _("履职日期不能晚于今天。"))
    if kind not in VisitKind.values:
        _invalid("kind", _("请选择活动类型。"))
    if kind == VisitKind.OTHER and not kind_other.strip():
        _invalid("kind_other", _("活动类型为“其他”时请说明。"))
    if people_received < 0 or people_received > 10000:
        _invalid("people_received", _("接待人数应在 0 到 10000 之间。"))
    prepared = photos_prepare(photos or [])

    staff_logged = deputy is None
    now = timezone.now()
    batch = uuid.uuid4().hex if len(ids) > 1 else ""
    visits = []
    for pk in ids:
        visit = StationVisit(
            deputy_id=pk,
            station=station,
            date=date,
            kind=kind,
            kind_other=kind_other.strip(),
            online=online,
            people_received=people_received,
            matters=matters.strip(),
            group=group,
            batch=batch,
            logged_by=actor,
            confirmed=staff_logged,
            confirmed_by=actor if staff_logged else None,
            confirmed_at=now if staff_logged else None,
        )
        visit.full_clean()
        visit.save()
        visits.append(visit)
    for content in prepared:
        first = VisitPhoto(visit=visits[0])
        first.image.save(content.name, content, save=True)
        VisitPhoto.objects.bulk_create(
            [VisitPhoto(visit=v, image=first.image.name) for v in visits[1:]]
        )
    return visits


@transaction.atomic
def visits_confirm(*, actor: User, visits: list[StationVisit]) -> int:
    """Staff confirm deputies' own logs; confirming twice changes nothing."""
    count = 0
    now = timezone.now()
    for visit in visits:
        if visit.confirmed:
            continue
        visit.confirmed, visit.confirmed_by, visit.confirmed_at = True, actor, now
        visit.save(update_fields=["confirmed", "confirmed_by", "confirmed_at"])
        count += 1
    return count


# --- Citizens' opinions 社情民意 --------------------------------------------------------------


def _new_tracking_code() -> str:
    for _attempt in range(10):
        code = random_code(10)
        if not Opinion.objects.filter(tracking_code=code).exists():
            return code
    raise RuntimeError("no free tracking code")  # 31^10 codes: does not happen


def _validate_opinion(title: str, content: str, citizen_phone: str):
    if not title.strip():
        _invalid("title", _("请填写标题。"))
    if len(title) > 100:
        _invalid("title", _("标题不能超过100字。"))
    if len(content.strip()) < 5:
        _invalid("content", _("请具体描述您反映的问题（至少5个字）。"))
    if len(content) > 2000:
        _invalid("content", _("内容不能超过2000字。"))
    phone = citizen_phone.strip()
    if phone and not (phone.isdigit() and 7 <= len(phone) <= 12):
        _invalid("citizen_phone", _("请填写正确的电话号码，或留空。"))


@transaction.atomic
def opinion_submit(
    *,
    station: LiaisonStation,
    source: str,
    title: str,
    content: str,
    citizen_name: str = "",
    citizen_phone: str = "",
    hotline_ref: str = "",
    actor: User | None = None,
    received_at: datetime | None = None,
) -> Opinion:
    """Receive an opinion (public form, at the station, or from 12345) and give it a code."""
    _validate_opinion(title, content, citizen_phone)
    if source == Opinion.Source.HOTLINE and not hotline_ref.strip():
        _invalid("hotline_ref", _("请填写12345工单号。"))
    opinion = Opinion(
        station=station,
        source=source,
        title=title.strip(),
        content=content.strip(),
        citizen_name=citizen_name.strip()[:30],
        citizen_phone=citizen_phone.strip(),
        hotline_ref=hotline_ref.strip(),
        tracking_code=_new_tracking_code(),
        assigned_staff=actor,
        received_at=received_at or timezone.now(),
    )
    opinion.full_clean()
    opinion.save()
    OpinionEvent.objects.create(
        opinion=opinion,
        status=opinion.status,
        public_note=_("您的意见已受理。"),
        actor=actor,
        at=opinion.received_at,
    )
    if actor is None:
        _tell_staff(opinion)
    return opinion


def _tell_staff(opinion: Opinion) -> None:
    """Staff of the station's county (and township) hear of an opinion nobody has taken yet."""
    county = opinion.station.region_id[:6]
    staff = User.objects.filter(
        role="staff", is_active=True, region_id__in={county, opinion.station.region_id}
    )
    notify(
        recipients=list(staff),
        kind="opinion_new",
        title=_("新的社情民意：%(title)s") % {"title": opinion.title},
        body=f"{opinion.station.name} · {opinion.get_source_display()}",
        link="/opinions/",
        email=False,
    )


# Which triage step is allowed from which status: one table, a 409 otherwise.
TRIAGE = {
    "answer": {
        Opinion.Status.RECEIVED,
        Opinion.Status.WITH_DEPUTY,
        Opinion.Status.FORWARDED,
        Opinion.Status.SUGGESTION,
    },
    "pass_to_deputy": {Opinion.Status.RECEIVED},
    "forward": {Opinion.Status.RECEIVED, Opinion.Status.WITH_DEPUTY},
    "to_suggestion": {Opinion.Status.RECEIVED, Opinion.Status.WITH_DEPUTY},
}


def _step(opinion: Opinion, action: str, actor: User):
    if opinion.status not in TRIAGE[action]:
        raise TransitionError(
            _("当前状态为“%(status)s”，不能执行此操作。") % {"status": opinion.get_status_display()}
        )
    if opinion.assigned_staff_id is None:
        opinion.assigned_staff = actor


def _event(opinion: Opinion, actor: User, note: str):
    OpinionEvent.objects.create(
        opinion=opinion, status=opinion.status, public_note=note, actor=actor
    )


@transaction.atomic
def opinion_take(*, actor: User, opinion: Opinion) -> Opinion:
    """The actor becomes the staff member handling it (and the one who sees the contact)."""
    opinion.assigned_staff = actor
    opinion.save(update_fields=["assigned_staff"])
    return opinion


@transaction.atomic
def opinion_answer(*, actor: User, opinion: Opinion, answer: str) -> Opinion:
    """Record the result the citizen will read (on the spot, or after handling)."""
    _step(opinion, "answer", actor)
    if len(answer.strip()) < 2:
        _invalid("answer", _("请填写答复内容。"))
    opinion.status = Opinion.Status.ANSWERED
    opinion.public_answer = answer.strip()
    opinion.answered_at = timezone.now()
    opinion.save(update_fields=["status", "public_answer", "answered_at", "assigned_staff"])
    _event(opinion, actor, _("已办结并答复。"))
    return opinion


@transaction.atomic
def opinion_pass_to_deputy(*, actor: User, opinion: Opinion, deputy_id: int | None) -> Opinion:
    _step(opinion, "pass_to_deputy", actor)
    member = opinion.station.memberships.filter(
        deputy_id=deputy_id, end_date__isnull=True
    ).select_related("deputy__user")
    membership = member.first()
    if membership is None:
        _invalid("deputy", _("请选择本站的编组代表。"))
    opinion.status = Opinion.Status.WITH_DEPUTY
    opinion.assigned_deputy = membership.deputy
    opinion.save(update_fields=["status", "assigned_deputy", "assigned_staff"])
    _event(opinion, actor, _("已转交本站代表跟进。"))
    if membership.deputy.user_id:
        notify(
            recipients=[membership.deputy.user],
            kind="opinion_to_deputy",
            title=_("请跟进群众意见：%(title)s") % {"title": opinion.title},
            body=opinion.content[:200],
            link="/my-station/",
        )
    return opinion


@transaction.atomic
def opinion_forward(*, actor: User, opinion: Opinion, unit_id: int | None, due_date) -> Opinion:
    _step(opinion, "forward", actor)
    county = opinion.station.region_id[:6]
    unit = HandlingUnit.objects.filter(
        pk=unit_id, region__code__startswith=county, is_active=True
    ).first()
    if unit is None:
        _invalid("unit", _("请选择本地的承办单位。"))
    if due_date is None or due_date <= timezone.localdate():
        _invalid("due_date", _("办理期限须晚于今天。"))
    opinion.status = Opinion.Status.FORWARDED
    opinion.handling_unit, opinion.due_date = unit, due_date
    opinion.save(update_fields=["status", "handling_unit", "due_date", "assigned_staff"])
    _event(opinion, actor, _("已转有关单位办理。"))
    notify(
        recipients=list(unit.users.filter(is_active=True)),
        kind="opinion_forwarded",
        title=_("联络站转办群众意见：%(title)s") % {"title": opinion.title},
        body=_("办理期限：%(due)s") % {"due": due_date},
    )
    return opinion


@transaction.atomic
def opinion_to_suggestion(*, actor: User, opinion: Opinion, deputy_id: int | None) -> Opinion:
    """Turn the opinion into a draft suggestion of a deputy of the station, prefilled, in the
    suggestions workflow; the deputy finishes and submits it there."""
    _step(opinion, "to_suggestion", actor)
    membership = (
        opinion.station.memberships.filter(deputy_id=deputy_id, end_date__isnull=True)
        .select_related("deputy")
        .first()
    )
    if membership is None:
        _invalid("deputy", _("请选择本站的编组代表。"))
    opinion.status = Opinion.Status.SUGGESTION
    opinion.assigned_deputy = membership.deputy
    opinion.suggestion_id = _draft_suggestion(actor=actor, opinion=opinion)
    opinion.save(update_fields=["status", "assigned_deputy", "suggestion_id", "assigned_staff"])
    _event(opinion, actor, _("已转为代表建议，由代表依法提出。"))
    return opinion


@transaction.atomic
def opinion_reply(*, actor: User, opinion: Opinion, reply: str) -> Opinion:
    """The handling unit (forwarded) or the deputy it was passed to reports what was done;
    the staff member handling it then answers the citizen."""
    unit_turn = (
        opinion.status == Opinion.Status.FORWARDED
        and actor.handling_unit_id is not None
        and actor.handling_unit_id == opinion.handling_unit_id
    )
    deputy = getattr(actor, "deputy", None) if actor.role == "deputy" else None
    deputy_turn = (
        opinion.status == Opinion.Status.WITH_DEPUTY
        and deputy is not None
        and deputy.pk == opinion.assigned_deputy_id
    )
    if not (unit_turn or deputy_turn):
        raise TransitionError(_("该意见当前不需要您反馈。"))
    if len(reply.strip()) < 2:
        _invalid("reply", _("请填写办理情况。"))
    opinion.handler_reply = reply.strip()
    opinion.handler_replied_at = timezone.now()
    opinion.save(update_fields=["handler_reply", "handler_replied_at"])
    who = _("承办单位") if unit_turn else _("代表")
    _event(opinion, actor, _("%(who)s已反馈办理情况，待答复。") % {"who": who})
    if opinion.assigned_staff_id:
        notify(
            recipients=[opinion.assigned_staff],
            kind="opinion_reply",
            title=_("%(who)s已反馈：%(title)s") % {"who": who, "title": opinion.title},
            body=opinion.handler_reply[:200],
            link="/opinions/",
        )
    return opinion


def _draft_suggestion(*, actor: User, opinion: Opinion) -> int | None:
    """The one link to the suggestions app, imported lazily so neither app needs the other at
    import time. Drafts through its public service, in the deputy's name (a suggestion is the
    deputy's own); returns the draft's id, or None when the deputy has no account to draft in."""
    try:
        from suggestions import services as suggestion_services
        from suggestions.models import SuggestionCategory
    except ImportError:
        return None
    deputy = opinion.assigned_deputy
    if deputy.user_id is None or not hasattr(suggestion_services, "suggestion_create"):
        return None
    category = (
        SuggestionCategory.objects.filter(is_active=True, name="其他").first()
        or SuggestionCategory.objects.filter(is_active=True).first()
    )
    if category is None:
        return None
    body = _("%(content)s\n\n（来源：%(station)s收集的社情民意，查询码 %(code)s）") % {
        "content": opinion.content,
        "station": opinion.station.name,
        "code": opinion.tracking_code,
    }
    suggestion = suggestion_services.suggestion_create(
        author=deputy.user, title=opinion.title[:100], body=body, category_id=category.pk
    )
    notify(
        recipients=[deputy.user],
        kind="opinion_to_suggestion",
        title=_("群众意见已转为您的建议草稿：%(title)s") % {"title": opinion.title},
        body=_("请完善内容、选择类别后提交。"),
        link=f"/suggestions/{suggestion.pk}/",
    )
    return suggestion.pk

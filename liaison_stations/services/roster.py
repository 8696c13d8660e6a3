"""Duty rules, the roster generated from them, swaps, and a deputy's calendar token."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import TransitionError, invalid
from congress.models import AuditLog
from congress.services import model_create, model_update
from liaison_stations.duty import add_months, rule_dates
from liaison_stations.models import DeputyCalendar, DutyRule, DutyShift, LiaisonStation
from representatives.models import Deputy, DeputyGroup, Mandate


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
            raise invalid("group", _("代表小组不存在。"))
    rule = DutyRule(station=station, group=group, kind=kind, days=days, **fields)
    return model_create(rule, validate=True)


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
        raise invalid("months", _("一次可排 1 到 12 个月。"))
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
    locked = DutyShift.objects.select_for_update(of=("self",)).select_related("station")
    shift = locked.get(pk=shift.pk)
    other = locked.get(pk=other.pk) if other is not None else None
    if shift.date < timezone.localdate():
        raise TransitionError(_("已过去的值班不能调换。"))
    if other is not None:
        if other.station_id != shift.station_id or other.pk == shift.pk:
            raise invalid("other", _("只能与本站的另一条值班安排对调。"))
        if other.date < timezone.localdate():
            raise TransitionError(_("已过去的值班不能调换。"))
        a, b = shift.deputy_id, other.deputy_id
        clash = DutyShift.objects.filter(
            Q(station=shift.station, date=shift.date, deputy_id=b)
            | Q(station=shift.station, date=other.date, deputy_id=a)
        ).exists()
        if clash:
            raise invalid("other", _("对调后会出现同一代表同日重复值班。"))
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
        raise invalid("substitute", _("请选择替班代表或要对调的值班。"))
    is_member = shift.station.memberships.filter(
        deputy_id=substitute_id, end_date__isnull=True
    ).exists()
    if not is_member:
        raise invalid("substitute", _("替班代表须为本站编组代表。"))
    if DutyShift.objects.filter(
        station=shift.station, date=shift.date, deputy_id=substitute_id
    ).exists():
        raise invalid("substitute", _("该代表当天已在本站值班。"))
    data = {"deputy": substitute_id, "swapped_from": shift.deputy_id}
    model_update(instance=shift, fields=["deputy", "swapped_from"], data=data)
    return shift


def calendar_token(deputy: Deputy) -> str:
    """The secret of the deputy's calendar feed, made on first use."""
    calendar = DeputyCalendar.objects.filter(deputy=deputy).first()
    if calendar is not None:
        return calendar.token
    try:
        with transaction.atomic():
            return model_create(DeputyCalendar(deputy=deputy)).token
    except IntegrityError:  # made at the same moment by another request
        return DeputyCalendar.objects.get(deputy=deputy).token

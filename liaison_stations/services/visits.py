"""Visits 进站履职: logged by a deputy (unconfirmed) or by staff (confirmed), then confirmed."""

import uuid
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import invalid
from congress.models import AuditLog, User
from congress.scope import region_in_scope, region_prefix
from congress.services import model_create, model_update
from liaison_stations.models import (
    LiaisonStation,
    StationMembership,
    StationVisit,
    VisitKind,
    VisitPhoto,
)
from liaison_stations.photos import photos_prepare
from representatives.models import Deputy, DeputyGroup, Mandate


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
def visit_log(  # noqa: C901
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
            raise invalid("station", _("联络站不存在，或您未编组进该站。"))
    elif station is None or not region_in_scope(actor, station.region_id):
        raise invalid("station", _("联络站不存在，或不在您的管辖范围内。"))

    group = DeputyGroup.objects.filter(pk=group_id).first() if group_id is not None else None
    if group_id is not None and group is None:
        raise invalid("group", _("代表小组不存在。"))
    if deputy is not None:
        if group is not None:
            # A deputy sees only their own groups: any other reads like one that does not exist.
            if group.pk not in _deputy_groups(deputy):
                raise invalid("group", _("代表小组不存在。"))
            ids = _group_deputy_ids(group)
        elif deputy_ids and set(deputy_ids) != {deputy.pk}:
            raise invalid("deputy_ids", _("代表只能为本人或本人所在的代表小组登记履职。"))
        else:
            ids = [deputy.pk]
    else:
        if group is not None:
            if not region_in_scope(actor, group.region_id):
                raise invalid("group", _("代表小组不存在。"))
            ids = _group_deputy_ids(group)
        else:
            ids = sorted(set(deputy_ids or []))
        prefix = region_prefix(actor) or ""
        found = Deputy.objects.filter(pk__in=ids, region__code__startswith=prefix).count()
        if not ids or found != len(ids):
            raise invalid("deputy_ids", _("请选择管辖范围内的代表。"))

    if not isinstance(date, type(timezone.localdate())):
        raise invalid("date", _("请填写日期。"))
    if date > timezone.localdate():
        raise invalid("date", _("履职日期不能晚于今天。"))
    if kind not in VisitKind.values:
        raise invalid("kind", _("请选择活动类型。"))
    if kind == VisitKind.OTHER and not kind_other.strip():
        raise invalid("kind_other", _("活动类型为“其他”时请说明。"))
    if people_received < 0 or people_received > 10000:
        raise invalid("people_received", _("接待人数应在 0 到 10000 之间。"))
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
        visits.append(model_create(visit, validate=True))
    for content in prepared:
        first = VisitPhoto(visit=visits[0])
        first.image.save(content.name, content, save=False)
        model_create(first)
        shared = [VisitPhoto(visit=v, image=first.image.name) for v in visits[1:]]
        if shared:
            VisitPhoto.objects.bulk_create(shared)
            audit.record(
                AuditLog.Action.CREATE,
                model="liaison_stations.VisitPhoto",
                object_pk=first.pk,
                object_repr=f"{first.image.name} 同批 {len(shared)} 条履职记录共用",
            )
    return visits


@transaction.atomic
def visits_confirm(*, actor: User, visits: list[StationVisit]) -> int:
    """Staff confirm deputies' own logs; confirming twice changes nothing."""
    count = 0
    data = {"confirmed": True, "confirmed_by": actor, "confirmed_at": timezone.now()}
    locked = StationVisit.objects.select_for_update().filter(pk__in=[v.pk for v in visits])
    for visit in locked.order_by("pk"):
        if visit.confirmed:
            continue
        model_update(instance=visit, fields=list(data), data=data)
        count += 1
    return count

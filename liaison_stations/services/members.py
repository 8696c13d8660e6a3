"""Grouping deputies into stations 编组进站, and a deputy leaving one."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import TransitionError, invalid
from congress.models import AuditLog, User
from congress.scope import region_prefix
from congress.services import model_create, model_update
from liaison_stations.models import DutyShift, LiaisonStation, StationMembership
from representatives.models import Deputy, DeputyGroup


@transaction.atomic
def members_add(
    *, actor: User, station: LiaisonStation, deputy_ids: list[int], group_id: int | None = None
) -> list[StationMembership]:
    """Group deputies into a station; a deputy already active there is left as is."""
    prefix = region_prefix(actor)
    if prefix is None:
        raise invalid("deputy_ids", _("代表不存在或不在您的管辖范围内。"))
    deputies = Deputy.objects.filter(pk__in=deputy_ids, region__code__startswith=prefix)
    if not deputy_ids or deputies.count() != len(set(deputy_ids)):
        raise invalid("deputy_ids", _("代表不存在或不在您的管辖范围内。"))
    group = None
    if group_id is not None:
        group = DeputyGroup.objects.filter(pk=group_id, region__code__startswith=prefix).first()
        if group is None:
            raise invalid("group", _("代表小组不存在。"))
    already = set(
        station.memberships.filter(end_date__isnull=True).values_list("deputy_id", flat=True)
    )
    return [
        model_create(StationMembership(station=station, deputy_id=pk, group=group))
        for pk in sorted(set(deputy_ids) - already)
    ]


@transaction.atomic
def membership_end(*, membership: StationMembership, on: date | None = None) -> StationMembership:
    membership = StationMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.end_date is not None:
        raise TransitionError(_("该代表已离站。"))
    model_update(
        instance=membership, fields=["end_date"], data={"end_date": on or timezone.localdate()}
    )
    later = DutyShift.objects.filter(
        station_id=membership.station_id,
        deputy_id=membership.deputy_id,
        date__gt=membership.end_date,
    )
    removed, _by_model = later.delete()
    if removed:
        audit.record(
            AuditLog.Action.DELETE,
            model="liaison_stations.DutyShift",
            object_pk=membership.station_id,
            object_repr=f"{membership} 离站后的值班 {removed} 条",
        )
    return membership

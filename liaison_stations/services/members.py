"""Grouping deputies into stations 编组进站, and a deputy leaving one."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import TransitionError, invalid
from congress.models import User
from congress.scope import region_prefix
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

"""Stations: create, edit, photo, and the 建管用 checklist."""

from django.db import transaction
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import invalid
from congress.models import User
from congress.scope import region_in_scope_or_404
from congress.services import model_create, model_update
from liaison_stations.models import CriterionCheck, LiaisonStation, StandardCriterion
from liaison_stations.photos import photo_prepare

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
    if not region_code:
        raise invalid("region", _("请选择所在区划。"))
    region_in_scope_or_404(actor, region_code)  # another county's region reads like none
    station = LiaisonStation(region_id=region_code, **_only(fields, STATION_FIELDS))
    return model_create(station, validate=True)


@transaction.atomic
def station_update(*, station: LiaisonStation, **fields) -> LiaisonStation:
    changed = _only(fields, STATION_FIELDS)
    station, _changed = model_update(instance=station, fields=list(changed), data=changed)
    return station


@transaction.atomic
def station_photo_set(*, station: LiaisonStation, upload) -> LiaisonStation:
    if upload is None:
        raise invalid("photo", _("请选择照片。"))
    content = photo_prepare(upload, field="photo")
    before = audit.snapshot(station)
    station.photo.save(f"station-{station.pk}.jpg", content, save=False)
    audit.explicit(station).save(update_fields=["photo"])
    audit.updated(station, before)
    return station


def _only(fields: dict, allowed: set[str]) -> dict:
    return {k: v for k, v in fields.items() if k in allowed}


@transaction.atomic
def checklist_set(*, station: LiaisonStation, items: list[dict]) -> list[CriterionCheck]:
    """Record, per criterion, whether the station meets it and the evidence."""
    criteria = StandardCriterion.objects.in_bulk([item["criterion"] for item in items])
    existing = {
        c.criterion_id: c
        for c in CriterionCheck.objects.select_for_update().filter(station=station)
    }
    checks = []
    for item in items:
        criterion = criteria.get(item["criterion"])
        if criterion is None:
            raise invalid("criterion", _("标准项不存在。"))
        data = {"met": bool(item.get("met")), "evidence": item.get("evidence", "")[:300]}
        check = existing.get(criterion.pk)
        if check is None:
            check = model_create(CriterionCheck(station=station, criterion=criterion, **data))
        else:
            model_update(instance=check, fields=["met", "evidence"], data=data)
        checks.append(check)
    return checks

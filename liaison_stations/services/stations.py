"""Stations: create, edit, photo, and the 建管用 checklist."""

from django.db import transaction
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import User
from congress.scope import region_in_scope
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
    if not region_in_scope(actor, region_code):
        raise invalid("region", _("所在区划不存在或不在您的管辖范围内。"))
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
        raise invalid("photo", _("请选择照片。"))
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
            raise invalid("criterion", _("标准项不存在。"))
        check, _created = CriterionCheck.objects.update_or_create(
            station=station,
            criterion=criterion,
            defaults={"met": bool(item.get("met")), "evidence": item.get("evidence", "")[:300]},
        )
        checks.append(check)
    return checks

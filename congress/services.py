"""Writes of the core."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from congress import audit
from congress.models import AuditLog, Congress, Notification, Region, User


def model_update(
    *, instance, fields: list[str], data: dict, validate: bool = True
) -> tuple[object, bool]:
    """The one way a service changes a row (the HackSoft styleguide's `model_update`).

    Sets each of `fields` that `data` holds, and when any value differs: validates the changed
    fields (their own validators and choices), saves only them with `save(update_fields=...)` and
    records the change in the audit trail. Returns (instance, whether anything changed). The caller
    holds the lock and has checked the state; foreign keys may be given as objects or as `<name>_id`."""
    before = audit.snapshot(instance)
    changed = []
    for name in fields:
        if name not in data:
            continue
        field = instance._meta.get_field(name)
        attname = field.attname
        value = data[name]
        current = getattr(instance, name if field.is_relation else attname)
        if field.is_relation and not isinstance(value, Model):
            current = getattr(instance, attname)
            name = attname
        if current != value:
            setattr(instance, name, value)
            changed.append(field.name)
    if not changed:
        return instance, False
    if validate:
        exclude = [f.name for f in instance._meta.concrete_fields if f.name not in changed]
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    if (
        "updated_at" in {f.name for f in instance._meta.concrete_fields}
        and "updated_at" not in changed
    ):
        changed.append("updated_at")
    audit.explicit(instance).save(update_fields=changed)
    audit.updated(instance, before)
    return instance, True


def model_create(instance, *, validate: bool = False):
    """The one way a service adds a row: save it and record the creation in the audit trail."""
    if validate:
        instance.full_clean()
    audit.explicit(instance).save(force_insert=True)
    audit.created(instance)
    return instance


def model_delete(instance) -> None:
    """Deleting real records is rare: the row's last state goes into the audit trail."""
    before, pk = audit.snapshot(instance), instance.pk
    audit.explicit(instance).delete()
    instance.pk = pk
    audit.deleted(instance, before)


REGIONS_FILE = Path(settings.BASE_DIR) / "congress" / "data" / "hunan-regions.json"
CONGRESS_SUFFIX = {
    Region.Level.PROVINCE: "人民代表大会",
    Region.Level.CITY: "人民代表大会",
    Region.Level.COUNTY: "人民代表大会",
    Region.Level.TOWNSHIP: "人民代表大会",
}


@transaction.atomic
def regions_load(*, path: Path = REGIONS_FILE) -> tuple[int, int]:
    """Load the region tree and give each region its congress; idempotent. Returns (new regions, new congresses)."""
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    existing = set(Region.objects.values_list("code", flat=True))
    new = [
        Region(code=r["code"], name=r["name"], level=r["level"], parent_id=r["parent"])
        for r in rows
        if r["code"] not in existing
    ]
    # Parents come before children in the file; insert in code-length order to be safe.
    new.sort(key=lambda r: len(r.code))
    for region in new:
        if region.parent_id and not region.code.startswith(region.parent_id):
            raise ValueError(
                f"region {region.code} does not start with its parent's code {region.parent_id}"
            )
    Region.objects.bulk_create(new, batch_size=1000)
    with_congress = set(Congress.objects.values_list("region_id", flat=True))
    congresses = [
        Congress(
            region_id=r.code, level=Congress.LEVEL_OF_REGION[r.level], name=f"{r.name}人民代表大会"
        )
        for r in Region.objects.exclude(code__in=with_congress)
    ]
    Congress.objects.bulk_create(congresses, batch_size=1000)
    if new or congresses:
        audit.record(
            AuditLog.Action.IMPORT,
            model="congress.Region",
            object_repr=f"{len(new)} regions, {len(congresses)} congresses",
        )
    return len(new), len(congresses)


def notification_mark_read(*, viewer: User, ids: list[int] | None = None) -> int:
    """Mark the viewer's notifications read (all unread ones when ids is None)."""
    qs = Notification.objects.filter(recipient=viewer, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())

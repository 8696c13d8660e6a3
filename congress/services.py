"""Writes of the core."""

import json
from pathlib import Path

from django.conf import settings
from django.db import router, transaction
from django.db.models import Model
from django.db.models.deletion import Collector
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
        # Compared by column value (a relation by its key, never by fetching the related row).
        current = getattr(instance, attname)
        compared = value
        if field.is_relation and isinstance(value, Model):
            compared = getattr(value, field.target_field.attname)
        elif field.is_relation:
            name = attname
        if current != compared:
            setattr(instance, name, value)
            changed.append(field.name)
    if not changed:
        return instance, False
    if validate:
        exclude = [f.name for f in instance._meta.concrete_fields if f.name not in changed]
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    # Columns stamped on every save (auto_now: updated_at, scored_at, checked_at ...) go too.
    changed += [
        f.name
        for f in instance._meta.concrete_fields
        if getattr(f, "auto_now", False) and f.name not in changed
    ]
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
    """Deleting real records is rare: the row's last state goes into the audit trail, and so
    does that of every audited row deleted with it (on_delete=CASCADE) or nulled by it
    (SET_NULL), which Django writes in bulk, out of sight of any signal."""
    using = router.db_for_write(type(instance), instance=instance)
    collector = Collector(using=using, origin=instance)
    collector.collect([instance])
    doomed = []
    for model, rows in collector.data.items():
        pks = [row.pk for row in rows if row is not instance]
        if pks and _audited_model(model):  # refetched whole: the collector defers columns
            doomed += model._base_manager.using(using).filter(pk__in=pks).order_by("pk")
    for rows in collector.fast_deletes:
        if _audited_model(rows.model):
            doomed += rows.order_by("pk")
    nulled = [
        (field, list(rows.values_list("pk", field.attname)))
        if hasattr(rows, "values_list")
        else (field, [(row.pk, getattr(row, field.attname)) for row in rows])
        for (field, _value), batches in collector.field_updates.items()
        for rows in batches
        if _audited_model(field.model)
    ]
    # Names too are taken before: a row's name may name a related row deleted with it.
    befores = [(row, audit.snapshot(row), row.pk, str(row)) for row in [instance, *doomed]]
    audit.explicit(instance).delete()
    for row, before, pk, name in befores:
        row.pk = pk
        audit.deleted(row, before, object_repr=name)
    for field, rows in nulled:
        if rows:
            audit.record(
                AuditLog.Action.UPDATE,
                model=field.model._meta.label,
                object_pk=",".join(str(pk) for pk, _old in rows)[:64],
                object_repr=f"{field.verbose_name}：{instance}",
                before=[{"id": pk, field.attname: old} for pk, old in rows],
                after=[{"id": pk, field.attname: None} for pk, _old in rows],
            )


def _audited_model(model) -> bool:
    """Audited, and a record of its own (an automatic many-to-many row is its owner's)."""
    return audit.audited(model) and not model._meta.auto_created


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
    if congresses:
        audit.record(
            AuditLog.Action.IMPORT,
            model="congress.Congress",
            object_repr=f"{len(congresses)} congresses",
        )
    return len(new), len(congresses)


def notification_mark_read(*, viewer: User, ids: list[int] | None = None) -> int:
    """Mark the viewer's notifications read (all unread ones when ids is None)."""
    qs = Notification.objects.filter(recipient=viewer, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())

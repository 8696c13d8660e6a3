"""Writes of the archive: what staff enter by hand, and what the portal gathers by itself."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import TransitionError
from congress.models import AuditLog, User
from congress.services import model_create, model_delete, model_update
from evaluation.models import ArchiveEntry
from evaluation.performance import gathering
from evaluation.performance.points import points_refresh_deputies
from representatives.models import Deputy


@transaction.atomic
def archive_entry_create(
    *,
    actor: User,
    deputy: Deputy,
    kind: str,
    occurred_on: dt.date,
    title: str,
    detail: str = "",
    quantity: int = 1,
    evidence: str = "",
    evidence_file=None,
) -> ArchiveEntry:
    """Staff record an activity that happened outside the portal; points follow at once."""
    entry = ArchiveEntry(
        deputy=deputy,
        kind=kind,
        occurred_on=occurred_on,
        title=title,
        detail=detail,
        quantity=quantity,
        evidence=evidence,
        evidence_file=evidence_file or "",
        source=ArchiveEntry.Source.STAFF,
        entered_by=actor,
    )
    model_create(entry, validate=True)
    points_refresh_deputies(deputy_ids=[deputy.pk], years=[occurred_on.year])
    return entry


STAFF_EDITABLE = ["kind", "occurred_on", "title", "detail", "quantity", "evidence"]


def _require_staff_entry(entry: ArchiveEntry) -> None:
    if entry.source != ArchiveEntry.Source.STAFF:
        raise TransitionError(_("平台汇集和述职生成的记录不能在此修改，请修改其原始记录。"))


@transaction.atomic
def archive_entry_update(*, actor: User, entry: ArchiveEntry, **changes) -> ArchiveEntry:
    entry = ArchiveEntry.objects.select_for_update().get(pk=entry.pk)
    _require_staff_entry(entry)
    years = {entry.occurred_on.year}
    entry, _changed = model_update(instance=entry, fields=STAFF_EDITABLE, data=changes)
    years.add(entry.occurred_on.year)
    points_refresh_deputies(deputy_ids=[entry.deputy_id], years=years)
    return entry


@transaction.atomic
def archive_entry_delete(*, actor: User, entry: ArchiveEntry) -> None:
    entry = ArchiveEntry.objects.select_for_update().get(pk=entry.pk)
    _require_staff_entry(entry)
    deputy_id, year = entry.deputy_id, entry.occurred_on.year
    model_delete(entry)
    points_refresh_deputies(deputy_ids=[deputy_id], years=[year])


# The kinds the sweep gathers (gathering.py). Entries another app writes at once, in the
# transaction of their own record (training: hours and lectures), are that app's to correct:
# a gather never removes them.
SWEPT_KINDS = ("station_visit", "suggestion_led", "suggestion_cosigned", "rating_given")


@transaction.atomic
def archive_gather(*, region_code: str, start: dt.date, end: dt.date) -> int:
    """Bring the region's deputies' archives in line with what the portal holds for the span
    (visits, suggestions, ratings): new records enter once (source_key), records whose source
    is gone (a withdrawn suggestion, a visit no longer confirmed) leave, moved dates follow.
    Returns the number of entries added."""
    deputy_ids = list(
        Deputy.objects.filter(region__code__startswith=region_code).values_list("pk", flat=True)
    )
    found = {
        (item["deputy_id"], item["source_key"]): item
        for item in gathering.gathered_activities(deputy_ids=deputy_ids, start=start, end=end)
    }
    have = {
        (e.deputy_id, e.source_key): e
        for e in ArchiveEntry.objects.filter(
            deputy_id__in=deputy_ids,
            source=ArchiveEntry.Source.PORTAL,
            kind__in=SWEPT_KINDS,
            occurred_on__gte=start,
            occurred_on__lte=end,
        ).only("pk", "deputy_id", "source_key", "occurred_on")
    }
    new = [
        ArchiveEntry(**{"source": ArchiveEntry.Source.PORTAL, "quantity": 1, **item})
        for key, item in found.items()
        if key not in have
    ]
    # A concurrent gather (the nightly task and a staff click) may insert the same rows.
    ArchiveEntry.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    gone = [e for key, e in have.items() if key not in found]
    moved = []
    for key, e in have.items():
        if key in found and found[key]["occurred_on"] != e.occurred_on:
            moved.append((e.occurred_on, e))
            e.occurred_on = found[key]["occurred_on"]
    ArchiveEntry.objects.bulk_update([e for _old, e in moved], ["occurred_on"], batch_size=1000)
    ArchiveEntry.objects.filter(pk__in=[e.pk for e in gone]).delete()
    touched = new + gone + [e for _old, e in moved]
    if touched:
        audit.record(
            AuditLog.Action.IMPORT,
            model="evaluation.ArchiveEntry",
            object_repr=(
                f"gathered for {region_code}: {len(new)} new, {len(gone)} removed, "
                f"{len(moved)} moved"
            ),
        )
        years = {e.occurred_on.year for e in touched} | {old.year for old, _e in moved}
        points_refresh_deputies(deputy_ids={e.deputy_id for e in touched}, years=years)
    return len(new)

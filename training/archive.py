"""Training into the archive, at once: a finished study item or online course, an attended
session and a lecture become the deputy's archive entries (evaluation.ArchiveEntry, kinds
`training_hour` and `lecture`) in the transaction of the record they come from, and the
deputy's points follow through the existing rules. Correcting or cancelling the record
corrects or removes its entry. Each entry is keyed by its source (`source_key`), so writing
it twice is writing it once."""

import datetime as dt
from collections.abc import Iterable

from congress.services import model_create, model_delete, model_update
from evaluation.models import ActivityKind, ArchiveEntry
from evaluation.performance.points import points_refresh_deputies

HOURS, LECTURE = ActivityKind.TRAINING_HOUR, ActivityKind.LECTURE


def item_key(item_id: int) -> str:
    return f"training:item:{item_id}"


def course_key(course_id: int) -> str:
    return f"training:course:{course_id}"


def session_key(session_id: int) -> str:
    return f"training:session:{session_id}"


def lecture_key(session_id: int) -> str:
    return f"training:lecture:{session_id}"


def entry_put(
    *,
    deputy_id: int,
    key: str,
    kind: str,
    occurred_on: dt.date,
    title: str,
    quantity: int,
    evidence: str = "",
) -> ArchiveEntry:
    """The entry of one source for one deputy, created or brought in line; points follow."""
    entry = (
        ArchiveEntry.objects.select_for_update().filter(deputy_id=deputy_id, source_key=key).first()
    )
    data = {
        "kind": kind,
        "occurred_on": occurred_on,
        "title": title[:200],
        "quantity": quantity,
        "evidence": evidence[:300],
    }
    years = {occurred_on.year}
    if entry is None:
        entry = ArchiveEntry(
            deputy_id=deputy_id, source=ArchiveEntry.Source.PORTAL, source_key=key, **data
        )
        model_create(entry, validate=True)
    else:
        years.add(entry.occurred_on.year)
        entry, changed = model_update(instance=entry, fields=list(data), data=data)
        if not changed:
            return entry
    points_refresh_deputies(deputy_ids=[deputy_id], years=years)
    return entry


def entries_drop(*, keys: Iterable[str], deputy_ids: Iterable[int] | None = None) -> int:
    """Remove the entries of these sources (of these deputies only, when given); points follow."""
    qs = ArchiveEntry.objects.select_for_update().filter(
        source=ArchiveEntry.Source.PORTAL, source_key__in=list(keys)
    )
    if deputy_ids is not None:
        qs = qs.filter(deputy_id__in=list(deputy_ids))
    entries = list(qs)
    for entry in entries:
        model_delete(entry)
    if entries:
        points_refresh_deputies(
            deputy_ids={e.deputy_id for e in entries}, years={e.occurred_on.year for e in entries}
        )
    return len(entries)

"""Publishing a quarter's points: frozen rows that later archive edits never change."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import ApplicationError, TransitionError
from congress.models import AuditLog, User
from congress.services import model_create
from evaluation.models import PointsRule, PointsRuleSet, PointsSnapshot, PointsSnapshotRow
from evaluation.performance.engine import points_compute, quarter_end, year_bounds
from evaluation.performance.points import _chunks, _entries_by_deputy, covered_deputies
from representatives.models import Mandate


@transaction.atomic
def points_publish(*, actor: User, rule_set: PointsRuleSet, quarter: int) -> PointsSnapshot:
    """Publish a quarter: the points up to the quarter's end, frozen in snapshot rows."""
    if quarter not in (1, 2, 3, 4):
        raise ApplicationError(_("季度须为1至4。"), fields={"quarter": [_("季度须为1至4。")]})
    if PointsSnapshot.objects.filter(rule_set=rule_set, quarter=quarter).exists():
        raise TransitionError(_("该季度的积分已经公示，公示结果不可更改。"))
    cutoff = quarter_end(rule_set.year, quarter)
    if cutoff >= timezone.localdate():
        message = _("第%(q)d季度尚未结束，结束后才能公示。") % {"q": quarter}
        raise ApplicationError(message, fields={"quarter": [message]})
    snapshot = model_create(
        PointsSnapshot(rule_set=rule_set, quarter=quarter, cutoff=cutoff, published_by=actor)
    )
    deputies = list(covered_deputies(rule_set).select_related("region"))
    groups = _group_names([d.pk for d in deputies])
    rules = list(PointsRule.objects.filter(rule_set=rule_set))
    start = year_bounds(rule_set.year)[0]
    computed = []
    for chunk in _chunks(deputies):
        entries = _entries_by_deputy([d.pk for d in chunk], start, cutoff)
        for deputy in chunk:
            total, breakdown = points_compute(entries.get(deputy.pk, []), rules)
            computed.append((deputy, total, breakdown))
    computed.sort(key=lambda row: (-row[1], row[0].pk))
    rows, rank, previous = [], 0, None
    for position, (deputy, total, breakdown) in enumerate(computed, start=1):
        if total != previous:
            rank, previous = position, total
        rows.append(
            PointsSnapshotRow(
                snapshot=snapshot,
                deputy=deputy,
                deputy_name=deputy.name,
                region_name=deputy.region.name,
                group_name=groups.get(deputy.pk, ""),
                total=total,
                rank=rank,
                breakdown=breakdown,
            )
        )
    PointsSnapshotRow.objects.bulk_create(rows, batch_size=1000)
    audit.record(
        AuditLog.Action.CREATE,
        model="evaluation.PointsSnapshotRow",
        object_pk=snapshot.pk,
        object_repr=f"{snapshot}: {len(rows)} rows",
    )
    return snapshot


def _group_names(deputy_ids: list[int]) -> dict[int, str]:
    names = {}
    for chunk in _chunks(deputy_ids):
        for deputy_id, name in (
            Mandate.objects.filter(
                deputy_id__in=chunk, status=Mandate.Status.SERVING, group__isnull=False
            )
            .order_by("deputy_id", "congress__region_id")
            .values_list("deputy_id", "group__name")
        ):
            names.setdefault(deputy_id, name)
    return names

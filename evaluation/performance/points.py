"""Which deputies a rule set covers, and their stored points, always recomputed from the archive."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, QuerySet

from congress import audit
from congress.models import AuditLog
from evaluation.models import ArchiveEntry, DeputyPoints, PointsRule, PointsRuleSet
from evaluation.performance.engine import points_compute, year_bounds
from representatives.models import Deputy, Mandate


def rule_set_for(*, region_code: str, year: int) -> PointsRuleSet | None:
    """The most specific rule set of the year whose region contains region_code."""
    prefixes = [region_code[:n] for n in (2, 4, 6, 9, 12) if n <= len(region_code)]
    return (
        PointsRuleSet.objects.filter(year=year, region_id__in=prefixes)
        .order_by("-region_id")
        .first()
    )


def covered_deputies(rule_set: PointsRuleSet) -> QuerySet[Deputy]:
    """Deputies of the rule set's region who held a seat during its year, minus those of a
    sub-region that has rules of its own for the year."""
    start, end = year_bounds(rule_set.year)
    seated = Mandate.objects.filter(start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    qs = Deputy.objects.filter(
        region__code__startswith=rule_set.region_id, pk__in=seated.values("deputy_id")
    )
    more_specific = PointsRuleSet.objects.filter(
        year=rule_set.year, region__code__startswith=rule_set.region_id
    ).exclude(pk=rule_set.pk)
    for code in more_specific.values_list("region_id", flat=True):
        qs = qs.exclude(region__code__startswith=code)
    return qs


def _entries_by_deputy(deputy_ids, start: dt.date, end: dt.date) -> dict[int, list[dict]]:
    rows = ArchiveEntry.objects.filter(
        deputy_id__in=deputy_ids, occurred_on__gte=start, occurred_on__lte=end
    ).values("deputy_id", "kind", "quantity", "occurred_on")
    grouped: dict[int, list[dict]] = defaultdict(list)
    for row in rows.iterator(chunk_size=5000):
        grouped[row["deputy_id"]].append(row)
    return grouped


def _chunks(items: list, size: int = 900):
    for i in range(0, len(items), size):
        yield items[i : i + size]


@transaction.atomic
def points_recompute(*, rule_set: PointsRuleSet, deputy_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored points of the rule set's deputies (all, or the ones given)."""
    covered = covered_deputies(rule_set)
    if deputy_ids is not None:
        covered = covered.filter(pk__in=list(deputy_ids))
    ids = list(covered.values_list("pk", flat=True))
    rules = list(PointsRule.objects.filter(rule_set=rule_set))
    start, end = year_bounds(rule_set.year)
    existing = {
        p.deputy_id: p for p in DeputyPoints.objects.filter(rule_set=rule_set, deputy_id__in=ids)
    }
    new, changed = [], []
    for chunk in _chunks(ids):
        entries = _entries_by_deputy(chunk, start, end)
        for deputy_id in chunk:
            total, breakdown = points_compute(entries.get(deputy_id, []), rules)
            row = existing.get(deputy_id)
            if row is None:
                new.append(
                    DeputyPoints(
                        rule_set=rule_set, deputy_id=deputy_id, total=total, breakdown=breakdown
                    )
                )
            elif row.total != total or row.breakdown != breakdown:
                row.total, row.breakdown = total, breakdown
                changed.append(row)
    # Two recomputes of the same deputy may race (two staff entering at once): the later wins.
    DeputyPoints.objects.bulk_create(
        new,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["rule_set", "deputy"],
        update_fields=["total", "breakdown", "computed_at"],
    )
    DeputyPoints.objects.bulk_update(
        changed, ["total", "breakdown", "computed_at"], batch_size=1000
    )
    removed = 0
    if deputy_ids is None:
        stale = DeputyPoints.objects.filter(rule_set=rule_set).exclude(deputy_id__in=ids)
        removed = stale.delete()[0]
    if new or changed or removed:
        audit.record(
            AuditLog.Action.UPDATE,
            model="evaluation.DeputyPoints",
            object_pk=rule_set.pk,
            object_repr=f"{rule_set}: {len(new)} new, {len(changed)} changed, {removed} removed",
        )
    return len(new) + len(changed)


def points_refresh_deputies(*, deputy_ids: Iterable[int], years: Iterable[int]) -> None:
    """After archive changes: recompute the affected deputies under each year's rule set."""
    deputies = list(Deputy.objects.filter(pk__in=set(deputy_ids)).values_list("pk", "region_id"))
    for year in set(years):
        by_set: dict[int, list[int]] = defaultdict(list)
        sets, by_region = {}, {}
        for pk, region_code in deputies:
            if region_code not in by_region:
                by_region[region_code] = rule_set_for(region_code=region_code, year=year)
            rule_set = by_region[region_code]
            if rule_set is not None:
                sets[rule_set.pk] = rule_set
                by_set[rule_set.pk].append(pk)
        for set_pk, ids in by_set.items():
            points_recompute(rule_set=sets[set_pk], deputy_ids=ids)

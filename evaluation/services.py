"""Writes of deputy performance: the archive, points (always computed), publication, reports to voters."""

import datetime as dt
import functools
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import ApplicationError, TransitionError
from congress.models import AuditLog, Region, Role, User
from congress.notifications import notify
from congress.scope import region_prefix
from evaluation import sources
from evaluation.models import (
    ActivityKind,
    ArchiveEntry,
    Aspect,
    ComputedMeasure,
    DeputyPoints,
    EvaluationRound,
    Indicator,
    IndicatorSystem,
    PeriodChoices,
    PointsRule,
    PointsRuleSet,
    PointsSnapshot,
    PointsSnapshotRow,
    RoundTarget,
    Score,
    TargetKind,
    VoterReport,
)
from representatives.models import Deputy, Mandate

ZERO = Decimal("0")


def _validate(instance) -> None:
    """full_clean(), turned into the one 400 shape."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise ApplicationError(
            _("提交的内容有误。"), fields=exc.message_dict if hasattr(exc, "error_dict") else {}
        ) from exc


def _invalid(summary: str, errors: dict) -> ApplicationError:
    """One 400 naming every bad field; the message leads with the first problem."""
    first = next(iter(errors.values()), [""])[0]
    return ApplicationError(f"{summary}{first}", fields=errors)


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def quarter_end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    return dt.date(year + (month == 12), 1 if month == 12 else month + 1, 1) - dt.timedelta(days=1)


# --- Points: the rule, as one pure function -----------------------------------------------------


def _period_key(day: dt.date, period: str) -> tuple:
    if period == PeriodChoices.MONTH:
        return (day.year, day.month)
    if period == PeriodChoices.QUARTER:
        return (day.year, (day.month - 1) // 3 + 1)
    return (day.year,)


def _capped(value: Decimal, cap: Decimal | None) -> Decimal:
    if cap is None or abs(value) <= cap:
        return value
    return cap if value > 0 else -cap


@functools.cache
def _kind_labels(language: str) -> dict[str, str]:
    with translation.override(language or None):
        return {kind: str(label) for kind, label in ActivityKind.choices}


def points_compute(entries: Iterable, rules: Iterable[PointsRule]) -> tuple[Decimal, dict]:
    """Total and per-kind breakdown of a deputy's entries under the rules.

    Each entry earns rule.points × quantity; per kind and per period (month, quarter or year)
    the sum is capped at rule.cap (for deductions, the cap bounds how much is taken off).
    Kinds without a rule are counted but earn nothing."""
    by_kind = {rule.kind: rule for rule in rules}
    counts: Counter = Counter()
    buckets: dict = defaultdict(lambda: ZERO)
    for entry in entries:
        kind, quantity, day = entry["kind"], entry["quantity"], entry["occurred_on"]
        counts[kind] += quantity
        rule = by_kind.get(kind)
        if rule is not None:
            buckets[(kind, _period_key(day, rule.period))] += rule.points * quantity
    per_kind: dict = defaultdict(lambda: ZERO)
    for (kind, _period), value in buckets.items():
        per_kind[kind] += _capped(value, by_kind[kind].cap)
    labels = _kind_labels(translation.get_language() or "")
    breakdown = {
        kind: {
            "label": labels.get(kind, kind),
            "count": count,
            "points": float(per_kind[kind]),
        }
        for kind, count in sorted(counts.items())
    }
    return sum(per_kind.values(), ZERO), breakdown


# --- Which deputies a rule set covers ---------------------------------------------------------


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
    if deputy_ids is None:
        DeputyPoints.objects.filter(rule_set=rule_set).exclude(deputy_id__in=ids).delete()
    if new or changed:
        audit.record(
            AuditLog.Action.UPDATE,
            model="evaluation.DeputyPoints",
            object_pk=rule_set.pk,
            object_repr=f"{rule_set}: {len(new)} new, {len(changed)} changed",
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


# --- Rule sets --------------------------------------------------------------------------------


def _build_rules(rule_set: PointsRuleSet, rules: list[dict]) -> list[PointsRule]:
    built, errors, seen = [], {}, set()
    for i, data in enumerate(rules):
        rule = PointsRule(
            rule_set=rule_set,
            kind=data.get("kind"),
            points=data.get("points"),
            cap=data.get("cap"),
            period=data.get("period") or PeriodChoices.YEAR,
        )
        try:
            rule.full_clean(exclude=["rule_set"], validate_unique=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"rules[{i}].{field}"] = messages
        if rule.kind in seen:
            errors[f"rules[{i}].kind"] = [_("同一履职类别只能设置一条规则。")]
        seen.add(rule.kind)
        built.append(rule)
    if errors:
        raise _invalid(_("积分规则有误。"), errors)
    return built


@transaction.atomic
def points_rule_set_create(
    *,
    actor: User,
    region: Region,
    year: int,
    name: str,
    talk_threshold: Decimal = Decimal("10"),
    rules: list[dict],
) -> PointsRuleSet:
    """Create a region's rules for a year and compute every covered deputy's points."""
    rule_set = PointsRuleSet(region=region, year=year, name=name, talk_threshold=talk_threshold)
    _validate(rule_set)
    built = _build_rules(rule_set, rules)
    rule_set.save()
    for rule in built:
        rule.rule_set = rule_set
        rule.save()
    points_recompute(rule_set=rule_set)
    # The region's deputies now count under these rules, no longer under a wider region's.
    wider = [region.code[:n] for n in (2, 4, 6, 9) if n < len(region.code)]
    for parent in PointsRuleSet.objects.filter(year=year, region_id__in=wider):
        DeputyPoints.objects.filter(
            rule_set=parent, deputy__region__code__startswith=region.code
        ).delete()
    return rule_set


@transaction.atomic
def points_rule_set_update(
    *,
    actor: User,
    rule_set: PointsRuleSet,
    name: str | None = None,
    talk_threshold: Decimal | None = None,
    rules: list[dict] | None = None,
) -> PointsRuleSet:
    """Change the rules; every covered deputy's points are recomputed at once."""
    fields = []
    if name is not None:
        rule_set.name = name
        fields.append("name")
    if talk_threshold is not None:
        rule_set.talk_threshold = talk_threshold
        fields.append("talk_threshold")
    _validate(rule_set)
    built = _build_rules(rule_set, rules) if rules is not None else None
    rule_set.save(update_fields=[*fields, "updated_at"])
    if built is not None:
        for old in PointsRule.objects.filter(rule_set=rule_set):
            old.delete()
        for rule in built:
            rule.save()
    points_recompute(rule_set=rule_set)
    return rule_set


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
    snapshot = PointsSnapshot.objects.create(
        rule_set=rule_set, quarter=quarter, cutoff=cutoff, published_by=actor
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


# --- Archive entries --------------------------------------------------------------------------


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
    _validate(entry)
    entry.save()
    points_refresh_deputies(deputy_ids=[deputy.pk], years=[occurred_on.year])
    return entry


def _require_staff_entry(entry: ArchiveEntry) -> None:
    if entry.source != ArchiveEntry.Source.STAFF:
        raise TransitionError(_("平台汇集和述职生成的记录不能在此修改，请修改其原始记录。"))


@transaction.atomic
def archive_entry_update(*, actor: User, entry: ArchiveEntry, **changes) -> ArchiveEntry:
    _require_staff_entry(entry)
    allowed = {"kind", "occurred_on", "title", "detail", "quantity", "evidence"}
    years = {entry.occurred_on.year}
    for field, value in changes.items():
        if field in allowed:
            setattr(entry, field, value)
    _validate(entry)
    entry.save(update_fields=[f for f in changes if f in allowed] + ["updated_at"])
    years.add(entry.occurred_on.year)
    points_refresh_deputies(deputy_ids=[entry.deputy_id], years=years)
    return entry


@transaction.atomic
def archive_entry_delete(*, actor: User, entry: ArchiveEntry) -> None:
    _require_staff_entry(entry)
    deputy_id, year = entry.deputy_id, entry.occurred_on.year
    entry.delete()
    points_refresh_deputies(deputy_ids=[deputy_id], years=[year])


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
        for item in sources.gathered_activities(deputy_ids=deputy_ids, start=start, end=end)
    }
    have = {
        (e.deputy_id, e.source_key): e
        for e in ArchiveEntry.objects.filter(
            deputy_id__in=deputy_ids,
            source=ArchiveEntry.Source.PORTAL,
            occurred_on__gte=start,
            occurred_on__lte=end,
        ).only("pk", "deputy_id", "source_key", "occurred_on")
    }
    new = [
        ArchiveEntry(source=ArchiveEntry.Source.PORTAL, quantity=1, **item)
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


# --- Reports to voters ------------------------------------------------------------------------


@transaction.atomic
def voter_report_create(
    *,
    actor: User,
    deputy: Deputy,
    reported_on: dt.date,
    audience: str,
    attendance: int,
    content: str = "",
    file=None,
    satisfied: int = 0,
    basically_satisfied: int = 0,
    dissatisfied: int = 0,
) -> VoterReport:
    """Record a report to voters with the voters' rating; it enters the deputy's archive."""
    report = VoterReport(
        deputy=deputy,
        reported_on=reported_on,
        audience=audience,
        attendance=attendance,
        content=content,
        file=file or "",
        satisfied=satisfied,
        basically_satisfied=basically_satisfied,
        dissatisfied=dissatisfied,
        entered_by=actor,
    )
    _validate(report)
    report.save()
    rate = report.satisfaction_rate
    try:
        ArchiveEntry.objects.create(
            deputy=deputy,
            kind=ActivityKind.REPORT_TO_VOTERS,
            occurred_on=reported_on,
            title=_("向%(audience)s述职") % {"audience": audience},
            detail=_("参加%(n)d人；满意%(s)d，基本满意%(b)d，不满意%(d)d（满意率%(rate)s）")
            % {
                "n": attendance,
                "s": satisfied,
                "b": basically_satisfied,
                "d": dissatisfied,
                "rate": f"{rate * 100:.1f}%" if rate is not None else "—",
            },
            source=ArchiveEntry.Source.REPORT,
            source_key=f"report:{report.pk}",
            evidence=_("述职报告"),
        )
    except IntegrityError as exc:  # pragma: no cover - the key is new by construction
        raise TransitionError(_("该述职记录已进入履职档案。")) from exc
    points_refresh_deputies(deputy_ids=[deputy.pk], years=[reported_on.year])
    return report


# --- Indicator systems ------------------------------------------------------------------------


@transaction.atomic
def indicator_system_create(
    *,
    actor: User | None,
    region: Region,
    year: int,
    target_kind: str,
    name: str,
    bonus_cap: Decimal = ZERO,
    description: str = "",
    aspects: list[dict],
) -> IndicatorSystem:
    """Create a whole tree: aspects, each with its indicators. Everything is checked first."""
    system = IndicatorSystem(
        region=region,
        year=year,
        target_kind=target_kind,
        name=name,
        bonus_cap=bonus_cap,
        description=description,
    )
    _validate(system)
    errors, tree = {}, []
    if not aspects:
        errors["aspects"] = [_("指标体系至少要有一个评价方面。")]
    for a, data in enumerate(aspects):
        aspect = Aspect(
            system=system,
            order=a + 1,
            name=data.get("name", ""),
            is_bonus=data.get("is_bonus", False),
        )
        try:
            aspect.full_clean(exclude=["system"], validate_unique=False)
        except ValidationError as exc:
            errors.update({f"aspects[{a}].{k}": v for k, v in exc.message_dict.items()})
        indicators = []
        for i, item in enumerate(data.get("indicators") or []):
            indicator = Indicator(aspect=aspect, order=i + 1, **_indicator_fields(item))
            try:
                indicator.full_clean(exclude=["aspect"], validate_unique=False)
            except ValidationError as exc:
                errors.update(
                    {f"aspects[{a}].indicators[{i}].{k}": v for k, v in exc.message_dict.items()}
                )
            indicators.append(indicator)
        if not indicators:
            errors[f"aspects[{a}].indicators"] = [_("每个评价方面至少要有一项指标。")]
        tree.append((aspect, indicators))
    if errors:
        raise _invalid(_("指标体系有误。"), errors)
    system.save()
    for aspect, indicators in tree:
        aspect.system = system
        aspect.save()
        for indicator in indicators:
            indicator.aspect = aspect
            indicator.save()
    return system


def indicator_system_copy(
    *, actor: User, system: IndicatorSystem, year: int, name: str = ""
) -> IndicatorSystem:
    """Next year's system starts as a copy of this one (宁乡 sets its rules anew every year)."""
    aspects = [
        {
            "name": a.name,
            "is_bonus": a.is_bonus,
            "indicators": [
                {f: getattr(i, f) for f in INDICATOR_FIELDS} for i in a.indicators.order_by("order")
            ],
        }
        for a in system.aspects.order_by("order")
    ]
    return indicator_system_create(
        actor=actor,
        region=system.region,
        year=year,
        target_kind=system.target_kind,
        name=name or system.name.replace(str(system.year), str(year)),
        bonus_cap=system.bonus_cap,
        description=system.description,
        aspects=aspects,
    )


INDICATOR_FIELDS = (
    "name",
    "max_score",
    "weight",
    "scoring_rule",
    "evidence_wanted",
    "evidence_required",
    "method",
    "measure",
    "full_marks_at",
)


def _indicator_fields(item: dict) -> dict:
    fields = {k: item[k] for k in INDICATOR_FIELDS if k in item and item[k] is not None}
    for key in ("max_score", "weight", "full_marks_at"):
        if key in fields:
            fields[key] = Decimal(str(fields[key]))
    return fields


# --- Evaluation rounds ------------------------------------------------------------------------


def _require_open(round_: EvaluationRound) -> None:
    if round_.is_closed:
        raise TransitionError(_("该评价轮次已结束并锁定，不能再修改。"))


def _in_scope(actor: User, code: str) -> bool:
    prefix = region_prefix(actor)
    return prefix is not None and code.startswith(prefix)


@transaction.atomic
def round_open(
    *,
    actor: User,
    system: IndicatorSystem,
    name: str,
    target_codes: list[str],
    evaluator_ids: list[int] | None = None,
) -> EvaluationRound:
    """Open a round for the system's year over a set of regions inside the system's region."""
    # A county may use its city's system: the round is then the county's own.
    prefix = region_prefix(actor) or ""
    below = prefix.startswith(system.region_id) and prefix != system.region_id
    organiser = Region.objects.get(code=prefix) if below else system.region
    errors = {}
    if not (name or "").strip():
        errors["name"] = [_("请填写评价轮次名称。")]
    codes = list(dict.fromkeys(target_codes or []))
    if not codes:
        errors["target_codes"] = [_("请至少选择一个评价对象。")]
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    wrong = [
        c
        for c in codes
        if c not in regions
        or not c.startswith(organiser.code)
        or c == organiser.code
        or not _in_scope(actor, c)
        or (
            system.target_kind != TargetKind.HANDLING_UNIT
            and regions[c].level != Region.Level.TOWNSHIP
        )
    ]
    if wrong:
        errors["target_codes"] = [
            _("以下区划不在本指标体系的范围内：%(codes)s") % {"codes": "、".join(wrong)}
        ]
    if errors:
        raise _invalid(_("评价轮次有误。"), errors)
    round_ = EvaluationRound(
        system=system, region=organiser, year=system.year, name=name.strip(), opened_by=actor
    )
    _validate(round_)
    round_.save()
    RoundTarget.objects.bulk_create([RoundTarget(round=round_, region_id=c) for c in codes])
    audit.record(
        AuditLog.Action.CREATE,
        model="evaluation.RoundTarget",
        object_pk=round_.pk,
        object_repr=f"{round_}: {len(codes)} targets",
    )
    # The organiser reviews unless others are named.
    round_assign_evaluators(actor=actor, round_=round_, user_ids=evaluator_ids or [actor.pk])
    notify(
        recipients=User.objects.filter(role=Role.STAFF, region_id__in=codes, is_active=True),
        title=_("请开展%(name)s自评") % {"name": round_.name},
        body=_("请对照指标体系逐项自评并附佐证材料。"),
        link=reverse("evaluation-round", args=[round_.pk]),
        kind="evaluation_round",
    )
    return round_


@transaction.atomic
def round_assign_evaluators(
    *, actor: User, round_: EvaluationRound, user_ids: list[int]
) -> EvaluationRound:
    """Set who reviews: staff of the round's region (or above it)."""
    _require_open(round_)
    users = list(User.objects.filter(pk__in=user_ids, is_active=True))
    eligible = [
        u
        for u in users
        if u.is_admin
        or (u.role == Role.STAFF and u.region_id and round_.region_id.startswith(u.region_id))
    ]
    if len(eligible) != len(set(user_ids)):
        raise ApplicationError(
            _("评价人须为本级或上级人大机关工作人员。"),
            fields={"evaluator_ids": [_("评价人须为本级或上级人大机关工作人员。")]},
        )
    before = set(round_.evaluators.values_list("pk", flat=True))
    round_.evaluators.set(eligible)
    notify(
        recipients=[u for u in eligible if u.pk not in before and u.pk != actor.pk],
        title=_("您被指定为%(name)s的评价人") % {"name": round_.name},
        link=reverse("evaluation-round", args=[round_.pk]),
        kind="evaluation_round",
    )
    audit.record(
        AuditLog.Action.UPDATE,
        model="evaluation.EvaluationRound",
        object_pk=round_.pk,
        object_repr=str(round_),
        after={"evaluators": sorted(u.pk for u in eligible)},
    )
    return round_


def is_evaluator(user: User, round_: EvaluationRound) -> bool:
    return user.is_admin or round_.evaluators.filter(pk=user.pk).exists()


@transaction.atomic
def score_submit(
    *,
    actor: User,
    target: RoundTarget,
    indicator: Indicator,
    stage: str,
    value: Decimal,
    reason: str = "",
    evidence: str = "",
    evidence_file=None,
) -> Score:
    """Score one indicator of one target by hand (self-assessment or review)."""
    round_ = EvaluationRound.objects.select_for_update().get(pk=target.round_id)
    _require_open(round_)
    if indicator.aspect.system_id != round_.system_id:
        raise ApplicationError(
            _("该指标不属于本轮评价的指标体系。"),
            fields={"indicator": [_("该指标不属于本轮评价的指标体系。")]},
        )
    if stage not in Score.Stage.values:
        raise ApplicationError(
            _("评分环节有误。"), fields={"stage": [_("评分环节须为自评或评审。")]}
        )
    if stage == Score.Stage.REVIEW and not is_evaluator(actor, round_):
        raise ApplicationError(
            _("您不是本轮评价的评价人，不能评审打分。"), code="not_evaluator", status=403
        )
    errors = {}
    if indicator.method == Indicator.Method.COMPUTED:
        errors["indicator"] = [_("该指标由平台数据自动计算，不能手工评分。")]
    value = Decimal(str(value))
    if value < 0:
        errors["value"] = [_("得分不能为负数。")]
    elif value > indicator.max_score:
        errors["value"] = [
            _("得分不能超过该指标满分%(max)s分。") % {"max": _fmt(indicator.max_score)}
        ]
    if indicator.evidence_required and not (evidence or "").strip() and not evidence_file:
        errors["evidence"] = [_("该指标须提供佐证材料：%(w)s") % {"w": indicator.evidence_wanted}]
    if not (reason or "").strip():
        errors["reason"] = [_("请填写评分理由。")]
    if not errors and indicator.aspect.is_bonus:
        others = Score.objects.filter(
            target=target, stage=stage, indicator__aspect__is_bonus=True
        ).exclude(indicator=indicator)
        if sum((s.value for s in others), ZERO) + value > round_.system.bonus_cap:
            errors["value"] = [
                _("创新加分合计不能超过%(cap)s分。") % {"cap": _fmt(round_.system.bonus_cap)}
            ]
    if errors:
        raise _invalid(_("评分有误。"), errors)
    score = Score.objects.filter(target=target, indicator=indicator, stage=stage).first()
    if score is None:
        score = Score(target=target, indicator=indicator, stage=stage)
    score.value, score.reason, score.evidence = value, reason.strip(), evidence.strip()
    score.is_computed, score.measured, score.scored_by = False, None, actor
    if evidence_file:
        score.evidence_file = evidence_file
    _validate(score)
    score.save()
    round_totals(round_=round_)
    return score


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


@transaction.atomic
def round_compute(*, actor: User | None, round_: EvaluationRound) -> int:
    """Fill the computed indicators of every target from the portal's own data."""
    round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    _require_open(round_)
    indicators = list(
        Indicator.objects.filter(
            aspect__system=round_.system, method=Indicator.Method.COMPUTED
        ).select_related("aspect")
    )
    targets = list(round_.targets.all())
    existing = {
        (s.target_id, s.indicator_id): s
        for s in Score.objects.filter(
            target__round=round_, stage=Score.Stage.REVIEW, indicator__in=indicators
        )
    }
    new, changed = [], []
    for indicator in indicators:
        values = sources.measure_many(
            indicator.measure, region_codes=[t.region_id for t in targets], year=round_.year
        )
        for target in targets:
            measured = values.get(target.region_id)
            if measured is None:
                continue
            value = computed_score(indicator, measured)
            score = existing.get((target.pk, indicator.pk))
            reason = _("平台数据：%(m)s") % {"m": ComputedMeasure(indicator.measure).label}
            if score is None:
                new.append(
                    Score(
                        target=target,
                        indicator=indicator,
                        stage=Score.Stage.REVIEW,
                        value=value,
                        measured=measured,
                        is_computed=True,
                        reason=reason,
                        scored_by=actor,
                    )
                )
            elif score.value != value or score.measured != measured:
                score.value, score.measured, score.scored_by = value, measured, actor
                changed.append(score)
    Score.objects.bulk_create(new)
    Score.objects.bulk_update(changed, ["value", "measured", "scored_by", "scored_at"])
    audit.record(
        AuditLog.Action.UPDATE,
        model="evaluation.Score",
        object_pk=round_.pk,
        object_repr=f"{round_}: computed {len(new)} new, {len(changed)} changed",
    )
    round_totals(round_=round_)
    return len(new) + len(changed)


def computed_score(indicator: Indicator, measured: Decimal) -> Decimal:
    """Full marks at or above full_marks_at, in proportion below it."""
    ratio = min(Decimal(1), max(ZERO, Decimal(measured) / indicator.full_marks_at))
    return (indicator.max_score * ratio).quantize(Decimal("0.01"))


def round_totals(*, round_: EvaluationRound) -> None:
    """Totals (weighted, bonus capped) and competition ranks of every target of the round."""
    cap = round_.system.bonus_cap
    sums: dict = defaultdict(
        lambda: {"self": ZERO, "review": ZERO, "self_bonus": ZERO, "bonus": ZERO}
    )
    for target_id, stage, value, weight, is_bonus in Score.objects.filter(
        target__round=round_
    ).values_list(
        "target_id", "stage", "value", "indicator__weight", "indicator__aspect__is_bonus"
    ):
        key = ("self_bonus" if stage == Score.Stage.SELF else "bonus") if is_bonus else stage
        sums[target_id][key] += value * weight
    targets = list(round_.targets.all())
    for target in targets:
        s = sums[target.pk]
        target.self_total = (s["self"] + min(s["self_bonus"], cap)).quantize(Decimal("0.01"))
        target.review_total = s["review"].quantize(Decimal("0.01"))
        target.bonus = min(s["bonus"], cap).quantize(Decimal("0.01"))
        target.final_total = target.review_total + target.bonus
    targets.sort(key=lambda t: (-t.final_total, t.region_id))
    rank, previous = 0, None
    for position, target in enumerate(targets, start=1):
        if target.final_total != previous:
            rank, previous = position, target.final_total
        target.rank = rank
    RoundTarget.objects.bulk_update(
        targets, ["self_total", "review_total", "bonus", "final_total", "rank"]
    )


@transaction.atomic
def round_close(*, actor: User, round_: EvaluationRound) -> EvaluationRound:
    """Compute what the portal measures one last time, rank, and lock the round for good."""
    round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    _require_open(round_)
    round_compute(actor=actor, round_=round_)
    round_.status = EvaluationRound.Status.CLOSED
    round_.closed_at = timezone.now()
    round_.save(update_fields=["status", "closed_at"])
    return round_

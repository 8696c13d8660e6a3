"""Reminders that a round's periods are closing (issue 14 item 16): self-assessment due to the
targets that have not self-assessed, scoring due to the evaluators while targets are unscored,
and the round's end to its organiser; each 7, 3 and 1 days before and on the day, once per
threshold through the core's once-only ledger (a moved date is a new threshold, so it is
reminded again). Rounds are few, so this reads them in a handful of queries."""

import logging
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Role, User
from congress.notifications import Once, notify_once_many
from evaluation.models import EvaluationRound, RoundTarget, Score

log = logging.getLogger(__name__)

THRESHOLDS = (0, 1, 3, 7)  # days before the date (0: on the day)


def threshold(due: date | None, today: date) -> str | None:
    """The threshold a date is at today ("<date>/3d": 2 or 3 days left), None when not near."""
    if due is None or due < today or due > today + timedelta(days=max(THRESHOLDS)):
        return None
    left = (due - today).days
    return f"{due}/{min(t for t in THRESHOLDS if t >= left)}d"


def _link(round_id: int) -> str:
    return f"/evaluation/rounds/{round_id}/"


def _when(due: date, today: date) -> str:
    left = (due - today).days
    return _("今天") if left == 0 else _("还有%(d)d天") % {"d": left}


def _open_rounds(today: date):
    near = today + timedelta(days=max(THRESHOLDS))
    return EvaluationRound.objects.filter(status=EvaluationRound.Status.OPEN).filter(
        Q(self_due__range=(today, near))
        | Q(review_due__range=(today, near))
        | Q(closes_on__range=(today, near))
    )


def _staff_by_region(regions) -> dict[str, list[int]]:
    out = defaultdict(list)
    for region_id, pk in User.objects.filter(
        is_active=True, role=Role.STAFF, region_id__in=set(regions)
    ).values_list("region_id", "pk"):
        out[region_id].append(pk)
    return out


def self_due_messages(today: date) -> Iterator[Once]:
    """To each target that has not self-assessed yet: its region's staff, or its unit's users."""
    rounds = {r.pk: r for r in _open_rounds(today) if threshold(r.self_due, today)}
    targets = list(
        RoundTarget.objects.filter(round_id__in=rounds)
        .annotate(selfs=Count("scores", filter=Q(scores__stage=Score.Stage.SELF)))
        .filter(selfs=0)
        .values("pk", "round_id", "region_id", "handling_unit_id")
    )
    staff = _staff_by_region(t["region_id"] for t in targets if not t["handling_unit_id"])
    units = defaultdict(list)
    for unit_id, pk in User.objects.filter(
        is_active=True,
        role=Role.HANDLING_UNIT,
        handling_unit_id__in={t["handling_unit_id"] for t in targets if t["handling_unit_id"]},
    ).values_list("handling_unit_id", "pk"):
        units[unit_id].append(pk)
    for t in targets:
        r = rounds[t["round_id"]]
        who = units[t["handling_unit_id"]] if t["handling_unit_id"] else staff[t["region_id"]]
        yield Once(
            f"evaluation.roundtarget:{t['pk']}",
            threshold(r.self_due, today),
            who,
            _("自评截止%(when)s：%(name)s") % {"when": _when(r.self_due, today), "name": r.name},
            _("自评截止日期 %(due)s，请按指标填报自评得分和佐证材料。") % {"due": r.self_due},
            _link(r.pk),
        )


def review_due_messages(today: date) -> Iterator[Once]:
    """To the evaluators of a round that still has targets without any review score."""
    rounds = [r for r in _open_rounds(today) if threshold(r.review_due, today)]
    unscored = dict(
        RoundTarget.objects.filter(round__in=rounds)
        .annotate(reviews=Count("scores", filter=Q(scores__stage=Score.Stage.REVIEW)))
        .filter(reviews=0)
        .values("round_id")
        .annotate(n=Count("pk"))
        .values_list("round_id", "n")
    )
    evaluators = defaultdict(list)
    for round_id, pk in EvaluationRound.evaluators.through.objects.filter(
        evaluationround_id__in=unscored
    ).values_list("evaluationround_id", "user_id"):
        evaluators[round_id].append(pk)
    for r in rounds:
        if r.pk in unscored:
            yield Once(
                f"evaluation.round:{r.pk}",
                threshold(r.review_due, today),
                evaluators[r.pk],
                _("评分截止%(when)s：%(name)s")
                % {"when": _when(r.review_due, today), "name": r.name},
                _("评分截止日期 %(due)s，尚有%(n)d个评价对象未评分。")
                % {"due": r.review_due, "n": unscored[r.pk]},
                _link(r.pk),
            )


def closing_messages(today: date) -> Iterator[Once]:
    """To the organiser: the staff of the organising region and whoever opened the round."""
    rounds = [r for r in _open_rounds(today) if threshold(r.closes_on, today)]
    staff = _staff_by_region(r.region_id for r in rounds)
    for r in rounds:
        yield Once(
            f"evaluation.round:{r.pk}",
            threshold(r.closes_on, today),
            [*staff[r.region_id], *([r.opened_by_id] if r.opened_by_id else [])],
            _("评价即将结束%(when)s：%(name)s")
            % {"when": _when(r.closes_on, today), "name": r.name},
            _("评价结束日期 %(due)s，请在此前完成自动指标计算并结束评价。") % {"due": r.closes_on},
            _link(r.pk),
        )


KINDS = [
    ("self_due", "evaluation.self_due", self_due_messages),
    ("review_due", "evaluation.review_due", review_due_messages),
    ("closing", "evaluation.closing", closing_messages),
]


def sweep(today: date | None = None) -> dict[str, int]:
    """Every kind once; returns how many reminders of each this run sent."""
    today = today or timezone.localdate()
    counts = {name: notify_once_many(make(today), kind=kind) for name, kind, make in KINDS}
    log.info("evaluation reminder sweep %s: %s", today, counts)
    return counts

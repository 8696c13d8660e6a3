"""Closing and counting: by staff or by the beat sweep (compare-and-swap, so one of two
closers counts), the fixed results with rates, ranks, follow-up flags and the elected
projects, and the reminder to those who have not voted. Closing is the "close" row of
ballots/workflow.py; its lock and check are one compare-and-swap UPDATE (`_claim_close`)."""

import logging
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext as _

from ballots import workflow
from ballots.models import (
    Answer,
    Ballot,
    ItemResult,
    Participation,
    Tally,
)
from ballots.services.electorate import non_voters
from ballots.services.projects import mark_elected
from congress import audit
from congress.errors import TransitionError
from congress.models import AuditLog, Role, User
from congress.notifications import notify, notify_once
from congress.queue import run_after_commit

log = logging.getLogger(__name__)


FOUR_PLACES = Decimal("0.0001")


def _claim_close(ballot_id: int, *, due_by: datetime | None = None) -> bool:
    """Compare-and-swap open → closed: of two workers (or a worker and a member of staff) only
    the one whose UPDATE matched a still-open row goes on to count. The UPDATE waits for a vote
    holding the ballot's row lock, so that vote is either counted or refused as too late."""
    now = timezone.now()
    rows = Ballot.objects.filter(pk=ballot_id, status=Ballot.Status.OPEN)
    if due_by is not None:
        rows = rows.filter(closes_at__lte=due_by)
    return bool(
        rows.update(
            status=Ballot.Status.CLOSED,
            closed_at=now,
            closes_at=Least(F("closes_at"), Value(now)),
        )
    )


@transaction.atomic
def ballot_close(*, actor: User, ballot: Ballot) -> Ballot:
    """Close and count now (staff at the session), before the closing time if need be."""
    row = workflow.check_actor(ballot, "close", workflow.ballot_roles(ballot, actor))
    if not _claim_close(ballot.pk):  # the lock and the status check in one UPDATE
        raise TransitionError(str(row.refused))
    return _publish_results(ballot.pk, actor=actor)


def _publish_results(ballot_id: int, *, actor: User | None) -> Ballot:
    """Fix each item's result (rates, rank, follow-up flag, the elected projects), compare with
    last year, and tell staff the results are ready and flagged units to follow up."""
    ballot = Ballot.objects.select_related("congress").get(pk=ballot_id)
    audit.record(
        AuditLog.Action.UPDATE,
        model="ballots.Ballot",
        object_pk=ballot.pk,
        object_repr=ballot.title,
        before={"status": Ballot.Status.OPEN},
        after={
            "status": ballot.status,
            "closed_at": ballot.closed_at.isoformat(),
            "closes_at": ballot.closes_at.isoformat(),
            "closed_by": "staff" if actor else "schedule",
        },
    )
    results = _count(ballot)
    ItemResult.objects.bulk_create(results)
    audit.record(
        AuditLog.Action.UPDATE,
        model="ballots.ItemResult",
        object_pk=ballot.pk,
        object_repr=f"{ballot.title}：计票结果",
        after=[{"item": r.item_id, "counts": r.counts, "rank": r.rank} for r in results],
    )
    if ballot.is_approval:
        mark_elected(results)
    _notify_flagged(ballot, results)
    _notify_results_ready(ballot, actor=actor)
    if connection.vendor == "postgresql":
        run_after_commit(_vacuum_tallies)
    return ballot


def _notify_results_ready(ballot: Ballot, *, actor: User | None) -> None:
    """Staff of the ballot's region (and whoever set it up) learn that the results are fixed;
    the member of staff who closed it by hand already sees them."""
    staff = User.objects.filter(
        Q(role=Role.STAFF, region_id=ballot.congress.region_id) | Q(pk=ballot.created_by_id),
        is_active=True,
    )
    if actor is not None:
        staff = staff.exclude(pk=actor.pk)
    cast = ballot.participations.filter(channel=Participation.Channel.ELECTRONIC).count()
    notify(
        recipients=list(staff),
        title=_("测评结果已产生：%(title)s") % {"title": ballot.title},
        body=_(
            "“%(title)s”已结束投票并完成计票（参与 %(cast)s / %(size)s 人），结果已固定，可以查看。"
        )
        % {
            "title": ballot.title,
            "cast": cast + ballot.paper_papers + ballot.citizen_votes,
            "size": ballot.electorate_size,
        },
        link=f"/ballots/{ballot.pk}/",
        kind="ballot_results",
    )


# --- the schedule: closing on time and reminding those who have not voted ----------------------

REMIND_WITHIN = timedelta(hours=24)


def ballots_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """What celery beat runs (tasks.sweep_ballots): close and count every open ballot past its
    closing time, and remind, once, the voters of a ballot closing within 24 hours who have not
    voted. Idempotent and safe with two workers at once: closing is a compare-and-swap on the
    status, the reminder is claimed in the notify_once ledger."""
    now = now or timezone.now()
    due = Ballot.objects.filter(status=Ballot.Status.OPEN, closes_at__lte=now)
    closed = 0
    for pk in due.values_list("pk", flat=True):
        try:
            closed += _close_due(pk, now=now)
        except Exception:  # one broken ballot must not keep the others open; it is retried next run
            log.exception("could not close and count ballot %s", pk)
    soon = Ballot.objects.filter(
        status=Ballot.Status.OPEN,
        opens_at__lte=now,
        closes_at__gt=now,
        closes_at__lte=now + REMIND_WITHIN,
    )
    reminded = sum(_remind_voters(ballot) for ballot in soon)
    return {"closed": closed, "reminded": reminded}


@transaction.atomic
def _close_due(ballot_id: int, *, now: datetime) -> bool:
    if not _claim_close(ballot_id, due_by=now):
        return False  # another worker (or staff) closed it first
    _publish_results(ballot_id, actor=None)
    return True


def _remind_voters(ballot: Ballot) -> bool:
    recipients = list(non_voters(ballot))
    if not recipients:
        return False
    closes = timezone.localtime(ballot.closes_at).strftime("%m月%d日 %H:%M")
    return notify_once(
        key_object=ballot,
        kind="vote_reminder",
        threshold="24h",
        recipients=recipients,
        title=_("请在%(at)s前完成投票：%(title)s") % {"at": closes, "title": ballot.title},
        body=_("“%(title)s”将于 %(at)s 截止，您尚未投票。请登录平台，在“我的投票”中完成投票。")
        % {"title": ballot.title, "at": closes},
        link=f"/ballots/vote/{ballot.pk}/",
        sms=True,
    )


def _vacuum_tallies() -> None:
    """Drop superseded counter versions so old row versions cannot be diffed (best effort)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {Tally._meta.db_table}")
    except Exception:  # noqa: BLE001 - autovacuum does the same later; never fail a close
        pass


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(FOUR_PLACES, ROUND_HALF_UP)


def _count(ballot: Ballot) -> list[ItemResult]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for t in Tally.objects.filter(ballot=ballot):
        counts[t.item_id][t.answer] = t.electronic + t.paper
    items = list(ballot.items.all())
    cast = (
        ballot.participations.filter(channel="electronic").count()
        + ballot.paper_papers
        + ballot.citizen_votes
    )
    previous = _previous_results(ballot)
    results = []
    for item in items:
        c = counts.get(item.id, {})
        if ballot.is_approval:
            valid = cast
            r = ItemResult(ballot=ballot, item=item, counts=c, valid=valid, rank=0)
        else:
            valid = sum(c.values())
            r = ItemResult(
                ballot=ballot,
                item=item,
                counts=c,
                valid=valid,
                rank=0,
                satisfaction_rate=_rate(c.get(Answer.SATISFIED, 0) + c.get(Answer.BASIC, 0), valid),
                dissatisfied_rate=_rate(c.get(Answer.DISSATISFIED, 0), valid),
            )
            r.flagged = (
                r.dissatisfied_rate is not None and r.dissatisfied_rate > ballot.flag_threshold
            )
        prev = previous.get(item.subject_key)
        if prev is not None:
            r.previous_rate, r.previous_rank = prev.satisfaction_rate, prev.rank
        results.append(r)
    _rank(ballot, results)
    return results


def _rank(ballot: Ballot, results: list[ItemResult]) -> None:
    if ballot.is_approval:
        # The stated tie rule: equal approvals → the lower list number (item order) goes first.
        ordered = sorted(results, key=lambda r: (-r.counts.get(Answer.APPROVE, 0), r.item.order))
        for position, r in enumerate(ordered, start=1):
            r.rank = position
            r.elected = position <= ballot.choose_max and r.counts.get(Answer.APPROVE, 0) > 0
        return

    def key(r):
        satisfied = _rate(r.counts.get(Answer.SATISFIED, 0), r.valid) or Decimal(0)
        return (-(r.satisfaction_rate or Decimal(0)), -satisfied)

    ordered = sorted(results, key=lambda r: (*key(r), r.item.order))
    for position, r in enumerate(ordered, start=1):
        same = position > 1 and key(ordered[position - 2]) == key(r)
        r.rank = ordered[position - 2].rank if same else position


def _previous_results(ballot: Ballot) -> dict[str, ItemResult]:
    if not ballot.compare_with_id:
        return {}
    rows = ItemResult.objects.filter(ballot_id=ballot.compare_with_id).select_related("item")
    return {r.item.subject_key: r for r in rows}


def _notify_flagged(ballot: Ballot, results: list[ItemResult]) -> None:
    unit_ids = [r.item.handling_unit_id for r in results if r.flagged and r.item.handling_unit_id]
    if not unit_ids:
        return
    notify(
        recipients=User.objects.filter(handling_unit_id__in=unit_ids, is_active=True),
        title=_("满意度测评结果：不满意率超过预警线"),
        body=_("贵单位在“%(title)s”中不满意率超过 %(pct)s%%，已列入跟踪督办，请认真整改。")
        % {"title": ballot.title, "pct": int(ballot.flag_threshold * 100)},
        kind="ballot_flagged",
    )

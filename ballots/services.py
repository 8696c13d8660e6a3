"""Writes of the ballots app: set up, open, vote, enter paper totals, close and count; and the
livelihood projects from candidate to year-end report. See models.py for how anonymity holds."""

import logging
import secrets
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext as _

from ballots.models import (
    Answer,
    AppointedOfficial,
    Ballot,
    BallotItem,
    CommitteeMeeting,
    ItemResult,
    LivelihoodProject,
    NamedVote,
    OfficialReport,
    PaperEntry,
    Participation,
    ProjectMilestone,
    ProjectReport,
    Tally,
)
from congress import audit
from congress.errors import ApplicationError, TransitionError
from congress.models import AuditLog, Congress, HandlingUnit, Role, User
from congress.notifications import notify, notify_once
from congress.queue import run_after_commit
from representatives.models import Deputy, Mandate

FOUR_PLACES = Decimal("0.0001")
log = logging.getLogger(__name__)


# --- the electorate ---------------------------------------------------------------------------


def electorate(ballot: Ballot):
    """The deputies who may vote: serving deputies of the ballot's congress and term, or the
    active standing-committee members of the term."""
    if ballot.electorate == Ballot.Electorate.COMMITTEE:
        return Deputy.objects.filter(
            committee_seats__term_id=ballot.term_id, committee_seats__is_active=True
        )
    return Deputy.objects.filter(
        mandates__congress_id=ballot.congress_id,
        mandates__term_id=ballot.term_id,
        mandates__status=Mandate.Status.SERVING,
    )


def in_electorate(ballot: Ballot, deputy: Deputy) -> bool:
    return electorate(ballot).filter(pk=deputy.pk).exists()


def voter_of(user: User) -> Deputy:
    deputy = getattr(user, "deputy", None) if user.role == Role.DEPUTY else None
    if deputy is None:
        raise ApplicationError(
            _("您的账号尚未关联人大代表信息，无法投票，请联系人大机关工作人员。"),
            code="no_deputy",
            status=403,
        )
    return deputy


# --- setting up -------------------------------------------------------------------------------


def _item_from(spec: dict, *, ballot: Ballot, order: int) -> BallotItem:
    unit, official, report, project = (
        spec.get("handling_unit"),
        spec.get("official"),
        spec.get("report"),
        spec.get("project"),
    )
    if report is not None and official is None:
        official = report.official
    title = spec.get("title") or str(unit or official or project or "")
    return BallotItem(
        ballot=ballot,
        order=order,
        title=title[:150],
        handling_unit=unit,
        official=official,
        report=report,
        project=project,
    )


def _check_items(kind: str, items: list[dict], choose_max: int | None, region_code: str) -> None:
    if not items:
        raise ApplicationError(_("请至少添加一个测评对象。"), fields={"items": [_("不能为空。")]})
    need = {
        Ballot.Kind.UNIT_RATING: "handling_unit",
        Ballot.Kind.OFFICIAL_RATING: "official",
        Ballot.Kind.PROJECT_VOTE: "project",
        Ballot.Kind.PROJECT_RATING: "project",
    }[kind]
    for spec in items:
        subject = spec.get(need) or (spec.get("report") and need == "official")
        if not subject:
            raise ApplicationError(
                _("测评对象与测评类别不符。"), fields={"items": [_("测评对象与测评类别不符。")]}
            )
        region = _subject_region(spec)
        if region is not None and not region.startswith(region_code):
            raise ApplicationError(
                _("测评对象不属于本级。"), fields={"items": [_("测评对象不属于本级。")]}
            )
    keys = [_subject_key(spec) for spec in items]
    if len(set(keys)) != len(keys):
        raise ApplicationError(_("测评对象重复。"), fields={"items": [_("测评对象重复。")]})
    if kind == Ballot.Kind.PROJECT_VOTE:
        if not choose_max or choose_max >= len(items):
            raise ApplicationError(
                _("差额票决的候选项目数须多于应选数。"),
                fields={"choose_max": [_("应选数须小于候选项目数（差额）。")]},
            )
        if any(s["project"].status != LivelihoodProject.Status.SHORTLISTED for s in items):
            raise ApplicationError(
                _("只有入围的候选项目可以提交票决。"),
                fields={"items": [_("只有入围的候选项目可以提交票决。")]},
            )
    if kind == Ballot.Kind.PROJECT_RATING and any(
        s["project"].status
        not in (LivelihoodProject.Status.ELECTED, LivelihoodProject.Status.COMPLETED)
        for s in items
    ):
        raise ApplicationError(
            _("只有票决当选的项目可以进行满意度测评。"),
            fields={"items": [_("只有票决当选的项目可以进行满意度测评。")]},
        )


def _subject_key(spec: dict) -> tuple:
    """What an item is about; a report stands for its official (two reports of one official
    in one ballot are the same subject)."""
    official = spec.get("official") or (spec.get("report") and spec["report"].official)
    return tuple(x and x.pk for x in (spec.get("handling_unit"), official, spec.get("project")))


def _subject_region(spec: dict) -> str | None:
    if spec.get("handling_unit"):
        return spec["handling_unit"].region_id
    official = spec.get("official") or (spec.get("report") and spec["report"].official)
    if official:
        return official.region_id
    if spec.get("project"):
        return spec["project"].congress.region_id
    return None


@transaction.atomic
def ballot_create(
    *,
    actor: User,
    congress: Congress,
    kind: str,
    title: str,
    year: int,
    opens_at: datetime,
    closes_at: datetime,
    items: list[dict],
    session=None,
    committee_meeting: CommitteeMeeting | None = None,
    electorate_kind: str = Ballot.Electorate.DEPUTIES,
    anonymous: bool = True,
    choose_max: int | None = None,
    flag_threshold: Decimal | None = None,
    compare_with: Ballot | None = None,
) -> Ballot:
    """A draft ballot with its items; nothing can be voted until it is opened."""
    term = (
        session.term
        if session
        else committee_meeting.term
        if committee_meeting
        else congress.terms.order_by("-number").first()
    )
    if term is None:
        raise ApplicationError(_("该人大尚无届次。"), fields={"congress": [_("该人大尚无届次。")]})
    ballot = Ballot(
        congress=congress,
        term=term,
        session=session,
        committee_meeting=committee_meeting,
        kind=kind,
        title=title,
        year=year,
        electorate=electorate_kind,
        anonymous=anonymous,
        opens_at=opens_at,
        closes_at=closes_at,
        choose_max=choose_max if kind == Ballot.Kind.PROJECT_VOTE else None,
        compare_with=compare_with,
        created_by=actor,
    )
    if flag_threshold is not None:
        ballot.flag_threshold = flag_threshold
    _check_ballot(ballot, items)
    ballot.save()
    _save_items(ballot, items)
    return ballot


def _check_ballot(ballot: Ballot, items: list[dict]) -> None:
    """Everything a draft must satisfy, checked before anything is written."""
    ballot.full_clean()
    _check_items(ballot.kind, items, ballot.choose_max, ballot.congress.region_id)
    compare_with = ballot.compare_with
    if compare_with is not None and (
        compare_with.kind != ballot.kind
        or compare_with.congress_id != ballot.congress_id
        or compare_with.pk == ballot.pk
    ):
        raise ApplicationError(
            _("对比的测评须为同一人大的同类测评。"),
            fields={"compare_with": [_("对比的测评须为同一人大的同类测评。")]},
        )


def _save_items(ballot: Ballot, items: list[dict]) -> None:
    for order, spec in enumerate(items, start=1):
        item = _item_from(spec, ballot=ballot, order=order)
        item.full_clean(exclude=["ballot"])
        item.save()


def _spec_of(item: BallotItem) -> dict:
    return {
        "handling_unit": item.handling_unit,
        "official": item.official,
        "report": item.report,
        "project": item.project,
        "title": item.title,
    }


EDITABLE_FIELDS = frozenset(
    {
        "kind",
        "title",
        "year",
        "session",
        "committee_meeting",
        "electorate",
        "anonymous",
        "opens_at",
        "closes_at",
        "choose_max",
        "flag_threshold",
        "compare_with",
    }
)


def check_editable(ballot: Ballot) -> None:
    if ballot.status != Ballot.Status.DRAFT:
        raise TransitionError(_("测评已经发布，不能再修改；只有草稿状态的测评可以修改。"))


@transaction.atomic
def ballot_update(
    *, actor: User, ballot: Ballot, items: list[dict] | None = None, **changes: Any
) -> Ballot:
    """Edit a draft (title, kind and so its answers, times, electorate, items...). Once opened a
    ballot never changes: 409. Everything is validated before anything is written, so bad
    input stores nothing; `items`, when given, replace the draft's items."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ApplicationError(
            _("不能修改这些内容。"), fields={k: [_("不能修改此项。")] for k in sorted(unknown)}
        )
    ballot = _locked(ballot)
    check_editable(ballot)
    for field, value in changes.items():
        setattr(ballot, field, value)
    if "session" in changes or "committee_meeting" in changes:
        term = (
            ballot.session.term
            if ballot.session
            else ballot.committee_meeting.term
            if ballot.committee_meeting
            else ballot.congress.terms.order_by("-number").first()
        )
        ballot.term = term or ballot.term
    if ballot.kind != Ballot.Kind.PROJECT_VOTE:
        ballot.choose_max = None
    specs = (
        items
        if items is not None
        else [
            _spec_of(i)
            for i in ballot.items.select_related("handling_unit", "official", "report", "project")
        ]
    )
    _check_ballot(ballot, specs)
    ballot.save()
    if items is not None:
        ballot.items.all().delete()
        _save_items(ballot, items)
    return ballot


def _locked(ballot: Ballot) -> Ballot:
    """The ballot row locked for this transaction: votes, paper entry and closing queue on it,
    so a vote in flight is either counted before the close or refused after it."""
    return Ballot.objects.select_for_update().get(pk=ballot.pk)


@transaction.atomic
def ballot_open(*, actor: User, ballot: Ballot) -> Ballot:
    """Publish a draft: fix the electorate's size and create every counter up front (a counter
    created at the first vote for an answer would tell when that answer was first given)."""
    ballot = _locked(ballot)
    if ballot.status != Ballot.Status.DRAFT:
        raise TransitionError(_("只有草稿状态的测评可以发布。"))
    size = electorate(ballot).distinct().count()
    if size == 0:
        raise ApplicationError(_("该测评没有投票人（本届暂无在任代表或常委会组成人员）。"))
    items = list(ballot.items.all())
    tallies = [Tally(ballot=ballot, item=i, answer=a) for i in items for a in ballot.answers]
    Tally.objects.bulk_create(tallies)
    ballot.status, ballot.opened_at, ballot.electorate_size = (
        Ballot.Status.OPEN,
        timezone.now(),
        size,
    )
    ballot.save(update_fields=["status", "opened_at", "electorate_size"])
    return ballot


def _check_answers(ballot: Ballot, answers: dict[int, str]) -> dict[int, str]:
    item_ids = set(ballot.items.values_list("id", flat=True))
    if not answers:
        raise ApplicationError(_("请先作出选择。"), fields={"answers": [_("请先作出选择。")]})
    if set(answers) - item_ids:
        raise ApplicationError(
            _("所选项目不属于本次测评。"), fields={"answers": [_("所选项目不属于本次测评。")]}
        )
    if any(a not in ballot.answers for a in answers.values()):
        raise ApplicationError(_("选项无效。"), fields={"answers": [_("选项无效。")]})
    if ballot.is_approval and len(answers) > ballot.choose_max:
        msg = _("最多只能选择 %(n)s 项，您选择了 %(m)s 项。") % {
            "n": ballot.choose_max,
            "m": len(answers),
        }
        raise ApplicationError(msg, fields={"answers": [msg]})
    if not ballot.is_approval and set(answers) != item_ids:
        raise ApplicationError(
            _("请对每一个测评对象作出评价。"),
            fields={"answers": [_("请对每一个测评对象作出评价。")]},
        )
    return answers


def _add_to_tallies(ballot: Ballot, answers: dict[int, str], field: str = "electronic") -> None:
    """Add one to each chosen counter and 0 to every other counter of the ballot, in one UPDATE
    (why every row is touched: see the models module docstring)."""
    chosen = Q(pk__in=[])
    for item_id, answer in answers.items():
        chosen |= Q(item_id=item_id, answer=answer)
    Tally.objects.filter(ballot=ballot).update(
        **{field: F(field) + Case(When(chosen, then=1), default=0)}
    )


def _check_voting_window(ballot: Ballot) -> None:
    now = timezone.now()
    if ballot.status == Ballot.Status.CLOSED or now >= ballot.closes_at:
        raise TransitionError(_("投票已经结束。"))
    if ballot.status != Ballot.Status.OPEN or now < ballot.opens_at:
        raise TransitionError(_("投票尚未开始。"))


@transaction.atomic
def ballot_vote(*, deputy: Deputy, ballot: Ballot, answers: dict[int, str]) -> Participation:
    """Cast one deputy's vote. The participation row's unique constraint refuses a second vote,
    also when two requests race; the answers only ever reach the counters."""
    ballot = _locked(ballot)
    _check_voting_window(ballot)
    if not in_electorate(ballot, deputy):
        raise ApplicationError(
            _("您不在本次测评的投票人范围内。"), code="not_in_electorate", status=403
        )
    answers = _check_answers(ballot, answers)
    try:
        with transaction.atomic():
            participation = Participation.objects.create(
                ballot=ballot, deputy=deputy, receipt=secrets.token_hex(4).upper()
            )
    except IntegrityError:
        raise TransitionError(_("您已经投过票，每人只能投一次。")) from None
    _add_to_tallies(ballot, answers)
    if not ballot.anonymous:
        NamedVote.objects.bulk_create(
            NamedVote(ballot=ballot, item_id=i, deputy=deputy, answer=a) for i, a in answers.items()
        )
        audit.record(
            AuditLog.Action.CREATE,
            model="ballots.NamedVote",
            object_pk=ballot.pk,
            object_repr=f"{ballot.title}：{deputy}（记名投票）",
            after={str(k): v for k, v in answers.items()},
        )
    return participation


@transaction.atomic
def ballot_enter_paper(
    *,
    actor: User,
    ballot: Ballot,
    papers: int,
    totals: dict[int, dict[str, int]],
    voters: list[Deputy] | None = None,
    note: str = "",
) -> PaperEntry:
    """Record hand-counted paper ballots as totals (kept as entered, marked as paper). Deputies
    named in `voters` are marked as having voted on paper, so they cannot also vote online."""
    ballot = _locked(ballot)
    if ballot.status != Ballot.Status.OPEN:
        raise TransitionError(_("只有投票中的测评可以录入纸质票。"))
    voters = voters or []
    errors = _check_paper(ballot, papers, totals, voters)
    if errors:
        raise ApplicationError(_("纸质票数据有误。"), fields=errors)
    try:
        with transaction.atomic():
            Participation.objects.bulk_create(
                Participation(
                    ballot=ballot,
                    deputy=d,
                    channel=Participation.Channel.PAPER,
                    receipt=secrets.token_hex(4).upper(),
                )
                for d in voters
            )
    except IntegrityError:
        raise TransitionError(_("名单中有代表已经投过票。")) from None
    for item_id, counts in totals.items():
        for answer, count in counts.items():
            if count:
                Tally.objects.filter(item_id=item_id, answer=answer).update(
                    paper=F("paper") + count
                )
    Ballot.objects.filter(pk=ballot.pk).update(paper_papers=F("paper_papers") + papers)
    entry = PaperEntry(
        ballot=ballot,
        papers=papers,
        totals={str(k): v for k, v in totals.items()},
        note=note,
        entered_by=actor,
    )
    entry.full_clean()
    entry.save()
    return entry


def _check_paper(ballot: Ballot, papers: int, totals: dict, voters: list) -> dict:
    errors: dict[str, list[str]] = {}
    item_ids = set(ballot.items.values_list("id", flat=True))
    cast = ballot.participations.filter(channel=Participation.Channel.ELECTRONIC).count()
    if papers <= 0:
        errors["papers"] = [_("纸质票张数须大于0。")]
    elif cast + ballot.paper_papers + papers > ballot.electorate_size:
        errors["papers"] = [_("投票总数不能超过应投票人数。")]
    if set(totals) - item_ids:
        errors["totals"] = [_("所列项目不属于本次测评。")]
    for counts in totals.values():
        if any(a not in ballot.answers or n < 0 for a, n in counts.items()):
            errors["totals"] = [_("选项或票数无效。")]
        elif sum(counts.values()) > papers:
            errors["totals"] = [_("单项票数之和不能超过纸质票张数。")]
    if ballot.is_approval and sum(sum(c.values()) for c in totals.values()) > papers * (
        ballot.choose_max or 0
    ):
        errors["totals"] = [_("赞成票总数超过了每张票可选项数。")]
    if len(voters) > papers:
        errors["voters"] = [_("名单人数不能多于纸质票张数。")]
    elif voters and electorate(ballot).filter(
        pk__in=[d.pk for d in voters]
    ).distinct().count() != len(set(voters)):
        errors["voters"] = [_("名单中有人不在投票人范围内。")]
    return errors


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
    if not _claim_close(ballot.pk):
        raise TransitionError(_("只有投票中的测评可以结束。"))
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
        _mark_elected(ballot, results)
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
            "cast": cast + ballot.paper_papers,
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


def non_voters(ballot: Ballot):
    """Active deputy accounts of the electorate who have not voted (online or on paper)."""
    return (
        User.objects.filter(is_active=True, deputy__in=electorate(ballot))
        .exclude(deputy__ballot_participations__ballot=ballot)
        .distinct()
    )


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
    cast = ballot.participations.filter(channel="electronic").count() + ballot.paper_papers
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


def _mark_elected(ballot: Ballot, results: list[ItemResult]) -> None:
    for r in results:
        project = r.item.project
        if project is not None:
            project.status = (
                LivelihoodProject.Status.ELECTED
                if r.elected
                else LivelihoodProject.Status.NOT_ELECTED
            )
            project.save(update_fields=["status"])


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


# --- livelihood projects ------------------------------------------------------------------------


@transaction.atomic
def project_propose(
    *,
    actor: User,
    congress: Congress,
    year: int,
    title: str,
    description: str = "",
    source_kind: str,
    source_unit: HandlingUnit | None = None,
    source_id: int | None = None,
    source_title: str = "",
    estimated_cost: Decimal | None = None,
) -> LivelihoodProject:
    """A candidate project, linked to where it came from (a department, a suggestion, an opinion)."""
    if source_unit is not None and source_unit.region_id != congress.region_id:
        raise ApplicationError(
            _("申报部门不属于本级。"), fields={"source_unit": [_("申报部门不属于本级。")]}
        )
    project = LivelihoodProject(
        congress=congress,
        year=year,
        title=title,
        description=description,
        source_kind=source_kind,
        source_unit=source_unit,
        source_id=source_id,
        source_title=source_title,
        estimated_cost=estimated_cost,
    )
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def project_screen(
    *,
    actor: User,
    project: LivelihoodProject,
    feasibility: str,
    feasibility_note: str = "",
    estimated_cost: Decimal | None = None,
    decision: str,
    screening_note: str = "",
) -> LivelihoodProject:
    """Record feasibility, cost and the screening decision (shortlist for the vote or not)."""
    if (
        project.status
        not in (
            LivelihoodProject.Status.CANDIDATE,
            LivelihoodProject.Status.SHORTLISTED,
            LivelihoodProject.Status.REJECTED,
        )
        or project.ballot_items.filter(ballot__status__in=["open", "closed"]).exists()
    ):
        raise TransitionError(_("已提交票决的项目不能再筛选。"))
    if decision == LivelihoodProject.Status.SHORTLISTED and feasibility in (
        LivelihoodProject.Feasibility.UNASSESSED,
        LivelihoodProject.Feasibility.INFEASIBLE,
    ):
        raise ApplicationError(
            _("不可行或未评估的项目不能入围票决。"),
            fields={"feasibility": [_("不可行或未评估的项目不能入围票决。")]},
        )
    project.feasibility, project.feasibility_note = feasibility, feasibility_note
    if estimated_cost is not None:
        project.estimated_cost = estimated_cost
    project.status, project.screening_note = decision, screening_note
    if decision == LivelihoodProject.Status.SHORTLISTED and project.list_number is None:
        taken = LivelihoodProject.objects.filter(
            congress=project.congress, year=project.year, list_number__isnull=False
        ).count()
        project.list_number = taken + 1
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def project_assign(
    *, actor: User, project: LivelihoodProject, responsible_unit: HandlingUnit, budget: Decimal
) -> LivelihoodProject:
    """Give a chosen project its responsible unit and budget."""
    if project.status != LivelihoodProject.Status.ELECTED:
        raise TransitionError(_("只有票决当选的项目可以确定责任单位。"))
    if responsible_unit.region_id != project.congress.region_id:
        raise ApplicationError(
            _("责任单位不属于本级。"), fields={"responsible_unit": [_("责任单位不属于本级。")]}
        )
    if budget is None or budget < 0:
        raise ApplicationError(_("预算无效。"), fields={"budget": [_("请填写有效的预算金额。")]})
    project.responsible_unit, project.budget = responsible_unit, budget
    project.full_clean()
    project.save(update_fields=["responsible_unit", "budget"])
    return project


def _check_followed(project: LivelihoodProject) -> None:
    if project.status not in (LivelihoodProject.Status.ELECTED, LivelihoodProject.Status.COMPLETED):
        raise TransitionError(_("只有票决当选的项目需要跟踪实施进度。"))


@transaction.atomic
def milestone_add(
    *, actor: User, project: LivelihoodProject, title: str, due_date
) -> ProjectMilestone:
    _check_followed(project)
    order = project.milestones.count() + 1
    milestone = ProjectMilestone(project=project, order=order, title=title, due_date=due_date)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_update(
    *,
    actor: User,
    milestone: ProjectMilestone,
    progress: int,
    evidence: str = "",
    evidence_file=None,
) -> ProjectMilestone:
    """Report a milestone's progress with its evidence; the project's progress is the average."""
    _check_followed(milestone.project)
    if progress < milestone.progress:
        raise ApplicationError(
            _("进度不能倒退。"),
            fields={
                "progress": [_("进度不能低于上次填报的 %(p)s%%。") % {"p": milestone.progress}]
            },
        )
    if progress > milestone.progress and not (evidence or evidence_file):
        raise ApplicationError(
            _("更新进度须附佐证说明或材料。"),
            fields={"evidence": [_("请填写佐证说明或上传材料。")]},
        )
    milestone.progress, milestone.evidence = progress, evidence or milestone.evidence
    if evidence_file is not None:
        milestone.evidence_file = evidence_file
    milestone.full_clean()
    milestone.save(update_fields=["progress", "evidence", "evidence_file", "updated_at"])
    _recompute_progress(milestone.project)
    return milestone


def _recompute_progress(project: LivelihoodProject) -> None:
    values = list(project.milestones.values_list("progress", flat=True))
    project.progress = round(sum(values) / len(values)) if values else 0
    project.save(update_fields=["progress"])


@transaction.atomic
def project_report_submit(
    *,
    actor: User,
    project: LivelihoodProject,
    kind: str,
    body: str,
    spent: Decimal | None = None,
) -> ProjectReport:
    """The mid-year or year-end report (once each); the year-end one completes a finished project."""
    _check_followed(project)
    if project.reports.filter(kind=kind).exists():
        raise TransitionError(_("该报告已经提交。"))
    report = ProjectReport(
        project=project,
        kind=kind,
        body=body,
        progress=project.progress,
        spent=spent,
        submitted_by=actor,
    )
    report.full_clean()
    report.save()
    if kind == ProjectReport.Kind.YEAR_END and project.progress == 100:
        project.status = LivelihoodProject.Status.COMPLETED
        project.save(update_fields=["status"])
    return report


@transaction.atomic
def official_report_attach(
    *, actor: User, official: AppointedOfficial, year: int, title: str, body: str = "", file=None
) -> OfficialReport:
    """Attach an appointed official's yearly report (shown with their ballot item)."""
    report = OfficialReport(official=official, year=year, title=title, body=body)
    if file is not None:
        report.file = file
    report.full_clean()
    report.save()
    return report

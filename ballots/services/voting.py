"""Casting votes: one deputy's vote online (counters only, see models.py for how anonymity
holds) and the totals of hand-counted paper ballots. Each follows ballots/workflow.py: lock the
ballot, check the table, validate, write (with the audit rows that reveal no answer)."""

import logging
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _

from ballots import workflow
from ballots.models import (
    Ballot,
    NamedVote,
    PaperEntry,
    Participation,
    Tally,
)
from ballots.services.electorate import electorate, in_electorate
from ballots.services.setup import ballot_locked
from congress import audit
from congress.errors import ApplicationError, TransitionError, invalid
from congress.models import AuditLog, User
from congress.services import model_create, model_update
from representatives.models import Deputy

log = logging.getLogger(__name__)


def _check_answers(ballot: Ballot, answers: dict[int, str]) -> dict[int, str]:
    item_ids = set(ballot.items.values_list("id", flat=True))
    if not answers:
        raise invalid("answers", _("请先作出选择。"))
    if set(answers) - item_ids:
        raise invalid("answers", _("所选项目不属于本次测评。"))
    if any(a not in ballot.answers for a in answers.values()):
        raise invalid("answers", _("选项无效。"))
    if ballot.is_approval and len(answers) > ballot.choose_max:
        msg = _("最多只能选择 %(n)s 项，您选择了 %(m)s 项。") % {
            "n": ballot.choose_max,
            "m": len(answers),
        }
        raise invalid("answers", msg)
    if not ballot.is_approval and set(answers) != item_ids:
        raise invalid("answers", _("请对每一个测评对象作出评价。"))
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
    """An open ballot takes votes only between its opening and closing times."""
    now = timezone.now()
    if now >= ballot.closes_at:
        raise TransitionError(_("投票已经结束。"))
    if now < ballot.opens_at:
        raise TransitionError(_("投票尚未开始。"))


@transaction.atomic
def ballot_vote(*, deputy: Deputy, ballot: Ballot, answers: dict[int, str]) -> Participation:
    """Cast one deputy's vote. The participation row's unique constraint refuses a second vote,
    also when two requests race; the answers only ever reach the counters."""
    ballot = ballot_locked(ballot)
    workflow.check(ballot, "vote", {workflow.VOTER})  # the status; the voter is checked next
    _check_voting_window(ballot)
    if not in_electorate(ballot, deputy):
        raise ApplicationError(
            _("您不在本次测评的投票人范围内。"), code="not_in_electorate", status=403
        )
    answers = _check_answers(ballot, answers)
    try:
        with transaction.atomic():
            participation = model_create(
                Participation(ballot=ballot, deputy=deputy, receipt=secrets.token_hex(4).upper())
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
    ballot = ballot_locked(ballot)
    workflow.check(ballot, "enter_paper", workflow.ballot_roles(ballot, actor))
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
    if voters:
        # how many were marked, not who: next to the entry's totals a name could tell an answer
        audit.record(
            AuditLog.Action.CREATE,
            model="ballots.Participation",
            object_pk=ballot.pk,
            object_repr=f"{ballot.title}：纸质投票",
            after={"channel": Participation.Channel.PAPER, "voters": len(voters)},
        )
    for item_id, counts in totals.items():
        for answer, count in counts.items():
            if count:
                Tally.objects.filter(item_id=item_id, answer=answer).update(
                    paper=F("paper") + count
                )
    # the row is locked, so adding to the value in hand loses no concurrent entry
    model_update(
        instance=ballot,
        fields=["paper_papers"],
        data={"paper_papers": ballot.paper_papers + papers},
    )
    entry = PaperEntry(
        ballot=ballot,
        papers=papers,
        totals={str(k): v for k, v in totals.items()},
        note=note,
        entered_by=actor,
    )
    return model_create(entry, validate=True)


def _check_paper(ballot: Ballot, papers: int, totals: dict, voters: list) -> dict:
    errors: dict[str, list[str]] = {}
    item_ids = set(ballot.items.values_list("id", flat=True))
    cast = ballot.participations.filter(channel=Participation.Channel.ELECTRONIC).count()
    if papers <= 0:
        errors["papers"] = [_("纸质票张数须大于0。")]
    elif cast + ballot.paper_papers + ballot.citizen_votes + papers > ballot.electorate_size:
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

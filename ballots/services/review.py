"""十大重点建议集中评议: a review meeting whose items are key suggestions, scored by invited
deputies (their accounts, services/voting.py) and by invited citizens with one-time codes
through the meeting's public address. A citizen's vote adds to the same counters as a deputy's
and marks the code used; what was answered is never stored next to the code (models_review.py).
The actions follow the "invite", "statement", "issue_codes" and "citizen_vote" rows of
ballots/workflow.py."""

import secrets
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils.crypto import get_random_string, salted_hmac
from django.utils.translation import gettext as _

from ballots import workflow
from ballots.models import Ballot, BallotInvitee, BallotItem, CitizenCode
from ballots.services.setup import ballot_create, ballot_locked
from ballots.services.voting import _add_to_tallies, _check_answers, _check_voting_window
from congress import audit
from congress.errors import TransitionError, invalid
from congress.models import AuditLog, Congress, User
from congress.services import model_create, model_update
from representatives.models import Deputy

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read from paper
CODE_LENGTH = 8
HMAC_SALT = "ballots.CitizenCode.code"
MAX_CODES = 500  # one printed sheet run


def code_digest(code: str) -> str:
    """The keyed hash of a citizen's code (typed on a phone: spaces, dashes and case forgiven)."""
    normalised = "".join(code.replace("-", "").split()).upper()
    return salted_hmac(HMAC_SALT, normalised, algorithm="sha256").hexdigest()


def _lead_unit(suggestion):
    lead = suggestion.assignments.filter(role="lead").select_related("unit").first()
    return lead.unit if lead else None


def _require_review(ballot: Ballot) -> None:
    if ballot.kind != Ballot.Kind.KEY_REVIEW:
        raise TransitionError(_("只有重点建议集中评议可以进行此操作。"))


@transaction.atomic
def review_create(
    *,
    actor: User,
    congress: Congress,
    title: str,
    year: int,
    opens_at: datetime,
    closes_at: datetime,
    suggestions: list,
    deputies: list[Deputy],
) -> Ballot:
    """A draft 集中评议: one item per key suggestion (with the unit that leads its handling), the
    invited deputies, and the public token of the meeting's QR code."""
    if not suggestions:
        raise invalid("suggestions", _("请至少选择一件重点建议。"))
    items = [
        {"suggestion": s, "handling_unit": _lead_unit(s), "title": s.title} for s in suggestions
    ]
    ballot = ballot_create(
        actor=actor,
        congress=congress,
        kind=Ballot.Kind.KEY_REVIEW,
        title=title,
        year=year,
        opens_at=opens_at,
        closes_at=closes_at,
        items=items,
        electorate_kind=Ballot.Electorate.INVITED,
    )
    model_update(
        instance=ballot,
        fields=["public_token"],
        data={"public_token": secrets.token_urlsafe(18)},
        validate=False,
    )
    _invite(ballot, deputies)
    return ballot


def _invite(ballot: Ballot, deputies: list[Deputy]) -> None:
    have = set(ballot.invitees.values_list("deputy_id", flat=True))
    for deputy in deputies:
        if deputy.pk not in have:
            model_create(BallotInvitee(ballot=ballot, deputy=deputy))
            have.add(deputy.pk)


@transaction.atomic
def review_invite(*, actor: User, ballot: Ballot, deputies: list[Deputy]) -> Ballot:
    """Set the invited deputies of a draft (the list replaces the one before)."""
    ballot = ballot_locked(ballot)
    _require_review(ballot)
    workflow.check(ballot, "invite", workflow.ballot_roles(ballot, actor))
    keep = {d.pk for d in deputies}
    for old in ballot.invitees.exclude(deputy_id__in=keep):
        audit.explicit(old).delete()
        audit.deleted(old, audit.snapshot(old), object_repr=str(old.deputy_id))
    _invite(ballot, deputies)
    return ballot


@transaction.atomic
def item_statement(
    *, actor: User, item: BallotItem, presenter: str, statement: str, file=None
) -> BallotItem:
    """The unit leader's report on one item (who reports, the text, the file shown)."""
    ballot = ballot_locked(item.ballot)
    _require_review(ballot)
    workflow.check(ballot, "statement", workflow.ballot_roles(ballot, actor))
    data = {"presenter": presenter, "statement": statement}
    if file is not None:
        data["statement_file"] = file
    model_update(instance=item, fields=list(data), data=data)
    return item


@transaction.atomic
def citizen_codes_issue(*, actor: User, ballot: Ballot, count: int) -> list[dict]:
    """Issue `count` one-time codes: returned once, for the printed sheet; only their keyed hash
    is stored. Codes issued after opening add to the number of who may vote."""
    ballot = ballot_locked(ballot)
    _require_review(ballot)
    workflow.check(ballot, "issue_codes", workflow.ballot_roles(ballot, actor))
    issued = ballot.citizen_codes.count()
    if not 1 <= count <= MAX_CODES or issued + count > 5000:
        raise invalid("count", _("每次可发放 1 至 %(n)s 个评议码。") % {"n": MAX_CODES})
    sheet = []
    rows = []
    for number in range(issued + 1, issued + count + 1):
        code = get_random_string(CODE_LENGTH, CODE_ALPHABET)
        rows.append(CitizenCode(ballot=ballot, number=number, digest=code_digest(code)))
        sheet.append({"number": number, "code": f"{code[:4]}-{code[4:]}"})
    CitizenCode.objects.bulk_create(rows)
    audit.record(
        AuditLog.Action.CREATE,
        model="ballots.CitizenCode",
        object_pk=ballot.pk,
        object_repr=f"{ballot.title}：发放群众评议码 {issued + 1}–{issued + count}",
        after={"count": count},
    )
    if ballot.status == Ballot.Status.OPEN:
        model_update(
            instance=ballot,
            fields=["electorate_size"],
            data={"electorate_size": ballot.electorate_size + count},
        )
    return sheet


CODE_REFUSED = _("评议码无效或已使用，请核对纸条上的评议码。")


@transaction.atomic
def citizen_vote(*, ballot: Ballot, code: str, answers: dict[int, str]) -> None:
    """One citizen's scores with their one-time code. The answers are checked before the code is
    spent (bad input stores nothing); a used and an unknown code are refused alike; the code is
    spent by a compare-and-swap, so two requests with one code count once."""
    ballot = ballot_locked(ballot)
    _require_review(ballot)
    workflow.check(ballot, "citizen_vote", {workflow.CITIZEN})
    _check_voting_window(ballot)
    answers = _check_answers(ballot, answers)
    spent = CitizenCode.objects.filter(
        ballot=ballot, digest=code_digest(code or ""), used=False
    ).update(used=True)
    if not spent:
        raise invalid("code", str(CODE_REFUSED))
    _add_to_tallies(ballot, answers)
    Ballot.objects.filter(pk=ballot.pk).update(citizen_votes=F("citizen_votes") + 1)
    # that a code was used and the vote counted, never which code: with the line number and
    # the time, an audit row could be put next to the sheet handed to a named person
    audit.record(
        AuditLog.Action.UPDATE,
        model="ballots.CitizenCode",
        object_pk=ballot.pk,
        object_repr=f"{ballot.title}：群众评议",
        after={"used": 1},
    )
    audit.record(
        AuditLog.Action.UPDATE,
        model="ballots.Ballot",
        object_pk=ballot.pk,
        object_repr=f"{ballot.title}：群众评议票数",
        after={"citizen_votes": "+1"},
    )

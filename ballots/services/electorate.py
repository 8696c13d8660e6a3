"""Who may vote in a ballot: the electorate, its members' accounts, and who has not voted yet."""

import logging

from django.utils.translation import gettext as _

from ballots.models import (
    Ballot,
)
from congress.errors import ApplicationError
from congress.models import Role, User
from representatives.models import Deputy, Mandate

log = logging.getLogger(__name__)


def electorate(ballot: Ballot):
    """The deputies who may vote: serving deputies of the ballot's congress and term, or the
    active standing-committee members of the term, or the deputies invited to a 集中评议 (its
    citizens vote with codes, services/review.py)."""
    if ballot.electorate == Ballot.Electorate.INVITED:
        return Deputy.objects.filter(review_invitations__ballot_id=ballot.pk)
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


def non_voters(ballot: Ballot):
    """Active deputy accounts of the electorate who have not voted (online or on paper)."""
    return (
        User.objects.filter(is_active=True, deputy__in=electorate(ballot))
        .exclude(deputy__ballot_participations__ballot=ballot)
        .distinct()
    )

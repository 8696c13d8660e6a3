"""Ballots waiting for the user, for the home page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ballots import selectors
from ballots.models import Ballot
from congress.permissions import has_perm
from congress.todo import item


def items(user) -> list[dict]:
    if has_perm(user, "ballot.vote"):
        open_ballots = selectors.ballot_list(viewer=user, status=Ballot.Status.OPEN).filter(
            my_voted=False
        )
        return [
            item(
                "ballot_vote",
                _("待我投票的测评/票决"),
                open_ballots.count(),
                reverse("ballots:vote-list"),
                urgent=True,
            )
        ]
    if has_perm(user, "ballot.turnout"):
        running = selectors.ballot_list(viewer=user, status=Ballot.Status.OPEN).count()
        return [item("ballot_open", _("正在进行的测评/票决"), running, reverse("ballots:list"))]
    return []

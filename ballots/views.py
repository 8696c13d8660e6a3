"""Pages of the ballots app: the compiled page components (frontend/src/pages/ballots/), each
behind its permission. Pages of one ballot or project check the viewer may see it, so another
county's gets a 404 page rather than an empty shell."""

from django.utils.translation import gettext_lazy as _

from ballots import selectors
from congress.models import Role
from congress.pages import page, render_page
from congress.permissions import has_perm


def _can(user) -> dict:
    return {
        "manage": has_perm(user, "ballot.manage"),
        "turnout": has_perm(user, "ballot.turnout"),
        "manage_projects": has_perm(user, "project.manage"),
        "report": has_perm(user, "project.report"),
        # a deputy follows the chosen projects, read-only
        "read_only": user.role == Role.DEPUTY and not user.is_superuser,
    }


def shell(component: str, title, perm: str, lookup=None):
    @page(perm)
    def view(request, **kwargs):
        if lookup is not None:
            lookup(viewer=request.user, pk=kwargs["pk"])
        props = {"can": _can(request.user), **kwargs}
        return render_page(request, f"ballots/{component}", title=title, props=props)

    return view


ballot_list = shell("BallotList", _("测评票决"), "ballot.turnout")
ballot_detail = shell("BallotDetail", _("测评票决"), "ballot.view", selectors.ballot_get)
vote_list = shell("VoteList", _("我的投票"), "ballot.vote")
vote = shell("Vote", _("投票"), "ballot.vote", selectors.ballot_get)
projects = shell("Projects", _("民生实事"), "project.view")
project_detail = shell("ProjectDetail", _("民生实事项目"), "project.view", selectors.project_get)

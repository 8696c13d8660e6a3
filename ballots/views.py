"""Pages of the ballots app: thin shells for the Vue apps, each behind its permission. Pages of
one ballot or project check the viewer may see it, so another county's gets a 404 page rather
than an empty shell."""

from django.shortcuts import render

from ballots import selectors
from congress.models import Role
from congress.pages import page
from congress.permissions import has_perm


def shell(template: str, perm: str, lookup=None):
    @page(perm)
    def view(request, **kwargs):
        if lookup is not None:
            lookup(viewer=request.user, pk=kwargs["pk"])
        context = {
            **kwargs,
            "can_manage": has_perm(request.user, "ballot.manage"),
            "can_turnout": has_perm(request.user, "ballot.turnout"),
            "can_manage_projects": has_perm(request.user, "project.manage"),
            "can_report": has_perm(request.user, "project.report"),
            # a deputy follows the chosen projects, read-only
            "projects_read_only": request.user.role == Role.DEPUTY
            and not request.user.is_superuser,
        }
        return render(request, template, context)

    return view


ballot_list = shell("ballots/ballot_list.html", "ballot.turnout")
ballot_detail = shell("ballots/ballot_detail.html", "ballot.view", selectors.ballot_get)
vote_list = shell("ballots/vote_list.html", "ballot.vote")
vote = shell("ballots/vote.html", "ballot.vote", selectors.ballot_get)
projects = shell("ballots/projects.html", "project.view")
project_detail = shell("ballots/project_detail.html", "project.view", selectors.project_get)

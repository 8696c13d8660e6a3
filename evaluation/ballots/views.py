"""Pages of the ballots app: thin shells for the Vue apps, each behind its permission. Pages of
one ballot or project check the viewer may see it, so another county's gets a 404 page rather
than an empty shell."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from congress.models import Role
from congress.permissions import has_perm
from evaluation.ballots import selectors


def page(template: str, perm: str, lookup=None):
    @login_required
    def view(request, **kwargs):
        if not has_perm(request.user, perm):
            raise Http404
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

    return wraps(view)(view)


ballot_list = page("ballots/ballot_list.html", "ballot.turnout")
ballot_detail = page("ballots/ballot_detail.html", "ballot.view", selectors.ballot_get)
vote_list = page("ballots/vote_list.html", "ballot.vote")
vote = page("ballots/vote.html", "ballot.vote", selectors.ballot_get)
projects = page("ballots/projects.html", "project.view")
project_detail = page("ballots/project_detail.html", "project.view", selectors.project_get)

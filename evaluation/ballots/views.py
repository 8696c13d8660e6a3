"""Pages of the ballots app: thin shells for the Vue apps, each behind its permission."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from congress.permissions import has_perm


def page(template: str, perm: str):
    @login_required
    def view(request, **kwargs):
        if not has_perm(request.user, perm):
            raise Http404
        context = {
            **kwargs,
            "can_manage": has_perm(request.user, "ballot.manage"),
            "can_turnout": has_perm(request.user, "ballot.turnout"),
            "can_manage_projects": has_perm(request.user, "project.manage"),
            "can_report": has_perm(request.user, "project.report"),
        }
        return render(request, template, context)

    return wraps(view)(view)


ballot_list = page("ballots/ballot_list.html", "ballot.turnout")
ballot_detail = page("ballots/ballot_detail.html", "ballot.view")
vote_list = page("ballots/vote_list.html", "ballot.vote")
vote = page("ballots/vote.html", "ballot.vote")
projects = page("ballots/projects.html", "project.view")
project_detail = page("ballots/project_detail.html", "project.view")

"""Pages of township evaluation (rounds, indicator systems); each a Vue app over the API."""

from django.shortcuts import render

from congress.pages import page
from congress.permissions import has_perm
from evaluation.township import selectors, workflow


@page("evaluation_round.view")
def rounds(request):
    can_manage = has_perm(request.user, "evaluation_round.manage")
    return render(request, "evaluation/rounds.html", {"can_manage": can_manage})


@page("evaluation_round.view")
def round_detail(request, pk):
    round_ = selectors.round_get(viewer=request.user, pk=pk)
    manages = has_perm(request.user, "evaluation_round.manage") and (
        workflow.ORGANISER in workflow.actor_roles(round_, request.user)
    )
    return render(
        request, "evaluation/round_detail.html", {"round": round_, "perms_manage": manages}
    )


@page("indicator_system.view")
def systems(request):
    can_manage = has_perm(request.user, "indicator_system.manage")
    return render(request, "evaluation/systems.html", {"can_manage": can_manage})

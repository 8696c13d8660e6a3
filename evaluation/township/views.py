"""Pages of township evaluation (rounds, indicator systems): compiled components
(frontend/src/pages/evaluation/) over the API."""

from django.utils.translation import gettext_lazy as _

from congress.pages import page, render_page
from congress.permissions import has_perm
from evaluation.township import selectors, workflow


@page("evaluation_round.view")
def rounds(request):
    can = {"manage": has_perm(request.user, "evaluation_round.manage")}
    return render_page(
        request, "evaluation/Rounds", title=_("乡镇人大工作评价"), props={"can": can}
    )


@page("evaluation_round.view")
def round_detail(request, pk):
    round_ = selectors.round_get(viewer=request.user, pk=pk)
    manages = has_perm(request.user, "evaluation_round.manage") and (
        workflow.ORGANISER in workflow.actor_roles(round_, request.user)
    )
    can = {"manage": manages, "score": has_perm(request.user, "evaluation_round.score")}
    return render_page(
        request,
        "evaluation/RoundDetail",
        title=round_.name,
        props={"roundId": round_.pk, "can": can},
    )


@page("indicator_system.view")
def systems(request):
    can = {"manage": has_perm(request.user, "indicator_system.manage")}
    return render_page(request, "evaluation/Systems", title=_("评价指标体系"), props={"can": can})

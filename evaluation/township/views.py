"""Pages of township evaluation (rounds, indicator systems): compiled components
(frontend/src/pages/evaluation/) over the API."""

from django.utils.translation import gettext_lazy as _

from congress.pages import page, render_page
from congress.permissions import has_perm
from congress.scope import region_in_scope_or_404, region_prefix
from evaluation.models import ComputedMeasure, TargetKind
from evaluation.township import measures, selectors, workflow
from evaluation.township import systems as system_services


@page("evaluation_round.view")
def rounds(request):
    can = {"manage": has_perm(request.user, "evaluation_round.manage")}
    return render_page(request, "evaluation/Rounds", title=_("工作评价"), props={"can": can})


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
    kinds = [{"value": k.value, "label": str(k.label)} for k in TargetKind]
    return render_page(
        request,
        "evaluation/Systems",
        title=_("评价指标体系"),
        props={"can": can, "region": region_prefix(request.user) or "", "kinds": kinds},
    )


@page("indicator_system.manage")
def system_editor(request, pk=None):
    """新建 or 编辑 one indicator system: a system above the viewer's region, or one a round has
    used, is not editable here (404 / shown locked, with 复制 offered instead)."""
    locked = False
    if pk is not None:
        system = selectors.system_get(viewer=request.user, pk=pk)
        region_in_scope_or_404(request.user, system.region_id)
        locked = system_services.is_locked(system)
    kinds = [{"value": k.value, "label": str(k.label)} for k in TargetKind]
    offered = {
        k.value: [
            {"value": m, "label": str(ComputedMeasure(m).label)}
            for m in measures.measures_for_kind(k.value)
        ]
        for k in TargetKind
    }
    return render_page(
        request,
        "evaluation/SystemEditor",
        title=_("编辑评价指标体系") if pk else _("新建评价指标体系"),
        props={
            "systemId": pk,
            "locked": locked,
            "region": region_prefix(request.user) or "",
            "kinds": kinds,
            "measures": offered,
        },
    )

"""Pages of supervision: each renders the shell with its compiled page component
(frontend/src/pages/supervision/), which talks to the API. Staff and leaders keep the plan and
follow each project on its page (stages as a timeline); the supervised body reports its 整改 on
我的整改; a deputy sees the activities they take part in on the phone."""

from django.utils.translation import gettext as _

from congress.pages import page, render_page
from congress.permissions import has_perm
from supervision import selectors


def _can(user) -> dict:
    return {
        "manage": has_perm(user, "supervision.manage"),
        "view": has_perm(user, "supervision.view"),
    }


@page("supervision.view")
def projects(request):
    return render_page(request, "supervision/Projects", title=_("监督项目"),
                       props={"can": _can(request.user)})  # fmt: skip


@page("supervision.read")
def project_detail(request, pk: int):
    project = selectors.project_get(viewer=request.user, pk=pk)
    return render_page(request, "supervision/ProjectDetail", title=project.title,
                       props={"pk": project.pk, "can": _can(request.user)})  # fmt: skip


@page("supervision.rectify")
def rectifications(request):
    return render_page(request, "supervision/MyRectifications", title=_("我的整改"))


@page("supervision.mine")
def mine(request):
    return render_page(request, "supervision/MyProjects", title=_("我参加的监督活动"))

"""Pages of the ballots app: the compiled page components (frontend/src/pages/ballots/), each
behind its permission. Pages of one ballot or project check the viewer may see it, so another
county's gets a 404 page rather than an empty shell."""

from django.utils.translation import gettext_lazy as _

from ballots import selectors, selectors_review
from ballots.api.public import public_review_data
from congress.models import Role
from congress.pages import page, render_page
from congress.permissions import has_perm


def _can(user) -> dict:
    return {
        "manage": has_perm(user, "ballot.manage"),
        "turnout": has_perm(user, "ballot.turnout"),
        "manage_projects": has_perm(user, "project.manage"),
        "report": has_perm(user, "project.report"),
        "manage_appointments": has_perm(user, "appointment.manage"),
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
review_list = shell("Reviews", _("重点建议集中评议"), "ballot.turnout")
review_detail = shell(
    "ReviewDetail", _("重点建议集中评议"), "ballot.turnout", selectors_review.review_get
)
appointments = shell("Appointments", _("人事任免"), "appointment.view")
official = shell("Official", _("任后监督"), "appointment.view", selectors_review.official_history)


@page("ballot.manage")
def review_sheet(request, pk):
    """The printable sheet of the QR code and of codes just issued (they live only in the page)."""
    ballot = selectors_review.review_get(viewer=request.user, pk=pk)
    return render_page(
        request,
        "ballots/ReviewSheet",
        title=_("评议二维码和评议码") + " · " + ballot.title,
        bare=True,
        props={"pk": ballot.pk},
    )


def public_review(request, token):
    """Public on purpose (docs/permissions.md): citizens scan the meeting's QR code; no login."""
    ballot = selectors_review.public_review(token=token)
    return render_page(
        request,
        "ballots/PublicReview",
        title=ballot.title,
        bare=True,
        props={"token": token, "review": public_review_data(ballot)},
    )

"""Pages of 备案审查: each renders the shell with its compiled page component
(frontend/src/pages/filings/), which talks to the API. Staff work from the list and the review
page; a filer (a unit's users) files and corrects from its own page; an outside expert sees only
their invitations; leaders read everything and the annual report."""

from django.utils.translation import gettext as _

from congress.pages import page, render_page
from congress.permissions import has_perm
from filings import selectors, workflow


def _can(user) -> dict:
    return {"manage": has_perm(user, "filing.manage"), "file": has_perm(user, "filing.file")}


@page("filing.view")
def filing_list(request):
    return render_page(request, "filings/Filings", title=_("规范性文件备案审查"),
                       props={"can": _can(request.user)})  # fmt: skip


@page("filing.detail")
def filing_detail(request, pk: int):
    filing = selectors.filing_get(viewer=request.user, pk=pk)
    can = {**_can(request.user), "review": workflow.is_reviewer(request.user, filing),
           "staff": has_perm(request.user, "filing.view")}  # fmt: skip
    return render_page(request, "filings/FilingDetail", title=filing.title,
                       props={"pk": filing.pk, "can": can})  # fmt: skip


@page("filing.file")
def my_filings(request):
    return render_page(request, "filings/MyFilings", title=_("规范性文件报备"),
                       props={"can": _can(request.user)})  # fmt: skip


@page("filing.expert")
def my_reviews(request):
    return render_page(request, "filings/MyReviews", title=_("我的审查邀请"))


@page("filing.expert")
def my_review(request, pk: int):
    invitation = selectors.invitation_get(viewer=request.user, pk=pk)
    return render_page(request, "filings/ExpertReview", title=invitation.review.filing.title,
                       props={"pk": invitation.pk})  # fmt: skip


@page("filing.view")
def report(request):
    return render_page(request, "filings/Report", title=_("备案审查年度报告"))

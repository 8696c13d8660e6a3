"""Pages: each is the shell mounting its compiled page (frontend/src/pages/suggestions/), which
talks to the API."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from congress.pages import page, render_page
from congress.permissions import has_perm
from suggestions import selectors


def _can(request) -> dict:
    user = request.user
    return {
        "enter_paper": has_perm(user, "suggestion.enter"),
        "board": has_perm(user, "suggestion.board"),
        "stats": has_perm(user, "suggestion.stats"),
    }


@page("suggestion.mine")
def mine(request):
    return render_page(request, "suggestions/Mine", title=_("我的建议"))


@page("suggestion.board")
def board(request):
    return render_page(
        request, "suggestions/Board", title=_("建议办理"), props={"can": _can(request)}
    )


@page("suggestion.inbox")
def inbox(request):
    return render_page(request, "suggestions/Inbox", title=_("待办建议"))


@page("suggestion.stats")
def stats(request):
    return render_page(request, "suggestions/Stats", title=_("建议统计"))


@page("suggestion.view")
def detail(request, pk: int):
    """The suggestion's page: another county's suggestion, or one that does not exist, is the
    404 page, as it is in the API (the shell would otherwise show an empty page)."""
    if not selectors.scoped(request.user).filter(pk=pk).exists():
        raise Http404
    return render_page(request, "suggestions/Detail", title=_("建议详情"), props={"id": pk})


def public(request):
    """Public on purpose (citizens, no login): published, redacted replies only. A logged-in
    user reads it inside the console (menu and breadcrumbs); a citizen gets the bare page with
    a link home."""
    signed_in = request.user.is_authenticated
    return render_page(
        request,
        "suggestions/Public",
        title=_("答复公开"),
        bare=not signed_in,
        props={"citizen": not signed_in},
    )

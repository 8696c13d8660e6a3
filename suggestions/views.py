"""Pages: each is a shell for a Vue app that talks to the API."""

from django.http import Http404
from django.shortcuts import render

from congress.pages import page
from congress.permissions import has_perm
from suggestions import selectors


def _shell(template: str, perm: str):
    @page(perm)
    def view(request, **kwargs):
        context = {**kwargs, "can_enter_paper": has_perm(request.user, "suggestion.enter")}
        return render(request, f"suggestions/{template}", context)

    return view


mine = _shell("mine.html", "suggestion.mine")
board = _shell("board.html", "suggestion.board")
inbox = _shell("inbox.html", "suggestion.inbox")
stats = _shell("stats.html", "suggestion.stats")


@page("suggestion.view")
def detail(request, pk: int):
    """The suggestion's page: another county's suggestion, or one that does not exist, is the
    404 page, as it is in the API (the shell would otherwise show an empty page)."""
    if not selectors.scoped(request.user).filter(pk=pk).exists():
        raise Http404
    context = {"pk": pk, "can_enter_paper": has_perm(request.user, "suggestion.enter")}
    return render(request, "suggestions/detail.html", context)


def public(request):
    """Public on purpose (citizens, no login): published, redacted replies only."""
    return render(request, "suggestions/public.html")

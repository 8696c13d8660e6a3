"""Pages: each is a shell for a Vue app that talks to the API."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from congress.permissions import has_perm


def _page(template: str, perm: str):
    @login_required
    def view(request, **kwargs):
        if not has_perm(request.user, perm):
            raise Http404
        context = {**kwargs, "can_enter_paper": has_perm(request.user, "suggestion.enter")}
        return render(request, f"suggestions/{template}", context)

    return view


mine = _page("mine.html", "suggestion.mine")
board = _page("board.html", "suggestion.board")
inbox = _page("inbox.html", "suggestion.inbox")
stats = _page("stats.html", "suggestion.stats")
detail = _page("detail.html", "suggestion.view")


def public(request):
    """Public on purpose (citizens, no login): published, redacted replies only."""
    return render(request, "suggestions/public.html")

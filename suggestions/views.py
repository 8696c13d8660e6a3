"""Pages: each is a shell for a Vue app that talks to the API."""

from django.shortcuts import render

from congress.pages import page
from congress.permissions import has_perm


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
detail = _shell("detail.html", "suggestion.view")


def public(request):
    """Public on purpose (citizens, no login): published, redacted replies only."""
    return render(request, "suggestions/public.html")

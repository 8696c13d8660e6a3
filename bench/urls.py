"""The product's URLs plus the benchmark's ceiling view (bench/settings.py); never in congress/urls."""

from django.http import JsonResponse
from django.urls import include, path


def ping(request):
    """The least an authenticated JSON request can cost here: the whole middleware stack, the
    session and the user, and a small JSON body, with no query of its own."""
    if not request.user.is_authenticated:
        return JsonResponse({"code": "not_authenticated"}, status=401)
    return JsonResponse({"ok": True, "user": request.user.pk, "role": request.user.role})


urlpatterns = [
    path("bench/ping/", ping, name="bench-ping"),
    path("", include("congress.urls")),
]

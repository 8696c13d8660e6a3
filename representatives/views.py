"""Pages of the register. Each renders a shell and a Vue app that talks to the API; the photo
view streams a deputy's photo only to those who may see the deputy."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render

from congress.models import Role
from congress.permissions import has_perm
from representatives import selectors


def permission_required(name: str):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_perm(request.user, name):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@permission_required("deputy.view")
def deputy_list(request):
    can = {
        name: has_perm(request.user, f"deputy.{name}")
        for name in ("manage", "import", "export", "accounts")
    }
    return render(request, "representatives/deputy_list.html", {"can": can})


@permission_required("deputy.view")
def deputy_detail(request, pk: int):
    deputy = selectors.deputy_get(viewer=request.user, pk=pk)
    return render(request, "representatives/deputy_detail.html", {"deputy": deputy})


@permission_required("deputy.manage")
def deputy_create(request):
    return render(request, "representatives/deputy_form.html", {"deputy": None})


@permission_required("deputy.manage")
def deputy_edit(request, pk: int):
    deputy = selectors.deputy_get(viewer=request.user, pk=pk)
    return render(request, "representatives/deputy_form.html", {"deputy": deputy})


@permission_required("deputy.statistics")
def statistics(request):
    return render(request, "representatives/statistics.html")


@permission_required("deputy.self")
def my_info(request):
    return render(request, "representatives/my_info.html")


@login_required
def deputy_photo(request, pk: int):
    """Photos are personal data: served through the same scope as the record, never from /media/."""
    if request.user.role == Role.DEPUTY:
        deputy = selectors.deputy_of_user(request.user)
        if deputy.pk != pk:
            raise Http404
    elif has_perm(request.user, "deputy.view"):
        deputy = selectors.deputy_get(viewer=request.user, pk=pk)
    else:
        raise Http404
    if not deputy.photo:
        raise Http404
    response = FileResponse(deputy.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response

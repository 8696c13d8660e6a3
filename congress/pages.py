"""The one access decorator for every page (server-rendered view) of every app.

The rule, the same in every app:

- not logged in: a redirect to the login page, which comes back here afterwards (``?next=``);
- logged in, but the user's role lacks the page's permission: **403**, the styled 403 page. The
  answer depends on the role alone, the same for every address and every id, so it tells
  nothing about any record;
- the role has the permission but the record asked for is outside the viewer's scope (another
  county's, another unit's, another deputy's) or does not exist: **404**, the same page for
  both. That 404 comes from the selectors (``congress.scope.get_visible_or_404``), not from
  here, so the permission is always checked first.

The API follows the same rule (``congress.permissions.DomainPermission`` and the selectors).
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from congress.permissions import has_perm


def page(permission: str | tuple[str, ...] | None = None) -> Callable:
    """Guard a page: login always; then `permission` (a name, or a tuple: any one of them).

    ``page()`` is a page for every logged-in user. The names are kept on the view as
    ``view.permission`` (a tuple), so tests and the permission matrix can read them."""
    names = (permission,) if isinstance(permission, str) else tuple(permission or ())

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if names and not any(has_perm(request.user, name) for name in names):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped = login_required(guarded)
        wrapped.permission = names
        return wrapped

    return decorate


def render_page(
    request,
    component: str,
    *,
    title: str = "",
    props: dict | None = None,
    bare: bool = False,
    status: int = 200,
):
    """A page of the compiled front end: the shell (templates/app.html) mounting the Vue page
    component `component` (a file under frontend/src/pages/, e.g. "representatives/DeputyList")
    with `props` as JSON. `bare` drops the console shell (public and print pages)."""
    context = {
        "page_component": component,
        "page_title": str(title),
        "page_props": props or {},
        "bare": bare,
    }
    return render(request, "app.html", context, status=status)

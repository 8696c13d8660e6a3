"""Pages of the register: each renders the shell with its compiled page component
(frontend/src/pages/representatives/), which talks to the API; the photo view streams a deputy's
photo only to those who may see the deputy."""

from django.http import Http404
from django.utils.translation import gettext as _

from congress.downloads import file_response
from congress.models import Role
from congress.pages import page, render_page
from congress.permissions import has_perm
from representatives.accounts import INVITATION_DAYS
from representatives.selectors.register import deputy_get, deputy_of_user


@page("deputy.view")
def deputy_list(request):
    can = {
        name: has_perm(request.user, f"deputy.{name}")
        for name in ("manage", "import", "export", "accounts")
    }
    return render_page(
        request, "representatives/DeputyList", title=_("代表名册"), props={"can": can}
    )


@page("deputy.view")
def deputy_detail(request, pk: int):
    deputy = deputy_get(viewer=request.user, pk=pk)
    return render_page(
        request, "representatives/DeputyDetail", title=deputy.name, props={"pk": deputy.pk}
    )


@page("deputy.manage")
def deputy_create(request):
    return render_page(request, "representatives/DeputyForm", title=_("登记代表"))


@page("deputy.manage")
def deputy_edit(request, pk: int):
    deputy = deputy_get(viewer=request.user, pk=pk)
    return render_page(
        request,
        "representatives/DeputyForm",
        title=deputy.name,
        props={"pk": deputy.pk, "name": deputy.name},
    )


@page("deputy.accounts")
def invitation_print(request):
    """The invitation sheets: the page issues the codes itself (they exist only on paper)."""
    return render_page(
        request,
        "representatives/InvitationPrint",
        title=_("代表账号邀请函"),
        props={"portal": request.build_absolute_uri("/"), "days": INVITATION_DAYS},
        bare=True,
    )


@page("deputy.statistics")
def statistics(request):
    return render_page(request, "representatives/Statistics", title=_("代表构成统计"))


@page("deputy.self")
def my_info(request):
    return render_page(request, "representatives/MyInfo", title=_("我的信息"))


@page(("deputy.view", "deputy.self"))
def deputy_photo(request, pk: int):
    """Photos are personal data: served through the same scope as the record, never from /media/."""
    if request.user.role == Role.DEPUTY:
        deputy = deputy_of_user(request.user)
        if deputy.pk != pk:
            raise Http404
    else:
        deputy = deputy_get(viewer=request.user, pk=pk)
    return file_response(deputy.photo, content_type="image/jpeg", inline=True, max_age=3600)

"""Pages of contacts: each renders the shell with its compiled page component
(frontend/src/pages/contacts/), which talks to the API. Staff keep the relations and see who is
behind target; a relation's page logs its contacts and follows their issues; officials and
deputies read 我联系的 and 联系我的 on a phone."""

from django.utils import timezone
from django.utils.translation import gettext as _

from congress.pages import page, render_page
from congress.permissions import has_perm
from contacts import selectors, workflow
from contacts.models import Kind, Way


def _today() -> str:
    return timezone.localdate().isoformat()


def _choices(choices) -> list[dict]:
    return [{"value": value, "label": str(label)} for value, label in choices]


@page("contact.view")
def relations(request):
    return render_page(request, "contacts/Relations", title=_("联系工作"), props={
        "can": {"manage": has_perm(request.user, "contact.manage")},
        "kinds": _choices(Kind.choices),
    })  # fmt: skip


@page("contact.read")
def relation(request, pk: int):
    found = selectors.relation_get(viewer=request.user, pk=pk)
    return render_page(request, "contacts/Relation", title=str(found), props={
        "pk": found.pk, "ways": _choices(Way.choices), "day": _today(),
        "back": "/contacts/" if has_perm(request.user, "contact.view") else "/me/contacts/",
        "staff": workflow.is_staff_of(request.user, found),
    })  # fmt: skip


@page("contact.mine")
def mine(request):
    return render_page(request, "contacts/Mine", title=_("我的联系"),
                       props={"ways": _choices(Way.choices), "day": _today()})  # fmt: skip

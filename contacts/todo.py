"""Contacts waiting for the user, for the home page: an official's or a member's relations
behind target this year, and issues of their relations waiting for a step."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.permissions import has_perm
from congress.todo import item
from contacts import selectors
from contacts.models import Issue


def items(user) -> list[dict]:
    if not has_perm(user, "contact.mine"):
        return []
    year = timezone.localdate().year
    mine = selectors.my_relations(viewer=user, year=year)
    behind = sum(1 for r in mine if r.done < r.yearly_target)
    waiting = Issue.objects.filter(
        contact__relation__in=mine.values("pk"),
        status__in=[Issue.Status.OPEN, Issue.Status.ANSWERED],
    ).count()
    url = reverse("contacts:mine")
    return [
        item("contact_behind", _("今年未达到联系次数的联系对象"), behind, url),
        item("contact_issues", _("待处理或待反馈的联系问题"), waiting, url, urgent=True),
    ]

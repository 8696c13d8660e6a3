"""What is waiting in 备案审查: for staff, filings to register, review or confirm; for a filer,
documents to file and corrections due; for an expert, opinions not yet given."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.permissions import has_perm
from congress.todo import item
from filings.models import Status
from filings.selectors import filings_visible, invitations_of

STAFF_WAITING = [Status.INTERVENTION, Status.FILED, Status.REGISTERED, Status.UNDER_REVIEW,
                 Status.CORRECTED]  # fmt: skip


def items(user) -> list[dict]:
    found = []
    if has_perm(user, "filing.manage"):
        count = filings_visible(user).filter(status__in=STAFF_WAITING).count()
        found.append(item("filings_waiting", _("待办的备案审查"), count, reverse("filings:list")))
    if has_perm(user, "filing.file"):
        mine = filings_visible(user)
        count = mine.filter(status__in=[Status.PUBLISHED, Status.PRE_REVIEWED,
                                        Status.CORRECTION_DUE]).count()  # fmt: skip
        found.append(item("filings_mine", _("待报备或待纠正的规范性文件"), count,
                          reverse("filings:mine"), urgent=True))  # fmt: skip
    if has_perm(user, "filing.expert"):
        count = invitations_of(user).filter(answered_at__isnull=True,
                                            review__concluded_at__isnull=True).count()  # fmt: skip
        found.append(item("filings_invited", _("待提交意见的审查邀请"), count,
                          reverse("filings:reviews"), urgent=True))  # fmt: skip
    return found

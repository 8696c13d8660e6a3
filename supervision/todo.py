"""What waits for the user in supervision, for the home page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.permissions import has_perm
from congress.todo import item
from supervision import selectors
from supervision.models import Commitment, Rectification

R = Rectification.Status


def items(user) -> list[dict]:
    found = []
    if has_perm(user, "supervision.rectify") and user.handling_unit_id:
        due = selectors.rectifications_visible(user).filter(status__in=[R.DUE, R.RETURNED]).count()
        found.append(item("supervision_due", _("待报送的整改报告"), due,
                          reverse("supervision:rectifications"), urgent=True))  # fmt: skip
    if has_perm(user, "supervision.manage"):
        waiting = selectors.rectifications_visible(user).filter(status=R.SUBMITTED).count()
        found.append(item("supervision_rate", _("待测评的整改报告"), waiting,
                          reverse("supervision:projects") + "?status=received"))  # fmt: skip
        reported = selectors.commitments_visible(user).filter(status=Commitment.Status.REPORTED)
        found.append(item("supervision_check", _("待核实的询问承诺事项"), reported.count(),
                          reverse("supervision:projects")))  # fmt: skip
    return found

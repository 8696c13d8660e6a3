"""The filer's correction: its report (with the corrected document or the repeal attached as a
document), accepted by staff (the filing closes) or sent back with a new deadline."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import User
from filings.models import Filing
from filings.services.common import locked_and_checked, step, tell_staff, tell_unit, titled
from filings.services.reviews import check_due


@transaction.atomic
def correction_report(*, actor: User, filing: Filing, report: str) -> Filing:
    if not report.strip():
        raise invalid("report", _("请填写纠正情况。"))
    filing = locked_and_checked(filing, "report_correction", actor)
    data = {"correction_report": report.strip(), "corrected_on": timezone.localdate()}
    step(filing, "report_correction", actor, data=data, note=report.strip())
    tell_staff(filing, titled(_("制定机关报送纠正情况"), filing), report.strip())
    return filing


@transaction.atomic
def correction_accept(*, actor: User, filing: Filing, note: str = "") -> Filing:
    filing = locked_and_checked(filing, "accept_correction", actor)
    step(filing, "accept_correction", actor, data={"closed_on": timezone.localdate()},
         note=note.strip())  # fmt: skip
    tell_unit(filing, titled(_("纠正到位，备案审查办结"), filing), note.strip())
    return filing


@transaction.atomic
def correction_reject(
    *, actor: User, filing: Filing, reason: str, correction_due: dt.date | None
) -> Filing:
    """Not corrected as asked: back to the filer with the reason and a new deadline."""
    if not reason.strip():
        raise invalid("reason", _("请填写退回原因。"))
    check_due(correction_due, timezone.localdate())
    filing = locked_and_checked(filing, "reject_correction", actor)
    step(filing, "reject_correction", actor, data={"correction_due": correction_due},
         note=reason.strip())  # fmt: skip
    body = _("请于 %(due)s 前重新纠正。%(reason)s") % {
        "due": correction_due.isoformat(),
        "reason": reason.strip(),
    }
    tell_unit(filing, titled(_("纠正情况退回"), filing), body)
    return filing

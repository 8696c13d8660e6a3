"""While units handle it: contact logs, the co-units' opinions, extension requests and decisions."""

from datetime import date

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import TransitionError, invalid
from congress.models import User
from congress.services import model_create, model_update
from suggestions.models import (
    Assignment,
    ContactLog,
    ExtensionRequest,
    Suggestion,
)
from suggestions.services.common import (
    lock_and_check,
    move,
    my_assignment,
    staff_users,
    tell,
    unit_users,
)
from suggestions.services.lengths import TEXT_MAX, check_lengths
from suggestions.workdays import Calendar

MAX_EXTENSION_MONTHS = 3


@transaction.atomic
def contact_log(
    *, suggestion: Suggestion, actor: User, method: str, contacted_on: date, summary: str
) -> ContactLog:
    suggestion, row = lock_and_check(suggestion, "contact", actor)
    if method not in ContactLog.Method.values:
        raise invalid("method", _("请选择沟通方式。"))
    if not summary.strip():
        raise invalid("summary", _("请填写沟通情况。"))
    check_lengths(summary=(summary.strip(), TEXT_MAX))
    if contacted_on > timezone.localdate():
        raise invalid("contacted_on", _("沟通日期不能晚于今天。"))
    existed = timezone.localdate(suggestion.submitted_at or suggestion.created_at)
    if contacted_on < existed:
        raise invalid(
            "contacted_on",
            _("沟通日期不能早于建议提出的日期（%(date)s）。") % {"date": existed},
        )
    log = model_create(
        ContactLog(
            assignment=my_assignment(suggestion, actor),
            method=method,
            contacted_on=contacted_on,
            summary=summary.strip(),
            recorded_by=actor,
        )
    )
    move(suggestion, row, actor, note=f"{log.get_method_display()}：{log.summary}")
    return log


@transaction.atomic
def co_opinion_submit(*, suggestion: Suggestion, actor: User, opinion: str) -> Assignment:
    suggestion, row = lock_and_check(suggestion, "co_opinion", actor)
    if not opinion.strip():
        raise invalid("opinion", _("请填写协办意见。"))
    check_lengths(opinion=(opinion.strip(), TEXT_MAX))
    assignment = my_assignment(suggestion, actor)
    given = {"opinion": opinion.strip(), "opinion_at": timezone.now()}
    model_update(instance=assignment, fields=list(given), data=given)
    move(suggestion, row, actor, note=_("%(unit)s提交协办意见") % {"unit": assignment.unit})
    lead = suggestion.assignments.filter(is_active=True, role="lead").first()
    if lead:
        tell(
            unit_users([lead.unit_id]),
            suggestion,
            _("收到协办意见：%(t)s") % {"t": suggestion.title},
        )
    return assignment


@transaction.atomic
def extension_request(
    *, suggestion: Suggestion, actor: User, months: int, reason: str
) -> ExtensionRequest:
    suggestion, row = lock_and_check(suggestion, "request_extension", actor)
    assignment = my_assignment(suggestion, actor)
    granted = (
        assignment.extensions.filter(decision=ExtensionRequest.Decision.APPROVED).aggregate(
            n=Sum("months")
        )["n"]
        or 0
    )
    if not 1 <= int(months) <= MAX_EXTENSION_MONTHS - granted:
        raise invalid(
            "months",
            _("延期最多3个月，本件还可申请 %(left)d 个月。")
            % {"left": MAX_EXTENSION_MONTHS - granted},
        )
    if not reason.strip():
        raise invalid("reason", _("请写明延期理由。"))
    check_lengths(reason=(reason.strip(), TEXT_MAX))
    if assignment.extensions.filter(decision=ExtensionRequest.Decision.PENDING).exists():
        raise TransitionError(_("已有待审批的延期申请。"))
    extension = model_create(
        ExtensionRequest(
            assignment=assignment, months=int(months), reason=reason.strip(), requested_by=actor
        )
    )
    move(
        suggestion, row, actor, note=_("申请延期%(m)d个月：%(r)s") % {"m": int(months), "r": reason}
    )
    tell(staff_users(suggestion), suggestion, _("延期申请待审批：%(t)s") % {"t": suggestion.title})
    return extension


@transaction.atomic
def extension_decide(
    *, suggestion: Suggestion, actor: User, extension_id: int, approve: bool, note: str = ""
) -> ExtensionRequest:
    suggestion, row = lock_and_check(suggestion, "decide_extension", actor)
    check_lengths(note=(note.strip(), TEXT_MAX))
    extension = (
        ExtensionRequest.objects.filter(
            pk=extension_id,
            assignment__suggestion=suggestion,
            decision=ExtensionRequest.Decision.PENDING,
        )
        .select_related("assignment")
        .first()
    )
    if extension is None:
        raise invalid("extension", _("没有待审批的延期申请。"))
    decision = {
        "decision": ExtensionRequest.Decision.APPROVED
        if approve
        else ExtensionRequest.Decision.REFUSED,
        "decided_by": actor,
        "decided_at": timezone.now(),
        "decision_note": note.strip(),
    }
    model_update(instance=extension, fields=list(decision), data=decision)
    changes = {}
    if approve:
        cal, assignment = Calendar(), extension.assignment
        due = cal.month_deadline(assignment.reply_due, extension.months)
        model_update(instance=assignment, fields=["reply_due"], data={"reply_due": due})
        changes["reply_due"] = cal.month_deadline(suggestion.reply_due, extension.months)
        text = _("同意延期%(m)d个月，新的答复期限%(due)s") % {
            "m": extension.months,
            "due": changes["reply_due"],
        }
    else:
        text = _("不同意延期：%(note)s") % {"note": note}
    move(suggestion, row, actor, note=text, changes=changes)
    tell(unit_users([extension.assignment.unit_id]), suggestion, text)
    return extension

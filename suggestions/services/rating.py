"""测评: the signers rate the reply; the lead deputy's rating closes it or sends it back.

A deputy rates online (`rating_create`), or staff of the suggestion's region enter the deputy's
paper rating sheet 测评表 with its scan (`paper_rating_create`). Both go through `_rate`, so a
paper sheet of the lead deputy has exactly the consequences of the deputy's own rating."""

import os

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.env import envint
from congress.errors import TransitionError, invalid
from congress.models import User
from congress.services import model_create, model_update
from representatives.models import Deputy
from suggestions import workflow
from suggestions.models import Rating, RegionPolicy, Satisfaction, Suggestion
from suggestions.policy import policy_for
from suggestions.services.attachments import ATTACHMENT_MAX_BYTES
from suggestions.services.common import lock, move, tell, unit_users
from suggestions.services.lengths import TEXT_MAX, length_errors
from suggestions.workdays import Calendar

# Only the demo's back-dated history still reads this; live re-handling follows the region's
# rules (RegionPolicy.rehandle_months).
REHANDLE_MONTHS = envint("SUGGESTION_REHANDLE_MONTHS", 1)
SHEET_TYPES = {".pdf", ".jpg", ".jpeg", ".png"}
UNSATISFIED = Satisfaction.UNSATISFIED


def rules(suggestion: Suggestion) -> RegionPolicy:
    """The rules of the level handling the suggestion (its own, or the one it was handed to)."""
    return policy_for(suggestion.handled_by_id or suggestion.region_id)


def sends_back(suggestion: Suggestion, attitude: str, result: str) -> bool:
    """Whether the lead deputy's rating sends the first reply back for re-handling: 不满意 on
    the result, or on the attitude where the region's rules say so."""
    if suggestion.round != 1:
        return False
    if result == UNSATISFIED:
        return True
    rehandle = RegionPolicy.AttitudeConsequence.REHANDLE
    return attitude == UNSATISFIED and rules(suggestion).attitude_unsatisfied == rehandle


def _errors(attitude: str, result: str, comment: str) -> dict:
    errors = {}
    if attitude not in Satisfaction.values:
        errors["attitude"] = [_("请评价办理态度。")]
    if result not in Satisfaction.values:
        errors["result"] = [_("请评价办理结果。")]
    if UNSATISFIED in (attitude, result) and not comment.strip():
        errors["comment"] = [_("不满意时请写明意见，供承办单位重新办理。")]
    return errors | length_errors(comment=(comment, TEXT_MAX))


def _mismatch(expect: str, action: str, attitude: str, result: str) -> dict:
    """The endpoint named one outcome of the table and the rating given leads to the other."""
    if action.endswith("rate_unsatisfied"):
        field = "result" if result == UNSATISFIED else "attitude"
        return {field: [_("首次答复测评为“不满意”时请选择“测评不满意”，承办单位将重新办理。")]}
    return {"result": [_("只有首次答复的办理结果为“不满意”时才能选择“测评不满意”。")]}


def _rehandle(suggestion: Suggestion) -> dict:
    """The new deadline, from the region's rules, also stored on the lead unit's assignment so
    its inbox shows it."""
    cal = Calendar()
    months = rules(suggestion).rehandle_months
    due = cal.month_deadline(timezone.localdate(), months)
    lead = suggestion.assignments.filter(is_active=True, role="lead").first()
    if lead:
        data = {"rehandle_due": due, "reply_due": due, "deadlines_fallback": cal.fallback}
        model_update(instance=lead, fields=list(data), data=data)
    return {"round": 2, "reply_due": due, "due_fallback": cal.fallback}


def _rate(
    suggestion: Suggestion,
    *,
    actor: User,
    deputy: Deputy,
    is_lead: bool,
    attitude: str,
    result: str,
    comment: str,
    expect: str | None,
    paper: bool,
    sheet=None,
    sheet_errors: dict | None = None,
) -> Rating:
    """The one path of a rating, online or on paper (the caller has locked the row)."""
    prefix = "paper_" if paper else ""
    errors = _errors(attitude, result, comment) | (sheet_errors or {})
    if is_lead:
        back = sends_back(suggestion, attitude, result)
        action = prefix + ("rate_unsatisfied" if back else "rate_satisfied")
    else:
        action = prefix + "rate_cosigner"
    if expect and action != expect and not errors and is_lead:
        errors = _mismatch(expect, action, attitude, result)
    row = workflow.check(suggestion, expect or action, actor)
    if errors:
        raise invalid(errors)
    reply = suggestion.replies.order_by("-round").first()
    if reply.ratings.filter(deputy=deputy).exists():
        raise TransitionError(
            _("%(name)s已测评过这次答复。") % {"name": deputy.name}
            if paper
            else _("您已测评过这次答复。")
        )
    rating = model_create(
        Rating(
            reply=reply,
            deputy=deputy,
            attitude=attitude,
            result=result,
            comment=comment.strip(),
            is_paper=paper,
            sheet=sheet or "",
            entered_by=actor if paper else None,
        )
    )
    note = _("办理态度%(a)s，办理结果%(r)s。%(c)s") % {
        "a": Satisfaction(attitude).label,
        "r": Satisfaction(result).label,
        "c": comment.strip(),
    }
    if paper:
        note = _("代%(name)s录入纸质测评表：") % {"name": deputy.name} + note
    changes = {}
    if action.endswith("rate_unsatisfied"):
        changes = _rehandle(suggestion)
    elif action.endswith("rate_satisfied"):
        changes = {"closed_at": timezone.now()}
    if is_lead and suggestion.unrated_at:
        changes["unrated_at"] = None  # rated after all (a sheet came in later): no longer 未测评
    move(suggestion, row, actor, note=note, changes=changes)
    if action.endswith("rate_unsatisfied"):
        tell(
            unit_users([reply.unit_id]),
            suggestion,
            _("代表不满意，请重新办理：%(t)s") % {"t": suggestion.title},
            _("请于 %(due)s 前再次答复。%(c)s") % {"due": suggestion.reply_due, "c": comment},
            kind="suggestion.rehandle",
        )
    return rating


@transaction.atomic
def rating_create(
    *,
    suggestion: Suggestion,
    actor: User,
    attitude: str,
    result: str,
    comment: str = "",
    expect: str | None = None,
) -> Rating:
    """A signer rates the latest reply. The lead deputy's rating decides: 不满意 in the first
    round sends it back for re-handling with a new deadline; otherwise it is closed. `expect`
    is the table's action the caller chose (rate_satisfied, rate_unsatisfied, rate_cosigner):
    a rating that leads to another outcome is refused on its field."""
    suggestion = lock(suggestion)
    roles = workflow.actor_roles(suggestion, actor)
    return _rate(
        suggestion,
        actor=actor,
        deputy=getattr(actor, "deputy", None),
        is_lead=workflow.LEAD_DEPUTY in roles,
        attitude=attitude,
        result=result,
        comment=comment,
        expect=expect,
        paper=False,
    )


def paper_signers(suggestion: Suggestion) -> list[tuple[Deputy, bool]]:
    """(deputy, is_lead) for everyone who may rate: the lead deputy, then confirmed co-signers."""
    cosigners = suggestion.cosigners.filter(confirmed_at__isnull=False).select_related("deputy")
    return [(suggestion.lead_deputy, True), *((c.deputy, False) for c in cosigners)]


def _sheet_errors(sheet) -> dict:
    if not sheet:
        return {"sheet": [_("请上传测评表扫描件。")]}
    if os.path.splitext(sheet.name)[1].lower() not in SHEET_TYPES:
        return {"sheet": [_("测评表扫描件请上传 PDF、JPG 或 PNG 文件。")]}
    if sheet.size > ATTACHMENT_MAX_BYTES:
        mb = ATTACHMENT_MAX_BYTES // (1024 * 1024)
        return {"sheet": [_("扫描件不能超过 %(mb)d MB。") % {"mb": mb}]}
    return {}


@transaction.atomic
def paper_rating_create(
    *,
    suggestion: Suggestion,
    actor: User,
    deputy_id: int,
    attitude: str,
    result: str,
    comment: str = "",
    sheet=None,
    expect: str | None = None,
) -> Rating:
    """Staff of the suggestion's region enter a signer's paper rating sheet with its scan. The
    lead deputy's sheet closes the suggestion or sends it back, as their own rating would."""
    suggestion = lock(suggestion)
    signers = {d.pk: (d, is_lead) for d, is_lead in paper_signers(suggestion)}
    if deputy_id not in signers:
        workflow.check(suggestion, expect or "paper_rate_cosigner", actor)
        raise invalid("deputy", _("请选择本建议的领衔代表或已确认的附议代表。"))
    deputy, is_lead = signers[deputy_id]
    return _rate(
        suggestion,
        actor=actor,
        deputy=deputy,
        is_lead=is_lead,
        attitude=attitude,
        result=result,
        comment=comment,
        expect=expect,
        paper=True,
        sheet=sheet,
        sheet_errors=_sheet_errors(sheet),
    )


def paper_rating_info(suggestion: Suggestion) -> dict:
    """The signers of the latest reply with whether each has rated, the paper sheets entered,
    and the region's rules for ratings and for replies nobody rates (read only)."""
    reply = suggestion.replies.order_by("-round").first()
    rated = set(reply.ratings.values_list("deputy_id", flat=True)) if reply else set()
    policy = rules(suggestion)
    sheets = (
        Rating.objects.filter(reply__suggestion=suggestion, is_paper=True)
        .select_related("deputy", "reply", "entered_by")
        .order_by("reply__round", "id")
    )
    return {
        "signers": [
            {
                "deputy_id": d.pk,
                "name": d.name,
                "is_lead": is_lead,
                "rated": d.pk in rated,
                "has_account": bool(d.user_id),
            }
            for d, is_lead in paper_signers(suggestion)
        ],
        "sheets": list(sheets),
        "attitude_rehandles": policy.attitude_unsatisfied
        == RegionPolicy.AttitudeConsequence.REHANDLE,
        "unrated": {
            "remind_days": policy.unrated_remind_days,
            "after_days": policy.unrated_after_days,
            "outcome": policy.unrated_outcome,
            "outcome_display": policy.get_unrated_outcome_display(),
            "unrated_at": suggestion.unrated_at,
        },
    }

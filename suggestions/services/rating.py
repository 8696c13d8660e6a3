"""测评: the signers rate the reply; the lead deputy's rating closes it or sends it back."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.env import envint
from congress.errors import TransitionError, invalid
from congress.models import User
from congress.services import model_create
from suggestions import workflow
from suggestions.models import (
    Rating,
    Satisfaction,
    Suggestion,
)
from suggestions.services.common import lock, move, tell, unit_users
from suggestions.workdays import Calendar

REHANDLE_MONTHS = envint("SUGGESTION_REHANDLE_MONTHS", 1)  # local rules vary: 1–3 months


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
    errors = {}
    if attitude not in Satisfaction.values:
        errors["attitude"] = [_("请评价办理态度。")]
    if result not in Satisfaction.values:
        errors["result"] = [_("请评价办理结果。")]
    if result == Satisfaction.UNSATISFIED and not comment.strip():
        errors["comment"] = [_("不满意时请写明意见，供承办单位重新办理。")]
    if workflow.LEAD_DEPUTY in roles:
        unsatisfied = result == Satisfaction.UNSATISFIED and suggestion.round == 1
        action = "rate_unsatisfied" if unsatisfied else "rate_satisfied"
    else:
        action = "rate_cosigner"
    if expect and action != expect and not errors and workflow.LEAD_DEPUTY in roles:
        # The endpoint named one outcome of the table and the rating given leads to the other.
        errors["result"] = [
            _("首次答复测评为“不满意”时请选择“测评不满意”，承办单位将重新办理。")
            if unsatisfied
            else _("只有首次答复的办理结果为“不满意”时才能选择“测评不满意”。")
        ]
    row = workflow.check(suggestion, expect or action, actor)
    if errors:
        raise invalid(errors)
    reply = suggestion.replies.order_by("-round").first()
    if reply.ratings.filter(deputy=actor.deputy).exists():
        raise TransitionError(_("您已测评过这次答复。"))
    rating = model_create(
        Rating(
            reply=reply,
            deputy=actor.deputy,
            attitude=attitude,
            result=result,
            comment=comment.strip(),
        )
    )
    note = _("办理态度%(a)s，办理结果%(r)s。%(c)s") % {
        "a": Satisfaction(attitude).label,
        "r": Satisfaction(result).label,
        "c": comment.strip(),
    }
    changes = {}
    if action == "rate_unsatisfied":
        due = Calendar().month_deadline(timezone.localdate(), REHANDLE_MONTHS)
        changes = {"round": 2, "reply_due": due}
    elif action == "rate_satisfied":
        changes = {"closed_at": timezone.now()}
    move(suggestion, row, actor, note=note, changes=changes)
    if action == "rate_unsatisfied":
        tell(
            unit_users([reply.unit_id]),
            suggestion,
            _("代表不满意，请重新办理：%(t)s") % {"t": suggestion.title},
            _("请于 %(due)s 前再次答复。%(c)s") % {"due": suggestion.reply_due, "c": comment},
            kind="suggestion.rehandle",
        )
    return rating

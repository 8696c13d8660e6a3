"""Staff review: accept (optionally as a key suggestion) or return for rework; mark key."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import Role, User
from congress.services import model_create
from suggestions.models import Review, Suggestion
from suggestions.services.common import lock_and_check, move, signer_users, tell


@transaction.atomic
def suggestion_review(
    *,
    suggestion: Suggestion,
    actor: User,
    accept: bool,
    reason: str = "",
    is_key: bool = False,
    leading_leader_id: int | None = None,
    overseeing_committee: str = "",
) -> Suggestion:
    """Accept (optionally as a key suggestion) or return to the lead deputy for rework."""
    action = "accept" if accept else "return_for_rework"
    suggestion, row = lock_and_check(suggestion, action, actor)
    if not accept and not reason.strip():
        raise invalid("reason", _("退回修改须写明理由。"))
    changes = {}
    if accept:
        changes["accepted_at"] = timezone.now()
        if is_key or overseeing_committee:
            changes |= _key_fields(suggestion, is_key, leading_leader_id, overseeing_committee)
    model_create(
        Review(
            suggestion=suggestion,
            decision=Review.Decision.ACCEPTED if accept else Review.Decision.RETURNED,
            reason=reason.strip(),
            reviewer=actor,
        )
    )
    move(suggestion, row, actor, note=reason.strip(), changes=changes)
    if not accept:
        tell(
            signer_users(suggestion),
            suggestion,
            _("建议被退回修改：%(title)s") % {"title": suggestion.title},
            reason,
        )
    return suggestion


def _key_fields(suggestion, is_key, leading_leader_id, overseeing_committee) -> dict:
    """The key-suggestion fields, checked: a key suggestion has a leader of its level."""
    leader = None
    if is_key:
        leader = User.objects.filter(
            pk=leading_leader_id, role__in=[Role.SUPERVISOR, Role.STAFF, Role.ADMIN]
        ).first()
        if leader is None or (
            leader.region_id and not suggestion.region_id.startswith(leader.region_id)
        ):
            raise invalid("leading_leader", _("重点建议须指定本级的牵头领导。"))
    return {
        "is_key": is_key,
        "leading_leader": leader,
        "overseeing_committee": overseeing_committee.strip(),
    }


@transaction.atomic
def suggestion_mark_key(
    *,
    suggestion: Suggestion,
    actor: User,
    is_key: bool,
    leading_leader_id: int | None = None,
    overseeing_committee: str = "",
) -> Suggestion:
    suggestion, row = lock_and_check(suggestion, "mark_key", actor)
    changes = _key_fields(suggestion, is_key, leading_leader_id, overseeing_committee)
    leader = changes["leading_leader"]
    note = (
        _("设为重点建议，牵头领导：%(leader)s") % {"leader": leader}
        if is_key
        else _("取消重点建议")
    )
    move(suggestion, row, actor, note=note, changes=changes)
    if is_key:
        tell([leader], suggestion, _("请牵头督办重点建议：%(t)s") % {"t": suggestion.title})
    return suggestion

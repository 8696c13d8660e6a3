"""Staff review: accept (optionally as a key suggestion) or return for rework; mark key."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Role, User
from suggestions import workflow
from suggestions.models import (
    Review,
    Suggestion,
)
from suggestions.services.common import (
    bad,
    lock,
    move,
    signer_users,
    tell,
)

# --- Review -------------------------------------------------------------------------------


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
    suggestion = lock(suggestion)
    row = workflow.check(suggestion, "accept" if accept else "return_for_rework", actor)
    if not accept and not reason.strip():
        raise bad("reason", _("退回修改须写明理由。"))
    Review.objects.create(
        suggestion=suggestion,
        decision=Review.Decision.ACCEPTED if accept else Review.Decision.RETURNED,
        reason=reason.strip(),
        reviewer=actor,
    )
    fields = []
    if accept:
        suggestion.accepted_at = timezone.now()
        fields = ["accepted_at"]
        if is_key or overseeing_committee:
            fields += _set_key(suggestion, is_key, leading_leader_id, overseeing_committee)
    move(suggestion, row, actor, note=reason.strip(), fields=fields)
    if not accept:
        tell(
            signer_users(suggestion),
            suggestion,
            _("建议被退回修改：%(title)s") % {"title": suggestion.title},
            reason,
        )
    return suggestion


def _set_key(suggestion, is_key, leading_leader_id, overseeing_committee) -> list[str]:
    leader = None
    if is_key:
        leader = User.objects.filter(
            pk=leading_leader_id, role__in=[Role.SUPERVISOR, Role.STAFF, Role.ADMIN]
        ).first()
        if leader is None or (
            leader.region_id and not suggestion.region_id.startswith(leader.region_id)
        ):
            raise bad("leading_leader", _("重点建议须指定本级的牵头领导。"))
    suggestion.is_key = is_key
    suggestion.leading_leader = leader
    suggestion.overseeing_committee = overseeing_committee.strip()
    return ["is_key", "leading_leader", "overseeing_committee"]


@transaction.atomic
def suggestion_mark_key(
    *,
    suggestion: Suggestion,
    actor: User,
    is_key: bool,
    leading_leader_id: int | None = None,
    overseeing_committee: str = "",
) -> Suggestion:
    suggestion = lock(suggestion)
    row = workflow.check(suggestion, "mark_key", actor)
    fields = _set_key(suggestion, is_key, leading_leader_id, overseeing_committee)
    note = (
        _("设为重点建议，牵头领导：%(leader)s") % {"leader": suggestion.leading_leader}
        if is_key
        else _("取消重点建议")
    )
    move(suggestion, row, actor, note=note, fields=fields)
    if is_key:
        tell(
            [suggestion.leading_leader],
            suggestion,
            _("请牵头督办重点建议：%(t)s") % {"t": suggestion.title},
        )
    return suggestion

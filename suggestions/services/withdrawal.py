"""Withdrawal: every co-signer who confirmed consents, then the lead deputy withdraws (a draft
is the lead deputy's alone: nobody's consent is asked before it was ever submitted)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import TransitionError
from congress.models import User
from congress.services import model_update
from suggestions.models import (
    CoSigner,
    Suggestion,
)
from suggestions.models import Status as S
from suggestions.services.common import deactivate_assignments, lock_and_check, move
from suggestions.services.lengths import TEXT_MAX, check_lengths


@transaction.atomic
def withdrawal_consent(*, suggestion: Suggestion, actor: User) -> CoSigner:
    suggestion, row = lock_and_check(suggestion, "consent_withdrawal", actor)
    cosigner = suggestion.cosigners.get(deputy=actor.deputy)
    consent = {"withdraw_consented_at": timezone.now()}
    model_update(instance=cosigner, fields=list(consent), data=consent)
    move(suggestion, row, actor, note=_("%(n)s同意撤回") % {"n": actor.deputy.name})
    return cosigner


@transaction.atomic
def suggestion_withdraw(*, suggestion: Suggestion, actor: User, reason: str = "") -> Suggestion:
    suggestion, row = lock_and_check(suggestion, "withdraw", actor)
    check_lengths(reason=(reason.strip(), TEXT_MAX))
    # An invitee who never confirmed has not signed it, so has nothing to consent to.
    missing = list(
        suggestion.cosigners.filter(
            withdraw_consented_at__isnull=True, confirmed_at__isnull=False
        ).values_list("deputy__name", flat=True)
    )
    if missing and suggestion.status != S.DRAFT:
        raise TransitionError(
            _("撤回须经全体附议代表同意，尚未同意：%(n)s。") % {"n": "、".join(missing)}
        )
    deactivate_assignments(suggestion, _("建议撤回"))
    move(suggestion, row, actor, note=reason.strip(), changes={"reply_due": None})
    return suggestion

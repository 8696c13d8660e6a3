"""Withdrawal: every co-signer consents, then the lead deputy withdraws."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import User
from suggestions import workflow
from suggestions.models import (
    CoSigner,
    Suggestion,
)
from suggestions.services.common import (
    deactivate_assignments,
    lock,
    move,
)

# --- Withdrawal, disclosure, commitments -----------------------------------------------------


@transaction.atomic
def withdrawal_consent(*, suggestion: Suggestion, actor: User) -> CoSigner:
    suggestion = lock(suggestion)
    row = workflow.check(suggestion, "consent_withdrawal", actor)
    cosigner = suggestion.cosigners.get(deputy=actor.deputy)
    cosigner.withdraw_consented_at = timezone.now()
    cosigner.save(update_fields=["withdraw_consented_at"])
    move(suggestion, row, actor, note=_("%(n)s同意撤回") % {"n": actor.deputy.name})
    return cosigner


@transaction.atomic
def suggestion_withdraw(*, suggestion: Suggestion, actor: User, reason: str = "") -> Suggestion:
    suggestion = lock(suggestion)
    row = workflow.check(suggestion, "withdraw", actor)
    missing = list(
        suggestion.cosigners.filter(withdraw_consented_at__isnull=True).values_list(
            "deputy__name", flat=True
        )
    )
    if missing:
        raise workflow.TransitionError(
            _("撤回须经全体附议代表同意，尚未同意：%(n)s。") % {"n": "、".join(missing)}
        )
    deactivate_assignments(suggestion, _("建议撤回"))
    suggestion.reply_due = None
    move(suggestion, row, actor, note=reason.strip(), fields=["reply_due"])
    return suggestion

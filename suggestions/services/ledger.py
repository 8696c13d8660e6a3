"""承诺解决台账: staff check a commitment of a reply as done (回头督)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import User
from congress.services import model_update
from suggestions.models import (
    Commitment,
    Suggestion,
)
from suggestions.services.common import lock_and_check, move


@transaction.atomic
def commitment_mark_done(
    *, suggestion: Suggestion, actor: User, commitment_id: int, note: str = ""
) -> Commitment:
    suggestion, row = lock_and_check(suggestion, "commitment_done", actor)
    commitment = suggestion.commitments.filter(pk=commitment_id, done_at__isnull=True).first()
    if commitment is None:
        raise invalid("commitment", _("没有这项未完成的承诺事项。"))
    done = {"done_at": timezone.now(), "checked_by": actor, "note": note.strip()}
    model_update(instance=commitment, fields=list(done), data=done)
    move(
        suggestion,
        row,
        actor,
        note=_("回头督：%(w)s 已完成。%(n)s") % {"w": commitment.what, "n": note},
    )
    return commitment

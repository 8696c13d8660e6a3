"""承诺解决台账: staff check a commitment of a reply as done (回头督)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import User
from suggestions import workflow
from suggestions.models import (
    Commitment,
    Suggestion,
)
from suggestions.services.common import (
    bad,
    lock,
    move,
)


@transaction.atomic
def commitment_mark_done(
    *, suggestion: Suggestion, actor: User, commitment_id: int, note: str = ""
) -> Commitment:
    suggestion = lock(suggestion)
    row = workflow.check(suggestion, "commitment_done", actor)
    commitment = suggestion.commitments.filter(pk=commitment_id, done_at__isnull=True).first()
    if commitment is None:
        raise bad("commitment", _("没有这项未完成的承诺事项。"))
    commitment.done_at, commitment.checked_by = timezone.now(), actor
    commitment.note = note.strip()
    commitment.save(update_fields=["done_at", "checked_by", "note"])
    move(
        suggestion,
        row,
        actor,
        note=_("回头督：%(w)s 已完成。%(n)s") % {"w": commitment.what, "n": note},
    )
    return commitment

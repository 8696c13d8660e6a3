"""答复: the lead unit's written reply with its commitments and files."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import ApplicationError
from congress.models import User
from suggestions import workflow
from suggestions.models import (
    Attachment,
    Commitment,
    Reply,
    ResultClass,
    Suggestion,
)
from suggestions.services.common import (
    bulk_created,
    lock,
    move,
    my_assignment,
    signer_users,
    tell,
)


@transaction.atomic
def reply_create(
    *,
    suggestion: Suggestion,
    actor: User,
    result_class: str,
    body: str,
    commitments: list[dict] = (),
) -> Reply:
    """The lead unit's written reply; a class that needs commitments must list them."""
    suggestion = lock(suggestion)
    row = workflow.check(suggestion, "reply", actor)
    klass = ResultClass.objects.filter(code=result_class, is_active=True).first()
    errors = {}
    if klass is None:
        errors["result_class"] = [_("请选择答复类别。")]
    if not (body or "").strip():
        errors["body"] = [_("请填写答复内容。")]
    if klass and klass.needs_commitment and not commitments:
        errors["commitments"] = [_("%(c)s类答复须列明承诺解决的事项和时限。") % {"c": klass.code}]
    for item in commitments:
        if not str(item.get("what", "")).strip() or not item.get("due_date"):
            errors["commitments"] = [_("每项承诺须写明事项和完成时限。")]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], fields=errors)
    now = timezone.now()
    assignment = my_assignment(suggestion, actor)
    reply = Reply.objects.create(
        suggestion=suggestion,
        unit_id=assignment.unit_id,
        round=suggestion.round,
        result_class=klass,
        body=body.strip(),
        replied_by=actor,
        replied_at=now,
        on_time=not suggestion.reply_due or timezone.localdate(now) <= suggestion.reply_due,
    )
    bulk_created(
        Commitment.objects.bulk_create(
            [
                Commitment(
                    reply=reply,
                    suggestion=suggestion,
                    what=str(c["what"]).strip()[:200],
                    due_date=c["due_date"],
                )
                for c in commitments
            ]
        )
    )
    for attachment in Attachment.objects.filter(
        suggestion=suggestion, unit_id=assignment.unit_id, reply__isnull=True
    ):
        attachment.reply = reply
        attachment.save(update_fields=["reply"])
    suggestion.replied_at = now
    move(suggestion, row, actor, note=f"{klass}", fields=["replied_at"])
    tell(
        signer_users(suggestion),
        suggestion,
        _("建议已答复，请测评：%(title)s") % {"title": suggestion.title},
        _("%(unit)s答复：%(klass)s。") % {"unit": assignment.unit, "klass": klass},
        kind="suggestion.replied",
    )
    return reply

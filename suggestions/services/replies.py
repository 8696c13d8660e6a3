"""答复: the lead unit's written reply with its commitments and files."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import User
from congress.services import model_create, model_update
from suggestions.models import (
    Attachment,
    Commitment,
    Reply,
    ResultClass,
    Suggestion,
)
from suggestions.services.common import (
    created,
    lock_and_check,
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
    suggestion, row = lock_and_check(suggestion, "reply", actor)
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
        raise invalid(errors)
    now = timezone.now()
    assignment = my_assignment(suggestion, actor)
    reply = model_create(
        Reply(
            suggestion=suggestion,
            unit_id=assignment.unit_id,
            round=suggestion.round,
            result_class=klass,
            body=body.strip(),
            replied_by=actor,
            replied_at=now,
            on_time=not suggestion.reply_due or timezone.localdate(now) <= suggestion.reply_due,
        )
    )
    created(
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
        model_update(instance=attachment, fields=["reply"], data={"reply": reply})
    move(suggestion, row, actor, note=f"{klass}", changes={"replied_at": now})
    tell(
        signer_users(suggestion),
        suggestion,
        _("建议已答复，请测评：%(title)s") % {"title": suggestion.title},
        _("%(unit)s答复：%(klass)s。") % {"unit": assignment.unit, "klass": klass},
        kind="suggestion.replied",
    )
    return reply

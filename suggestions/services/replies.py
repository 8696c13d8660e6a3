"""答复: the lead unit's written reply with its commitments and files."""

from datetime import date

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
from suggestions.services.ledger import supersede_commitments


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


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
    today = timezone.localdate()
    for i, item in enumerate(commitments):
        if not str(item.get("what", "")).strip() or not item.get("due_date"):
            errors["commitments"] = [_("每项承诺须写明事项和完成时限。")]
        elif _as_date(item["due_date"]) < today:
            message = _("承诺完成时限不能早于今天。")
            errors[f"commitments[{i}].due_date"] = [message]
            errors.setdefault("commitments", [_("第 %(n)s 项：") % {"n": i + 1} + message])
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
    # A new round's reply replaces the earlier one: what that one promised is closed (已失效).
    superseded = supersede_commitments(suggestion=suggestion, reply=reply)
    for attachment in Attachment.objects.filter(
        suggestion=suggestion, unit_id=assignment.unit_id, reply__isnull=True
    ):
        model_update(instance=attachment, fields=["reply"], data={"reply": reply})
    note = f"{klass}"
    if superseded:
        note += _("；原答复的 %(n)d 项承诺事项已失效") % {"n": len(superseded)}
    move(suggestion, row, actor, note=note, changes={"replied_at": now})
    tell(
        signer_users(suggestion),
        suggestion,
        _("建议已答复，请测评：%(title)s") % {"title": suggestion.title},
        _("%(unit)s答复：%(klass)s。") % {"unit": assignment.unit, "klass": klass},
        kind="suggestion.replied",
    )
    return reply

"""Files: the lead deputy's attachments to a draft, the lead unit's files for its coming reply."""

import os

from django.db import transaction
from django.utils.translation import gettext as _

from congress.env import envint
from congress.errors import ApplicationError
from congress.models import User
from suggestions import workflow
from suggestions.models import (
    Attachment,
    Suggestion,
)
from suggestions.models import Status as S
from suggestions.services.common import (
    bad,
    lock,
    my_assignment,
)

ATTACHMENT_MAX_BYTES = envint("SUGGESTION_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_TYPES = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".txt"}


def _check_file(file) -> None:
    extension = os.path.splitext(file.name)[1].lower()
    if extension not in ATTACHMENT_TYPES:
        raise bad("file", _("不支持的文件类型，请上传 PDF、Word、Excel、图片或文本文件。"))
    if file.size > ATTACHMENT_MAX_BYTES:
        raise bad(
            "file",
            _("附件不能超过 %(mb)d MB。") % {"mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)},
        )


@transaction.atomic
def attachment_add(*, suggestion: Suggestion, actor: User, file) -> Attachment:
    suggestion = lock(suggestion)
    if workflow.LEAD_DEPUTY not in workflow.actor_roles(suggestion, actor):
        raise ApplicationError(_("只有领衔代表可以上传附件。"), status=403)
    if suggestion.status not in (S.DRAFT, S.RETURNED):
        raise workflow.TransitionError(_("只有草稿或退回修改的建议可以上传附件。"))
    _check_file(file)
    attachment = Attachment(
        suggestion=suggestion, file=file, name=file.name[:200], size=file.size, uploaded_by=actor
    )
    attachment.save()
    return attachment


@transaction.atomic
def reply_attachment_add(*, suggestion: Suggestion, actor: User, file) -> Attachment:
    """A file for the lead unit's coming reply; it joins the reply when the reply is sent."""
    suggestion = lock(suggestion)
    workflow.check(suggestion, "reply", actor)
    _check_file(file)
    attachment = Attachment(
        suggestion=suggestion,
        unit_id=my_assignment(suggestion, actor).unit_id,
        file=file,
        name=file.name[:200],
        size=file.size,
        uploaded_by=actor,
    )
    attachment.save()
    return attachment


@transaction.atomic
def reply_attachment_remove(*, suggestion: Suggestion, actor: User, attachment_id: int) -> None:
    suggestion = lock(suggestion)
    workflow.check(suggestion, "reply", actor)
    attachment = Attachment.objects.filter(
        pk=attachment_id,
        suggestion=suggestion,
        unit_id=my_assignment(suggestion, actor).unit_id,
        reply__isnull=True,
    ).first()
    if attachment is None:
        raise bad("attachment", _("只能删除本单位尚未随答复发出的附件。"))
    attachment.file.delete(save=False)
    attachment.delete()

"""Files: the lead deputy's attachments to a draft (the table's `attach` row), and the lead
unit's files for its coming reply (under the `reply` row), which join the reply when it is sent."""

import os

from django.db import transaction
from django.utils.translation import gettext as _

from congress.env import envint
from congress.errors import invalid
from congress.models import User
from congress.services import model_create, model_delete
from suggestions.models import Attachment, Suggestion
from suggestions.services.common import lock_and_check, move, my_assignment

ATTACHMENT_MAX_BYTES = envint("SUGGESTION_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_TYPES = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".txt"}


def _check_file(file) -> None:
    if file is None:
        raise invalid("file", _("请选择文件。"))
    extension = os.path.splitext(file.name)[1].lower()
    if extension not in ATTACHMENT_TYPES:
        raise invalid("file", _("不支持的文件类型，请上传 PDF、Word、Excel、图片或文本文件。"))
    if file.size > ATTACHMENT_MAX_BYTES:
        raise invalid(
            "file",
            _("附件不能超过 %(mb)d MB。") % {"mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)},
        )


@transaction.atomic
def attachment_add(*, suggestion: Suggestion, actor: User, file) -> Attachment:
    """The lead deputy attaches a file to a draft or a returned suggestion."""
    suggestion, row = lock_and_check(suggestion, "attach", actor)
    _check_file(file)
    attachment = model_create(
        Attachment(
            suggestion=suggestion,
            file=file,
            name=file.name[:200],
            size=file.size,
            uploaded_by=actor,
        )
    )
    move(suggestion, row, actor, note=attachment.name)
    return attachment


@transaction.atomic
def reply_attachment_add(*, suggestion: Suggestion, actor: User, file) -> Attachment:
    """A file for the lead unit's coming reply; it joins the reply when the reply is sent."""
    suggestion, _row = lock_and_check(suggestion, "reply", actor)
    _check_file(file)
    return model_create(
        Attachment(
            suggestion=suggestion,
            unit_id=my_assignment(suggestion, actor).unit_id,
            file=file,
            name=file.name[:200],
            size=file.size,
            uploaded_by=actor,
        )
    )


@transaction.atomic
def reply_attachment_remove(*, suggestion: Suggestion, actor: User, attachment_id: int) -> None:
    suggestion, _row = lock_and_check(suggestion, "reply", actor)
    attachment = Attachment.objects.filter(
        pk=attachment_id,
        suggestion=suggestion,
        unit_id=my_assignment(suggestion, actor).unit_id,
        reply__isnull=True,
    ).first()
    if attachment is None:
        raise invalid("attachment", _("只能删除本单位尚未随答复发出的附件。"))
    attachment.file.delete(save=False)
    model_delete(attachment)

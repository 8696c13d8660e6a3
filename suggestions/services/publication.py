"""答复公开: publish a reply's public text as staff confirmed it, or take it off the public page."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import TransitionError, invalid
from congress.models import User
from congress.services import model_update
from suggestions import disclosure, selectors
from suggestions.models import (
    Reply,
    Suggestion,
)
from suggestions.services.common import lock_and_check, move

PUBLIC_TEXT_MAX = 20_000


def _public_text_errors(title: str, text: str) -> dict:
    """Each field's problem: empty, too long, or still holding a contact detail, an ID number,
    a bank card number or a house number (names are the staff's judgement: they may stand,
    e.g. a deputy's)."""
    errors = {}
    for field, value, limit, label in (
        ("title", title, Reply._meta.get_field("public_title").max_length, _("公开标题")),
        ("text", text, PUBLIC_TEXT_MAX, _("公开文本")),
    ):
        found = disclosure.contact_details(value)
        if not value:
            errors[field] = [_("请填写%(what)s。") % {"what": label}]
        elif len(value) > limit:
            errors[field] = [_("%(what)s不能超过%(n)d字。") % {"what": label, "n": limit}]
        elif found:
            errors[field] = [
                _("%(what)s中仍有联系方式、身份证号、银行卡号或门牌号，请删除后再公开：%(found)s")
                % {"what": label, "found": "、".join(found)}
            ]
    return errors


@transaction.atomic
def reply_publish(
    *,
    suggestion: Suggestion,
    actor: User,
    reply_id: int | None = None,
    title: str | None = None,
    text: str | None = None,
    names: list[str] = (),
) -> Reply:
    """Publish a reply (the latest by default) with the public title and text staff confirmed
    in the preview, edited or not. Without them, what was stored at an earlier publication is
    published again; only a reply never published gets the text proposed from its raw text
    (with `names` masked too). The raw text is never redacted again behind staff's back."""
    suggestion, row = lock_and_check(suggestion, "publish", actor)
    reply = suggestion.replies.select_related("suggestion__lead_deputy").order_by("-round")
    reply = reply.filter(pk=reply_id).first() if reply_id else reply.first()
    if reply is None:
        raise invalid("reply", _("这条建议没有这次答复。"))
    if title is None or text is None:
        proposed = selectors.public_text_proposal(reply=reply, names=names)
        title = proposed["title"] if title is None else title
        text = proposed["text"] if text is None else text
    title, text = title.strip(), text.strip()
    errors = _public_text_errors(title, text)
    if errors:
        raise invalid(errors)
    again = reply.disclosure == Reply.Disclosure.PUBLISHED
    published = {
        "public_title": title,
        "public_body": text,
        "disclosure": Reply.Disclosure.PUBLISHED,
        "published_at": timezone.now(),
        "published_by": actor,
    }
    model_update(instance=reply, fields=list(published), data=published)
    note = _("修改第%(n)d次答复的公开文本") if again else _("公开第%(n)d次答复")
    move(suggestion, row, actor, note=note % {"n": reply.round})
    return reply


@transaction.atomic
def reply_unpublish(
    *, suggestion: Suggestion, actor: User, reply_id: int | None = None, reason: str = ""
) -> Reply:
    """Take a published reply (the latest published by default) off the public page. Its
    public text is kept, so publishing it again shows what staff confirmed before."""
    suggestion, row = lock_and_check(suggestion, "unpublish", actor)
    replies = suggestion.replies.order_by("-round")
    reply = replies.filter(pk=reply_id).first() if reply_id else None
    if reply_id and reply is None:
        raise invalid("reply", _("这条建议没有这次答复。"))
    reply = reply or replies.filter(disclosure=Reply.Disclosure.PUBLISHED).first()
    if reply is None or reply.disclosure != Reply.Disclosure.PUBLISHED:
        raise TransitionError(_("这次答复没有公开，无需撤回。"))
    withdrawn = {
        "disclosure": Reply.Disclosure.WITHDRAWN,
        "unpublished_at": timezone.now(),
        "unpublished_by": actor,
    }
    model_update(instance=reply, fields=list(withdrawn), data=withdrawn)
    note = _("撤回第%(n)d次答复的公开。%(r)s") % {"n": reply.round, "r": reason.strip()}
    move(suggestion, row, actor, note=note.strip())
    return reply

"""The agenda and the documents of an event. A document uploaded under a title that exists is
its next version; one version may be marked final (定稿), which unmarks the others."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import User
from congress.services import model_create, model_delete, model_update
from meetings.files import document_type
from meetings.models import AgendaItem, Event, EventDocument
from meetings.services.common import locked_and_checked

MAX_AGENDA = 100


@transaction.atomic
def agenda_set(*, actor: User, event: Event, items: list[dict]) -> list[AgendaItem]:
    """Replace the agenda with `items` (title, presenter, starts_at, notes), in that order."""
    event = locked_and_checked(event, "agenda", actor)
    if len(items) > MAX_AGENDA:
        raise invalid("items", _("议程最多 %(n)s 项。") % {"n": MAX_AGENDA})
    errors = {}
    for i, item in enumerate(items):
        if not (item.get("title") or "").strip():
            errors[f"items[{i}].title"] = [_("请填写议程。")]
    if errors:
        raise invalid(errors, summary=_("议程有误："))
    for old in AgendaItem.objects.filter(event=event):
        model_delete(old)
    return [
        model_create(
            AgendaItem(event=event, order=n, title=item["title"].strip()[:200],
                       presenter=(item.get("presenter") or "").strip()[:100],
                       starts_at=item.get("starts_at"), notes=item.get("notes") or ""),
            validate=True,
        )
        for n, item in enumerate(items, start=1)
    ]  # fmt: skip


@transaction.atomic
def document_add(
    *, actor: User, event: Event, title: str, file, is_final: bool = False
) -> EventDocument:
    event = locked_and_checked(event, "document", actor)
    title = (title or "").strip()
    if not title:
        raise invalid("title", _("请填写材料名称。"))
    content_type = document_type(file)
    latest = EventDocument.objects.filter(event=event, title=title[:200]).aggregate(
        v=Max("version")
    )
    document = model_create(
        EventDocument(event=event, title=title[:200], version=(latest["v"] or 0) + 1,
                      is_final=is_final, file=file, file_name=file.name[-200:],
                      content_type=content_type, size=file.size, uploaded_by=actor)
    )  # fmt: skip
    if is_final:
        _only_final(document)
    return document


def _only_final(document: EventDocument) -> None:
    others = EventDocument.objects.filter(
        event_id=document.event_id, title=document.title, is_final=True
    ).exclude(pk=document.pk)
    for other in others:
        model_update(instance=other, fields=["is_final"], data={"is_final": False})


@transaction.atomic
def document_mark(*, actor: User, document: EventDocument, is_final: bool) -> EventDocument:
    locked_and_checked(document.event, "document", actor)
    document = EventDocument.objects.select_for_update().get(pk=document.pk)
    model_update(instance=document, fields=["is_final"], data={"is_final": is_final})
    if is_final:
        _only_final(document)
    return document


@transaction.atomic
def document_remove(*, actor: User, document: EventDocument) -> None:
    locked_and_checked(document.event, "document", actor)
    document.file.delete(save=False)
    model_delete(document)

"""Contacts logged under a relation, with the issues raised in them."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from congress.errors import ApplicationError, invalid
from congress.models import User
from congress.notifications import notify
from congress.services import model_create
from contacts import workflow
from contacts.models import Contact, ContactRelation, Issue, Kind

MAX_ISSUES = 20


def may_log(actor: User, relation: ContactRelation) -> bool:
    return workflow.is_staff_of(actor, relation) or workflow.is_contactor(actor, relation)


@transaction.atomic
def contact_log(
    *,
    actor: User,
    relation: ContactRelation,
    occurred_on: dt.date,
    way: str,
    subject: str,
    place: str = "",
    issues: list[str] = (),
) -> Contact:
    """Log a contact (staff for anyone in scope, the contactor for their own relation)."""
    if not may_log(actor, relation):
        raise ApplicationError(_("您不能登记该联系关系的联系记录。"), code="permission_denied",
                               status=403)  # fmt: skip
    if occurred_on < relation.starts_on or (relation.ends_on and occurred_on > relation.ends_on):
        raise invalid("occurred_on", _("联系日期不在该联系关系的起止日期内。"))
    texts = [text.strip() for text in issues if text and text.strip()]
    if len(texts) > MAX_ISSUES:
        raise invalid("issues", _("一次最多登记20个问题。"))
    contact = Contact(relation=relation, occurred_on=occurred_on, way=way,
                      subject=subject.strip(), place=place.strip(), logged_by=actor)  # fmt: skip
    model_create(contact, validate=True)
    for text in texts:
        model_create(Issue(contact=contact, content=text), validate=True)
    _tell_deputy(contact)
    return contact


def _tell_deputy(contact: Contact) -> None:
    """The deputy contacted reads it under 联系我的 (in the app only)."""
    relation = contact.relation
    if relation.kind == Kind.TOWNSHIP or not relation.deputy.user_id:
        return
    notify(
        recipients=[relation.deputy.user],
        kind="contact_logged",
        title=_("%(name)s登记了与您的联系") % {"name": relation.contactor_name},
        body=f"{contact.occurred_on} {contact.get_way_display()}",
        link="/me/contacts/",
        email=False,
    )

"""Relations 联系关系: who contacts whom with a yearly target; staff set them up and end them."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import Region, Role, User
from congress.scope import region_in_scope
from congress.services import model_create, model_update
from contacts.models import MEMBER_KINDS, OFFICIAL_MIN_TARGET, ContactRelation, Kind
from representatives.models import Deputy

EDITABLE = ["yearly_target", "ends_on", "note"]


def _home(relation: ContactRelation) -> str:
    """The region the contactor works for: a relation may only reach down from it."""
    if relation.member_id:
        return relation.member.term.congress.region_id
    user = relation.contactor
    if user.role == Role.OFFICIAL:
        return user.handling_unit.region_id if user.handling_unit_id else ""
    return user.region_id or ""


def _pick(model_or_qs, pk, field: str, message: str, **filters):
    qs = getattr(model_or_qs, "objects", model_or_qs)
    obj = qs.filter(pk=pk, **filters).first() if pk else None
    if pk and obj is None:
        raise invalid(field, message)
    return obj


@transaction.atomic
def relation_create(
    *,
    actor: User,
    kind: str,
    contactor_id: int | None = None,
    member_id: int | None = None,
    township: str = "",
    deputy_id: int | None = None,
    yearly_target: int | None = None,
    starts_on: dt.date | None = None,
    note: str = "",
) -> ContactRelation:
    """A relation in the actor's scope; every id outside it is a 400 on its field."""
    from ballots.models import CommitteeMember  # noqa: PLC0415 - ballots owns the members

    relation = ContactRelation(kind=kind, note=note, created_by=actor)
    relation.contactor = _pick(User, contactor_id, "contactor", _("所选联系人无效。"),
                               is_active=True)  # fmt: skip
    relation.member = _pick(
        CommitteeMember.objects.select_related("deputy", "term__congress"),
        member_id, "member", _("所选常委会组成人员无效。"), is_active=True,
    )  # fmt: skip
    relation.deputy = _pick(Deputy, deputy_id, "deputy", _("所选代表无效。"))
    if township:
        relation.township = _pick(Region, township, "township", _("所选乡镇无效。"),
                                  level=Region.Level.TOWNSHIP)  # fmt: skip
    # Only the fields of the kind count: a member kind's contactor is the member's deputy.
    if kind in MEMBER_KINDS:
        relation.contactor = None
    else:
        relation.member = None
    if kind == Kind.TOWNSHIP:
        relation.deputy = None
    else:
        relation.township = None
    side = relation.township if kind == Kind.TOWNSHIP else relation.deputy
    if side is not None:
        relation.region_id = side.code if kind == Kind.TOWNSHIP else side.region_id
        if not region_in_scope(actor, relation.region_id) and not actor.is_admin:
            raise invalid("township" if kind == Kind.TOWNSHIP else "deputy",
                          _("所选对象不在您的管辖范围内。"))  # fmt: skip
    relation.yearly_target = yearly_target or OFFICIAL_MIN_TARGET
    relation.starts_on = starts_on or timezone.localdate()
    relation.full_clean(exclude=["region"] if side is None else None)
    if (relation.contactor or relation.member) and side is not None:
        home = _home(relation)
        if not home or not relation.region_id.startswith(home):
            raise invalid("member" if relation.member_id else "contactor",
                          _("联系人与联系对象不属于同一地区。"))  # fmt: skip
    _unique(relation)
    return model_create(relation)


def _unique(relation: ContactRelation) -> None:
    same = ContactRelation.objects.filter(
        kind=relation.kind,
        contactor=relation.contactor,
        member=relation.member,
        township=relation.township,
        deputy=relation.deputy,
        ends_on__isnull=True,
    )
    if same.exists():
        raise invalid("kind", _("该联系关系已经存在。"))


@transaction.atomic
def relation_update(*, actor: User, relation: ContactRelation, data: dict) -> ContactRelation:
    relation = ContactRelation.objects.select_for_update().get(pk=relation.pk)
    if data.get("ends_on") and data["ends_on"] < relation.starts_on:
        raise invalid("ends_on", _("结束日期不能早于开始日期。"))
    target = data.get("yearly_target")
    if relation.kind == Kind.OFFICIAL and target is not None and target < OFFICIAL_MIN_TARGET:
        raise invalid("yearly_target", _("国家机关领导干部每年联系代表不少于2次。"))
    relation, _changed = model_update(instance=relation, fields=EDITABLE, data=data)
    return relation

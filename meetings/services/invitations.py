"""Who is invited, and their answers: invite deputies in bulk (by congress, group, station or
one by one) and people who may not be deputies (committee members, officials of 一府一委两院,
staff: an account, or a name and organisation), in one transaction with one notice each; the
invitee answers 参加 or 请假; leave from a session or a standing-committee meeting waits for
the organising region's staff to approve or refuse it."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import TransitionError, invalid
from congress.models import AuditLog, Congress, User
from congress.scope import region_in_scope
from congress.services import model_delete, model_update
from liaison_stations.models import StationMembership
from meetings.models import Event, Invitation
from meetings.services.common import locked_and_checked
from meetings.services.notices import notify_invited, notify_leave_decision
from representatives.models import Deputy, DeputyGroup, Mandate

MAX_INVITED = 20_000


def _serving_deputies(*, congresses, groups, stations, deputies) -> Q | None:
    q = Q(pk__in=[])
    if congresses:
        q |= Q(
            pk__in=Mandate.objects.filter(congress__in=congresses, status="serving").values(
                "deputy_id"
            )
        )
    if groups:
        q |= Q(
            pk__in=Mandate.objects.filter(group__in=groups, status="serving").values("deputy_id")
        )
    if stations:
        q |= Q(
            pk__in=StationMembership.objects.serving()
            .filter(station__in=stations)
            .values("deputy_id")
        )
    if deputies:
        q |= Q(pk__in=[d.pk for d in deputies])
    return q  # fmt: skip


def _check_in_scope(actor: User, field: str, rows, region_of) -> None:
    for row in rows:
        if not region_in_scope(actor, region_of(row)):
            raise invalid(field, _("所选内容不在您的管辖范围内。"))


@transaction.atomic
def invitations_add(
    *,
    actor: User,
    event: Event,
    congresses: list[Congress] = (),
    groups: list[DeputyGroup] = (),
    stations: list = (),
    deputies: list[Deputy] = (),
    others: list[dict] = (),
) -> list[Invitation]:
    """Invite in one transaction; people already invited are skipped. Returns the new ones."""
    event = locked_and_checked(event, "invite", actor)
    _check_in_scope(actor, "congresses", congresses, lambda c: c.region_id)
    _check_in_scope(actor, "groups", groups, lambda g: g.region_id)
    _check_in_scope(actor, "stations", stations, lambda s: s.region_id)
    _check_in_scope(actor, "deputies", deputies, lambda d: d.region_id)
    if not (congresses or groups or stations or deputies or others):
        raise invalid("deputies", _("请选择要邀请的代表或人员。"))
    now = timezone.now()
    invited = set(
        event.invitations.filter(deputy__isnull=False).values_list("deputy_id", flat=True)
    )
    found = Deputy.objects.filter(
        _serving_deputies(congresses=congresses, groups=groups, stations=stations, deputies=deputies)
    ).exclude(pk__in=invited).values_list("pk", "name", "workplace")  # fmt: skip
    new = [
        Invitation(event=event, role=Invitation.Role.DEPUTY, deputy_id=pk, name=name,
                   organisation=workplace[:100], invited_by=actor, notified_at=now)
        for pk, name, workplace in found
    ]  # fmt: skip
    new += _others(actor, event, others, now)
    if len(new) + len(invited) > MAX_INVITED:
        raise invalid("deputies", _("一次会议活动最多邀请 %(n)s 人。") % {"n": MAX_INVITED})
    rows = Invitation.objects.bulk_create(new, batch_size=2000)
    if rows:
        audit.record(
            AuditLog.Action.IMPORT,
            model="meetings.Invitation",
            object_pk=event.pk,
            object_repr=f"{event}: {len(rows)} invited",
            after={"invitations": [r.pk for r in rows][:500]},
        )
        notify_invited(event, rows)
    return rows


def _others(actor: User, event: Event, others: list[dict], now) -> list[Invitation]:
    """Invitees who may not be deputies: by account (in the actor's scope) or by name."""
    out, errors, seen = (
        [],
        {},
        set(event.invitations.filter(user__isnull=False).values_list("user_id", flat=True)),
    )
    for i, spec in enumerate(others):
        user = spec.get("user")
        role = spec.get("role") or Invitation.Role.OTHER
        if role == Invitation.Role.DEPUTY:
            errors[f"others[{i}].role"] = [_("代表请按代表选择邀请。")]
            continue
        if user is not None:
            if not _user_in_scope(actor, user):
                errors[f"others[{i}].user"] = [_("所选账号不在您的管辖范围内。")]
                continue
            if user.pk in seen:
                continue
            seen.add(user.pk)
        name = (spec.get("name") or (user.display_name if user else "")).strip()
        if not name:
            errors[f"others[{i}].name"] = [_("请填写姓名。")]
            continue
        organisation = (spec.get("organisation") or "").strip()
        if not organisation and user is not None and user.handling_unit_id:
            organisation = user.handling_unit.name
        out.append(Invitation(event=event, role=role, user=user, name=name[:50],
                              organisation=organisation[:100], invited_by=actor, notified_at=now))  # fmt: skip
    if errors:
        raise invalid(errors, summary=_("邀请人员有误："))
    return out


def _user_in_scope(actor: User, user: User) -> bool:
    if not user.is_active:
        return False
    if user.handling_unit_id:
        return region_in_scope(actor, user.handling_unit.region_id)
    deputy = getattr(user, "deputy", None)
    code = user.region_id or (deputy.region_id if deputy else None)
    return region_in_scope(actor, code)


@transaction.atomic
def invitation_remove(*, actor: User, invitation: Invitation) -> None:
    locked_and_checked(invitation.event, "uninvite", actor)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.attendance or hasattr(invitation, "sign_in"):
        raise TransitionError(_("该人员已签到，不能移除邀请。"))
    model_delete(invitation)


@transaction.atomic
def invitation_answer(
    *, actor: User, invitation: Invitation, answer: str, reason: str = ""
) -> Invitation:
    """The invitee answers 参加 or 请假 (with a reason); leave that needs approval waits for it."""
    event = locked_and_checked(invitation.event, "answer", actor, invitee=True)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    reason = (reason or "").strip()
    if answer not in (Invitation.Answer.ATTEND, Invitation.Answer.LEAVE):
        raise invalid("answer", _("请选择参加或请假。"))
    if answer == Invitation.Answer.LEAVE and not reason:
        raise invalid("reason", _("请假请填写事由。"))
    if invitation.attendance:
        raise TransitionError(_("您已签到，不能再更改答复。"))
    if answer == Invitation.Answer.ATTEND:
        leave, reason = "", ""
    else:
        leave = (
            Invitation.Leave.PENDING if event.leave_needs_approval else Invitation.Leave.APPROVED
        )
    data = {"answer": answer, "answer_reason": reason[:300], "answered_at": timezone.now(),
            "leave": leave, "leave_decided_by": None, "leave_decided_at": None, "leave_note": ""}  # fmt: skip
    model_update(instance=invitation, fields=list(data), data=data)
    return invitation


@transaction.atomic
def leave_decide(
    *, actor: User, invitation: Invitation, approve: bool, note: str = ""
) -> Invitation:
    """Staff of the organising region approve or refuse a leave; who and when are recorded."""
    event = locked_and_checked(invitation.event, "decide_leave", actor)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.answer != Invitation.Answer.LEAVE:
        raise TransitionError(_("该人员没有请假。"))
    if not event.leave_needs_approval:
        raise TransitionError(_("此类会议活动的请假无需审批。"))
    note = (note or "").strip()
    if not approve and not note:
        raise invalid("note", _("不批准请假请填写理由。"))
    data = {
        "leave": Invitation.Leave.APPROVED if approve else Invitation.Leave.REFUSED,
        "leave_decided_by": actor,
        "leave_decided_at": timezone.now(),
        "leave_note": note[:300],
    }
    model_update(instance=invitation, fields=list(data), data=data)
    notify_leave_decision(event, invitation)
    return invitation

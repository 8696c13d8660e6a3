"""Sign-in and attendance: a deputy scans the event's code (signed, expiring, valid only in the
window), staff sign people in by hand or import a paper sheet, the invitee signs out where the
event asks for it, staff correct attendance after the close. Every change of attendance
writes the archive entry in the same transaction (meetings/archive.py).

A second sign-in is refused by the database: SignIn is unique per invitation, and the loser
of a race gets the IntegrityError turned into a 409, with nothing changed."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import ApplicationError, TransitionError, invalid
from congress.models import AuditLog, User
from congress.services import model_create, model_update
from meetings import archive, tokens, workflow
from meetings.models import Event, Invitation, SignIn
from meetings.services.common import invitation_of, invitations_of, locked_and_checked

A = Invitation.Attendance


def _late(event: Event, at: dt.datetime) -> bool:
    return at > event.starts_at + dt.timedelta(minutes=event.late_after_minutes)


def _check_window(event: Event, now: dt.datetime) -> None:
    opens, closes = event.window
    if now < opens:
        when = timezone.localtime(opens)
        raise TransitionError(
            _("签到尚未开始，%(at)s 起可以签到。") % {"at": f"{when:%m-%d %H:%M}"}
        )
    if now > closes:
        raise TransitionError(_("签到已经截止。"))


def _record(event: Event, invitation: Invitation, *, at, method, actor) -> SignIn:
    """The sign-in row (in a savepoint: a duplicate is a 409, not a broken transaction) and the
    attendance it makes; the archive entry follows."""
    try:
        with transaction.atomic():
            sign_in = model_create(
                SignIn(invitation=invitation, event=event, signed_in_at=at, late=_late(event, at),
                       method=method, recorded_by=actor)
            )  # fmt: skip
    except IntegrityError as exc:
        raise TransitionError(_("已经签到，无需重复签到。")) from exc
    attendance = A.LATE if sign_in.late else A.PRESENT
    model_update(instance=invitation, fields=["attendance"], data={"attendance": attendance})
    archive.entries_sync(event, [invitation])
    return sign_in


def event_from_token(token: str) -> tuple[Event, str]:
    event_id, key = tokens.token_event_id(token)
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        raise ApplicationError(_("签到码无效，请扫描会场的二维码。"), code="sign_in_code_invalid",
                               fields={"token": [_("签到码无效，请扫描会场的二维码。")]})  # fmt: skip
    tokens.check_key(event, key)
    return event, key


@transaction.atomic
def sign_in_by_code(*, actor: User, token: str) -> SignIn:
    """The logged-in invitee signs in with the code on the screen (or printed)."""
    event, _key = event_from_token(token)
    invitation = invitation_of(event, actor)
    if invitation is None:
        message = _("您不在本次会议活动的邀请名单中，不能签到。")
        raise ApplicationError(message, code="not_invited", fields={"token": [message]})
    workflow.check(event, "sign_in", workflow.roles(event, actor, invitee=True))
    now = timezone.now()
    _check_window(event, now)
    if SignIn.objects.filter(invitation=invitation).exists():
        raise TransitionError(_("已经签到，无需重复签到。"))
    return _record(event, invitation, at=now, method=SignIn.Method.QR, actor=actor)


@transaction.atomic
def sign_out_by_code(*, actor: User, token: str) -> SignIn:
    """Sign out (half-day meetings): once, after signing in, inside the window."""
    event, _key = event_from_token(token)
    invitation = invitation_of(event, actor)
    if invitation is None:
        message = _("您不在本次会议活动的邀请名单中，不能签退。")
        raise ApplicationError(message, code="not_invited", fields={"token": [message]})
    workflow.check(event, "sign_out", workflow.roles(event, actor, invitee=True))
    if not event.requires_sign_out:
        raise TransitionError(_("本次会议活动无需签退。"))
    sign_in = SignIn.objects.select_for_update().filter(invitation=invitation).first()
    if sign_in is None:
        raise TransitionError(_("您尚未签到，不能签退。"))
    if sign_in.signed_out_at is not None:
        raise TransitionError(_("已经签退，无需重复签退。"))
    model_update(instance=sign_in, fields=["signed_out_at"], data={"signed_out_at": timezone.now()})
    return sign_in


@transaction.atomic
def sign_in_manual(
    *, actor: User, event: Event, invitation_ids: list[int], at: dt.datetime | None = None
) -> list[SignIn]:
    """Staff sign people in by hand (marked manual); people already signed in are skipped."""
    event = locked_and_checked(event, "manual_sign_in", actor)
    if not invitation_ids:
        raise invalid("invitations", _("请选择要签到的人员。"))
    at = at or timezone.now()
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise invalid("at", _("签到时间不能晚于现在。"))
    done = set(SignIn.objects.filter(event=event).values_list("invitation_id", flat=True))
    out = []
    for invitation in invitations_of(event, invitation_ids):
        if invitation.pk not in done:
            out.append(_record(event, invitation, at=at, method=SignIn.Method.MANUAL, actor=actor))
    return out


@transaction.atomic
def attendance_correct(
    *, actor: User, event: Event, invitation: Invitation, attendance: str
) -> Invitation:
    """After the close, staff correct one person's attendance; the archive entry follows."""
    event = locked_and_checked(event, "correct", actor)
    if attendance not in (A.PRESENT, A.LATE, A.LEAVE, A.ABSENT):
        raise invalid("attendance", _("请选择出席、迟到、请假或缺席。"))
    (invitation,) = invitations_of(event, [invitation.pk], "invitation")
    _changed_to(invitation, attendance, actor)
    archive.entries_sync(event, [invitation])
    return invitation


def _changed_to(invitation: Invitation, attendance: str, actor: User) -> bool:
    data = {"attendance": attendance, "attendance_corrected_by": actor}
    if invitation.attendance == attendance:
        return False
    model_update(instance=invitation, fields=list(data), data=data)
    return True


def sheet_apply(*, actor: User, event: Event, rows: list[dict]) -> dict[str, int]:
    """Apply a checked paper sheet (meetings/sheets.py parsed and validated every row first):
    出席/迟到 become sign-ins (method sheet) unless already signed in, 请假/缺席 set the
    attendance. Returns counts."""
    with transaction.atomic():
        event = locked_and_checked(event, "import_sheet", actor)
        by_pk = {i.pk: i for i in invitations_of(event, [r["invitation"] for r in rows], "file")}
        done = set(SignIn.objects.filter(event=event).values_list("invitation_id", flat=True))
        counts = {"signed_in": 0, "marked": 0, "unchanged": 0}
        touched = []
        for row in rows:
            invitation = by_pk[row["invitation"]]
            if row["attendance"] in (A.PRESENT, A.LATE):
                if invitation.pk in done:
                    counts["unchanged"] += 1
                    continue
                at = row.get("at") or event.starts_at
                if row["attendance"] == A.LATE and not _late(event, at):
                    at = event.starts_at + dt.timedelta(minutes=event.late_after_minutes + 1)
                _record(event, invitation, at=at, method=SignIn.Method.SHEET, actor=actor)
                counts["signed_in"] += 1
            elif _changed_to(invitation, row["attendance"], actor):
                touched.append(invitation)
                counts["marked"] += 1
            else:
                counts["unchanged"] += 1
        archive.entries_sync(event, touched)
        audit.record(AuditLog.Action.IMPORT, model="meetings.SignIn", object_pk=event.pk,
                     object_repr=f"{event}: sheet {counts}")  # fmt: skip
    return counts

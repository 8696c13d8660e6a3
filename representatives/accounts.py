"""Accounts for deputies in bulk, and the invitations that let them log in the first time.

Opening an account makes the login (role deputy, linked to the record, no usable password yet).
An invitation gives it a one-time code, handed over on a printed sheet or by text: random (10
characters of a 31-character alphabet, about 50 bits), valid for INVITATION_DAYS, good for one
login, and a new invitation revokes the one before. The code is not the account's password: the
invitation keeps only its keyed hash (HMAC-SHA256 under a key derived from SECRET_KEY), which costs
microseconds where the password hasher (Argon2) costs about half a second, and the account's
password stays unusable until the forced change. Login attempts are throttled by django-axes, so a
fast hash of a 50-bit code that lives 30 days is safe. The login page's InvitationBackend
(representatives.auth) checks the code; the first login marks it used and the password change is
forced next; a login on a code already used, or past its date, ends it (and the session opened
with it). Every account and every invitation is audited."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac
from django.utils.translation import gettext as _

from congress import audit, outbox
from congress.errors import ApplicationError
from congress.models import OutboxMessage, Role, User
from congress.personal import mask_phone
from representatives.models import Deputy, Invitation, Mandate

INVITATION_DAYS = 30
PER_CALL = 200  # accounts opened per synchronous call; more go through the deputy_accounts job
ISSUE_PER_CALL = 500  # codes issued per call (the database writes, in bulk)
BULK = 500  # rows per bulk write
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (l/1, o/0, i): typed on a phone
CODE_LENGTH = 10
SMS_KIND = "deputy_invitation"
SMS_MASK = "**********"


@dataclass
class Opened:
    created: list[dict] = field(default_factory=list)
    skipped: int = 0
    refused: list[dict] = field(default_factory=list)


def _check_size(deputies: list, limit: int = PER_CALL) -> None:
    if len(deputies) > limit:
        message = _("每次最多处理%(n)d名代表，更多请用“为筛选出的全部代表开通”。") % {"n": limit}
        raise ApplicationError(message, fields={"ids": [message]})


def deputy_username(deputy: Deputy) -> str:
    """Stable and readable: the name's pinyin initials and the register number (zs001234)."""
    return f"{deputy.name_initials or 'dep'}{deputy.pk:06d}"


def _free_username(deputy: Deputy) -> str:
    base = deputy_username(deputy)
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    if base not in taken:
        return base
    return next(f"{base}{n}" for n in range(2, 1000) if f"{base}{n}" not in taken)


def with_serving(queryset):
    serving = Mandate.objects.filter(deputy=OuterRef("pk"), status=Mandate.Status.SERVING)
    return queryset.annotate(is_serving=Exists(serving))


def _refusal(deputy: Deputy, reason: str) -> dict:
    return {"deputy": deputy.pk, "name": deputy.name, "reason": reason}


@transaction.atomic
def accounts_open(
    *, viewer: User, deputies: list[Deputy], tick: Callable[[int, int], None] | None = None
) -> Opened:
    """One login per deputy who has none. A deputy with no serving mandate is refused, with the
    reason; one who has an account is skipped (never a second account). `deputies` come from a
    scoped selector annotated by with_serving()."""
    result = Opened()
    for start in range(0, len(deputies), BULK):
        chunk = deputies[start : start + BULK]
        to_open = []
        for deputy in chunk:
            if deputy.user_id:
                result.skipped += 1
            elif not deputy.is_serving:
                reason = _("该代表没有在任的代表资格，不开通账号。")
                result.refused.append(_refusal(deputy, reason))
            else:
                to_open.append(deputy)
        result.created += _open(to_open)
        if tick:
            tick(start + len(chunk), len(deputies))
    return result


def _open(deputies: list[Deputy]) -> list[dict]:
    """The logins of a chunk of deputies, written in bulk with an audit row each."""
    bases = [deputy_username(d) for d in deputies]
    taken = set(User.objects.filter(username__in=bases).values_list("username", flat=True))
    users = []
    for deputy, base in zip(deputies, bases, strict=True):
        user = User(
            username=base if base not in taken else _free_username(deputy),
            name=deputy.name,
            role=Role.DEPUTY,
            must_change_password=True,
        )
        user.set_unusable_password()  # no way in until an invitation gives a code
        user.full_clean(validate_unique=False, validate_constraints=False)
        taken.add(user.username)
        users.append(user)
    audit.created_many(User.objects.bulk_create(users, batch_size=BULK))
    changes = []
    for deputy, user in zip(deputies, users, strict=True):
        changes.append((deputy, audit.snapshot(deputy)))
        deputy.user = user
    Deputy.objects.bulk_update(deputies, ["user"], batch_size=BULK)
    audit.updated_many(changes)
    return [
        {"deputy": d.pk, "name": d.name, "username": u.username}
        for d, u in zip(deputies, users, strict=True)
    ]


def new_code() -> str:
    return get_random_string(CODE_LENGTH, CODE_ALPHABET)


HMAC_SALT = "representatives.Invitation.code"


def code_digest(code: str) -> str:
    """The invitation's keyed hash of a code (typed on a phone: spaces and capitals forgiven)."""
    normalised = "".join(code.split()).lower()
    return salted_hmac(HMAC_SALT, normalised, algorithm="sha256").hexdigest()


def _revoke_open(deputies: list[Deputy], now: datetime) -> None:
    """The codes handed out before stop working: each one revoked, with its audit row (in bulk)."""
    changes = []
    for old in Invitation.objects.select_for_update().filter(
        deputy__in=deputies, used_at__isnull=True, revoked_at__isnull=True
    ):
        changes.append((old, audit.snapshot(old)))
        old.revoked_at = now
    Invitation.objects.bulk_update([old for old, _ in changes], ["revoked_at"], batch_size=500)
    audit.updated_many(changes)


@transaction.atomic
def invitations_issue(
    *, viewer: User, deputies: list[Deputy], channel: str, reset: bool = False
) -> tuple[list[dict], list[dict]]:
    """A new one-time code for each deputy's account: (sheets, refused). A deputy who has already
    set a password is refused unless `reset` (staff resetting a forgotten password); by text, one
    without a phone number is refused. The codes are returned once, for the sheet or the text,
    and stored only as a keyed hash; the account's password is made unusable (a reset ends the old
    password, and a session opened with an earlier code)."""
    _check_size(deputies, ISSUE_PER_CALL)
    now = timezone.now()
    eligible, refused = [], []
    for deputy in deputies:
        if not deputy.user_id:
            refused.append(_refusal(deputy, _("该代表尚未开通账号。")))
        elif not deputy.user.must_change_password and not reset:
            refused.append(
                _refusal(deputy, _("该代表已登录并设置了密码；如需重置请在代表页操作。"))
            )
        elif channel == Invitation.Channel.SMS and not deputy.phone:
            refused.append(_refusal(deputy, _("该代表没有登记手机号码。")))
        else:
            eligible.append(deputy)
    _revoke_open(eligible, now)
    codes = [new_code() for _ in eligible]
    users, invitations, sheets = [], [], []
    for deputy, code in zip(eligible, codes, strict=True):
        user = deputy.user
        users.append((user, audit.snapshot(user)))
        user.set_unusable_password()
        user.must_change_password = True
        invitations.append(
            Invitation(
                deputy=deputy,
                user=user,
                password=code_digest(code),
                channel=channel,
                sent_to=deputy.phone if channel == Invitation.Channel.SMS else "",
                issued_by=viewer,
                issued_at=now,
                expires_at=now + timedelta(days=INVITATION_DAYS),
            )
        )
        sheets.append(
            {
                "deputy": deputy.pk,
                "name": deputy.name,
                "username": user.username,
                "code": code,
                "expires_at": invitations[-1].expires_at,
                "phone_masked": mask_phone(deputy.phone),
            }
        )
    # In bulk, every row audited: the trail says the password changed, never what to.
    User.objects.bulk_update(
        [u for u, _ in users], ["password", "must_change_password"], batch_size=500
    )
    audit.updated_many(users)
    audit.created_many(Invitation.objects.bulk_create(invitations, batch_size=500))
    if channel == Invitation.Channel.SMS:
        _queue_texts(eligible, sheets)
    return sheets, refused


def _queue_texts(deputies: list[Deputy], sheets: list[dict]) -> None:
    """The text carries the code (it is the invitation); the subject, which the outbox's lists
    show to staff, does not, and invitations_expire() blanks the body once it is sent."""
    rows = []
    for deputy, sheet in zip(deputies, sheets, strict=True):
        text = _(
            "%(name)s代表，您的人大工作平台账号已开通。用户名：%(username)s，一次性邀请码：%(code)s，"
            "%(days)d天内有效，仅可使用一次，首次登录须修改密码。"
        ) % {**sheet, "days": INVITATION_DAYS}
        subject = text.replace(sheet["code"], SMS_MASK)
        rows.append(
            OutboxMessage(
                channel=OutboxMessage.Channel.SMS,
                recipient=deputy.phone,
                subject=subject[:200],
                body=outbox.SMS_PREFIX + text,
                kind=SMS_KIND,
                region_id=deputy.region_id,
            )
        )
    if rows:
        outbox.queue(rows)  # sent after the commit


def current_invitation(user: User) -> Invitation | None:
    return Invitation.objects.filter(user=user, revoked_at__isnull=True).order_by("-id").first()


def _close(invitation: Invitation, **stamps) -> None:
    before = audit.snapshot(invitation)
    for name, value in stamps.items():
        setattr(invitation, name, value)
    audit.explicit(invitation).save(update_fields=list(stamps))
    audit.updated(invitation, before)


def _end_sessions(user: User) -> None:
    """A fresh unusable password: a session opened with the code fails its next check."""
    before = audit.snapshot(user)
    user.set_unusable_password()
    audit.explicit(user).save(update_fields=["password"])
    audit.updated(user, before)


@transaction.atomic
def invitation_login(*, username: str, code: str) -> User | None:
    """A login with a username and an invitation code (representatives.auth.InvitationBackend).
    A live code logs in once: it is marked used and the account must change its password. A code
    already used, or past its date, ends instead (with the session opened with it); a wrong code
    changes nothing. None unless the deputy may log in."""
    user = (
        User.objects.select_for_update()
        .filter(username=username, role=Role.DEPUTY, is_active=True)
        .first()
    )
    if user is None or user.has_usable_password():
        return None  # the code is only for an account that has no password of its own
    invitation = (
        Invitation.objects.select_for_update()
        .filter(user=user, revoked_at__isnull=True)
        .order_by("-id")
        .first()
    )
    if invitation is None or not constant_time_compare(invitation.password, code_digest(code)):
        return None
    now = timezone.now()
    if invitation.used_at or now >= invitation.expires_at:
        _close(invitation, revoked_at=now)
        _end_sessions(user)
        return None
    _close(invitation, used_at=now)
    if not user.must_change_password:
        before = audit.snapshot(user)
        user.must_change_password = True
        audit.explicit(user).save(update_fields=["must_change_password"])
        audit.updated(user, before)
    return user


def invitations_expire(*, now: datetime | None = None) -> int:
    """Hourly: codes past their date stop working even if nobody tries them, and sent invitation
    texts lose their code in the outbox."""
    now = now or timezone.now()
    ended = 0
    due = Invitation.objects.filter(
        used_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now
    )
    for invitation in due:
        with transaction.atomic():
            _close(invitation, revoked_at=now)  # the account's password was never the code
            ended += 1
    OutboxMessage.objects.filter(
        kind=SMS_KIND, status=OutboxMessage.Status.SENT, channel=OutboxMessage.Channel.SMS
    ).exclude(body="").update(body="")
    return ended


def account_state(deputy: Deputy, now: datetime | None = None) -> dict:
    """What the deputy page shows: none, no code yet, invited (until when), used, expired,
    revoked, or active (the deputy has set a password)."""
    if not deputy.user_id:
        return {"state": "none", "label": _("未开通")}
    user = deputy.user
    invitation = Invitation.objects.filter(deputy=deputy).order_by("-id").first()
    base = {"username": user.username, "invitation": None}
    if invitation:
        base["invitation"] = {
            "channel": invitation.channel,
            "channel_display": invitation.get_channel_display(),
            "issued_at": invitation.issued_at,
            "expires_at": invitation.expires_at,
            "used_at": invitation.used_at,
            "sent_to": mask_phone(invitation.sent_to),
            "state": invitation.state_at(now or timezone.now()),
            "state_display": Invitation.State(invitation.state_at(now or timezone.now())).label,
        }
    if not user.must_change_password:
        return {**base, "state": "active", "label": _("已启用")}
    if invitation is None:
        return {**base, "state": "awaiting", "label": _("已开通，待发放邀请")}
    return {**base, "state": "invited", "label": _("已开通，已发放邀请")}

"""API tokens (congress.models.ApiToken): issue, authenticate, list and revoke.

A key is shown once; the table holds its SHA-256, so a copy of the database opens nothing.
A token ends:
  - idle:      settings.API_TOKEN_IDLE_MINUTES after its last use (exact to within a minute,
               since the last use is written at most once a minute, not on every request);
  - absolute:  settings.API_TOKEN_MAX_HOURS after it was issued, however busy it is;
  - revoked:   logout, by its owner, deactivation, or beyond API_TOKEN_MAX_PER_USER live tokens;
  - password:  whenever the account's password changes, by any route (the page, the API, the
               admin's reset, manage.py changepassword): each token carries an HMAC of the
               password hash it was issued under, like Django's session hash.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from congress import audit
from congress.models import ApiToken, AuditLog, User
from congress.services import model_create, model_delete

TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often
KEEP_ENDED = timedelta(days=30)  # ended tokens stay listed in the admin this long
KEYWORDS = (b"token", b"bearer")
_MEMO = "_congress_api_token"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def idle_limit() -> timedelta:
    return timedelta(minutes=settings.API_TOKEN_IDLE_MINUTES)


def password_fingerprint(user: User) -> str:
    """Changes whenever the password does, whoever changed it."""
    return salted_hmac("congress.tokens.password", user.password, algorithm="sha256").hexdigest()


def idle_deadline(token: ApiToken) -> datetime:
    return (token.last_used_at or token.created_at) + idle_limit()


def live_tokens(user: User, *, now: datetime | None = None) -> QuerySet[ApiToken]:
    """The user's tokens that would still authenticate at `now`."""
    now = now or timezone.now()
    return (
        ApiToken.objects.filter(
            user=user,
            revoked_at__isnull=True,
            expires_at__gt=now,
            password_fingerprint=password_fingerprint(user),
        )
        .alias(last_seen=Coalesce("last_used_at", "created_at"))
        .filter(last_seen__gt=now - idle_limit())
    )


# --- selectors --------------------------------------------------------------------------------


def token_list(*, viewer: User, now: datetime | None = None) -> list[ApiToken]:
    """The viewer's own live tokens, newest first."""
    return list(live_tokens(viewer, now=now).order_by("-created_at", "-id"))


# --- services ---------------------------------------------------------------------------------


@transaction.atomic
def token_create(
    *, user: User, name: str = "", now: datetime | None = None
) -> tuple[ApiToken, str]:
    """Issue a token; returns it with its key, which is never stored and cannot be shown again.
    Beyond API_TOKEN_MAX_PER_USER live tokens the least recently used one is revoked, so a
    script that logs in on every run cannot pile up keys."""
    now = now or timezone.now()
    User.objects.select_for_update().filter(pk=user.pk).first()  # one issuer per account at a time
    for ended in ApiToken.objects.filter(user=user).filter(
        Q(revoked_at__lt=now - KEEP_ENDED) | Q(expires_at__lt=now - KEEP_ENDED)
    ):
        model_delete(ended)
    key = secrets.token_urlsafe(32)
    token = model_create(
        ApiToken(
            user=user,
            name=name,
            key_hash=_digest(key),
            prefix=key[:8],
            password_fingerprint=password_fingerprint(user),
            created_at=now,
            expires_at=now + timedelta(hours=settings.API_TOKEN_MAX_HOURS),
        )
    )
    surplus = list(
        live_tokens(user, now=now)
        .order_by(F("last_seen").desc(), "-id")
        .values_list("pk", flat=True)[settings.API_TOKEN_MAX_PER_USER :]
    )
    if surplus:
        tokens_revoke(user=user, reason=ApiToken.Reason.REPLACED, ids=surplus, now=now)
    return token, key


def tokens_revoke(
    *,
    user: User,
    reason: str,
    ids: list[int] | None = None,
    stale_only: bool = False,
    now: datetime | None = None,
) -> int:
    """Revoke the user's unrevoked tokens (only `ids` if given; only those issued under an
    earlier password if `stale_only`); one audit row records how many and why."""
    now = now or timezone.now()
    rows = ApiToken.objects.filter(user_id=user.pk, revoked_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    if stale_only:
        rows = rows.exclude(password_fingerprint=password_fingerprint(user))
    revoked = list(rows.values_list("pk", flat=True))
    if not revoked:
        return 0
    ApiToken.objects.filter(pk__in=revoked).update(revoked_at=now, revoked_reason=reason)
    audit.record(
        AuditLog.Action.UPDATE,
        model="congress.ApiToken",
        object_pk=user.pk,
        object_repr=_("%(user)s 的 %(n)d 个API令牌已吊销：%(reason)s")
        % {"user": user, "n": len(revoked), "reason": ApiToken.Reason(reason).label},
        after={"ids": revoked, "revoked_reason": reason},
    )
    return len(revoked)


def token_revoke_own(*, viewer: User, token_id: int) -> None:
    """The owner revokes one of their tokens; anyone else's id is a 404."""
    token = ApiToken.objects.filter(user=viewer, pk=token_id).first()
    if token is None:
        raise Http404
    tokens_revoke(user=viewer, reason=ApiToken.Reason.OWNER, ids=[token.pk])


def token_authenticate(key: str, *, now: datetime | None = None) -> tuple[User, ApiToken]:
    """The account and token a key stands for, or AuthenticationFailed (one message for every
    reason, so a caller learns nothing about a key that does not work)."""
    now = now or timezone.now()
    failed = exceptions.AuthenticationFailed(_("令牌无效或已过期，请重新获取。"))
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_digest(key), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        raise failed
    user = token.user
    if not user.is_active:  # deactivated behind the ORM's back (a queryset update)
        tokens_revoke(user=user, reason=ApiToken.Reason.DEACTIVATED, now=now)
        raise failed
    if not constant_time_compare(token.password_fingerprint, password_fingerprint(user)):
        tokens_revoke(user=user, reason=ApiToken.Reason.PASSWORD, stale_only=True, now=now)
        raise failed
    if now >= token.expires_at or now >= idle_deadline(token):
        raise failed
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return user, token


def authenticate_request(request) -> tuple[User, ApiToken] | None:
    """The token identity of a Django request (None without an `Authorization: Token <key>`
    header). Computed once per request and shared by congress.middleware (which enforces the
    forced password change for token and session alike) and the DRF authentication class."""
    if hasattr(request, _MEMO):
        result = getattr(request, _MEMO)
    else:
        try:
            result = _from_header(get_authorization_header(request))
        except exceptions.AuthenticationFailed as exc:
            result = exc
        setattr(request, _MEMO, result)
    if isinstance(result, exceptions.AuthenticationFailed):
        raise result
    return result


def _from_header(header: bytes) -> tuple[User, ApiToken] | None:
    parts = header.split()
    if not parts or parts[0].lower() not in KEYWORDS:
        return None
    if len(parts) != 2:
        raise exceptions.AuthenticationFailed(_("令牌格式不正确。"))
    try:
        key = parts[1].decode("ascii")
    except UnicodeError:
        raise exceptions.AuthenticationFailed(_("令牌格式不正确。")) from None
    return token_authenticate(key)


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <key>` (or `Bearer <key>`); request.auth is the ApiToken."""

    def authenticate(self, request):
        return authenticate_request(request._request)

    def authenticate_header(self, request):
        return "Token"


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "congress.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token <key>，由 POST /api/v1/auth/token/ 签发；闲置或到期后失效。",
        }


def revoke_on_deactivation(sender, instance, update_fields=None, **kwargs):
    """post_save of User: an account saved as inactive loses its tokens, by whatever route it was
    deactivated (the admin, a service, the shell), and they stay dead if it is reactivated.
    Caught generically, as the audit trail is, so no route can forget it."""
    if instance.is_active or (update_fields is not None and "is_active" not in update_fields):
        return
    tokens_revoke(user=instance, reason=ApiToken.Reason.DEACTIVATED)

"""Writes on one's own account: setting the password and logging out. Both end API tokens."""

from django.contrib.auth import logout as auth_logout
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congress import audit, tokens
from congress.errors import ApplicationError
from congress.models import ApiToken, AuditLog, User


@transaction.atomic
def password_set(*, user: User, password: str) -> User:
    """Set a password already validated; the forced first change is done and every API token
    ends (tokens also die on their own with any password change: congress.tokens)."""
    before = audit.snapshot(user)
    user.set_password(password)
    user.must_change_password = False
    audit.explicit(user).save(update_fields=["password", "must_change_password"])
    audit.updated(user, before)  # the password itself is a secret the trail leaves out
    tokens.tokens_revoke(user=user, reason=ApiToken.Reason.PASSWORD)
    return user


def password_change(*, user: User, old_password: str, new_password: str) -> User:
    """The account changes its own password: the old one must be right, the new one must meet
    the policy (settings.AUTH_PASSWORD_VALIDATORS)."""
    if not user.check_password(old_password):
        raise ApplicationError(_("原密码不正确。"), fields={"old_password": [_("原密码不正确。")]})
    try:
        validate_password(new_password, user=user)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], fields={"new_password": exc.messages}) from None
    return password_set(user=user, password=new_password)


def account_logout(request) -> None:
    """Logging out of the portal ends the server-side session and every API token of the
    account: on a shared township office computer "退出" must leave nothing behind.
    (A client that logs out with a token ends only that token: congress.account_api.)"""
    user = request.user
    if user.is_authenticated:
        audit.record(
            AuditLog.Action.LOGOUT,
            model="congress.User",
            object_pk=user.pk,
            object_repr=str(user),
        )
        tokens.tokens_revoke(user=user, reason=ApiToken.Reason.LOGOUT)
    auth_logout(request)

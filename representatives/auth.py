"""Login with a deputy's one-time invitation code (representatives.accounts.invitation_login).

After the model backend in AUTHENTICATION_BACKENDS: a username and password that the model
backend refuses are tried as a username and invitation code. django-axes sits before both and
counts a failure only when every backend refused (five lock the username for 30 minutes), so a
code is throttled like any password. The account keeps no usable password until the forced
change (congress.middleware.ForcePasswordChangeMiddleware sends it to the password page)."""

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class InvitationBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        # The login page only: the token API refuses an account that must change its password,
        # so a code tried there is not spent (it answers as a wrong password).
        if not isinstance(request, HttpRequest) or not username or not password:
            return None
        from representatives.accounts import invitation_login  # noqa: PLC0415 - models at run time

        user = invitation_login(username=username, code=password)
        return user if user is not None and self.user_can_authenticate(user) else None

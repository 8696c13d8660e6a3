import time
from contextlib import ExitStack
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.exceptions import AuthenticationFailed

from congress import audit
from congress.errors import error_body
from congress.params import ID_MAX
from congress.tokens import authenticate_request


class AuditActorMiddleware:
    """Makes the request (and so its user, once authenticated) known to the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.set_request(request)
        request._audit_blocks = ExitStack()
        try:
            return self.get_response(request)
        finally:
            request._audit_blocks.close()
            audit.reset_request(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The admin's forms are no service of ours: their writes are audited generically.
        if "admin" in request.resolver_match.namespaces:
            request._audit_blocks.enter_context(audit.capturing())


class ForcePasswordChangeMiddleware:
    """An account created by staff (or reset by one) must set its own password before anything
    else, by any route. This is the one place that enforces it, for a session and for an API
    token alike: the token identity is resolved here (congress.tokens.authenticate_request,
    memoised on the request, so DRF reuses it) because DRF would only see it inside the view."""

    ALLOWED_PREFIXES = ("/static/", "/jsi18n/", "/healthz", "/i18n/")
    ALLOWED_URLS = ("password_change", "logout", "api-me-password", "api-logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_change_password(request):
            allowed = {reverse(name) for name in self.ALLOWED_URLS}
            if request.path not in allowed and not request.path.startswith(self.ALLOWED_PREFIXES):
                if request.path.startswith("/api/"):
                    body = {
                        "code": "password_change_required",
                        "message": _("首次登录须先修改密码。"),
                        "fields": {},
                    }
                    return JsonResponse(body, status=403)
                return redirect("password_change")
        return self.get_response(request)

    @staticmethod
    def _must_change_password(request) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            return True
        try:
            by_token = authenticate_request(request)
        except AuthenticationFailed:
            return False  # the API view answers 401 in the one error shape
        return by_token is not None and by_token[0].must_change_password


class LocaleMiddleware:
    """Chinese unless the user chose English (language cookie set by /i18n/setlang/).
    A browser's Accept-Language is ignored on purpose: the portal is Chinese-first, and a
    half-English page because of a browser setting would confuse more than it helps."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RealIPMiddleware:
    """Behind nginx every request comes from the proxy; take the client's address from the
    header the proxy sets (X-Real-IP), so rate limits and the audit trail see the citizen.
    Only installed when settings.TRUSTED_PROXY_IP_HEADER is set (production)."""

    def __init__(self, get_response):
        self.header = "HTTP_" + settings.TRUSTED_PROXY_IP_HEADER.upper().replace("-", "_")
        self.get_response = get_response

    def __call__(self, request):
        value = request.META.get(self.header, "").split(",")[0].strip()
        if value:
            request.META["REMOTE_ADDR"] = value
        return self.get_response(request)


class IdleSessionMiddleware:
    """A session ends 30 idle minutes after the last request. Rather than writing the session
    row on every request (SESSION_SAVE_EVERY_REQUEST: a read and a write on every GET), the
    server-side deadline is pushed forward whenever the last push is over a minute old."""

    TOUCH_EVERY = 60  # seconds: the idle limit is exact to within this

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            now = int(time.time())
            if now - session.get("_touch", 0) >= self.TOUCH_EVERY:
                session["_touch"] = now  # marks the session modified: it is saved with a new expiry
        return response


class UnstorableInputMiddleware:
    """Refuses, before any view reads it, what the database can neither hold nor look up.
    A NUL byte in the path, the query string or a cookie is a 400: PostgreSQL cannot hold one in
    a text value, so `/s/AB%00CD/` or `?q=%00` would otherwise end as a server error wherever the
    value reaches a query (the session lookup included). A number in the path beyond a bigint
    (`/api/v1/ballots/official-reports/99999999999999999999/file/`) names no record: a 404, not
    the driver's OverflowError."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = unquote(request.META.get("QUERY_STRING", ""), errors="replace")
        if (
            "\x00" in request.path
            or "\x00" in query
            or any("\x00" in key or "\x00" in value for key, value in request.COOKIES.items())
        ):
            if request.path.startswith("/api/"):
                message = _("请求的地址或参数中含有不允许的空字符（NUL）。")
                return JsonResponse(error_body("bad_request", message), status=400)
            raise BadRequest("NUL byte in the request")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if any(
            isinstance(v, int) and not 0 <= v <= ID_MAX for v in (*view_args, *view_kwargs.values())
        ):
            raise Http404(_("未找到该记录，或您无权查看。"))
        return None

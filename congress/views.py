"""Pages of the core: login and logout, the home page, password change, notifications, the
outbox's failed messages."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.http import HttpResponseNotAllowed
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import accounts, audit
from congress.models import AuditLog
from congress.pages import page, render_page

LOCKOUT_MESSAGE = gettext_lazy("登录失败次数过多，该账号已被锁定30分钟，请稍后再试或联系管理员。")


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy("用户名或密码错误。连续失败5次将锁定30分钟。"),
        "inactive": gettext_lazy("该账号已停用。"),
    }


class LoginView(auth_views.LoginView):
    template_name = "login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(
            AuditLog.Action.LOGIN,
            model="congress.User",
            object_pk=self.request.user.pk,
            object_repr=str(self.request.user),
        )
        return response


def logout(request):
    """POST only (a link cannot log anyone out); the server-side session is deleted."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    accounts.account_logout(request)  # the session and every API token of the account end
    messages.info(request, _("您已安全退出。"))
    return redirect("login")


def lockout(request, credentials=None, *args, **kwargs):
    """django-axes calls this once a username has failed five times."""
    form = LoginForm(request)
    return render(
        request, "login.html", {"form": form, "lockout_message": LOCKOUT_MESSAGE}, status=429
    )


@page()
def home(request):
    return render_page(request, "core/Home", title=_("首页"))


@page()
def notifications(request):
    return render_page(request, "core/Notifications", title=_("消息中心"))


@page()
def regions(request):
    return render_page(request, "core/Regions", title=_("行政区划"))


@page("outbox.view")
def outbox(request):
    return render_page(request, "core/Outbox", title=_("发送失败的消息"))


@page()
def password_change(request):
    # An account logged in on a one-time invitation code has no password yet: no old one to ask.
    first = request.user.must_change_password and not request.user.has_usable_password()
    form = (SetPasswordForm if first else PasswordChangeForm)(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = accounts.password_set(user=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("密码已修改。"))
        return redirect("home")
    return render_page(
        request,
        "core/PasswordChange",
        title=_("修改密码"),
        props={
            "fields": [_password_field(form, name) for name in form.fields],
            "errors": [str(e) for e in form.non_field_errors()],
            "mustChange": bool(request.user.must_change_password),
            "csrf": get_token(request),
        },
    )


def _password_field(form, name: str) -> dict:
    """A field of the password form as the page shows it: its label, its help as plain lines
    (the validators' rules, never their HTML) and its messages."""
    field = form[name]
    help_lines = password_validators_help_texts() if name == "new_password1" else []
    return {
        "name": name,
        "label": str(field.label),
        "help": [str(line) for line in help_lines],
        "errors": [str(e) for e in field.errors],
    }

"""Pages of the core: login and logout, the home page, password change, notifications, the
outbox's failed messages."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpResponseNotAllowed
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
    return render(request, "notifications.html")


@page()
def regions(request):
    return render(request, "regions.html")


@page("outbox.view")
def outbox(request):
    return render(request, "outbox.html")


@page()
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = accounts.password_set(user=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("密码已修改。"))
        return redirect("home")
    return render(request, "password_change.html", {"form": form})

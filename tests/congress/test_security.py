import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from congress.middleware import RealIPMiddleware
from congress.settings import base
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_production_hashes_passwords_with_argon2():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.parametrize("password", ["short1A", "alllowercase1", "ALLUPPER123", "nodigits!!x"])
def test_the_password_policy_refuses_weak_passwords(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_the_password_policy_accepts_three_character_classes():
    validate_password("Qinghe2026")  # upper, lower, digits


def test_the_policy_refuses_a_password_like_the_username(dongkou_staff):
    with pytest.raises(ValidationError):
        validate_password("Dongkou_staff1", user=dongkou_staff)


def test_a_good_password_logs_in_and_lands_on_the_home_page(client, dongkou_staff):
    response = login(client, "dongkou_staff", PASSWORD)
    assert response.status_code == 302 and response.url == "/"
    home = client.get("/")
    # The name reaches the page as JSON data (never as template text inside the Vue app).
    assert home.context["shell"]["user"]["name"] == "尹建华"
    assert "\\u5c39\\u5efa\\u534e" in home.content.decode()  # 尹建华, escaped by json_script


def test_five_failures_lock_the_username_for_30_minutes_even_with_the_right_password(
    client, dongkou_staff
):
    for _ in range(4):
        response = login(client, "dongkou_staff", "wrong-password")
        assert response.status_code == 200
        assert "用户名或密码错误" in response.content.decode()
    response = login(client, "dongkou_staff", "wrong-password")
    assert response.status_code == 429
    response = login(client, "dongkou_staff", PASSWORD)
    assert response.status_code == 429
    assert "锁定30分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_by_username_so_a_colleague_at_the_same_address_still_logs_in(
    client, dongkou_staff, linwu_staff
):
    for _ in range(5):
        login(client, "dongkou_staff", "wrong-password")
    assert login(client, "linwu_staff", PASSWORD).status_code == 302


def test_the_token_endpoint_is_locked_out_too(client, dongkou_staff):
    for _ in range(5):
        client.post("/api/v1/auth/token/", {"username": "dongkou_staff", "password": "nope"})
    response = client.post(
        "/api/v1/auth/token/", {"username": "dongkou_staff", "password": PASSWORD}
    )
    assert response.status_code == 429  # the right password no longer yields a token
    assert response.json()["code"] == "locked_out"
    assert "token" not in response.json()


def test_a_token_authenticates_api_calls(client, dongkou_staff):
    token = client.post(
        "/api/v1/auth/token/", {"username": "dongkou_staff", "password": PASSWORD}
    ).json()["token"]

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").json()["username"] == "dongkou_staff"


def test_sessions_end_after_30_idle_minutes(client, dongkou_staff):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    login(client, "dongkou_staff", PASSWORD)
    assert client.get("/api/v1/me/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/me/").status_code == 401
    assert client.get("/").status_code == 302


def test_a_request_a_minute_after_the_last_push_moves_the_idle_deadline(client, dongkou_staff):
    login(client, "dongkou_staff", PASSWORD)
    session = client.session
    session["_touch"] = int(time.time()) - 61
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    client.get("/api/v1/me/")
    assert Session.objects.get().expire_date > timezone.now() + timedelta(minutes=29)


def test_reads_within_the_same_minute_do_not_write_the_session(client, dongkou_staff):
    login(client, "dongkou_staff", PASSWORD)
    client.get("/api/v1/me/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/api/v1/me/")
    assert not [
        q
        for q in ctx.captured_queries
        if "django_session" in q["sql"] and q["sql"].startswith("UPDATE")
    ]


def test_logout_deletes_the_session_on_the_server(client, dongkou_staff):
    login(client, "dongkou_staff", PASSWORD)
    session_key = client.session.session_key
    assert client.get("/logout/").status_code == 405  # a link cannot log anyone out
    assert client.post("/logout/").status_code == 302
    assert not Session.objects.filter(session_key=session_key).exists()


def test_csrf_is_enforced_on_the_login_form(dongkou_staff):
    response = Client(enforce_csrf_checks=True).post(
        "/login/", {"username": "dongkou_staff", "password": PASSWORD}
    )
    assert response.status_code == 403


def test_an_account_created_by_staff_must_change_its_password_first(client, dongkou_staff):
    dongkou_staff.must_change_password = True
    dongkou_staff.save(update_fields=["must_change_password"])
    login(client, "dongkou_staff", PASSWORD)
    assert client.get("/").url == "/password/"
    assert client.get("/api/v1/me/").json()["code"] == "password_change_required"
    response = client.post(
        "/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Xiangjiang#88",
            "new_password2": "Xiangjiang#88",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_deploy_checks_are_clean_under_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "congress.settings.production",
        "DJANGO_SECRET_KEY": "x" * 64 + "-not-a-real-secret-but-long-and-random-looking-9f8e7d",
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "congress.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_behind_the_proxy_the_clients_address_is_taken_from_x_real_ip(rf, settings):
    settings.TRUSTED_PROXY_IP_HEADER = "X-Real-IP"
    seen = {}
    middleware = RealIPMiddleware(
        lambda request: seen.setdefault("ip", request.META["REMOTE_ADDR"])
    )
    middleware(rf.get("/", REMOTE_ADDR="172.18.0.5", HTTP_X_REAL_IP="113.246.10.7"))
    assert seen["ip"] == "113.246.10.7"


@pytest.mark.django_db
def test_every_answer_carries_a_strict_content_security_policy(client_for, dongkou_staff):
    """Scripts from this site only: no inline script and no eval can run on any page."""
    client = client_for(dongkou_staff)
    for url in ("/", "/deputies/", "/api/v1/me/", "/no-such-page/", "/login/"):
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["script-src"] == "'self'", url
        assert "unsafe-eval" not in policy and directives["object-src"] == "'none'", url
        assert directives["frame-ancestors"] == "'self'", url

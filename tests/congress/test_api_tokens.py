"""API tokens: they expire (idle and absolute), end with a password change, a logout or a
deactivation, are listed and revoked by their owner, and an account that must change its
password can do nothing else, by session or by token.

Times are set by the `clock` fixture (timezone.now patched), never by sleeping."""

import hashlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from congress.models import ApiToken, AuditLog, Role, User
from tests.conftest import DONGKOU, PASSWORD, make_user
from tests.representatives.conftest import make_deputy, term_for

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Xiangjiang#88"


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

        def advance(self, **delta):
            self.now += timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def obtain(username="dongkou_staff", password=PASSWORD, **extra):
    return APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password, **extra}, format="json"
    )


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def key_for(username="dongkou_staff", **extra) -> str:
    response = obtain(username, **extra)
    assert response.status_code == 200, response.content
    return response.json()["token"]


def refused(response) -> bool:
    return response.status_code == 401 and response.json()["code"] == "not_authenticated"


# --- obtaining --------------------------------------------------------------------------------


def test_a_token_is_shown_once_and_only_its_sha256_is_stored(clock, dongkou_staff):
    response = obtain(name="办公室电脑")
    assert response.status_code == 200
    body = response.json()
    key = body["token"]
    assert body["name"] == "办公室电脑"
    assert body["expires_at"].startswith("2026-12-02T21:00")  # 12 hours, Beijing time
    token = ApiToken.objects.get(user=dongkou_staff)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert token_client(key).get("/api/v1/me/").json()["username"] == "dongkou_staff"
    listed = token_client(key).get("/api/v1/me/tokens/").json()
    assert key not in str(listed)


def test_bad_credentials_answer_in_the_one_error_shape(dongkou_staff):
    response = obtain(password="wrong-password")
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_credentials",
        "message": "用户名或密码错误。连续失败5次将锁定30分钟。",
        "fields": {},
    }
    missing = APIClient().post("/api/v1/auth/token/", {"username": "dongkou_staff"}, format="json")
    assert missing.status_code == 400
    assert missing.json()["code"] == "invalid"
    assert missing.json()["fields"]["password"]
    nul = obtain(username="dongkou\x00staff")
    assert nul.status_code == 400 and nul.json()["fields"]["username"]
    assert not ApiToken.objects.exists()


def test_an_inactive_account_gets_no_token(dongkou_staff):
    User.objects.filter(pk=dongkou_staff.pk).update(is_active=False)
    assert obtain().json()["code"] == "invalid_credentials"
    assert not ApiToken.objects.exists()


def test_an_account_that_must_change_its_password_gets_no_token(dongkou_staff):
    User.objects.filter(pk=dongkou_staff.pk).update(must_change_password=True)
    response = obtain()
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"
    assert "token" not in response.json()
    assert not ApiToken.objects.exists()


def test_five_failures_lock_the_token_endpoint_with_a_json_429(dongkou_staff):
    for _ in range(5):
        obtain(password="wrong-password")
    response = obtain()
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert "锁定30分钟" in response.json()["message"]
    assert not ApiToken.objects.exists()


# --- expiry -----------------------------------------------------------------------------------


def test_a_token_expires_after_30_idle_minutes(clock, dongkou_staff):
    key = key_for()
    clock.advance(minutes=29)
    assert token_client(key).get("/api/v1/me/").status_code == 200
    clock.advance(minutes=29)  # 29 minutes after the last use: still alive
    assert token_client(key).get("/api/v1/me/").status_code == 200
    clock.advance(minutes=30)
    assert refused(token_client(key).get("/api/v1/me/"))
    clock.advance(minutes=1)  # and it stays dead: the failed try did not refresh it
    assert refused(token_client(key).get("/api/v1/me/"))


def test_a_token_in_constant_use_still_ends_12_hours_after_it_was_issued(clock, dongkou_staff):
    key = key_for()
    for _ in range(35):  # every 20 minutes for 11 h 40 min
        clock.advance(minutes=20)
        assert token_client(key).get("/api/v1/me/").status_code == 200
    clock.advance(minutes=19)
    assert token_client(key).get("/api/v1/me/").status_code == 200
    clock.advance(minutes=1)  # exactly 12 hours
    assert refused(token_client(key).get("/api/v1/me/"))


def test_last_use_is_written_at_most_once_a_minute(clock, dongkou_staff):
    key = key_for()
    client = token_client(key)
    client.get("/api/v1/me/")
    first = ApiToken.objects.get().last_used_at
    assert first == clock.now
    clock.advance(seconds=59)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/api/v1/me/")
    assert not [q for q in ctx.captured_queries if q["sql"].startswith("UPDATE")]
    # one look-up per request, shared by the middleware and DRF
    assert len([q for q in ctx.captured_queries if "congress_apitoken" in q["sql"]]) == 1
    assert ApiToken.objects.get().last_used_at == first
    clock.advance(seconds=1)
    client.get("/api/v1/me/")
    assert ApiToken.objects.get().last_used_at == clock.now


def test_a_client_keeps_at_most_ten_live_tokens_and_the_least_recently_used_goes(
    clock, dongkou_staff
):
    keys = []
    for _ in range(10):
        keys.append(key_for())
        clock.advance(minutes=1)
    for key in keys[1:]:
        token_client(key).get("/api/v1/me/")
    newest = key_for()
    assert refused(token_client(keys[0]).get("/api/v1/me/"))
    assert token_client(keys[1]).get("/api/v1/me/").status_code == 200
    assert token_client(newest).get("/api/v1/me/").status_code == 200
    assert ApiToken.objects.filter(user=dongkou_staff, revoked_at__isnull=True).count() == 10


# --- revocation -------------------------------------------------------------------------------


def test_changing_the_password_on_the_page_ends_every_token(client, dongkou_staff):
    key, other = key_for(), key_for()
    client.post("/login/", {"username": "dongkou_staff", "password": PASSWORD})
    response = client.post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert refused(token_client(key).get("/api/v1/me/"))
    assert refused(token_client(other).get("/api/v1/me/"))
    assert client.get("/api/v1/me/").status_code == 200  # the session that changed it stays
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()


def test_an_administrator_resetting_the_password_ends_every_token(
    client_for, admin_user, dongkou_staff
):
    key = key_for()
    response = client_for(admin_user).post(
        f"/admin/congress/user/{dongkou_staff.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content[:2000]
    assert refused(token_client(key).get("/api/v1/me/"))


def test_a_password_set_by_any_other_route_ends_every_token_too(dongkou_staff):
    key = key_for()
    dongkou_staff.set_password(NEW_PASSWORD)  # e.g. manage.py changepassword
    dongkou_staff.save()
    assert refused(token_client(key).get("/api/v1/me/"))
    assert ApiToken.objects.get().revoked_reason == ApiToken.Reason.PASSWORD


def test_changing_the_password_through_the_api_ends_every_token(client_for, dongkou_staff):
    key = key_for()
    session = client_for(dongkou_staff)
    wrong = session.post(
        "/api/v1/me/password/",
        {"old_password": "nope", "new_password": NEW_PASSWORD},
        format="json",
    )
    assert wrong.status_code == 400 and wrong.json()["fields"]["old_password"]
    weak = session.post(
        "/api/v1/me/password/", {"old_password": PASSWORD, "new_password": "abc"}, format="json"
    )
    assert weak.status_code == 400 and weak.json()["fields"]["new_password"]
    assert token_client(key).get("/api/v1/me/").status_code == 200  # nothing changed yet
    response = session.post(
        "/api/v1/me/password/",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )
    assert response.status_code == 204
    assert refused(token_client(key).get("/api/v1/me/"))
    assert session.get("/api/v1/me/").status_code == 200
    dongkou_staff.refresh_from_db()
    assert dongkou_staff.check_password(NEW_PASSWORD)


def test_logging_out_of_the_portal_ends_every_token_of_the_account(client, dongkou_staff):
    key = key_for()
    client.post("/login/", {"username": "dongkou_staff", "password": PASSWORD})
    assert client.post("/logout/").status_code == 302
    assert refused(token_client(key).get("/api/v1/me/"))
    assert ApiToken.objects.get().revoked_reason == ApiToken.Reason.LOGOUT


def test_logging_out_with_a_token_ends_that_token_only(dongkou_staff):
    phone, laptop = key_for(name="手机"), key_for(name="电脑")
    assert token_client(phone).post("/api/v1/auth/logout/").status_code == 204
    assert refused(token_client(phone).get("/api/v1/me/"))
    assert token_client(laptop).get("/api/v1/me/").status_code == 200


def test_deactivating_an_account_ends_its_tokens_for_good(client_for, admin_user, dongkou_staff):
    key = key_for()
    dongkou_staff.is_active = False
    dongkou_staff.save()  # the admin's change form, or any other save
    assert refused(token_client(key).get("/api/v1/me/"))
    dongkou_staff.is_active = True
    dongkou_staff.save()
    assert refused(token_client(key).get("/api/v1/me/"))
    assert ApiToken.objects.get().revoked_reason == ApiToken.Reason.DEACTIVATED


def test_an_account_deactivated_behind_the_orm_is_refused_too(dongkou_staff):
    key = key_for()
    User.objects.filter(pk=dongkou_staff.pk).update(is_active=False)
    assert refused(token_client(key).get("/api/v1/me/"))


# --- the owner's list -------------------------------------------------------------------------


def test_the_owner_lists_their_live_tokens(clock, dongkou_staff, linwu_staff):
    phone = key_for(name="手机")
    clock.advance(minutes=5)
    laptop = key_for(name="电脑")
    key_for("linwu_staff", name="临武的电脑")
    gone = key_for(name="旧电脑")
    token_client(gone).post("/api/v1/auth/logout/")
    response = token_client(laptop).get("/api/v1/me/tokens/")
    assert response.status_code == 200
    rows = response.json()
    assert [(r["name"], r["current"]) for r in rows] == [("电脑", True), ("手机", False)]
    assert set(rows[0]) == {
        "id",
        "name",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "idle_expires_at",
        "current",
    }
    assert phone.startswith(rows[1]["prefix"])


def test_the_owner_revokes_one_token_and_gets_404_for_anothers(dongkou_staff, linwu_staff):
    phone, laptop = key_for(name="手机"), key_for(name="电脑")
    linwu = key_for("linwu_staff")
    client = token_client(laptop)
    theirs = ApiToken.objects.get(user=linwu_staff)
    response = client.delete(f"/api/v1/me/tokens/{theirs.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert token_client(linwu).get("/api/v1/me/").status_code == 200

    mine = ApiToken.objects.get(user=dongkou_staff, name="手机")
    assert client.delete(f"/api/v1/me/tokens/{mine.pk}/").status_code == 204
    assert refused(token_client(phone).get("/api/v1/me/"))
    assert client.get("/api/v1/me/").status_code == 200
    assert client.delete("/api/v1/me/tokens/999999999/").status_code == 404
    assert client.delete(f"/api/v1/me/tokens/{10**30}/").status_code == 404


def test_an_administrator_sees_tokens_without_their_digest_and_revokes_them(
    client_for, admin_user, dongkou_staff
):
    key = key_for(name="手机")
    token = ApiToken.objects.get()
    admin = client_for(admin_user)
    listing = admin.get("/admin/congress/apitoken/")
    assert listing.status_code == 200 and "手机" in listing.content.decode()
    detail = admin.get(f"/admin/congress/apitoken/{token.pk}/change/")
    assert detail.status_code == 200
    for page in (listing, detail):
        assert token.key_hash not in page.content.decode()
    trail = AuditLog.objects.get(model="congress.ApiToken", action="create")
    assert trail.after["key_hash"] == "********"
    admin.post("/admin/congress/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert refused(token_client(key).get("/api/v1/me/"))
    assert ApiToken.objects.get().revoked_reason == ApiToken.Reason.ADMIN


def test_the_owner_lists_tokens_with_a_session_too(client_for, dongkou_staff):
    key_for(name="手机")
    rows = client_for(dongkou_staff).get("/api/v1/me/tokens/").json()
    assert [(r["name"], r["current"]) for r in rows] == [("手机", False)]


# --- an account that must change its password -------------------------------------------------


@pytest.fixture
def deputy_account(regions):
    user = make_user("zs000001", role=Role.DEPUTY)
    deputy = make_deputy("张三", term=term_for(DONGKOU))
    deputy.user = user
    deputy.save()
    return user


BLOCKED_API = [
    ("get", "/api/v1/me/"),
    ("patch", "/api/v1/deputies/me/"),
    ("get", "/api/v1/deputies/me/"),
    ("get", "/api/v1/notifications/"),
    ("get", "/api/v1/todo/"),
    ("get", "/api/v1/me/tokens/"),
    ("get", "/api/schema/"),
    ("get", "/api/docs/"),
    ("get", "/api/v1/suggestions/"),
]


def test_a_token_taken_before_a_forced_password_change_opens_nothing_else(deputy_account):
    key = key_for("zs000001")
    User.objects.filter(pk=deputy_account.pk).update(must_change_password=True)
    client = token_client(key)
    for method, url in BLOCKED_API:
        response = getattr(client, method)(url, {"phone": "13900000000"}, format="json")
        assert response.status_code == 403, (method, url, response.status_code)
        assert response.json()["code"] == "password_change_required", url
        assert "修改密码" in response.json()["message"]
    deputy_account.deputy.refresh_from_db()
    assert deputy_account.deputy.phone == "13812345678"


def test_a_session_that_must_change_its_password_opens_nothing_but_the_password_change(
    client, deputy_account
):
    User.objects.filter(pk=deputy_account.pk).update(must_change_password=True)
    client.post("/login/", {"username": "zs000001", "password": PASSWORD})
    for path in ["/", "/deputies/me/", "/notifications/", "/admin/"]:
        assert client.get(path).url == "/password/", path
    for method, url in BLOCKED_API:
        response = getattr(client, method)(url, {"phone": "1"}, content_type="application/json")
        assert response.status_code == 403, url
        assert response.json()["code"] == "password_change_required", url
    assert client.get("/password/").status_code == 200
    assert client.get("/jsi18n/").status_code == 200
    # The API's own password change is open to it, and once done the account is free.
    response = client.post(
        "/api/v1/me/password/",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 204
    deputy_account.refresh_from_db()
    assert not deputy_account.must_change_password
    assert client.get("/api/v1/me/").status_code == 200
    assert client.get("/").status_code == 200

"""A deputy checks and corrects their own details; staff give deputies accounts in bulk, and
the first login forces a password change."""

import io

import pytest
from django.test import Client
from PIL import Image

from congress.models import Role, User
from representatives import services
from tests.conftest import make_user
from tests.representatives.conftest import make_deputy

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputy_user(dongkou_deputy):
    user = make_user("zhangsan", role=Role.DEPUTY, name="张三")
    dongkou_deputy.user = user
    dongkou_deputy.save(update_fields=["user"])
    return user


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def image_file(size=(2000, 1500), fmt="PNG", name="photo.png") -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    buffer.seek(0)
    buffer.name = name
    return buffer


def test_a_deputy_sees_their_mandates_and_groups(client_for, deputy_user, dongkou_deputy):
    data = client_for(deputy_user).get("/api/v1/deputies/me/").json()
    assert data["name"] == "张三"
    assert [m["congress_name"] for m in data["mandates"]] == ["洞口县人民代表大会"]


def test_a_deputy_corrects_their_phone(client_for, deputy_user, dongkou_deputy):
    response = client_for(deputy_user).patch(
        "/api/v1/deputies/me/", {"phone": "13700001111"}, format="json"
    )
    assert response.status_code == 200
    dongkou_deputy.refresh_from_db()
    assert dongkou_deputy.phone == "13700001111"


def test_a_bad_phone_is_refused_and_kept_as_it_was(client_for, deputy_user, dongkou_deputy):
    response = client_for(deputy_user).patch(
        "/api/v1/deputies/me/", {"phone": "110"}, format="json"
    )
    assert response.status_code == 400
    assert "11位" in response.json()["fields"]["phone"][0]
    dongkou_deputy.refresh_from_db()
    assert dongkou_deputy.phone == "13812345678"


def test_a_deputy_can_change_only_the_phone(client_for, deputy_user, dongkou_deputy):
    client_for(deputy_user).patch(
        "/api/v1/deputies/me/", {"phone": "13700001111", "name": "别人"}, format="json"
    )
    dongkou_deputy.refresh_from_db()
    assert dongkou_deputy.name == "张三"


def test_a_photo_is_resized_to_a_small_jpeg_and_served_only_in_scope(
    client_for, deputy_user, dongkou_deputy, dongkou_staff, linwu_staff
):
    response = client_for(deputy_user).post(
        "/api/v1/deputies/me/photo/", {"photo": image_file()}, format="multipart"
    )
    assert response.status_code == 200, response.content
    dongkou_deputy.refresh_from_db()
    with Image.open(dongkou_deputy.photo.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size[0] <= 600 and stored.size[1] <= 800
    photo_url = response.json()["photo_url"]
    shown = client_for(deputy_user).get(photo_url)
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/jpeg"
    assert shown["Cache-Control"] == "private, max-age=3600"  # congress.downloads, inline
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert not shown.get("Content-Disposition", "").startswith("attachment")
    assert client_for(dongkou_staff).get(photo_url).status_code == 200
    assert client_for(linwu_staff).get(photo_url).status_code == 404


@pytest.mark.parametrize(
    "upload, message",
    [
        (io.BytesIO(b"GIF89a not really"), "无法识别"),
        (image_file(fmt="GIF", name="photo.gif"), "格式"),
    ],
)
def test_a_photo_of_the_wrong_type_is_refused(
    client_for, deputy_user, dongkou_deputy, upload, message
):
    upload.name = getattr(upload, "name", "x.gif")
    response = client_for(deputy_user).post(
        "/api/v1/deputies/me/photo/", {"photo": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert message in response.json()["fields"]["photo"][0]
    dongkou_deputy.refresh_from_db()
    assert not dongkou_deputy.photo


def test_a_photo_over_5_mb_is_refused(client_for, deputy_user, dongkou_deputy, monkeypatch):
    monkeypatch.setattr(services, "PHOTO_MAX_BYTES", 1000)
    response = client_for(deputy_user).post(
        "/api/v1/deputies/me/photo/", {"photo": image_file()}, format="multipart"
    )
    assert response.status_code == 400
    assert "5MB" in response.json()["fields"]["photo"][0]


def test_an_account_without_a_deputy_record_finds_nothing(client_for):
    user = make_user("nobody", role=Role.DEPUTY)
    response = client_for(user).get("/api/v1/deputies/me/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_staff_create_deputy_accounts_in_bulk_and_first_login_forces_a_password_change(
    client, client_for, dongkou_staff, dongkou_term
):
    first = make_deputy("张三", term=dongkou_term)
    second = make_deputy("李四", term=dongkou_term)

    response = client_for(dongkou_staff).post(
        "/api/v1/deputies/accounts/", {"ids": [first.pk, second.pk]}, format="json"
    )

    assert response.status_code == 200
    created = response.json()["created"]
    assert [a["username"] for a in created] == [f"zs{first.pk:06d}", f"ls{second.pk:06d}"]
    user = User.objects.get(username=created[0]["username"])
    assert (user.role, user.must_change_password, user.name) == (Role.DEPUTY, True, "张三")
    assert created[0]["password"] not in user.password
    first.refresh_from_db()
    assert first.user == user

    client.post("/login/", {"username": user.username, "password": created[0]["password"]})
    assert client.get("/deputies/me/").url == "/password/"
    assert client.get("/api/v1/deputies/me/").json()["code"] == "password_change_required"


def test_creating_accounts_again_skips_deputies_who_have_one(
    client_for, dongkou_staff, dongkou_deputy
):
    client = client_for(dongkou_staff)
    client.post("/api/v1/deputies/accounts/", {"ids": [dongkou_deputy.pk]}, format="json")
    again = client.post(
        "/api/v1/deputies/accounts/", {"ids": [dongkou_deputy.pk]}, format="json"
    ).json()
    assert again == {"created": [], "skipped": 1}
    assert User.objects.filter(role=Role.DEPUTY).count() == 1


def test_accounts_cannot_be_made_for_another_countys_deputies(
    client_for, dongkou_staff, dongkou_deputy, linwu_deputy
):
    response = client_for(dongkou_staff).post(
        "/api/v1/deputies/accounts/", {"ids": [dongkou_deputy.pk, linwu_deputy.pk]}, format="json"
    )
    assert response.status_code == 400
    assert "管辖范围" in response.json()["fields"]["ids"][0]
    assert not User.objects.filter(role=Role.DEPUTY).exists()


def test_the_my_info_page_opens_for_a_deputy(client_for, deputy_user):
    client = Client()
    client.force_login(deputy_user)
    assert client.get("/deputies/me/").status_code == 200
    assert client.get("/deputies/").status_code == 403

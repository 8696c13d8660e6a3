import pytest

pytestmark = pytest.mark.django_db


def test_the_login_page_is_chinese_by_default(client):
    body = client.get("/login/").content.decode()
    assert "人大工作管理平台" in body and 'lang="zh-hans"' in body


def test_a_user_can_switch_the_shell_to_english(client, dongkou_staff):
    client.force_login(dongkou_staff)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert "Congress Work Portal" in body and 'lang="en"' in body
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "人大工作管理平台" in client.get("/").content.decode()


def test_a_browser_asking_for_english_still_gets_chinese_until_the_user_chooses(client):
    assert (
        client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en-US,en")
        .json()["message"]
        .startswith("未登录")
    )
    client.cookies["django_language"] = "en"
    assert client.get("/api/v1/me/").json()["message"].startswith("Not logged in")

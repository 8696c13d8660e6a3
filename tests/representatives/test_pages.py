"""Pages open for the roles that use them and for nobody else."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def status(user, url) -> int:
    client = Client()
    client.force_login(user)
    return client.get(url).status_code


@pytest.mark.parametrize(
    "url",
    [
        "/deputies/",
        "/deputies/new/",
        "/deputies/statistics/",
        "/deputies/{id}/",
        "/deputies/{id}/edit/",
    ],
)
def test_county_staff_open_every_register_page(dongkou_staff, dongkou_deputy, url):
    assert status(dongkou_staff, url.format(id=dongkou_deputy.pk)) == 200


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/deputies/", 200),
        ("/deputies/statistics/", 200),
        ("/deputies/{id}/", 200),
        ("/deputies/new/", 403),
        ("/deputies/{id}/edit/", 403),
        ("/deputies/me/", 403),
    ],
)
def test_supervisors_open_the_reading_pages_only(supervisor, dongkou_deputy, url, expected):
    assert status(supervisor, url.format(id=dongkou_deputy.pk)) == expected


def test_the_register_menu_follows_the_role(client_for, dongkou_staff, supervisor):
    staff_menu = [i["key"] for i in client_for(dongkou_staff).get("/api/v1/me/").json()["menu"]]
    assert {"deputies", "deputy-statistics"} <= set(staff_menu)
    assert "my-info" not in staff_menu


def test_logged_out_visitors_are_sent_to_the_login_page(dongkou_deputy):
    response = Client().get("/deputies/")
    assert response.status_code == 302 and "/login/" in response.url

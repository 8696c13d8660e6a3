"""Staff see their region's subtree, nothing else; another county's deputy is a 404."""

import io

import pytest
from openpyxl import load_workbook

from congress.models import Role
from representatives.models import Mandate
from representatives.selectors.register import serving_deputies
from tests.conftest import LINWU, make_user
from tests.representatives.conftest import make_deputy

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [row["name"] for row in response.json()["results"]]


def test_county_staff_list_only_deputies_of_their_county(
    client_for, dongkou_staff, dongkou_deputy, linwu_deputy
):
    response = client_for(dongkou_staff).get("/api/v1/deputies/")
    assert response.status_code == 200
    assert names(response) == ["张三"]


def test_city_staff_see_the_counties_below_them_only(
    client_for, shaoyang_staff, dongkou_deputy, linwu_deputy
):
    assert names(client_for(shaoyang_staff).get("/api/v1/deputies/")) == ["张三"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/deputies/?region={code}",
        "/api/v1/deputies/export/?region={code}",
        "/api/v1/deputies/statistics/?region={code}",
        "/api/v1/deputies/statistics/export/?region={code}",
    ],
)
@pytest.mark.parametrize("code", [LINWU, "439999"])
def test_a_region_filter_outside_the_scope_or_unknown_is_a_404(
    client_for, dongkou_staff, dongkou_deputy, linwu_deputy, url, code
):
    response = client_for(dongkou_staff).get(url.format(code=code))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "李四" not in response.content.decode() and "张三" not in response.content.decode()


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", "/api/v1/deputies/{id}/"),
        ("patch", "/api/v1/deputies/{id}/"),
        ("post", "/api/v1/deputies/{id}/reveal/"),
        ("post", "/api/v1/deputies/{id}/mandates/"),
        ("post", "/api/v1/mandates/{mandate}/end/"),
        ("patch", "/api/v1/mandates/{mandate}/"),
        ("get", "/deputies/{id}/"),
        ("get", "/deputies/{id}/edit/"),
        ("get", "/deputies/{id}/photo/"),
    ],
)
def test_another_countys_deputy_is_a_404(client_for, dongkou_staff, linwu_deputy, method, url):
    mandate = linwu_deputy.mandates.get()
    client = client_for(dongkou_staff)
    response = getattr(client, method)(
        url.format(id=linwu_deputy.pk, mandate=mandate.pk), {}, format="json"
    )
    assert response.status_code == 404
    linwu_deputy.refresh_from_db()
    mandate.refresh_from_db()
    assert mandate.is_serving


def test_export_holds_only_the_viewers_subtree(
    client_for, dongkou_staff, dongkou_deputy, linwu_deputy
):
    response = client_for(dongkou_staff).get(f"/api/v1/deputies/export/?region={LINWU}")
    assert response.status_code == 404  # a foreign region filter: the one 404

    response = client_for(dongkou_staff).get("/api/v1/deputies/export/")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert [r[1] for r in rows[1:]] == ["张三"]


def test_an_account_without_a_role_is_refused(client_for, outsider, dongkou_deputy):
    client = client_for(outsider)
    assert client.get("/api/v1/deputies/").status_code == 403
    assert client.get(f"/api/v1/deputies/{dongkou_deputy.pk}/").status_code == 403
    assert client.get("/api/v1/deputies/export/").status_code == 403
    assert client.get(f"/deputies/{dongkou_deputy.pk}/photo/").status_code == 403  # for the role


def test_supervisors_read_but_change_nothing(client_for, supervisor, dongkou_deputy):
    client = client_for(supervisor)
    mandate = dongkou_deputy.mandates.get()
    assert client.get("/api/v1/deputies/").status_code == 200
    assert client.get(f"/api/v1/deputies/{dongkou_deputy.pk}/").status_code == 200
    assert client.get("/api/v1/deputies/export/").status_code == 200
    assert client.get("/api/v1/deputies/statistics/").status_code == 200
    assert (
        client.patch(f"/api/v1/deputies/{dongkou_deputy.pk}/", {"name": "改名"}).status_code == 403
    )
    assert client.post(f"/api/v1/deputies/{dongkou_deputy.pk}/reveal/").status_code == 403
    assert client.post(f"/api/v1/mandates/{mandate.pk}/end/", {}).status_code == 403
    assert client.post("/api/v1/deputies/import/", {}).status_code == 403
    assert (
        client.post("/api/v1/deputies/accounts/", {"ids": [dongkou_deputy.pk]}).status_code == 403
    )
    dongkou_deputy.refresh_from_db()
    assert dongkou_deputy.name == "张三"


def test_a_deputy_sees_only_their_own_record(client_for, dongkou_deputy, linwu_deputy):
    user = make_user("zhangsan", role=Role.DEPUTY)
    dongkou_deputy.user = user
    dongkou_deputy.save(update_fields=["user"])
    client = client_for(user)
    assert client.get("/api/v1/deputies/").status_code == 403
    assert client.get("/api/v1/deputies/me/").json()["name"] == "张三"
    assert client.get(f"/deputies/{linwu_deputy.pk}/photo/").status_code == 404


def test_serving_deputies_gives_other_apps_the_serving_deputies_of_a_region(
    dongkou_staff, linwu_staff, dongkou_term, shanmen_term
):
    serving = make_deputy("张三", term=dongkou_term)
    township = make_deputy("王五", term=shanmen_term)
    ended = make_deputy("赵六", term=dongkou_term)
    ended.mandates.update(status=Mandate.Status.RESIGNED, end_date="2023-01-01")

    assert set(serving_deputies(dongkou_staff, "430525")) == {serving, township}
    assert list(serving_deputies(dongkou_staff, "430525", dongkou_term.congress)) == [serving]
    assert list(serving_deputies(linwu_staff, "430525")) == []

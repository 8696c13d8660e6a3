import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress.models import HandlingUnit, Region
from congress.scope import visible
from congress.services import regions_load
from tests.conftest import DONGKOU, LINWU, SHAOYANG

pytestmark = pytest.mark.django_db


def test_the_hunan_tree_is_loaded_whole(regions):
    assert Region.objects.count() == 1 + 14 + 134 + 2008
    assert Region.objects.get(code=DONGKOU).parent_id == SHAOYANG


def test_loading_regions_twice_adds_nothing(regions):
    assert regions_load() == (0, 0)


def test_a_subtree_is_one_prefix_query_with_no_join(regions, django_assert_num_queries):
    with django_assert_num_queries(1) as ctx:
        codes = list(
            HandlingUnit.objects.filter(region__code__startswith=SHAOYANG).values_list(
                "pk", flat=True
            )
        )
    assert codes == []
    sql = ctx.captured_queries[0]["sql"]
    assert "JOIN" not in sql.upper()
    assert "LIKE" in sql.upper()


def test_requests_without_login_get_401_in_the_one_error_shape(client):
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json() == {
        "code": "not_authenticated",
        "message": "未登录或登录已过期，请重新登录。",
        "fields": {},
    }


def test_me_tells_county_staff_their_role_and_scope(client_for, dongkou_staff):
    body = client_for(dongkou_staff).get("/api/v1/me/").json()
    assert body["role"] == "staff"
    assert body["scope"] == "region"
    assert body["region"]["code"] == DONGKOU
    assert body["region_path"] == ["湖南省", "邵阳市", "洞口县"]
    assert any(item["key"] == "home" for item in body["menu"])


def test_county_staff_see_their_county_as_the_root_of_their_tree(client_for, dongkou_staff):
    roots = client_for(dongkou_staff).get("/api/v1/regions/").json()
    assert [r["code"] for r in roots] == [DONGKOU]
    assert roots[0]["has_children"] is True


def test_county_staff_expand_their_townships(client_for, dongkou_staff):
    children = client_for(dongkou_staff).get(f"/api/v1/regions/?parent={DONGKOU}").json()
    assert children
    assert all(r["code"].startswith(DONGKOU) and r["level"] == "township" for r in children)
    assert len(children) == Region.objects.filter(parent_id=DONGKOU).count()


def test_city_staff_reach_the_townships_of_their_counties(client_for, shaoyang_staff):
    client = client_for(shaoyang_staff)
    assert [r["code"] for r in client.get("/api/v1/regions/").json()] == [SHAOYANG]
    counties = client.get(f"/api/v1/regions/?parent={SHAOYANG}").json()
    assert DONGKOU in [r["code"] for r in counties]
    assert client.get(f"/api/v1/regions/?parent={DONGKOU}").status_code == 200


def test_staff_of_another_county_get_404_for_dongkou(client_for, linwu_staff):
    client = client_for(linwu_staff)
    for url in (
        f"/api/v1/regions/{DONGKOU}/",
        f"/api/v1/regions/?parent={DONGKOU}",
        f"/api/v1/regions/{SHAOYANG}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"


def test_county_staff_cannot_walk_up_to_their_city(client_for, dongkou_staff):
    assert client_for(dongkou_staff).get(f"/api/v1/regions/{SHAOYANG}/").status_code == 404


def test_search_stays_inside_the_viewers_subtree(client_for, linwu_staff):
    found = client_for(linwu_staff).get("/api/v1/regions/?q=镇").json()
    assert found and all(r["code"].startswith(LINWU) for r in found)


def test_an_account_with_no_role_is_refused_everywhere(client_for, outsider):
    client = client_for(outsider)
    for url in (
        "/api/v1/regions/",
        f"/api/v1/regions/{DONGKOU}/",
        "/api/v1/handling-units/",
        "/api/v1/terms/",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.json()["code"] == "permission_denied"


def test_the_scope_helper_gives_a_roleless_account_nothing(outsider, dongkou_unit):
    assert not visible(
        HandlingUnit.objects.all(), outsider, region="region__code", unit="pk"
    ).exists()


def test_admin_sees_the_whole_province(client_for, admin_user):
    assert [r["code"] for r in client_for(admin_user).get("/api/v1/regions/").json()] == ["43"]


def test_handling_units_are_listed_only_within_scope(
    client_for, dongkou_staff, dongkou_unit, linwu_unit, shaoyang_staff
):
    names = [
        u["name"]
        for u in client_for(dongkou_staff).get("/api/v1/handling-units/").json()["results"]
    ]
    assert names == ["洞口县教育局"]
    names = [
        u["name"]
        for u in client_for(shaoyang_staff).get("/api/v1/handling-units/").json()["results"]
    ]
    assert names == ["洞口县教育局"]


def test_a_unit_user_sees_only_their_own_unit(unit_user, dongkou_unit, linwu_unit):
    assert list(
        visible(HandlingUnit.objects.all(), unit_user, region="region__code", unit="pk")
    ) == [dongkou_unit]


def test_the_unit_list_query_count_does_not_grow_with_page_size(client_for, admin_user):
    for i in range(30):
        HandlingUnit.objects.create(name=f"单位{i}", region_id=DONGKOU)
    client = client_for(admin_user)
    client.get("/api/v1/me/")  # the first request of a session pushes its idle deadline
    counts = []
    for size in (5, 30):
        with CaptureQueriesContext(connection) as ctx:
            assert (
                len(client.get(f"/api/v1/handling-units/?page_size={size}").json()["results"])
                == size
            )
        counts.append(len(ctx.captured_queries))
    # session, user, count, page
    assert counts[0] == counts[1] <= 4


@pytest.mark.parametrize("code", [LINWU, "439999"])
def test_a_handling_unit_filter_on_a_foreign_or_unknown_region_is_a_404(
    client_for, dongkou_staff, dongkou_unit, linwu_unit, code
):
    response = client_for(dongkou_staff).get("/api/v1/handling-units/", {"region": code})
    assert response.status_code == 404
    assert linwu_unit.name not in response.content.decode()
    own = client_for(dongkou_staff).get("/api/v1/handling-units/", {"region": DONGKOU})
    assert [u["name"] for u in own.json()["results"]] == [dongkou_unit.name]

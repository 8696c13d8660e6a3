"""The register list: filters, pinyin-initial search, ordering, pagination, fixed query count."""

from datetime import date

import pytest

from representatives.models import DeputyGroup, Mandate
from representatives.selectors.register import code_range
from tests.representatives.conftest import make_deputy, term_for

pytestmark = pytest.mark.django_db


def names(client, query="") -> list[str]:
    response = client.get("/api/v1/deputies/" + query)
    assert response.status_code == 200
    return [row["name"] for row in response.json()["results"]]


@pytest.fixture
def register(dongkou_term, shanmen_term):
    group = DeputyGroup.objects.create(
        congress=shanmen_term.congress, name="第一代表小组", region_id="430525107"
    )
    zhang = make_deputy("张三", term=dongkou_term)
    Mandate.objects.create(
        deputy=zhang,
        congress=shanmen_term.congress,
        term=shanmen_term,
        start_date=shanmen_term.start_date,
        group=group,
    )
    make_deputy("李明", term=shanmen_term, occupation="worker", gender="F")
    ended = make_deputy("赵小声", term=dongkou_term, birth=date(1990, 1, 1))
    ended.mandates.update(status="resigned", end_date="2023-05-01", end_reason="辞职")
    return {"group": group}


def test_pinyin_initials_find_a_deputy(client_for, dongkou_staff, register):
    client = client_for(dongkou_staff)
    assert names(client, "?q=zs") == ["张三"]
    assert names(client, "?q=ZS") == ["张三"]
    assert names(client, "?q=z&ordering=name") == ["张三", "赵小声"]
    assert names(client, "?q=张") == ["张三"]
    assert names(client, "?q=小") == ["赵小声"]


def test_filters_narrow_by_one_and_the_same_mandate(
    client_for, dongkou_staff, register, dongkou_term, shanmen_term
):
    client = client_for(dongkou_staff)
    assert names(client, "?level=township&ordering=name") == ["李明", "张三"]
    assert names(client, f"?term={dongkou_term.pk}&status=serving") == ["张三"]
    assert names(client, "?status=resigned") == ["赵小声"]
    assert names(client, f"?group={register['group'].pk}") == ["张三"]
    assert names(client, "?category=worker") == ["李明"]
    assert names(client, "?gender=F") == ["李明"]
    assert names(client, "?region=430525107&ordering=name") == ["李明", "张三", "赵小声"]
    assert names(client, f"?congress={shanmen_term.congress_id}&level=county") == []


def test_ordering_and_pagination(client_for, dongkou_staff, register):
    client = client_for(dongkou_staff)
    assert names(client, "?ordering=-name") == ["赵小声", "张三", "李明"]
    assert names(client, "?ordering=-birth_date")[0] == "赵小声"
    page = client.get("/api/v1/deputies/?ordering=name&page_size=2&page=2").json()
    assert page["count"] == 3
    assert [r["name"] for r in page["results"]] == ["赵小声"]


def test_a_row_carries_its_mandates(client_for, dongkou_staff, register):
    row = client_for(dongkou_staff).get("/api/v1/deputies/?q=zs").json()["results"][0]
    assert sorted(m["level"] for m in row["mandates"]) == ["county", "township"]
    assert {m["group_name"] for m in row["mandates"]} == {"", "第一代表小组"}


@pytest.mark.parametrize("page_size", [2, 50])
def test_the_list_costs_the_same_queries_whatever_the_page_size(
    client_for, dongkou_staff, dongkou_term, shanmen_term, django_assert_max_num_queries, page_size
):
    for i in range(30):
        deputy = make_deputy(f"代表{i}", term=dongkou_term, birth=date(1970, 1, 1 + i % 28))
        Mandate.objects.create(
            deputy=deputy,
            congress=shanmen_term.congress,
            term=shanmen_term,
            start_date=shanmen_term.start_date,
        )
    client = client_for(dongkou_staff)
    # session, user, count, page, mandates (congress, term and group joined), and the
    # session's idle-timeout refresh (savepoint, update, release)
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/deputies/?page_size={page_size}")
    assert len(response.json()["results"]) == min(page_size, 30)


def test_the_options_offer_congresses_in_reach_with_their_terms(
    client_for, dongkou_staff, dongkou_term, shanmen_term, linwu_term
):
    term_for("4305", 7)
    data = client_for(dongkou_staff).get("/api/v1/deputies/options/").json()
    names = [c["name"] for c in data["congresses"]]
    assert names == ["邵阳市人民代表大会", "洞口县人民代表大会", "山门镇人民代表大会"]
    assert data["scope"] == "430525"


def test_deputy_groups_are_listed_with_their_serving_members(
    client_for, dongkou_staff, register, shanmen_term
):
    data = (
        client_for(dongkou_staff)
        .get(f"/api/v1/deputy-groups/?congress={shanmen_term.congress_id}")
        .json()
    )
    assert [(g["name"], g["serving"]) for g in data["results"]] == [("第一代表小组", 1)]


@pytest.mark.parametrize(
    ("prefix", "bounds"),
    [
        ("43", ("43", "44")),
        ("430525", ("430525", "430526")),
        ("4305", ("4305", "4306")),
        ("430599", ("430599", "430600")),
        ("99", ("99", None)),
    ],
)
def test_a_region_code_prefix_becomes_an_index_range_with_the_same_rows(prefix, bounds):
    q = code_range("region_id", prefix)
    assert dict(q.children) == {
        "region_id__gte": bounds[0],
        **({"region_id__lt": bounds[1]} if bounds[1] else {}),
    }
    assert not code_range("region_id", "").children


def test_a_county_list_bounded_by_the_code_range_keeps_the_county_and_nothing_beside_it(
    client_for, dongkou_staff, shaoyang_staff, dongkou_term
):
    make_deputy("洞口甲", term=dongkou_term)
    make_deputy("隆回乙", region="430524")
    make_deputy("绥宁丙", region="430527")
    assert names(client_for(dongkou_staff)) == ["洞口甲"]
    assert sorted(names(client_for(shaoyang_staff))) == sorted(["洞口甲", "隆回乙", "绥宁丙"])


def test_a_row_labels_its_choices_as_the_model_does(client_for, dongkou_staff, dongkou_term):
    deputy = make_deputy("王芳", term=dongkou_term, gender="F", occupation="worker")
    row = client_for(dongkou_staff).get("/api/v1/deputies/").json()["results"][0]
    for field in ("gender", "affiliation", "education", "occupation"):
        assert row[f"{field}_display"] == getattr(deputy, f"get_{field}_display")()
    mandate = deputy.mandates.select_related("congress").get()
    assert row["mandates"][0]["status_display"] == mandate.get_status_display()
    assert row["mandates"][0]["level_display"] == mandate.congress.get_level_display()

"""Scope: 临武县 staff never see 洞口县's ballots or projects (404), supervisors read only,
deputies see only the ballots they may vote in; list endpoints keep a fixed query count."""

import pytest

from ballots.models import Ballot
from ballots.services.voting import ballot_vote
from tests.ballots.conftest import make_deputy, rating_ballot, shortlisted_projects

pytestmark = pytest.mark.django_db


@pytest.fixture
def ballot(dongkou_staff, voters, dongkou_units, dongkou):
    return rating_ballot(dongkou_staff, dongkou, dongkou_units)


@pytest.mark.parametrize(
    "suffix,method",
    [
        ("", "get"),
        ("turnout/", "get"),
        ("results/", "get"),
        ("open/", "post"),
        ("close/", "post"),
        ("paper/", "post"),
    ],
)
def test_staff_of_another_county_get_404_on_every_ballot_endpoint(
    client_for, linwu_staff, ballot, suffix, method
):
    client = client_for(linwu_staff)
    response = getattr(client, method)(f"/api/v1/ballots/{ballot.pk}/{suffix}", {}, format="json")
    assert response.status_code == 404


def test_city_staff_above_see_the_county_ballot(client_for, shaoyang_staff, ballot):
    assert client_for(shaoyang_staff).get(f"/api/v1/ballots/{ballot.pk}/").status_code == 200


def test_a_supervisor_reads_but_cannot_close(client_for, supervisor, ballot):
    client = client_for(supervisor)
    assert client.get(f"/api/v1/ballots/{ballot.pk}/turnout/").status_code == 200
    assert client.post(f"/api/v1/ballots/{ballot.pk}/close/").status_code == 403


def test_an_outsider_gets_nothing(client_for, outsider, ballot):
    client = client_for(outsider)
    assert client.get(f"/api/v1/ballots/{ballot.pk}/").status_code == 403
    assert client.get("/api/v1/ballots/").status_code == 403


def test_a_deputy_of_another_county_sees_neither_list_entry_nor_ballot(client_for, ballot, linwu):
    other = make_deputy(linwu, "临武代表", username="linwu_deputy")
    client = client_for(other.user)
    assert client.get("/api/v1/ballots/").json()["count"] == 0
    assert client.get(f"/api/v1/ballots/{ballot.pk}/").status_code == 404


def test_a_deputy_does_not_see_draft_ballots(
    client_for, dongkou_staff, voters, dongkou_units, dongkou
):
    draft = rating_ballot(dongkou_staff, dongkou, dongkou_units, opened=False)
    client = client_for(voters[0].user)
    assert client.get(f"/api/v1/ballots/{draft.pk}/").status_code == 404


def test_creating_a_ballot_for_another_countys_congress_is_404(client_for, linwu_staff, dongkou):
    response = client_for(linwu_staff).post(
        "/api/v1/ballots/",
        {
            "congress": dongkou.pk,
            "kind": "unit_rating",
            "title": "x",
            "year": 2026,
            "opens_at": "2026-01-05T09:00:00+08:00",
            "closes_at": "2026-01-05T12:00:00+08:00",
        },
        format="json",
    )
    assert response.status_code == 404


def test_a_ballot_cannot_rate_another_countys_units(client_for, dongkou_staff, dongkou, linwu_unit):
    response = client_for(dongkou_staff).post(
        "/api/v1/ballots/",
        {
            "congress": dongkou.pk,
            "kind": "unit_rating",
            "title": "x",
            "year": 2026,
            "opens_at": "2026-01-05T09:00:00+08:00",
            "closes_at": "2026-01-05T12:00:00+08:00",
            "units": [linwu_unit.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["fields"]["items"] == ["测评对象无效。"]


def test_bad_ballot_input_gets_chinese_field_messages_and_stores_nothing(
    client_for, dongkou_staff, dongkou, dongkou_units
):

    response = client_for(dongkou_staff).post(
        "/api/v1/ballots/",
        {
            "congress": dongkou.pk,
            "kind": "unit_rating",
            "title": "x",
            "year": 2026,
            "opens_at": "2026-01-05T12:00:00+08:00",
            "closes_at": "2026-01-05T09:00:00+08:00",
            "units": [u.pk for u in dongkou_units],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["fields"]["closes_at"] == ["截止时间必须晚于开始时间。"]
    assert not Ballot.objects.exists()


def test_projects_of_another_county_are_404(client_for, dongkou_staff, linwu_staff, dongkou):
    project = shortlisted_projects(dongkou_staff, dongkou, 1)[0]
    client = client_for(linwu_staff)
    assert client.get(f"/api/v1/ballots/projects/{project.pk}/").status_code == 404
    assert client.post(f"/api/v1/ballots/projects/{project.pk}/screen/", {}).status_code == 404
    assert client.get("/api/v1/ballots/projects/").json()["count"] == 0


def test_ballot_list_query_count_does_not_grow_with_page_size(
    client_for, dongkou_staff, dongkou, dongkou_units, voters, django_assert_max_num_queries
):
    for _ in range(12):
        rating_ballot(dongkou_staff, dongkou, dongkou_units)
    client = client_for(dongkou_staff)
    with django_assert_max_num_queries(8):
        small = client.get("/api/v1/ballots/?page_size=2")
    with django_assert_max_num_queries(8):
        big = client.get("/api/v1/ballots/?page_size=50")
    assert (len(small.json()["results"]), len(big.json()["results"])) == (2, 12)


def test_project_list_query_count_does_not_grow_with_page_size(
    client_for, dongkou_staff, dongkou, django_assert_max_num_queries
):
    shortlisted_projects(dongkou_staff, dongkou, 12)
    client = client_for(dongkou_staff)
    with django_assert_max_num_queries(8):
        client.get("/api/v1/ballots/projects/?page_size=2")
    with django_assert_max_num_queries(8):
        big = client.get("/api/v1/ballots/projects/?page_size=50")
    assert len(big.json()["results"]) == 12


def test_a_deputys_list_shows_their_open_ballot(client_for, ballot, voters):
    ballot_vote(
        deputy=voters[1], ballot=ballot, answers={i.pk: "basic" for i in ballot.items.all()}
    )
    body = client_for(voters[0].user).get("/api/v1/ballots/").json()
    assert [b["id"] for b in body["results"]] == [ballot.pk]
    detail = client_for(voters[1].user).get(f"/api/v1/ballots/{ballot.pk}/").json()
    assert detail["my_vote"]["receipt"]


def test_a_project_filter_naming_another_countys_congress_is_a_404(
    client_for, dongkou_staff, dongkou, linwu
):
    """As every region filter answers a foreign region (congress.scope.region_in_scope_or_404)."""
    client = client_for(dongkou_staff)
    assert client.get(f"/api/v1/ballots/projects/?congress={linwu.pk}").status_code == 404
    assert client.get("/api/v1/ballots/projects/?congress=99999999").status_code == 404
    assert client.get(f"/api/v1/ballots/projects/?congress={dongkou.pk}").status_code == 200

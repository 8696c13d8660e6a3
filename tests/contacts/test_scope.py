"""Scope: 临武县's staff, leader, official and deputy get a 404 on every 洞口县 address (list rows
absent, details, logging, every issue step, the export and summary count nothing of it), nothing
changes; township staff see their township's relations only; a leader reads but writes nothing
(403 by role)."""

import pytest

from congress.models import Role
from contacts.models import Contact, Issue
from contacts.services.contacts import contact_log
from tests.conftest import LINWU, make_user

pytestmark = pytest.mark.django_db

LIST = "/api/v1/contacts/relations/"
STEPS = ["to-opinion", "to-suggestion", "to-task", "answer", "feed-back", "close"]


@pytest.fixture
def world(official, official_relation, township_relation):
    contact = contact_log(actor=official, relation=official_relation,
                          occurred_on=official_relation.starts_on.replace(month=6), way="visit",
                          subject="走访", issues=["村道塌方"])  # fmt: skip
    return {"relation": official_relation, "township": township_relation,
            "issue": contact.issues.get()}  # fmt: skip


@pytest.fixture
def foreigners(linwu_staff, linwu_official, linwu_deputy, regions):
    leader = make_user("linwu_leader", role=Role.SUPERVISOR, region=LINWU, name="临武领导")
    return [linwu_staff, leader, linwu_official, linwu_deputy.user]


def test_another_county_gets_404_everywhere_and_nothing_changes(client_for, world, foreigners):
    pk, issue = world["relation"].pk, world["issue"].pk
    for user in foreigners:
        client = client_for(user)
        assert client.get(f"{LIST}{pk}/").status_code == 404, user
        assert client.get(f"/contacts/{pk}/").status_code == 404, user
        r = client.post(f"{LIST}{pk}/contacts/", {"occurred_on": "2026-11-01", "way": "visit",
                                                  "subject": "x"}, format="json")  # fmt: skip
        assert r.status_code in (403, 404), user  # a leader has no right to log at all
        for step in STEPS:
            r = client.post(f"/api/v1/contacts/issues/{issue}/{step}/", {"text": "已办"})
            assert r.status_code in (403, 404), (user, step)
        if user.role in (Role.STAFF, Role.SUPERVISOR):
            assert client.get(LIST).json()["count"] == 0
            assert client.get(f"{LIST}summary/").json()["relations"] == 0
            assert client.get(f"{LIST}?region=430525").status_code == 404
        else:
            assert client.get("/api/v1/me/contacts/").json()["relations"] == []
    assert Contact.objects.count() == 1
    assert Issue.objects.get().status == "open"


def test_a_leader_reads_and_writes_nothing(client_for, supervisor, world, official, deputies):
    client = client_for(supervisor)
    assert client.get(LIST).json()["count"] == 2
    assert client.get(f"{LIST}{world['relation'].pk}/").status_code == 200
    r = client.post(LIST, {"kind": "official", "contactor": official.pk,
                           "deputy": deputies[1].pk}, format="json")  # fmt: skip
    assert r.status_code == 403
    assert client.patch(f"{LIST}{world['relation'].pk}/", {"note": "x"}).status_code == 403
    r = client.post(f"/api/v1/contacts/issues/{world['issue'].pk}/answer/", {"text": "x"})
    assert r.status_code == 403
    assert client.get("/contacts/").status_code == 200
    assert client.get("/me/contacts/").status_code == 403


def test_township_staff_see_their_township_only(client_for, township_staff, world):
    client = client_for(township_staff)
    rows = client.get(LIST).json()["results"]
    assert [r["id"] for r in rows] == [world["township"].pk]
    assert client.get(f"{LIST}{world['relation'].pk}/").status_code == 404
    assert client.get(f"{LIST}?region=430525").json()["count"] == 1


def test_a_deputy_sees_only_relations_that_name_them(client_for, world, deputies):
    assert client_for(deputies[2].user).get(f"{LIST}{world['relation'].pk}/").status_code == 404
    assert client_for(deputies[0].user).get(f"{LIST}{world['relation'].pk}/").status_code == 200
    assert client_for(deputies[0].user).get(LIST).status_code == 403


def test_the_list_keeps_its_query_count(
    client_for, dongkou_staff, world, django_assert_max_num_queries
):
    client = client_for(dongkou_staff)
    client.get(LIST)
    with django_assert_max_num_queries(6):
        assert client.get(LIST).json()["count"] == 2

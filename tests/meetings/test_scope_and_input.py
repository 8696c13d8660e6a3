"""Scope (another county's event is a 404, township staff see their township, deputies their
invitations) and bad input (a 400 naming each field in Chinese, nothing stored); list query
counts do not grow with the rows."""

import io

import pytest

from meetings.models import Campaign, Event, EventDocument
from meetings.services.invitations import invitations_add
from tests.conftest import DONGKOU, make_user
from tests.meetings.conftest import make_event

pytestmark = pytest.mark.django_db
API = "/api/v1/meetings/"


@pytest.mark.parametrize(
    "method,suffix,body",
    [
        ("get", "", None),
        ("patch", "", {"title": "x"}),
        ("post", "open/", {}),
        ("post", "close/", {}),
        ("post", "cancel/", {"reason": "x"}),
        ("get", "invitations/", None),
        ("post", "invitations/", {"deputies": [1]}),
        ("get", "live/", None),
        ("get", "sheet/", None),
        ("get", "sign-in-code/", None),
        ("get", "agenda/", None),
        ("get", "documents/", None),
        ("post", "manual-sign-in/", {"invitations": [1]}),
    ],
)
def test_another_countys_event_is_a_404(client_for, linwu_staff, event, method, suffix, body):
    client = client_for(linwu_staff)
    response = getattr(client, method)(f"{API}{event.pk}/{suffix}", body, format="json")
    assert response.status_code == 404, (suffix, response.content)
    assert Event.objects.get(pk=event.pk).status == "planned"


def test_outsiders_and_uninvited_deputies_see_nothing(client_for, outsider, deputies, event):
    assert client_for(outsider).get(f"{API}{event.pk}/").status_code in (403, 404)
    assert client_for(deputies[0].user).get(f"{API}{event.pk}/").status_code == 404
    assert client_for(deputies[0].user).get(f"/api/v1/me/events/{event.pk}/").status_code == 404


def test_township_staff_see_their_township_only(client_for, regions, dongkou_staff, dongkou):
    town = regions.filter(parent_id=DONGKOU).order_by("code").first()
    other = regions.filter(parent_id=DONGKOU).order_by("code").last()
    township_staff = make_user("town_staff", role="staff", region=town.code)
    mine = make_event(dongkou_staff, town, title="镇人大主席团会议")
    theirs = make_event(dongkou_staff, other, title="别镇会议")
    county = make_event(dongkou_staff, dongkou.region, title="县里会议")
    listed = client_for(township_staff).get(API).json()["results"]
    assert [e["id"] for e in listed] == [mine.pk]
    assert client_for(township_staff).get(f"{API}{theirs.pk}/").status_code == 404
    assert client_for(township_staff).get(f"{API}{county.pk}/").status_code == 404


def test_an_invited_deputy_sees_the_event(client_for, dongkou_staff, deputies, event):
    invitations_add(actor=dongkou_staff, event=event, deputies=deputies[:1])
    client = client_for(deputies[0].user)
    mine = client.get("/api/v1/me/events/").json()["results"]
    assert [m["event"]["id"] for m in mine] == [event.pk]
    assert client.get(f"{API}{event.pk}/").status_code == 200
    assert client.get(f"{API}{event.pk}/invitations/").status_code == 403


def test_bad_event_input_names_each_field(client_for, dongkou_staff, dongkou):
    response = client_for(dongkou_staff).post(API, {
        "kind": "nonsense", "title": "", "starts_at": "tomorrow", "ends_at": "2026-12-01T08:00:00+08:00",
        "latitude": 200,
    }, format="json")  # fmt: skip
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert {"kind", "title", "starts_at", "latitude"} <= set(fields)
    assert all(not m.isascii() for messages in fields.values() for m in messages)
    assert not Event.objects.exists()


def test_model_rules_are_400s(client_for, dongkou_staff, dongkou):
    client = client_for(dongkou_staff)
    no_place = client.post(API, {"kind": "research", "title": "调研", "starts_at": "2026-12-03T09:00:00+08:00",
                                 "ends_at": "2026-12-03T11:00:00+08:00"}, format="json")  # fmt: skip
    assert no_place.status_code == 400 and "place" in no_place.json()["fields"]
    session = client.post(API, {"kind": "session", "title": "会议", "place": "礼堂",
                                "starts_at": "2026-12-03T09:00:00+08:00", "ends_at": "2026-12-03T11:00:00+08:00"},
                          format="json")  # fmt: skip
    assert session.status_code == 400 and "session" in session.json()["fields"]
    foreign = client.post(API, {"region": "431025", "kind": "research", "title": "x", "place": "y",
                                "starts_at": "2026-12-03T09:00:00+08:00", "ends_at": "2026-12-03T11:00:00+08:00"},
                          format="json")  # fmt: skip
    assert foreign.status_code == 404
    assert not Event.objects.exists()


def test_a_session_links_the_registered_session(client_for, dongkou_staff, dongkou):
    session = dongkou.terms.get().sessions.get()
    response = client_for(dongkou_staff).post(API, {
        "kind": "session", "title": "县十八届人大五次会议", "session": session.pk, "place": "县礼堂",
        "starts_at": "2026-12-03T09:00:00+08:00", "ends_at": "2026-12-05T17:00:00+08:00",
    }, format="json")  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["session"]["id"] == session.pk and response.json()["half_days"] == 6


def test_inviting_another_countys_congress_is_refused(client_for, dongkou_staff, linwu, event):
    response = client_for(dongkou_staff).post(
        f"{API}{event.pk}/invitations/", {"congresses": [linwu.pk]}, format="json"
    )
    assert response.status_code == 400 and "congresses" in response.json()["fields"]
    assert not event.invitations.exists()


def test_a_leave_without_reason_is_a_400(client_for, dongkou_staff, deputies, event):
    invitations_add(actor=dongkou_staff, event=event, deputies=deputies[:1])
    response = client_for(deputies[0].user).post(
        f"/api/v1/me/events/{event.pk}/answer/", {"answer": "leave"}, format="json"
    )
    assert response.status_code == 400 and response.json()["fields"]["reason"] == [
        "请假请填写事由。"
    ]
    assert event.invitations.get().answer == "pending"


def test_documents_are_checked_by_content(client_for, dongkou_staff, event):
    client = client_for(dongkou_staff)
    fake = io.BytesIO(b"MZ\x90\x00 not a pdf at all \x00")
    fake.name = "议程.pdf"
    response = client.post(f"{API}{event.pk}/documents/", {"title": "议程", "file": fake})
    assert response.status_code == 400 and "file" in response.json()["fields"]
    assert not EventDocument.objects.exists()
    for _ in range(2):
        pdf = io.BytesIO(b"%PDF-1.4\n%...\n")
        pdf.name = "议程.pdf"
        ok = client.post(
            f"{API}{event.pk}/documents/", {"title": "议程", "file": pdf, "is_final": "true"}
        )
        assert ok.status_code == 201, ok.content
    versions = list(EventDocument.objects.order_by("version").values_list("version", "is_final"))
    assert versions == [(1, False), (2, True)]
    file = client.get(f"/api/v1/meetings/documents/{ok.json()['id']}/file/")
    assert file.status_code == 200


def test_bad_campaign_input(client_for, dongkou_staff):
    response = client_for(dongkou_staff).post("/api/v1/campaigns/", {"theme": "", "starts_on": "2026-12-31",
                                              "ends_on": "2026-01-01", "target_events": -1}, format="json")  # fmt: skip
    assert response.status_code == 400
    assert {"theme", "target_events"} <= set(response.json()["fields"])
    assert not Campaign.objects.exists()


def test_another_countys_campaign_is_a_404(client_for, dongkou_staff, linwu_staff):
    created = client_for(dongkou_staff).post("/api/v1/campaigns/", {"theme": "千名代表访万人", "starts_on": "2026-01-01",
                                             "ends_on": "2026-12-31"}, format="json")  # fmt: skip
    assert (
        client_for(linwu_staff).get(f"/api/v1/campaigns/{created.json()['id']}/").status_code == 404
    )


def test_the_calendar_costs_the_same_for_many_events(client_for, dongkou_staff, dongkou, deputies,
                                                     django_assert_max_num_queries):  # fmt: skip
    for i in range(12):
        e = make_event(dongkou_staff, dongkou.region, title=f"会议{i}")
        invitations_add(actor=dongkou_staff, event=e, deputies=deputies)
    client = client_for(dongkou_staff)
    with django_assert_max_num_queries(8):
        response = client.get(API, {"page_size": 50})
    assert response.json()["count"] == 12
    assert response.json()["results"][0]["invited_count"] == 3
    with django_assert_max_num_queries(8):
        client.get(f"{API}{e.pk}/invitations/")

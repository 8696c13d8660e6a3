"""The life of an event: plan, invite, answer, leave, open, sign in, close; archive and points
follow in the same transaction; cancel withdraws them."""

from datetime import timedelta
from decimal import Decimal

import pytest

from congress.models import Notification, OutboxMessage, SentReminder
from evaluation.models import ArchiveEntry, DeputyPoints, PointsRule, PointsRuleSet
from meetings import tokens
from meetings.models import Event, Invitation, SignIn
from meetings.services.attendance import sign_in_by_code
from meetings.services.events import event_close, event_open
from meetings.services.invitations import invitations_add
from meetings.services.notices import reminders_sweep
from tests.clock import NOW, frozen
from tests.meetings.conftest import make_event

pytestmark = pytest.mark.django_db
API = "/api/v1/meetings/"


def test_staff_plan_an_event_and_see_it_in_the_calendar(client_for, dongkou_staff, dongkou):
    client = client_for(dongkou_staff)
    response = client.post(API, {
        "kind": "inspection", "title": "视察农村饮水安全", "starts_at": "2026-12-03T09:00:00+08:00",
        "ends_at": "2026-12-03T12:00:00+08:00", "place": "高沙镇", "requires_deputies": True,
    }, format="json")  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["region"]["code"] == "430525" and body["status"] == "planned"
    assert "open" in body["actions"]
    listed = client.get(API, {"start": "2026-12-01", "end": "2026-12-31", "lacking_deputies": "1"})
    assert [e["title"] for e in listed.json()["results"]] == ["视察农村饮水安全"]
    assert listed.json()["results"][0]["lacks_deputies"] is True


def test_inviting_a_congress_invites_its_serving_deputies_once_and_notifies(
    client_for, dongkou_staff, dongkou, deputies, event
):
    client = client_for(dongkou_staff)
    url = f"{API}{event.pk}/invitations/"
    response = client.post(url, {"congresses": [dongkou.pk]}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["invited"] == 3
    again = client.post(url, {"congresses": [dongkou.pk]}, format="json")
    assert again.json()["invited"] == 0
    assert Invitation.objects.filter(event=event).count() == 3
    assert Notification.objects.filter(kind="meeting_invited").count() == 3


def test_leave_from_a_standing_committee_meeting_waits_for_approval(
    client_for, dongkou_staff, dongkou, deputies, event
):
    invitations_add(actor=dongkou_staff, event=event, deputies=deputies)
    deputy = client_for(deputies[0].user)
    answered = deputy.post(
        f"/api/v1/me/events/{event.pk}/answer/",
        {"answer": "leave", "reason": "出差"},
        format="json",
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["leave"] == "pending"
    invitation = Invitation.objects.get(event=event, deputy=deputies[0])
    refused = client_for(dongkou_staff).post(
        f"{API}{event.pk}/invitations/{invitation.pk}/leave/", {"approve": False}, format="json"
    )
    assert refused.status_code == 400 and "note" in refused.json()["fields"]
    approved = client_for(dongkou_staff).post(
        f"{API}{event.pk}/invitations/{invitation.pk}/leave/", {"approve": True}, format="json"
    )
    assert approved.status_code == 200
    invitation.refresh_from_db()
    assert invitation.leave == "approved" and invitation.leave_decided_by == dongkou_staff
    assert invitation.leave_decided_at is not None


def test_a_deputy_cannot_decide_leave(client_for, dongkou_staff, deputies, event):
    invitations_add(actor=dongkou_staff, event=event, deputies=deputies)
    invitation = Invitation.objects.get(event=event, deputy=deputies[0])
    response = client_for(deputies[0].user).post(
        f"{API}{event.pk}/invitations/{invitation.pk}/leave/", {"approve": True}, format="json"
    )
    assert response.status_code == 403


def _rules(region):
    rule_set = PointsRuleSet.objects.create(region=region, year=2026, name="2026年积分规则")
    PointsRule.objects.create(rule_set=rule_set, kind="meeting_attended", points=Decimal("2"))
    PointsRule.objects.create(rule_set=rule_set, kind="meeting_absent", points=Decimal("-1"))
    return rule_set


def test_sign_in_and_close_write_archive_and_points_at_once(
    dongkou_staff, dongkou, deputies, event
):
    rule_set = _rules(dongkou.region)
    invitations_add(actor=dongkou_staff, event=event, deputies=deputies)
    event_open(actor=dongkou_staff, event=event)
    event.refresh_from_db()
    with frozen(NOW - timedelta(minutes=10)):
        sign_in_by_code(actor=deputies[0].user, token=tokens.sign_in_token(event))
        entry = ArchiveEntry.objects.get(deputy=deputies[0])
        assert entry.kind == "meeting_attended" and entry.source == "portal"
        assert DeputyPoints.objects.get(rule_set=rule_set, deputy=deputies[0]).total == 2
    with frozen(NOW + timedelta(minutes=30)):
        sign_in_by_code(actor=deputies[1].user, token=tokens.sign_in_token(event))
    assert Invitation.objects.get(event=event, deputy=deputies[1]).attendance == "late"
    with frozen(NOW + timedelta(hours=4)):
        event_close(actor=dongkou_staff, event=event)
    absent = Invitation.objects.get(event=event, deputy=deputies[2])
    assert absent.attendance == "absent"
    assert ArchiveEntry.objects.get(deputy=deputies[2]).kind == "meeting_absent"
    assert DeputyPoints.objects.get(rule_set=rule_set, deputy=deputies[2]).total == -1


def test_correcting_and_cancelling_correct_the_archive(client_for, dongkou_staff, deputies, event):
    invitations_add(actor=dongkou_staff, event=event, deputies=deputies)
    with frozen(NOW + timedelta(hours=4)):
        event_close(actor=dongkou_staff, event=event)
    invitation = Invitation.objects.get(event=event, deputy=deputies[0])
    client = client_for(dongkou_staff)
    with frozen(NOW + timedelta(hours=5)):
        response = client.post(f"{API}{event.pk}/invitations/{invitation.pk}/attendance/",
                               {"attendance": "leave"}, format="json")  # fmt: skip
    assert response.status_code == 200, response.content
    assert ArchiveEntry.objects.get(deputy=deputies[0]).kind == "meeting_leave"


def test_cancelling_withdraws_the_entries(client_for, dongkou_staff, deputies, event):
    invitations_add(actor=dongkou_staff, event=event, deputies=deputies)
    event_open(actor=dongkou_staff, event=event)
    event.refresh_from_db()
    with frozen(NOW):
        sign_in_by_code(actor=deputies[0].user, token=tokens.sign_in_token(event))
    assert ArchiveEntry.objects.filter(deputy=deputies[0]).count() == 1
    response = client_for(dongkou_staff).post(
        f"{API}{event.pk}/cancel/", {"reason": "改期"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert ArchiveEntry.objects.filter(deputy=deputies[0]).count() == 0
    assert Event.objects.get(pk=event.pk).status == "cancelled"


def test_a_closed_event_cannot_be_opened_again(client_for, dongkou_staff, event):
    event_close(actor=dongkou_staff, event=event)
    response = client_for(dongkou_staff).post(f"{API}{event.pk}/open/")
    assert response.status_code == 409
    assert response.json()["message"] == "只有筹备中的会议活动可以开启签到。"


def test_reminders_go_once_per_start_time(dongkou_staff, deputies, event, client_for):
    invitations_add(actor=dongkou_staff, event=event, deputies=deputies)
    with frozen(NOW - timedelta(hours=20)):
        assert reminders_sweep() == 1
        assert reminders_sweep() == 0
    assert Notification.objects.filter(kind="meeting_reminder").count() == 3
    moved = client_for(dongkou_staff).patch(
        f"{API}{event.pk}/", {"starts_at": (NOW + timedelta(hours=2)).isoformat(),
                              "ends_at": (NOW + timedelta(hours=5)).isoformat()}, format="json")  # fmt: skip
    assert moved.status_code == 200, moved.content
    assert Notification.objects.filter(kind="meeting_changed").count() == 3
    with frozen(NOW - timedelta(hours=20)):
        assert reminders_sweep() == 1  # a new start time is a new reminder
    assert SentReminder.objects.filter(kind="meeting_reminder").count() == 2


def test_invitation_texts_a_deputy_without_an_account(dongkou_staff, dongkou, event):
    from tests.ballots.conftest import make_deputy  # noqa: PLC0415

    deputy = make_deputy(dongkou, "无账号代表")
    deputy.phone = "13800000001"
    deputy.save(update_fields=["phone"])
    invitations_add(actor=dongkou_staff, event=event, deputies=[deputy])
    assert OutboxMessage.objects.filter(recipient="13800000001", channel="sms").count() == 1


def test_campaign_progress(client_for, dongkou_staff, dongkou, deputies):
    client = client_for(dongkou_staff)
    created = client.post("/api/v1/campaigns/", {"theme": "代表在行动", "starts_on": "2026-01-01",
                          "ends_on": "2026-12-31", "target_events": 4, "target_participants": 10}, format="json")  # fmt: skip
    assert created.status_code == 201, created.content
    campaign_id = created.json()["id"]
    event = make_event(dongkou_staff, dongkou.region, kind="research", campaign_id=None)
    client.patch(f"{API}{event.pk}/", {"campaign": campaign_id}, format="json")
    invitations_add(actor=dongkou_staff, event=event, deputies=deputies)
    event_open(actor=dongkou_staff, event=Event.objects.get(pk=event.pk))
    event.refresh_from_db()
    with frozen(NOW):
        sign_in_by_code(actor=deputies[0].user, token=tokens.sign_in_token(event))
        event_close(actor=dongkou_staff, event=event)
    progress = client.get(f"/api/v1/campaigns/{campaign_id}/").json()["progress"]
    assert progress["events_held"] == 1 and progress["participants"] == 1
    assert progress["events_rate"] == 25.0 and progress["participants_rate"] == 10.0
    assert SignIn.objects.count() == 1

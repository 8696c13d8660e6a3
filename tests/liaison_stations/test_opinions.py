from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from congress.models import AuditLog, Notification
from liaison_stations import public
from liaison_stations.models import Opinion, OpinionEvent
from liaison_stations.services.opinions import opinion_submit
from liaison_stations.services.triage import opinion_answer, opinion_forward, opinion_pass_to_deputy
from suggestions.models import Suggestion, SuggestionCategory
from tests.conftest import make_user

from .conftest import make_deputy

pytestmark = pytest.mark.django_db


def solved_challenge() -> dict:
    token = public.challenge_new()["token"]
    data = signing.loads(token, salt=public.CHALLENGE_SALT)
    return {"challenge_token": token, "challenge_answer": str(data["a"] + data["b"])}


def opinion_form(**extra):
    return {
        "title": "村口路灯不亮",
        "content": "文昌街道桥头村口三盏路灯坏了一个多月，晚上出行不安全。",
        "citizen_name": "陈大明",
        "citizen_phone": "13812345678",
        **solved_challenge(),
        **extra,
    }


def public_url(station):
    return f"/api/v1/public/stations/{station.public_code}/opinions/"


def test_a_citizen_leaves_an_opinion_without_an_account_and_gets_a_tracking_code(
    client, dongkou_station
):
    response = client.post(public_url(dongkou_station), opinion_form(), format="json")
    assert response.status_code == 201, response.json()
    code = response.json()["tracking_code"]
    opinion = Opinion.objects.get(tracking_code=code)
    assert (opinion.source, opinion.status, opinion.station) == (
        "public_form",
        "received",
        dongkou_station,
    )


def test_contact_details_are_optional(client, dongkou_station):
    response = client.post(
        public_url(dongkou_station),
        opinion_form(citizen_name="", citizen_phone=""),
        content_type="application/json",
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"challenge_answer": "999"}, "challenge_answer"),
        ({"challenge_token": "forged"}, "challenge_answer"),
        ({"content": "太短"}, "content"),
        ({"title": ""}, "title"),
        ({"citizen_phone": "call-me"}, "citizen_phone"),
    ],
)
def test_bad_input_on_the_public_form_stores_nothing(client, dongkou_station, bad, field):
    response = client.post(
        public_url(dongkou_station), opinion_form(**bad), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["fields"][field][0]
    assert not Opinion.objects.exists()


def test_a_challenge_cannot_be_used_twice(client, dongkou_station):
    form = opinion_form()
    assert (
        client.post(public_url(dongkou_station), form, content_type="application/json").status_code
        == 201
    )
    second = client.post(public_url(dongkou_station), form, content_type="application/json")
    assert second.status_code == 400
    assert Opinion.objects.count() == 1


def test_the_public_form_is_rate_limited_per_address(client, dongkou_station, settings):
    settings.LIAISON_RATE_LIMITS = {"opinion": (3, 3600)}
    url = public_url(dongkou_station)
    statuses = [
        client.post(
            url, opinion_form(), content_type="application/json", REMOTE_ADDR="10.0.0.7"
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [201, 201, 201, 429]
    assert Opinion.objects.count() == 3
    # Another address is not held back.
    other = client.post(
        url, opinion_form(), content_type="application/json", REMOTE_ADDR="10.0.0.8"
    )
    assert other.status_code == 201


def test_an_unknown_or_private_station_has_no_public_form(client, dongkou_station):
    assert (
        client.post(
            "/api/v1/public/stations/NOPE1234/opinions/",
            opinion_form(),
            content_type="application/json",
        ).status_code
        == 404
    )
    dongkou_station.is_public = False
    dongkou_station.save()
    assert (
        client.post(
            public_url(dongkou_station), opinion_form(), content_type="application/json"
        ).status_code
        == 404
    )
    assert not Opinion.objects.exists()


def test_the_tracking_code_reveals_only_that_opinions_status_and_answer(
    client, dongkou_station, dongkou_staff
):
    mine = opinion_submit(
        station=dongkou_station,
        source="public_form",
        title="路灯",
        content="路灯坏了一个月了",
        citizen_name="陈大明",
        citizen_phone="13812345678",
    )
    opinion_submit(
        station=dongkou_station,
        source="public_form",
        title="别人的事",
        content="隔壁邻居的私事投诉",
        citizen_name="刘某",
        citizen_phone="13999999999",
    )
    opinion_answer(actor=dongkou_staff, opinion=mine, answer="已联系供电所，三天内修复。")

    response = client.get(f"/api/v1/public/opinions/{mine.tracking_code.lower()}/")
    assert response.status_code == 200
    body = response.json()
    assert body["status_display"] == "已办结"
    assert body["public_answer"] == "已联系供电所，三天内修复。"
    text = response.content.decode()
    for secret in ("陈大明", "13812345678", "路灯坏了", "别人的事", "尹建华", "internal"):
        assert secret not in text
    assert client.get("/api/v1/public/opinions/ZZZZZZZZZZ/").status_code == 404


def test_staff_triage_pass_to_a_deputy_then_answer_and_the_citizen_sees_it(
    client_for, client, dongkou_staff, dongkou_station, wang, deputy_user
):
    opinion = opinion_submit(
        station=dongkou_station, source="public_form", title="路灯", content="路灯坏了一个月了"
    )
    staff = client_for(dongkou_staff)
    url = f"/api/v1/liaison/opinions/{opinion.pk}/triage/"
    response = staff.post(url, {"action": "pass_to_deputy", "deputy": wang.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "with_deputy"
    assert Notification.objects.filter(recipient=deputy_user, kind="opinion_to_deputy").exists()
    # The deputy it was passed to sees it.
    assert client_for(deputy_user).get("/api/v1/liaison/opinions/").json()["count"] == 1

    response = staff.post(
        url, {"action": "answer", "answer": "代表已实地查看，路灯已修好。"}, format="json"
    )
    assert response.json()["status"] == "answered"
    # Answered is final: a second step is a 409.
    due = str(timezone.localdate() + timedelta(days=30))
    again = staff.post(url, {"action": "forward", "unit": 1, "due_date": due}, format="json")
    assert again.status_code == 409
    tracked = client.get(f"/api/v1/public/opinions/{opinion.tracking_code}/").json()
    assert [p["status_display"] for p in tracked["progress"]] == ["已受理", "已转代表", "已办结"]


def test_forwarding_needs_a_local_unit_and_a_due_date_and_becomes_overdue(
    client_for, dongkou_staff, dongkou_station, dongkou_unit, linwu_unit, unit_user
):
    opinion = opinion_submit(
        station=dongkou_station,
        source="station",
        title="学校门口拥堵",
        content="上下学时段拥堵严重",
    )
    staff = client_for(dongkou_staff)
    url = f"/api/v1/liaison/opinions/{opinion.pk}/triage/"
    due = (timezone.localdate() + timedelta(days=15)).isoformat()
    response = staff.post(
        url, {"action": "forward", "unit": linwu_unit.pk, "due_date": due}, format="json"
    )
    assert response.status_code == 400 and "承办单位" in response.json()["fields"]["unit"][0]
    response = staff.post(
        url, {"action": "forward", "unit": dongkou_unit.pk, "due_date": "2020-01-01"}, format="json"
    )
    assert response.status_code == 400 and "due_date" in response.json()["fields"]
    opinion.refresh_from_db()
    assert opinion.status == "received" and opinion.handling_unit is None

    response = staff.post(
        url, {"action": "forward", "unit": dongkou_unit.pk, "due_date": due}, format="json"
    )
    assert response.status_code == 200
    assert Notification.objects.filter(recipient=unit_user, kind="opinion_forwarded").exists()
    assert client_for(unit_user).get("/api/v1/liaison/opinions/").json()["count"] == 1
    Opinion.objects.filter(pk=opinion.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    assert staff.get("/api/v1/liaison/opinions/?overdue=1").json()["count"] == 1


def test_turning_an_opinion_into_a_draft_suggestion_prefills_a_draft_of_the_deputy(
    client_for, dongkou_staff, dongkou_station, wang, deputy_user
):
    SuggestionCategory.objects.get_or_create(name="其他")
    opinion = opinion_submit(
        station=dongkou_station,
        source="hotline",
        hotline_ref="12345-2026-001",
        title="农村饮水安全",
        content="多个村反映自来水浑浊，希望改造水厂。",
    )
    response = client_for(dongkou_staff).post(
        f"/api/v1/liaison/opinions/{opinion.pk}/triage/",
        {"action": "to_suggestion", "deputy": wang.pk},
        format="json",
    )
    assert response.status_code == 200, response.json()
    opinion.refresh_from_db()
    assert (opinion.status, opinion.assigned_deputy) == ("suggestion", wang)
    draft = Suggestion.objects.get(pk=opinion.suggestion_id)
    assert (draft.lead_deputy, draft.title) == (wang, "农村饮水安全")
    assert opinion.tracking_code in draft.body
    assert Notification.objects.filter(recipient=deputy_user, kind="opinion_to_suggestion").exists()


def test_a_suggestion_needs_a_deputy_of_the_station(
    client_for, dongkou_staff, dongkou_station, regions
):
    stranger = make_deputy("外站代表", "430525")
    opinion = opinion_submit(
        station=dongkou_station, source="station", title="路灯", content="路灯坏了一个月了"
    )
    response = client_for(dongkou_staff).post(
        f"/api/v1/liaison/opinions/{opinion.pk}/triage/",
        {"action": "to_suggestion", "deputy": stranger.pk},
        format="json",
    )
    assert response.status_code == 400 and "本站" in response.json()["fields"]["deputy"][0]
    opinion.refresh_from_db()
    assert opinion.status == "received"


def test_contact_details_are_masked_for_everyone_but_the_assigned_staff(
    client_for, dongkou_staff, shaoyang_staff, dongkou_station
):
    opinion = opinion_submit(
        station=dongkou_station,
        source="public_form",
        title="路灯",
        content="路灯坏了一个月了",
        citizen_name="陈大明",
        citizen_phone="13812345678",
    )
    for user in (dongkou_staff, shaoyang_staff):
        row = client_for(user).get(f"/api/v1/liaison/opinions/{opinion.pk}/").json()
        assert row["citizen_phone"] == "138****5678" and row["citizen_name"] == "陈**"
    contact = f"/api/v1/liaison/opinions/{opinion.pk}/contact/"
    assert client_for(dongkou_staff).get(contact).status_code == 409

    client_for(dongkou_staff).post(
        f"/api/v1/liaison/opinions/{opinion.pk}/triage/", {"action": "take"}, format="json"
    )
    revealed = client_for(dongkou_staff).get(contact).json()
    assert revealed == {"citizen_name": "陈大明", "citizen_phone": "13812345678"}
    assert AuditLog.objects.filter(action="reveal", model="liaison_stations.Opinion").exists()
    assert client_for(shaoyang_staff).get(contact).status_code == 409


def test_staff_of_another_county_see_nothing_of_these_opinions(
    client_for, linwu_staff, dongkou_station
):
    opinion = opinion_submit(
        station=dongkou_station, source="station", title="路灯", content="路灯坏了一个月了"
    )
    linwu = client_for(linwu_staff)
    assert linwu.get("/api/v1/liaison/opinions/").json()["count"] == 0
    assert linwu.get(f"/api/v1/liaison/opinions/{opinion.pk}/").status_code == 404
    response = linwu.post(
        f"/api/v1/liaison/opinions/{opinion.pk}/triage/",
        {"action": "answer", "answer": "好的"},
        format="json",
    )
    assert response.status_code == 404
    response = linwu.post(
        "/api/v1/liaison/opinions/",
        {"station": dongkou_station.pk, "title": "t", "content": "内容内容内容"},
        format="json",
    )
    assert response.status_code == 400
    assert Opinion.objects.count() == 1


def test_a_supervisor_reads_but_cannot_triage(client_for, supervisor, dongkou_station):
    opinion = opinion_submit(
        station=dongkou_station, source="station", title="路灯", content="路灯坏了一个月了"
    )
    client = client_for(supervisor)
    assert client.get(f"/api/v1/liaison/opinions/{opinion.pk}/").status_code == 200
    response = client.post(
        f"/api/v1/liaison/opinions/{opinion.pk}/triage/", {"action": "take"}, format="json"
    )
    assert response.status_code == 403


def test_staff_record_a_12345_opinion_which_needs_the_ticket_number(
    client_for, dongkou_staff, dongkou_station
):
    staff = client_for(dongkou_staff)
    form = {
        "station": dongkou_station.pk,
        "source": "hotline",
        "title": "噪音扰民",
        "content": "夜间工地施工噪音扰民",
    }
    response = staff.post("/api/v1/liaison/opinions/", form, format="json")
    assert response.status_code == 400 and "工单号" in response.json()["fields"]["hotline_ref"][0]
    assert not Opinion.objects.exists()
    response = staff.post(
        "/api/v1/liaison/opinions/", {**form, "hotline_ref": "DK-0001"}, format="json"
    )
    assert response.status_code == 201
    assert OpinionEvent.objects.count() == 1


def test_the_opinion_board_costs_the_same_queries_for_one_row_or_many(
    client_for, dongkou_staff, dongkou_station, django_assert_max_num_queries
):
    staff = client_for(dongkou_staff)
    opinion_submit(station=dongkou_station, source="station", title="一", content="内容内容内容")
    with django_assert_max_num_queries(8):
        staff.get("/api/v1/liaison/opinions/")
    for n in range(15):
        opinion_submit(
            station=dongkou_station,
            source="station",
            title=f"第{n}条",
            content="内容内容内容",
            actor=make_user(f"s{n}", role="staff", region="430525"),
        )
    with django_assert_max_num_queries(8):
        assert staff.get("/api/v1/liaison/opinions/?page_size=50").json()["count"] == 16


def test_the_unit_reports_back_and_staff_answer_with_it(
    client_for, dongkou_staff, dongkou_station, dongkou_unit, unit_user, linwu_unit
):
    opinion = opinion_submit(
        station=dongkou_station,
        source="station",
        title="学校门口拥堵",
        content="上下学时段拥堵严重",
    )
    due = timezone.localdate() + timedelta(days=10)
    opinion_forward(actor=dongkou_staff, opinion=opinion, unit_id=dongkou_unit.pk, due_date=due)
    other_unit_user = make_user("linwu_jyj", role="unit", unit=linwu_unit)
    url = f"/api/v1/liaison/opinions/{opinion.pk}/reply/"
    assert (
        client_for(other_unit_user).post(url, {"reply": "不归我们"}, format="json").status_code
        == 404
    )
    assert client_for(unit_user).post(url, {"reply": ""}, format="json").status_code == 400
    response = client_for(unit_user).post(url, {"reply": "已安排交警早晚高峰疏导。"}, format="json")
    assert response.status_code == 200
    assert Notification.objects.filter(recipient=dongkou_staff, kind="opinion_reply").exists()
    # Staff answer; the unit cannot reply any more.
    opinion_answer(actor=dongkou_staff, opinion=opinion, answer="已安排交警早晚高峰疏导。")
    assert client_for(unit_user).post(url, {"reply": "再补充"}, format="json").status_code == 409


def test_the_deputy_it_was_passed_to_reports_back(
    client_for, dongkou_staff, dongkou_station, wang, deputy_user
):
    opinion = opinion_submit(
        station=dongkou_station, source="station", title="路灯", content="路灯坏了一个月了"
    )
    opinion_pass_to_deputy(actor=dongkou_staff, opinion=opinion, deputy_id=wang.pk)
    me = client_for(deputy_user).get("/api/v1/liaison/my-station/").json()
    assert me["opinions_waiting"] == 1
    response = client_for(deputy_user).post(
        f"/api/v1/liaison/opinions/{opinion.pk}/reply/",
        {"reply": "已实地查看并联系供电所。"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["handler_reply"] == "已实地查看并联系供电所。"
    assert (
        client_for(deputy_user).get("/api/v1/liaison/my-station/").json()["opinions_waiting"] == 0
    )


def test_staff_hear_of_a_new_public_opinion(client, dongkou_station, dongkou_staff, linwu_staff):
    response = client.post(
        f"/api/v1/public/stations/{dongkou_station.public_code}/opinions/",
        opinion_form(),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Notification.objects.filter(recipient=dongkou_staff, kind="opinion_new").count() == 1
    assert not Notification.objects.filter(recipient=linwu_staff).exists()


def test_the_audit_trail_keeps_the_citizens_contact_masked(client, dongkou_station):
    client.post(
        f"/api/v1/public/stations/{dongkou_station.public_code}/opinions/",
        opinion_form(),
        content_type="application/json",
    )
    row = AuditLog.objects.get(model="liaison_stations.Opinion", action="create")
    assert row.after["citizen_phone"] == "138****5678" and row.after["citizen_name"] == "陈**"

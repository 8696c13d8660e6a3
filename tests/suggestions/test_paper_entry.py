"""Staff type in a paper suggestion on a deputy's behalf: lead deputy serving in their scope,
co-signers of the same congress, straight into review, the history says who typed it."""

import pytest

from congress.models import Notification, Session
from suggestions.models import CoSigner, History, Status, Suggestion

pytestmark = pytest.mark.django_db

URL = "/api/v1/suggestions/paper/"


def payload(lead, category, **extra):
    return {"lead_deputy": lead.deputy.pk, "title": "关于整治县城占道经营的建议",
            "body": "县城主干道早市占道严重，建议设立规范的临时摊位区。",
            "category": category.pk, **extra}  # fmt: skip


def test_staff_enter_a_paper_suggestion_which_goes_straight_into_review(
    client_for, dongkou_staff, lead, cosigner, category
):
    r = client_for(dongkou_staff).post(
        URL, payload(lead, category, cosigners=[cosigner.deputy.pk]), format="json"
    )
    assert r.status_code == 201
    s = Suggestion.objects.get(pk=r.json()["id"])
    assert s.status == Status.SUBMITTED and s.submitted_at and s.lead_deputy == lead.deputy
    assert s.created_by == dongkou_staff and s.region_id == "430525"
    assert CoSigner.objects.get(suggestion=s).confirmed_at is not None  # signed on paper
    h = History.objects.get(suggestion=s)
    assert h.action == "enter_paper" and h.actor == dongkou_staff
    assert "录入纸质建议" in h.note and "王秀英" in h.note
    assert Notification.objects.filter(recipient=lead, kind="suggestion.review").exists()
    # the deputy sees it among their own, with the history naming the staff member
    detail = client_for(lead).get(f"/api/v1/suggestions/{s.pk}/").json()
    assert detail["history"][0]["label"] == "代录纸质建议"
    assert detail["history"][0]["actor"] == str(dongkou_staff)
    assert "accept" in client_for(dongkou_staff).get(f"/api/v1/suggestions/{s.pk}/").json()[
        "actions"]  # fmt: skip


def test_the_deputy_list_offers_only_serving_deputies_of_the_staff_members_region(
    client_for, dongkou_staff, linwu_staff, shaoyang_staff, lead, former_deputy, linwu_deputy
):
    names = {d["name"] for d in client_for(dongkou_staff).get(URL).json()}
    assert "王秀英" in names and "陈旧" not in names and "赵临武" not in names
    assert "王秀英" in {d["name"] for d in client_for(shaoyang_staff).get(URL).json()}
    assert {d["name"] for d in client_for(linwu_staff).get(URL).json()} == {"赵临武"}
    assert [d["name"] for d in client_for(dongkou_staff).get(URL, {"q": "秀"}).json()] == ["王秀英"]


def test_a_deputy_of_another_county_or_a_former_deputy_cannot_be_the_lead(
    client_for, linwu_staff, dongkou_staff, lead, former_deputy, category
):
    r = client_for(linwu_staff).post(URL, payload(lead, category), format="json")
    assert r.status_code == 400 and "在任代表" in r.json()["fields"]["lead_deputy"][0]
    data = {**payload(lead, category), "lead_deputy": former_deputy.pk}
    r = client_for(dongkou_staff).post(URL, data, format="json")
    assert r.status_code == 400 and "lead_deputy" in r.json()["fields"]
    data.pop("lead_deputy")
    r = client_for(dongkou_staff).post(URL, data, format="json")
    assert r.status_code == 400 and r.json()["fields"]["lead_deputy"] == ["请选择领衔代表。"]
    assert not Suggestion.objects.exists()


def test_bad_input_gives_the_fields_message_and_stores_nothing(
    client_for, dongkou_staff, lead, former_deputy, linwu_deputy, category
):
    client = client_for(dongkou_staff)
    cases = [
        ({"body": ""}, "body", "请填写建议内容。"),
        ({"title": ""}, "title", "请填写标题。"),
        ({"category": 99999}, "category", "未知的建议类别。"),
        ({"cosigners": [former_deputy.pk]}, "cosigners", "不是本级人民代表大会的在任代表"),
        ({"cosigners": [linwu_deputy.deputy.pk]}, "cosigners", "不是本级人民代表大会的在任代表"),
        ({"cosigners": [lead.deputy.pk]}, "cosigners", "领衔代表不能同时作为附议代表"),
    ]
    for extra, field, message in cases:
        r = client.post(URL, {**payload(lead, category), **extra}, format="json")
        assert r.status_code == 400, extra
        assert message in r.json()["fields"][field][0]
    assert not Suggestion.objects.exists() and not History.objects.exists()


def test_only_staff_may_enter_paper_suggestions(client_for, lead, unit_user, supervisor, category):
    for user in (lead, unit_user, supervisor):
        assert client_for(user).post(URL, payload(lead, category), format="json").status_code == 403
        assert client_for(user).get(URL).status_code == 403
    assert not Suggestion.objects.exists()


def test_the_board_offers_paper_entry_to_staff_but_not_to_the_read_only_leader(
    client, dongkou_staff, supervisor
):
    client.force_login(dongkou_staff)
    response = client.get("/suggestions/board/")
    assert response.context["page_component"] == "suggestions/Board"
    assert response.context["page_props"]["can"]["enter_paper"] is True
    client.force_login(supervisor)
    assert client.get("/suggestions/board/").context["page_props"]["can"]["enter_paper"] is False


def test_the_deputy_list_brings_the_sessions_of_the_deputys_term(
    client_for, dongkou_staff, lead, dongkou_term
):
    day = dongkou_term.start_date
    Session.objects.create(term=dongkou_term, number=9, start_date=day, end_date=day)
    [row] = client_for(dongkou_staff).get(URL, {"q": "王秀英"}).json()
    assert row["sessions"] and row["congress_id"] == dongkou_term.congress_id

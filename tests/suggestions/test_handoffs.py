"""跨层级移交 (怀化 "五联五同"): a township congress's suggestion handed to the county — to its
staff (who accept or decline) or straight to one of its units — with the county's rules applying
from then on and the township still seeing it and its progress; never a skipped level or a
sideways one; another county sees nothing of it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress.models import HandlingUnit, Notification, Role
from suggestions.models import Handoff, History, Suggestion
from suggestions.models import Status as S
from suggestions.services.drafting import suggestion_create
from suggestions.services.review import suggestion_review
from suggestions.services.submission import suggestion_submit
from tests.clock import frozen
from tests.conftest import DONGKOU, LINWU, make_user
from tests.suggestions.conftest import make_deputy, make_term

GAOSHA = "430525103"  # 高沙镇, a township of 洞口县


@pytest.fixture
def gaosha_staff(regions):
    return make_user("gaosha_staff", role=Role.STAFF, region=GAOSHA, name="高沙镇人大主席团")


@pytest.fixture
def township_suggestion(regions, category, gaosha_staff):
    """A suggestion of a 高沙镇 deputy, accepted by the township (待交办)."""
    deputy = make_deputy("邓春生", make_term(GAOSHA), username="deputy_gaosha")

    with frozen():
        s = suggestion_create(
            author=deputy.user, title="关于修缮高沙至竹市县道的建议",
            body="高沙至竹市县道路面破损严重，雨天积水，建议县交通部门安排修缮。",
            category_id=category.pk,
        )  # fmt: skip
        suggestion_submit(suggestion=s, actor=deputy.user)
        suggestion_review(suggestion=s, actor=gaosha_staff, accept=True)
    s.refresh_from_db()
    assert s.region_id == GAOSHA and s.status == S.ACCEPTED
    return s


@pytest.fixture
def county_unit(regions):
    return HandlingUnit.objects.create(name="洞口县交通运输局", region_id=DONGKOU)


def send(client, s, **body):
    return client.post(f"/api/v1/suggestions/{s.pk}/handoff_send/", body, format="json")


def test_the_county_staff_accept_a_handoff_and_handle_it_under_the_county_rules(
    client_for, township_suggestion, gaosha_staff, dongkou_staff, county_unit
):
    s = township_suggestion
    with frozen():
        r = send(client_for(gaosha_staff), s, to_region=DONGKOU, reason="涉及县道，需县级统筹")
    assert r.status_code == 200, r.content
    handoff = Handoff.objects.get(pk=r.json()["handoff"])
    assert (handoff.status, handoff.from_region_id, handoff.to_region_id) == (
        "pending", GAOSHA, DONGKOU,
    )  # fmt: skip
    assert Notification.objects.filter(recipient=dongkou_staff, kind="suggestion.handoff").exists()

    county = client_for(dongkou_staff)
    inbox = county.get("/api/v1/suggestions/handoffs/?box=received").json()["results"]
    assert [(h["id"], h["can_decide"]) for h in inbox] == [(handoff.pk, True)]
    # The township cannot accept its own handoff.
    refused = client_for(gaosha_staff).post(
        f"/api/v1/suggestions/{s.pk}/handoff_accept/", {"handoff": handoff.pk}, format="json"
    )
    assert refused.status_code == 403

    with frozen():
        r = county.post(
            f"/api/v1/suggestions/{s.pk}/handoff_accept/", {"handoff": handoff.pk}, format="json"
        )
    assert r.status_code == 200, r.content
    s.refresh_from_db()
    assert s.handled_by_id == DONGKOU and s.status == S.ACCEPTED
    assert s.assign_due is not None  # the county's assignment limit, counted from acceptance
    assert list(s.history.values_list("action", flat=True))[-2:] == [
        "handoff_send", "handoff_accept",
    ]  # fmt: skip
    # The county's units are offered for the assignment now.
    options = county.get(f"/api/v1/suggestions/{s.pk}/options/").json()
    assert county_unit.pk in [u["id"] for u in options["units"]]
    # The sending township still sees it, and reads where it is.
    township = client_for(gaosha_staff)
    assert township.get(f"/api/v1/suggestions/{s.pk}/").status_code == 200
    sent = township.get("/api/v1/suggestions/handoffs/?box=sent").json()["results"]
    assert sent[0]["status"] == "accepted"
    assert sent[0]["progress"].startswith("洞口县人大办理，当前状态：待交办")
    trail = township.get(f"/api/v1/suggestions/{s.pk}/handoffs/").json()
    assert trail["handled_by"] == "洞口县" and trail["can_send"] is False


def test_the_county_assigns_a_handed_suggestion_to_its_own_unit_which_then_sees_it(
    client_for, township_suggestion, gaosha_staff, dongkou_staff, county_unit
):
    s = township_suggestion
    send(client_for(gaosha_staff), s, to_region=DONGKOU, reason="县道")
    handoff = s.handoffs.get()
    county = client_for(dongkou_staff)
    county.post(
        f"/api/v1/suggestions/{s.pk}/handoff_accept/", {"handoff": handoff.pk}, format="json"
    )
    r = county.post(
        f"/api/v1/suggestions/{s.pk}/assign/", {"lead_unit": county_unit.pk}, format="json"
    )
    assert r.status_code == 200, r.content
    unit_user = make_user("dk_jtj", role=Role.HANDLING_UNIT, unit=county_unit)
    assert client_for(unit_user).get(f"/api/v1/suggestions/{s.pk}/").status_code == 200
    progress = client_for(gaosha_staff).get("/api/v1/suggestions/handoffs/?box=sent").json()
    assert "洞口县交通运输局主办" in progress["results"][0]["progress"]


def test_handed_straight_to_a_county_unit_it_is_assigned_at_once(
    client_for, township_suggestion, gaosha_staff, county_unit, linwu_unit
):
    s = township_suggestion
    r = send(client_for(gaosha_staff), s, to_region=DONGKOU, to_unit=county_unit.pk, reason="县道")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "accepted"
    s.refresh_from_db()
    assert (s.status, s.handled_by_id) == (S.ASSIGNED, DONGKOU)
    lead = s.assignments.get(is_active=True)
    assert (lead.unit_id, lead.role) == (county_unit.pk, "lead")
    unit_user = make_user("dk_jtj", role=Role.HANDLING_UNIT, unit=county_unit)
    other = make_user("lw_jyj", role=Role.HANDLING_UNIT, unit=linwu_unit)
    assert client_for(unit_user).get(f"/api/v1/suggestions/{s.pk}/").status_code == 200
    assert client_for(other).get(f"/api/v1/suggestions/{s.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"to_region": "4305", "reason": "越级"}, "to_region"),  # the city: skips the county
        ({"to_region": LINWU, "reason": "平级"}, "to_region"),  # another county
        ({"to_region": "430525101", "reason": "平级"}, "to_region"),  # another township
        ({"to_region": DONGKOU, "reason": "  "}, "reason"),
        ({"to_region": DONGKOU, "reason": "长" * 501}, "reason"),
        ({"to_region": DONGKOU, "reason": "单位", "to_unit": "linwu"}, "to_unit"),
    ],
)
def test_a_skipped_level_a_sideways_one_or_a_bad_field_is_a_400_that_stores_nothing(
    client_for, township_suggestion, gaosha_staff, linwu_unit, body, field
):
    if body.get("to_unit") == "linwu":
        body = {**body, "to_unit": linwu_unit.pk}
    before = History.objects.filter(suggestion=township_suggestion).count()
    r = send(client_for(gaosha_staff), township_suggestion, **body)
    assert r.status_code == 400, r.content
    assert field in r.json()["fields"]
    assert not Handoff.objects.exists()
    assert History.objects.filter(suggestion=township_suggestion).count() == before


def test_a_unit_handoff_needs_an_accepted_suggestion_and_a_second_send_waits(
    client_for, township_suggestion, gaosha_staff, county_unit
):
    s = township_suggestion
    Suggestion.objects.filter(pk=s.pk).update(status=S.SUBMITTED)
    r = send(client_for(gaosha_staff), s, to_region=DONGKOU, to_unit=county_unit.pk, reason="县道")
    assert r.status_code == 400 and "to_unit" in r.json()["fields"]
    assert send(client_for(gaosha_staff), s, to_region=DONGKOU, reason="县道").status_code == 200
    again = send(client_for(gaosha_staff), s, to_region=DONGKOU, reason="县道")
    assert again.status_code == 409
    assert Handoff.objects.count() == 1


def test_only_the_handling_levels_staff_may_send(
    client_for, township_suggestion, dongkou_staff, shaoyang_staff
):
    # The county sees the township's suggestion but does not hand it on for the township.
    r = send(client_for(dongkou_staff), township_suggestion, to_region=DONGKOU, reason="代转")
    assert r.status_code == 403
    assert not Handoff.objects.exists()


def test_a_declined_handoff_goes_back_to_the_sender_with_the_reason(
    client_for, township_suggestion, gaosha_staff, dongkou_staff
):
    s = township_suggestion
    send(client_for(gaosha_staff), s, to_region=DONGKOU, reason="县道")
    handoff = s.handoffs.get()
    county = client_for(dongkou_staff)
    blank = county.post(
        f"/api/v1/suggestions/{s.pk}/handoff_decline/", {"handoff": handoff.pk}, format="json"
    )
    assert blank.status_code == 400 and "note" in blank.json()["fields"]
    r = county.post(
        f"/api/v1/suggestions/{s.pk}/handoff_decline/",
        {"handoff": handoff.pk, "note": "属乡镇事权，请本级办理"}, format="json",
    )  # fmt: skip
    assert r.status_code == 200, r.content
    handoff.refresh_from_db()
    s.refresh_from_db()
    assert (handoff.status, handoff.decision_note) == ("declined", "属乡镇事权，请本级办理")
    assert s.handled_by_id is None and s.status == S.ACCEPTED
    notice = Notification.objects.get(recipient=gaosha_staff, kind="suggestion.handoff")
    assert "属乡镇事权" in notice.body
    assert s.history.last().action == "handoff_decline"
    # Declined, it may be sent again.
    assert (
        send(client_for(gaosha_staff), s, to_region=DONGKOU, reason="补充材料").status_code == 200
    )


def test_another_countys_staff_get_404_for_the_handoff_and_its_suggestion(
    client_for, township_suggestion, gaosha_staff, linwu_staff
):
    s = township_suggestion
    send(client_for(gaosha_staff), s, to_region=DONGKOU, reason="县道")
    handoff = s.handoffs.get()
    other = client_for(linwu_staff)
    assert other.get(f"/api/v1/suggestions/{s.pk}/").status_code == 404
    assert other.get(f"/api/v1/suggestions/{s.pk}/handoffs/").status_code == 404
    r = other.post(
        f"/api/v1/suggestions/{s.pk}/handoff_accept/", {"handoff": handoff.pk}, format="json"
    )
    assert r.status_code == 404
    assert other.post(f"/api/v1/suggestions/handoffs/{handoff.pk}/decide/", {"accept": True},
                      format="json").status_code == 404  # fmt: skip
    for box in ("received", "sent"):
        assert other.get(f"/api/v1/suggestions/handoffs/?box={box}").json()["results"] == []
    handoff.refresh_from_db()
    assert handoff.status == "pending"


def test_the_inbox_answers_in_the_same_number_of_queries_for_one_row_or_many(
    client_for, regions, category, gaosha_staff, dongkou_staff
):
    deputy = make_deputy("邓春生", make_term(GAOSHA), username="deputy_gaosha")

    def one():
        s = suggestion_create(
            author=deputy.user, title="建议", body="高沙镇的道路需要修缮，请县里统筹。",
            category_id=category.pk,
        )  # fmt: skip
        suggestion_submit(suggestion=s, actor=deputy.user)
        send(client_for(gaosha_staff), s, to_region=DONGKOU, reason="县道")

    county = client_for(dongkou_staff)
    one()
    with CaptureQueriesContext(connection) as few:
        assert len(county.get("/api/v1/suggestions/handoffs/").json()["results"]) == 1
    for _ in range(4):
        one()
    with CaptureQueriesContext(connection) as many:
        assert len(county.get("/api/v1/suggestions/handoffs/").json()["results"]) == 5
    assert len(many) == len(few)


def test_a_bad_box_is_a_400(client_for, dongkou_staff):
    r = client_for(dongkou_staff).get("/api/v1/suggestions/handoffs/?box=all")
    assert r.status_code == 400


def test_a_county_hands_its_suggestion_to_the_city_and_never_past_it(
    client_for, walk, dongkou_staff, shaoyang_staff
):
    s = walk(S.ACCEPTED)
    past = send(client_for(dongkou_staff), s, to_region="43", reason="省级事权")
    assert past.status_code == 400 and "to_region" in past.json()["fields"]
    r = send(client_for(dongkou_staff), s, to_region="4305", reason="涉及跨县统筹")
    assert r.status_code == 200, r.content
    city = client_for(shaoyang_staff)
    inbox = city.get("/api/v1/suggestions/handoffs/?box=received").json()["results"]
    assert [h["subject"] for h in inbox] == [s.pk]
    r = city.post(
        f"/api/v1/suggestions/{s.pk}/handoff_accept/", {"handoff": inbox[0]["id"]}, format="json"
    )
    assert r.status_code == 200, r.content
    s.refresh_from_db()
    assert s.handled_by_id == "4305"
    # The city cannot hand it further up: the province has no level to hand to from here.
    trail = city.get(f"/api/v1/suggestions/{s.pk}/handoffs/").json()
    assert trail["can_send"] is False

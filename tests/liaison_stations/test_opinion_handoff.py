"""A township station's citizen opinion handed to the county (怀化 "五联五同"): to the county's
staff, who accept (one of them handles it) or decline (back to the station, told why), or to one
of the county's units, whose feedback comes back to the station as for any forwarded opinion.
Each step is on the opinion's trail; another county sees nothing of it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from congress.models import HandlingUnit, Notification, Role
from liaison_stations.models import Opinion
from liaison_stations.services.opinions import opinion_submit
from suggestions.models import Handoff
from tests.conftest import DONGKOU, make_user

from .conftest import make_station

pytestmark = pytest.mark.django_db
GAOSHA = "430525103"  # 高沙镇


@pytest.fixture
def gaosha_staff(regions):
    return make_user("gaosha_staff", role=Role.STAFF, region=GAOSHA, name="高沙镇人大主席团")


@pytest.fixture
def opinion(regions):
    station = make_station(GAOSHA, "高沙镇代表联络站")
    return opinion_submit(
        station=station, source="station", title="县道积水",
        content="高沙至竹市县道雨天积水严重，群众出行困难。",
    )  # fmt: skip


@pytest.fixture
def county_unit(regions):
    return HandlingUnit.objects.create(name="洞口县交通运输局", region_id=DONGKOU)


def url(opinion):
    return f"/api/v1/liaison/opinions/{opinion.pk}/handoffs/"


def test_the_station_hands_an_opinion_to_the_county_staff_who_accept_it(
    client_for, opinion, gaosha_staff, dongkou_staff
):
    station = client_for(gaosha_staff)
    trail = station.get(url(opinion)).json()
    assert trail["can_send"] and trail["level_above"] == {"code": DONGKOU, "name": "洞口县"}
    r = station.post(
        url(opinion), {"to_region": DONGKOU, "reason": "需县交通部门统筹"}, format="json"
    )
    assert r.status_code == 200, r.content
    handoff = Handoff.objects.get(opinion=opinion)
    assert handoff.status == "pending" and r.json()["can_send"] is False
    assert opinion.events.last().public_note == "已报送洞口县人大办理。"
    assert Notification.objects.filter(recipient=dongkou_staff, kind="opinion_handoff").exists()

    county = client_for(dongkou_staff)
    inbox = county.get("/api/v1/suggestions/handoffs/?box=received").json()["results"]
    assert [(h["kind"], h["subject"], h["can_decide"]) for h in inbox] == [
        ("opinion", opinion.pk, True)
    ]
    # The station cannot decide its own handoff.
    own = station.post(f"/api/v1/suggestions/handoffs/{handoff.pk}/decide/", {"accept": True})
    assert own.status_code == 403
    r = county.post(f"/api/v1/suggestions/handoffs/{handoff.pk}/decide/", {"accept": True})
    assert r.status_code == 200, r.content
    opinion.refresh_from_db()
    assert opinion.assigned_staff == dongkou_staff
    assert opinion.events.last().public_note == "洞口县人大已接收，正在办理。"
    sent = station.get("/api/v1/suggestions/handoffs/?box=sent").json()["results"]
    assert sent[0]["status"] == "accepted" and sent[0]["progress"].startswith("当前状态：已受理")


def test_a_declined_opinion_handoff_goes_back_to_the_station_with_the_reason(
    client_for, opinion, gaosha_staff, dongkou_staff
):
    client_for(gaosha_staff).post(url(opinion), {"to_region": DONGKOU, "reason": "县道"})
    handoff = Handoff.objects.get(opinion=opinion)
    county = client_for(dongkou_staff)
    blank = county.post(f"/api/v1/suggestions/handoffs/{handoff.pk}/decide/", {"accept": False})
    assert blank.status_code == 400 and "note" in blank.json()["fields"]
    r = county.post(
        f"/api/v1/suggestions/handoffs/{handoff.pk}/decide/",
        {"accept": False, "note": "属镇村道路，请乡镇办理"},
    )
    assert r.status_code == 200, r.content
    handoff.refresh_from_db()
    assert handoff.status == "declined"
    notice = Notification.objects.get(recipient=gaosha_staff, kind="opinion_handoff")
    assert "请乡镇办理" in notice.body
    assert client_for(gaosha_staff).get(url(opinion)).json()["can_send"] is True


def test_handed_to_a_county_unit_it_is_forwarded_and_the_units_feedback_comes_back(
    client_for, opinion, gaosha_staff, county_unit
):
    due = str(timezone.localdate() + timedelta(days=20))
    body = {"to_region": DONGKOU, "to_unit": county_unit.pk, "reason": "县道", "due_date": due}
    r = client_for(gaosha_staff).post(url(opinion), body, format="json")
    assert r.status_code == 200, r.content
    opinion.refresh_from_db()
    assert (opinion.status, opinion.handling_unit) == (Opinion.Status.FORWARDED, county_unit)
    handoff = Handoff.objects.get(opinion=opinion)
    assert (handoff.status, handoff.to_unit, handoff.reason) == ("accepted", county_unit, "县道")
    unit_user = make_user("dk_jtj", role=Role.HANDLING_UNIT, unit=county_unit)
    unit = client_for(unit_user)
    reply = unit.post(f"/api/v1/liaison/opinions/{opinion.pk}/reply/", {"reply": "已安排清淤修补"})
    assert reply.status_code == 200, reply.content
    sent = client_for(gaosha_staff).get("/api/v1/suggestions/handoffs/?box=sent").json()
    assert (
        sent["results"][0]["progress"] == "当前状态：已转办（洞口县交通运输局办理），承办单位已反馈"
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"to_region": "4305", "reason": "越级"}, "to_region"),
        ({"to_region": "430525101", "reason": "平级"}, "to_region"),
        ({"to_region": DONGKOU, "reason": ""}, "reason"),
        ({"to_region": DONGKOU, "reason": "县道", "to_unit": "unit"}, "due_date"),
    ],
)
def test_a_skipped_level_or_a_missing_field_is_a_400_that_stores_nothing(
    client_for, opinion, gaosha_staff, county_unit, body, field
):
    if body.get("to_unit") == "unit":
        body = {**body, "to_unit": county_unit.pk}
    events = opinion.events.count()
    r = client_for(gaosha_staff).post(url(opinion), body, format="json")
    assert r.status_code == 400, r.content
    assert field in r.json()["fields"]
    assert not Handoff.objects.exists()
    assert opinion.events.count() == events
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.RECEIVED


def test_another_countys_staff_and_unit_get_404(
    client_for, opinion, gaosha_staff, linwu_staff, linwu_unit
):
    client_for(gaosha_staff).post(url(opinion), {"to_region": DONGKOU, "reason": "县道"})
    handoff = Handoff.objects.get(opinion=opinion)
    other = client_for(linwu_staff)
    assert other.get(url(opinion)).status_code == 404
    assert other.post(url(opinion), {"to_region": DONGKOU, "reason": "x"}).status_code == 404
    decide = other.post(f"/api/v1/suggestions/handoffs/{handoff.pk}/decide/", {"accept": True})
    assert decide.status_code == 404
    unit = client_for(make_user("lw_jyj", role=Role.HANDLING_UNIT, unit=linwu_unit))
    assert unit.get(url(opinion)).status_code == 404
    handoff.refresh_from_db()
    assert handoff.status == "pending"

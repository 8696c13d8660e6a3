"""An error never names or confirms a record the caller cannot see: another county's station,
deputy or deputy group is refused exactly like an id that does not exist."""

import json

import pytest
from django.utils import timezone

from congress.models import Congress
from liaison_stations.models import StationMembership, StationVisit
from representatives.models import DeputyGroup
from tests.conftest import LINWU

from .conftest import make_deputy

pytestmark = pytest.mark.django_db

MISSING = 987654321
SECRETS = ["赵临武", "舜峰", "临武"]


@pytest.fixture
def linwu_ids(linwu_station):
    group = DeputyGroup.objects.create(
        congress=Congress.objects.get(region_id=LINWU), name="舜峰镇代表小组", region_id=LINWU
    )
    deputy = make_deputy("赵临武", LINWU, group=group)
    return {"station": linwu_station.pk, "group": group.pk, "deputy_ids": deputy.pk}


def same_refusal(send, field, other_id):
    answers = []
    for value in (other_id, MISSING):
        response = send(field, [value] if field == "deputy_ids" else value)
        answers.append((response.status_code, response.json()))
    assert answers[0][0] in (400, 404), answers[0]
    assert answers[0] == answers[1]
    text = json.dumps(answers[0][1], ensure_ascii=False)
    assert not [name for name in SECRETS if name in text], text


def visit(station, **extra):
    return {"station": station.pk, "date": timezone.localdate().isoformat(), "kind": "reception",
            "people_received": 3, "matters": "村道破损", **extra}  # fmt: skip


def test_a_deputy_logging_a_visit_for_another_countys_group(
    client_for, deputy_user, wang, dongkou_station, linwu_ids
):
    client = client_for(deputy_user)
    same_refusal(
        lambda f, v: client.post("/api/v1/liaison/visits/", visit(dongkou_station, **{f: v}),
                                 format="json"),
        "group",
        linwu_ids["group"],
    )  # fmt: skip
    assert not StationVisit.objects.exists()


@pytest.mark.parametrize("field", ["station", "group", "deputy_ids"])
def test_staff_logging_a_visit_with_another_countys_station_group_or_deputy(
    client_for, dongkou_staff, wang, dongkou_station, linwu_ids, field
):
    client = client_for(dongkou_staff)
    body = visit(dongkou_station, deputy_ids=[wang.pk])
    same_refusal(
        lambda f, v: client.post("/api/v1/liaison/visits/", {**body, f: v}, format="json"),
        field,
        linwu_ids[field],
    )
    assert not StationVisit.objects.exists()


@pytest.mark.parametrize("field", ["group", "deputy_ids"])
def test_grouping_another_countys_deputy_or_group_into_a_station(
    client_for, dongkou_staff, wang, dongkou_station, linwu_ids, field
):
    client = client_for(dongkou_staff)
    url = f"/api/v1/liaison/stations/{dongkou_station.pk}/members/"
    body = {"deputy_ids": [wang.pk]}
    before = StationMembership.objects.count()
    same_refusal(lambda f, v: client.post(url, {**body, f: v}, format="json"), field,
                 linwu_ids[field])  # fmt: skip
    assert StationMembership.objects.count() == before

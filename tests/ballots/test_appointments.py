"""人事任免 and 任后监督 through the API: recording appointments and removals of the county's
standing committee, the list with filters and its export, an official's history with each yearly
report linked to its appointment and rated by the committee; another county's records are 404,
a supervisor reads only, bad input is a per-field 400 that stores nothing."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from ballots.models import AppointedOfficial, Appointment, Ballot, CommitteeMeeting, CommitteeMember
from ballots.services.appointments import appointment_record
from ballots.services.counting import ballot_close
from ballots.services.setup import ballot_create, ballot_open, official_report_attach
from ballots.services.voting import ballot_vote
from congress.models import Region, Role
from tests.ballots.conftest import make_deputy, window
from tests.conftest import LINWU, make_user

pytestmark = pytest.mark.django_db
API = "/api/v1/ballots/"


@pytest.fixture
def linwu_meeting(linwu):
    return CommitteeMeeting.objects.create(
        term=linwu.terms.get(number=18), number=3, date=date(2022, 3, 28)
    )


@pytest.fixture
def dongkou_meeting(dongkou):
    return CommitteeMeeting.objects.create(
        term=dongkou.terms.get(number=18), number=3, date=date(2022, 4, 1)
    )


def test_staff_record_an_appointment_and_a_removal(linwu_staff, linwu_meeting, client_for):
    client = client_for(linwu_staff)
    body = {"kind": "appoint", "name": "王建国", "post": "副县长", "committee_meeting": linwu_meeting.pk,
            "term_note": "至本届任期届满"}  # fmt: skip
    r = client.post(f"{API}appointments/", body, format="json")
    assert r.status_code == 201, r.content
    official = AppointedOfficial.objects.get(pk=r.json()["official"])
    assert official.appointed_on == date(2022, 3, 28) and official.post == "副县长"
    later = CommitteeMeeting.objects.create(
        term=linwu_meeting.term, number=9, date=date(2024, 6, 27)
    )
    r = client.post(f"{API}appointments/", {"kind": "remove", "official": official.pk, "post": "副县长",
                                            "committee_meeting": later.pk}, format="json")  # fmt: skip
    assert r.status_code == 201, r.content
    history = client.get(f"{API}officials/{official.pk}/").json()
    assert [a["kind"] for a in history["appointments"]] == ["remove", "appoint"]
    assert history["in_office"] is False
    listed = client.get(f"{API}appointments/?kind=remove").json()
    assert [a["name"] for a in listed["results"]] == ["王建国"]


def test_bad_appointments_are_refused_per_field_and_store_nothing(
    linwu_staff, linwu_meeting, dongkou_meeting, client_for
):
    client = client_for(linwu_staff)
    cases = [
        ({"kind": "appoint", "post": "副县长", "committee_meeting": linwu_meeting.pk}, "official"),
        ({"kind": "remove", "name": "无人", "post": "局长", "committee_meeting": linwu_meeting.pk}, "official"),
        ({"kind": "appoint", "name": "甲", "post": "局长", "committee_meeting": dongkou_meeting.pk}, "committee_meeting"),
        ({"kind": "fire", "name": "甲", "post": "局长", "committee_meeting": linwu_meeting.pk}, "kind"),
        ({"kind": "appoint", "name": "甲", "post": "", "committee_meeting": linwu_meeting.pk}, "post"),
    ]  # fmt: skip
    for body, field in cases:
        r = client.post(f"{API}appointments/", body, format="json")
        assert r.status_code == 400, body
        assert field in r.json()["fields"], (body, r.json())
    assert not Appointment.objects.exists() and not AppointedOfficial.objects.exists()


def test_a_yearly_report_is_linked_to_its_appointment_and_its_rating_shown(
    linwu, linwu_staff, linwu_meeting, client_for
):
    record = appointment_record(actor=linwu_staff, region=linwu.region, kind="appoint", post="副县长",
                                committee_meeting=linwu_meeting, name="黄晓燕")  # fmt: skip
    report = official_report_attach(
        actor=linwu_staff, official=record.official, year=2025, title="2025年度履职报告"
    )
    assert report.appointment_id == record.pk
    voter = make_deputy(linwu, "常委甲", username="cw_a")
    CommitteeMember.objects.create(term=linwu_meeting.term, deputy=voter)
    opens_at, closes_at = window()
    ballot = ballot_create(actor=linwu_staff, congress=linwu, kind=Ballot.Kind.OFFICIAL_RATING, title="任后监督测评",
                           year=2025, opens_at=opens_at, closes_at=closes_at, committee_meeting=linwu_meeting,
                           electorate_kind=Ballot.Electorate.COMMITTEE, items=[{"report": report}])  # fmt: skip
    ballot = ballot_open(actor=linwu_staff, ballot=ballot)
    ballot_vote(deputy=voter, ballot=ballot, answers={ballot.items.get().pk: "satisfied"})
    ballot_close(actor=linwu_staff, ballot=ballot)
    history = client_for(linwu_staff).get(f"{API}officials/{record.official_id}/").json()
    assert history["reports"][0]["appointment"] == record.pk
    assert history["ratings"][0]["report"] == report.pk
    assert history["ratings"][0]["satisfaction_rate"] == "1.0000"


def test_the_export_is_the_filtered_list(linwu, linwu_staff, linwu_meeting, client_for):
    for name in ("甲", "乙"):
        appointment_record(actor=linwu_staff, region=linwu.region, kind="appoint", post="局长",
                           committee_meeting=linwu_meeting, name=name)  # fmt: skip
    r = client_for(linwu_staff).get(f"{API}appointments/export/?q=甲")
    assert r.status_code == 200
    rows = list(load_workbook(BytesIO(r.content)).active.values)
    assert [row[0] for row in rows] == ["姓名", "甲"]


def test_another_county_gets_404_and_a_supervisor_reads_only(
    linwu, linwu_staff, linwu_meeting, dongkou_staff, client_for
):
    record = appointment_record(actor=linwu_staff, region=linwu.region, kind="appoint", post="局长",
                                committee_meeting=linwu_meeting, name="丙")  # fmt: skip
    other = client_for(dongkou_staff)
    assert other.get(f"{API}officials/{record.official_id}/").status_code == 404
    assert other.get(f"/ballots/officials/{record.official_id}/").status_code == 404
    assert other.get(f"{API}appointments/").json()["count"] == 0
    r = other.post(f"{API}appointments/", {"kind": "remove", "official": record.official_id, "post": "局长",
                                           "committee_meeting": linwu_meeting.pk}, format="json")  # fmt: skip
    assert r.status_code == 400 and Appointment.objects.count() == 1
    leader = make_user("lw_lead", role=Role.SUPERVISOR, region=LINWU)
    assert client_for(leader).get(f"{API}officials/{record.official_id}/").status_code == 200
    r = client_for(leader).post(f"{API}appointments/", {"kind": "appoint", "name": "丁", "post": "局长",
                                                        "committee_meeting": linwu_meeting.pk}, format="json")  # fmt: skip
    assert r.status_code == 403
    town = Region.objects.filter(parent_id=LINWU).order_by("code").first()
    township = make_user("lw_town2", role=Role.STAFF, region=town.code)
    assert client_for(township).get(f"{API}officials/{record.official_id}/").status_code == 404
    assert client_for(township).get(f"{API}appointments/").json()["count"] == 0

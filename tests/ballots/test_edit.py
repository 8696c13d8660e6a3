"""Draft ballots can be edited until they are opened: title, times, kind (and so the answers),
items, electorate settings. Open or closed → 409 in Chinese; bad input → 400 per field and
nothing stored; other counties → 404."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ballots.models import AppointedOfficial, Ballot, BallotItem, CommitteeMeeting
from ballots.services.counting import ballot_close
from ballots.services.setup import ballot_create, ballot_open, ballot_update, official_report_attach
from tests.ballots.conftest import rating_ballot, shortlisted_projects
from tests.conftest import DONGKOU

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(dongkou_staff, voters, dongkou_units, dongkou):
    return rating_ballot(dongkou_staff, dongkou, dongkou_units[:2], opened=False)


def url(ballot) -> str:
    return f"/api/v1/ballots/{ballot.pk}/"


def snapshot(ballot):
    ballot = Ballot.objects.get(pk=ballot.pk)
    items = list(ballot.items.order_by("order").values_list("title", "handling_unit_id"))
    return (
        ballot.title,
        ballot.kind,
        ballot.opens_at,
        ballot.closes_at,
        ballot.anonymous,
        ballot.flag_threshold,
        items,
    )


def test_staff_edit_a_drafts_title_times_settings_and_items(
    client_for, dongkou_staff, draft, dongkou_units
):
    opens = timezone.now() + timedelta(days=1)
    response = client_for(dongkou_staff).patch(
        url(draft),
        {
            "title": "2026年度部门工作满意度测评（修改）",
            "opens_at": opens.isoformat(),
            "closes_at": (opens + timedelta(hours=4)).isoformat(),
            "anonymous": False,
            "flag_threshold": "0.150",
            "units": [dongkou_units[2].pk, dongkou_units[0].pk],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "2026年度部门工作满意度测评（修改）"
    draft.refresh_from_db()
    assert draft.anonymous is False and str(draft.flag_threshold) == "0.150"
    assert abs(draft.opens_at - opens) < timedelta(seconds=1)
    items = list(draft.items.order_by("order").values_list("order", "handling_unit_id"))
    assert items == [(1, dongkou_units[2].pk), (2, dongkou_units[0].pk)]


def test_a_partial_edit_keeps_the_items(client_for, dongkou_staff, draft):
    before = list(draft.items.values_list("pk", flat=True))
    response = client_for(dongkou_staff).patch(url(draft), {"title": "新名称"}, format="json")
    assert response.status_code == 200
    assert list(draft.items.values_list("pk", flat=True)) == before


def test_changing_the_kind_changes_the_answers_and_needs_matching_items(
    client_for, dongkou_staff, draft, dongkou
):
    projects = shortlisted_projects(dongkou_staff, dongkou, 3)
    client = client_for(dongkou_staff)
    before = snapshot(draft)

    wrong = client.patch(url(draft), {"kind": "project_vote", "choose_max": 2}, format="json")
    assert wrong.status_code == 400
    assert wrong.json()["fields"]["items"] == ["测评对象与测评类别不符。"]
    assert snapshot(draft) == before

    ok = client.patch(
        url(draft),
        {"kind": "project_vote", "choose_max": 2, "projects": [p.pk for p in projects]},
        format="json",
    )
    assert ok.status_code == 200, ok.json()
    assert [a["value"] for a in ok.json()["answers"]] == ["approve"]
    assert ok.json()["choose_max"] == 2
    assert draft.items.filter(project__isnull=False).count() == 3


def test_electorate_settings_can_move_a_draft_to_the_standing_committee(
    client_for, dongkou_staff, draft, dongkou
):
    meeting = CommitteeMeeting.objects.create(
        term=dongkou.terms.get(number=18), number=30, date=timezone.localdate()
    )
    client = client_for(dongkou_staff)
    missing = client.patch(url(draft), {"electorate": "committee"}, format="json")
    assert missing.status_code == 400
    assert missing.json()["fields"]["committee_meeting"] == ["常委会组成人员测评须选择常委会会议。"]
    ok = client.patch(
        url(draft),
        {"electorate": "committee", "committee_meeting": meeting.pk, "session": None},
        format="json",
    )
    assert ok.status_code == 200, ok.json()
    draft.refresh_from_db()
    assert draft.electorate == "committee" and draft.committee_meeting == meeting
    assert draft.session is None and draft.term_id == meeting.term_id


@pytest.mark.parametrize(
    "body,field,message",
    [
        ({"title": ""}, "title", "请填写此项。"),
        ({"year": 1800}, "year", None),
        ({"opens_at": "不是时间"}, "opens_at", None),
        ({"units": []}, "items", "不能为空。"),
        ({"flag_threshold": "1.5"}, "flag_threshold", None),
        ({"session": 999999}, "session", "所选内容无效。"),
        ({"compare_with": 999999}, "compare_with", "所选内容无效。"),
    ],
)
def test_bad_input_gets_400_on_the_field_and_stores_nothing(
    client_for, dongkou_staff, draft, body, field, message
):
    before = snapshot(draft)
    response = client_for(dongkou_staff).patch(url(draft), body, format="json")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert field in fields
    if message:
        assert fields[field] == [message]
    assert all("\u4e00" <= ch <= "\u9fff" for ch in fields[field][0][:1])  # Chinese
    assert snapshot(draft) == before


def test_closing_before_opening_is_refused_on_closes_at_and_stores_nothing(
    client_for, dongkou_staff, draft
):
    before = snapshot(draft)
    response = client_for(dongkou_staff).patch(
        url(draft), {"closes_at": (draft.opens_at - timedelta(hours=1)).isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["closes_at"] == ["截止时间必须晚于开始时间。"]
    assert snapshot(draft) == before


def test_items_of_another_county_are_refused_and_the_old_items_stay(
    client_for, dongkou_staff, draft, linwu_unit
):
    before = snapshot(draft)
    response = client_for(dongkou_staff).patch(
        url(draft), {"units": [linwu_unit.pk]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["items"] == ["测评对象无效。"]
    assert snapshot(draft) == before


def test_an_open_ballot_cannot_be_edited(client_for, dongkou_staff, draft):
    ballot_open(actor=dongkou_staff, ballot=draft)
    before = snapshot(draft)
    response = client_for(dongkou_staff).patch(url(draft), {"title": "改"}, format="json")
    assert response.status_code == 409
    assert response.json()["message"] == "测评已经发布，不能再修改；只有草稿状态的测评可以修改。"
    # also with bad input: the state decides first
    assert client_for(dongkou_staff).patch(url(draft), {"title": ""}).status_code == 409
    assert snapshot(draft) == before


def test_a_closed_ballot_cannot_be_edited(client_for, dongkou_staff, draft):
    ballot_open(actor=dongkou_staff, ballot=draft)
    ballot_close(actor=dongkou_staff, ballot=draft)
    response = client_for(dongkou_staff).patch(url(draft), {"title": "改"}, format="json")
    assert response.status_code == 409
    with pytest.raises(Exception, match="不能再修改"):
        ballot_update(actor=dongkou_staff, ballot=draft, title="改")


def test_staff_of_another_county_get_404_and_a_supervisor_403(
    client_for, linwu_staff, supervisor, draft
):
    before = snapshot(draft)
    assert client_for(linwu_staff).patch(url(draft), {"title": "x"}).status_code == 404
    assert client_for(supervisor).patch(url(draft), {"title": "x"}).status_code == 403
    assert snapshot(draft) == before


def test_an_edited_ballot_opens_with_counters_for_its_new_items(
    client_for, dongkou_staff, draft, dongkou_units
):
    client_for(dongkou_staff).patch(
        url(draft), {"units": [u.pk for u in dongkou_units]}, format="json"
    )
    ballot_open(actor=dongkou_staff, ballot=draft)
    assert draft.tallies.count() == 3 * 3
    assert BallotItem.objects.filter(ballot=draft).count() == 3


def test_an_official_rating_draft_can_swap_reports(client_for, dongkou_staff, dongkou):
    meeting = CommitteeMeeting.objects.create(
        term=dongkou.terms.get(number=18), number=31, date=timezone.localdate()
    )
    officials = [
        AppointedOfficial.objects.create(region_id=DONGKOU, name=n, post="副县长")
        for n in ("甲", "乙")
    ]
    reports = [
        official_report_attach(
            actor=dongkou_staff, official=o, year=2026, title=f"{o.name}2026年度履职报告"
        )
        for o in officials
    ]
    ballot = ballot_create(
        actor=dongkou_staff,
        congress=dongkou,
        kind="official_rating",
        title="任后监督测评",
        year=2026,
        opens_at=timezone.now() + timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=1, hours=2),
        committee_meeting=meeting,
        electorate_kind="committee",
        items=[{"report": reports[0]}],
    )
    response = client_for(dongkou_staff).patch(
        url(ballot), {"reports": [r.pk for r in reports]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert list(ballot.items.values_list("official__name", flat=True)) == ["甲", "乙"]

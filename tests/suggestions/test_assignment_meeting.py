"""专会交办: the units proposed from similar past assignments, and the meeting's one-step,
all-or-nothing confirmation."""

from datetime import date, datetime

import pytest
from django.db import reset_queries

from congress.models import HandlingUnit, Notification, Region
from suggestions import meetings
from suggestions.models import Assignment, AssignmentMeeting, History, Status, Suggestion
from suggestions.similarity import suggest_units
from tests.clock import SHANGHAI, frozen

URL = "/api/v1/suggestions/meetings/"
PENDING = "/api/v1/suggestions/meetings/pending/"

SCHOOL = (
    "关于改善高沙镇中心小学校舍的建议",
    "高沙镇中心小学教学楼墙体开裂，建议列入校舍改造计划。",
)
SCHOOL_AGAIN = (
    "关于改造石江镇中心小学校舍的建议",
    "石江镇中心小学校舍老旧，教学楼墙体开裂需改造。",
)
ROAD = ("关于修缮竹市镇通村公路的建议", "竹市镇通村公路路面破损严重，雨天车辆无法通行。")


@pytest.fixture
def road_unit(regions):
    return HandlingUnit.objects.create(name="洞口县交通运输局", region_id="430525")


@pytest.fixture
def past_school(walk):
    """An earlier school suggestion the 教育局 led (the walk assigns to it)."""
    return walk(Status.ASSIGNED, title=SCHOOL[0], body=SCHOOL[1])


def accepted(walk, text):
    return walk(Status.ACCEPTED, title=text[0], body=text[1])


def body(rows, **extra):
    return {"title": "2026年第1次交办会", "held_on": "2026-11-30", "rows": rows, **extra}


def test_a_similar_past_suggestion_proposes_its_lead_unit_and_says_why(
    walk, past_school, unit_user, client_for, dongkou_staff
):
    new = accepted(walk, SCHOOL_AGAIN)
    answer = client_for(dongkou_staff).get(PENDING)
    assert answer.status_code == 200
    row = next(r for r in answer.json()["rows"] if r["id"] == new.pk)
    assert row["proposal"]["lead"] == unit_user.handling_unit_id
    assert row["proposal"]["basis"] == "similar"
    assert row["proposal"]["reason"] == f"相似建议《{SCHOOL[0]}》由洞口县教育局主办"
    assert 0 < row["proposal"]["confidence"] <= 1
    assert unit_user.handling_unit_id in [u["id"] for u in answer.json()["units"]]


def test_without_a_similar_one_the_unit_most_used_for_the_category_is_proposed(
    walk, past_school, unit_user
):
    new = accepted(walk, ROAD)  # same category (教育) in the walk, nothing alike in the text
    proposal = meetings.proposals([new])[new.pk]
    assert proposal["lead"] == unit_user.handling_unit_id
    assert proposal["basis"] == "category"
    assert "多由洞口县教育局主办（1件）" in proposal["reason"]
    assert proposal["confidence"] <= 0.5


def test_a_returned_assignment_does_not_vote(walk, unit_user, past_school):
    Assignment.objects.filter(suggestion=past_school).update(
        returned_at=datetime(2026, 11, 1, tzinfo=SHANGHAI)
    )
    new = accepted(walk, SCHOOL_AGAIN)
    assert meetings.proposals([new]) == {}


def test_similar_votes_weigh_recent_assignments_more():
    old = (0.6, 0.25, 1, "旧", [])
    recent = (0.5, 1.0, 2, "新", [])
    assert suggest_units([old, recent])["lead"] == 2


def test_confirming_assigns_every_row_in_one_meeting_with_one_notice_per_unit(
    walk, client_for, dongkou_staff, unit_user, road_unit
):
    a, b = accepted(walk, SCHOOL), accepted(walk, ROAD)
    rows = [
        {"suggestion": a.pk, "lead_unit": unit_user.handling_unit_id, "co_units": [road_unit.pk]},
        {"suggestion": b.pk, "lead_unit": unit_user.handling_unit_id, "broad_scope": True},
    ]
    before = Notification.objects.filter(recipient=unit_user).count()
    with frozen(datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)):
        answer = client_for(dongkou_staff).post(URL, body(rows), format="json")
    assert answer.status_code == 201, answer.json()
    meeting = AssignmentMeeting.objects.get()
    assert (meeting.title, meeting.region_id, meeting.confirmed_by) == (
        "2026年第1次交办会",
        "430525",
        dongkou_staff,
    )
    for s in (a, b):
        s.refresh_from_db()
        assert s.status == Status.ASSIGNED
        notes = list(
            History.objects.filter(suggestion=s, action="assign").values_list("note", flat=True)
        )
        assert len(notes) == 1 and notes[0].startswith("专会交办：2026年第1次交办会；")
    assert b.broad_scope and b.reply_due == date(2027, 6, 1)
    assert a.reply_due == date(2027, 3, 1)
    assert set(Assignment.objects.filter(meeting=meeting).values_list("suggestion_id", "role")) == {
        (a.pk, "lead"),
        (a.pk, "co"),
        (b.pk, "lead"),
    }
    # 2027 is not on the calendar: every deadline given in it says so.
    assert all(
        Assignment.objects.filter(meeting=meeting).values_list("deadlines_fallback", flat=True)
    )
    notices = Notification.objects.filter(recipient=unit_user).order_by("id")[before:]
    assert len(notices) == 1
    assert notices[0].title == "2026年第1次交办会交办建议2件"
    assert SCHOOL[0] in notices[0].body and ROAD[0] in notices[0].body


def test_deadlines_on_a_known_year_are_not_marked_as_fallback(walk, dongkou_staff, unit_user):
    s = accepted(walk, SCHOOL)
    with frozen(datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)):
        meetings.meeting_confirm(
            actor=dongkou_staff, title="交办会", held_on=date(2026, 3, 2),
            rows=[{"suggestion": s.pk, "lead_unit": unit_user.handling_unit_id}],
        )  # fmt: skip
    assert not Assignment.objects.get(suggestion=s).deadlines_fallback


def test_one_bad_row_stores_nothing_and_names_the_row(
    walk, client_for, dongkou_staff, unit_user, linwu_unit
):
    a, b = accepted(walk, SCHOOL), accepted(walk, ROAD)
    rows = [
        {"suggestion": a.pk, "lead_unit": unit_user.handling_unit_id},
        {"suggestion": b.pk, "lead_unit": linwu_unit.pk},
    ]
    answer = client_for(dongkou_staff).post(URL, body(rows, title=""), format="json")
    assert answer.status_code == 400
    fields = answer.json()["fields"]
    assert fields["rows[1].lead_unit"] == ["请选择本级的主办单位。"]
    assert fields["title"] == ["请填写会议名称。"]
    assert "rows[0].lead_unit" not in fields
    assert not AssignmentMeeting.objects.exists()
    assert not Assignment.objects.filter(suggestion__in=[a, b]).exists()
    a.refresh_from_db()
    assert a.status == Status.ACCEPTED


def test_a_missing_lead_unit_is_named_by_row(walk, client_for, dongkou_staff):
    a = accepted(walk, SCHOOL)
    answer = client_for(dongkou_staff).post(
        URL, body([{"suggestion": a.pk, "lead_unit": None}]), format="json"
    )
    assert answer.status_code == 400
    assert answer.json()["fields"]["rows[0].lead_unit"] == ["请选择本级的主办单位。"]


def test_a_row_no_longer_waiting_for_assignment_is_refused(
    walk, client_for, dongkou_staff, unit_user, past_school
):
    answer = client_for(dongkou_staff).post(
        URL,
        body([{"suggestion": past_school.pk, "lead_unit": unit_user.handling_unit_id}]),
        format="json",
    )
    assert answer.status_code == 400
    assert "不能交办" in answer.json()["fields"]["rows[0].suggestion"][0]


def test_another_countys_staff_neither_see_nor_assign_nor_read_the_meeting(
    walk, client_for, dongkou_staff, linwu_staff, unit_user
):
    a = accepted(walk, SCHOOL)
    outsider = client_for(linwu_staff)
    assert outsider.get(PENDING).json()["rows"] == []
    answer = outsider.post(
        URL, body([{"suggestion": a.pk, "lead_unit": unit_user.handling_unit_id}]), format="json"
    )
    assert answer.status_code == 404
    assert not AssignmentMeeting.objects.exists()
    meeting = meetings.meeting_confirm(
        actor=dongkou_staff, title="交办会", held_on=date(2026, 11, 30),
        rows=[{"suggestion": a.pk, "lead_unit": unit_user.handling_unit_id}],
    )  # fmt: skip
    assert outsider.get(f"{URL}{meeting.pk}/").status_code == 404
    assert outsider.get(f"/suggestions/meetings/{meeting.pk}/print/").status_code == 404
    assert outsider.get(URL).json()["count"] == 0


def test_past_meetings_list_their_suggestions_and_print(
    walk, client_for, dongkou_staff, shaoyang_staff, unit_user
):
    a = accepted(walk, SCHOOL)
    meeting = meetings.meeting_confirm(
        actor=dongkou_staff, title="第二次交办会", held_on=date(2026, 11, 30),
        rows=[{"suggestion": a.pk, "lead_unit": unit_user.handling_unit_id}],
    )  # fmt: skip
    city = client_for(shaoyang_staff)  # the city sees its counties' meetings
    listed = city.get(URL).json()["results"]
    assert [(m["title"], m["count"]) for m in listed] == [("第二次交办会", 1)]
    detail = city.get(f"{URL}{meeting.pk}/").json()
    assert [(r["title"], r["lead_unit"]) for r in detail["rows"]] == [(SCHOOL[0], "洞口县教育局")]
    printed = client_for(dongkou_staff).get(f"/suggestions/meetings/{meeting.pk}/print/")
    assert printed.status_code == 200 and SCHOOL[0] in printed.content.decode()


def test_a_supervisor_may_look_but_not_confirm(walk, client_for, supervisor, unit_user):
    a = accepted(walk, SCHOOL)
    assert client_for(supervisor).get(PENDING).status_code == 200
    answer = client_for(supervisor).post(
        URL, body([{"suggestion": a.pk, "lead_unit": unit_user.handling_unit_id}]), format="json"
    )
    assert answer.status_code == 403


def test_the_pending_table_costs_the_same_queries_for_more_rows(
    walk, client_for, dongkou_staff, past_school, django_assert_max_num_queries
):
    client = client_for(dongkou_staff)
    accepted(walk, SCHOOL_AGAIN), accepted(walk, ROAD)
    client.get(PENDING)
    reset_queries()  # the log keeps 9,000 queries: a full one reads as none captured
    with django_assert_max_num_queries(12) as few:
        client.get(PENDING)
    baseline = len(few.captured_queries)
    for _ in range(3):
        accepted(walk, ROAD)
    reset_queries()  # the log keeps 9,000 queries: a full one reads as none captured
    with django_assert_max_num_queries(baseline):
        client.get(PENDING)


def test_the_pending_table_costs_the_same_queries_for_more_regions(
    walk, client_for, dongkou_staff, past_school, django_assert_max_num_queries
):
    """A county's table holds its townships' suggestions too: one index per region, but the
    versions, the cache and the category counts are read once for all of them."""
    client = client_for(dongkou_staff)
    accepted(walk, SCHOOL_AGAIN), accepted(walk, ROAD)
    client.get(PENDING)
    reset_queries()  # the log keeps 9,000 queries: a full one reads as none captured
    with django_assert_max_num_queries(12) as few:
        client.get(PENDING)
    baseline = len(few.captured_queries)
    townships = list(
        Region.objects.filter(parent_id="430525")
        .order_by("code")
        .values_list("code", flat=True)[:4]
    )
    assert len(townships) == 4
    for code in townships:
        s = accepted(walk, ROAD)
        Suggestion.objects.filter(pk=s.pk).update(region_id=code)
    client.get(PENDING)  # each township's index built once (a cache miss), then kept
    reset_queries()  # the log keeps 9,000 queries: a full one reads as none captured
    with django_assert_max_num_queries(baseline):
        rows = client.get(PENDING).json()["rows"]
    assert {r["region"] for r in rows} >= set(
        Region.objects.filter(code__in=townships).values_list("name", flat=True)
    )


def test_beyond_the_indexed_regions_a_row_is_proposed_from_its_category(
    walk, past_school, unit_user, monkeypatch
):
    """A province's table spans hundreds of regions: only the first SIMILAR_REGIONS (those of
    the oldest rows) have their past suggestions indexed; the others' rows get the category's
    proposal, and no index is built for their regions."""
    first = accepted(walk, SCHOOL_AGAIN)
    later = accepted(walk, SCHOOL_AGAIN)
    township = Region.objects.filter(parent_id="430525").order_by("code").first()
    Suggestion.objects.filter(pk=later.pk).update(region_id=township.code)
    Assignment.objects.filter(suggestion=past_school).update(role=Assignment.Role.LEAD)
    Suggestion.objects.filter(pk=past_school.pk).update(region_id=township.code)
    later.refresh_from_db()
    built = []
    monkeypatch.setattr(meetings, "_past", lambda code: built.append(code) or ([], {}))
    monkeypatch.setattr(meetings, "SIMILAR_REGIONS", 1)
    found = meetings.proposals([first, later])
    assert township.code not in built  # the later row's township was not indexed
    assert found[later.pk]["basis"] == "category"
    assert found[later.pk]["lead"] == unit_user.handling_unit_id
    assert first.pk not in found  # its own region has nothing similar and no past lead

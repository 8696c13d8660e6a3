"""三审, second round: the stage of a decision in its own columns (and the migration that moves
the old "【n·name】" heads out of the reasons), the handling level's rules, the reasons' maximum,
"waiting at my stage" on the to-do and the board, and editing the stages while suggestions are
under review (they keep their place, never accepted by the edit)."""

from importlib import import_module

import pytest
from django.apps import apps
from django.db import reset_queries

from congress.models import Notification, Region
from suggestions.models import History, RegionPolicy, Review, ReviewStage, Status, Suggestion
from tests.conftest import DONGKOU, SHAOYANG

pytestmark = pytest.mark.django_db
RULES = "/api/v1/suggestions/rules/"


@pytest.fixture
def stages(regions):
    policy = RegionPolicy.objects.create(region_id=DONGKOU)
    ReviewStage.objects.create(policy=policy, order=1, name="乡镇人大初审")
    ReviewStage.objects.create(policy=policy, order=2, name="县人大选联工委审查")
    ReviewStage.objects.create(
        policy=policy, order=3, name="主任会议审定", reviewer=ReviewStage.Reviewer.SUPERVISOR
    )
    return policy


def post(client, s, action, **data):
    return client.post(f"/api/v1/suggestions/{s.pk}/{action}/", data, format="json")


def rules_body(stage_names, **over):
    data = {
        "review_workdays": 5, "assign_workdays": 7, "session_assign_workdays": 20,
        "overdue_daily_to_unit": True, "digest_weekday": 1, "escalate_after_days": 15,
        "escalate_to": None, "unrated_remind_days": 30, "unrated_after_days": 60,
        "unrated_outcome": "close", "attitude_unsatisfied": "rehandle", "rehandle_months": 1,
        "stages": [{"name": n, "reviewer": "staff", "reviewers": []} for n in stage_names],
    }  # fmt: skip
    return data | over


def test_the_migration_moves_the_old_heads_out_of_the_reasons(
    stages, walk, dongkou_staff, client_for
):
    s = walk(Status.SUBMITTED)
    old = [
        Review.objects.create(suggestion=s, decision="accepted", reviewer=dongkou_staff, reason=r)
        for r in ("【1·乡镇人大初审】符合要求", "【2·已改名的环节】", "不分环节的意见")
    ]
    migration = import_module("suggestions.migrations.0007_review_stage")
    migration.prefixes_to_columns(apps, None)
    rows = {
        r.pk: (r.stage_order, r.stage_name, r.stage_id, r.reason)
        for r in Review.objects.filter(pk__in=[o.pk for o in old])
    }
    first = stages.stages.get(order=1)
    assert rows[old[0].pk] == (1, "乡镇人大初审", first.pk, "符合要求")
    assert rows[old[1].pk] == (2, "已改名的环节", None, "")  # stage 2 is named otherwise now
    assert rows[old[2].pk] == (0, "", None, "不分环节的意见")
    view = client_for(dongkou_staff).get(f"/api/v1/suggestions/{s.pk}/").json()
    assert view["review_stages"]["stages"][0]["state"] == "current"
    migration.columns_to_prefixes(apps, None)
    assert Review.objects.get(pk=old[0].pk).reason == "【1·乡镇人大初审】符合要求"


def test_a_stage_reason_over_the_maximum_is_400_and_nothing_is_stored(
    stages, walk, dongkou_staff, client_for
):
    s = walk(Status.SUBMITTED)
    r = post(client_for(dongkou_staff), s, "return_stage", reason="长" * 2001)
    assert r.status_code == 400 and "reason" in r.json()["fields"]
    r = post(client_for(dongkou_staff), s, "pass_stage", reason="长" * 2001)
    assert r.status_code == 400
    s.refresh_from_db()
    assert (s.status, s.review_stage) == (Status.SUBMITTED, 0)
    assert not Review.objects.filter(suggestion=s).exists()


def test_the_stages_of_the_level_handling_it_apply(stages, walk, dongkou_staff, client_for):
    """A suggestion handled by the city (handed there) follows the city's stages."""
    city = RegionPolicy.objects.create(region_id=SHAOYANG)
    ReviewStage.objects.create(policy=city, order=1, name="市人大代表工委审查")
    s = walk(Status.SUBMITTED)
    Suggestion.objects.filter(pk=s.pk).update(handled_by_id=SHAOYANG)
    view = client_for(dongkou_staff).get(f"/api/v1/suggestions/{s.pk}/").json()
    assert [x["name"] for x in view["review_stages"]["stages"]] == ["市人大代表工委审查"]


def test_waiting_at_my_stage_on_the_todo_and_the_board(
    stages, walk, dongkou_staff, supervisor, linwu_staff, client_for
):
    first, third = walk(Status.SUBMITTED), walk(Status.SUBMITTED)
    staff, leader = client_for(dongkou_staff), client_for(supervisor)
    post(staff, third, "pass_stage")
    post(staff, third, "pass_stage")  # at 主任会议审定, the leader's stage

    def todo(client):
        return {t["key"]: t for t in client.get("/api/v1/todo/").json()}

    def board(client):
        r = client.get("/api/v1/suggestions/?stage=mine&page_size=50")
        assert r.status_code == 200
        return {row["id"] for row in r.json()["results"]}

    card = todo(leader)["suggestion_stage"]
    assert card["count"] == 1 and "stage=mine" in card["url"]
    assert board(leader) == {third.pk}
    assert todo(staff)["suggestion_stage"]["count"] == 1
    assert board(staff) == {first.pk}
    assert "suggestion_stage" not in todo(client_for(linwu_staff))
    assert client_for(dongkou_staff).get("/api/v1/suggestions/?stage=all").status_code == 400


def test_fewer_stages_leave_a_suggestion_at_the_last_stage_not_accepted(
    stages, walk, dongkou_staff, supervisor, client_for
):
    s, fresh = walk(Status.SUBMITTED), walk(Status.SUBMITTED)
    staff = client_for(dongkou_staff)
    post(staff, s, "pass_stage")
    post(staff, s, "pass_stage")  # passed two of three, at 主任会议审定
    view = staff.get(RULES).json()
    assert view["in_review"] == {"total": 2, "mid": 1}
    r = staff.put(RULES, rules_body(["乡镇人大初审", "县人大选联工委审查"]), format="json")
    assert r.status_code == 200
    s.refresh_from_db()
    assert (s.status, s.review_stage) == (Status.SUBMITTED, 1)  # waits at the new last stage
    note = History.objects.get(suggestion=s, action="stage_adjust").note
    assert "县人大选联工委审查" in note
    assert not History.objects.filter(suggestion=fresh, action="stage_adjust").exists()
    detail = staff.get(f"/api/v1/suggestions/{s.pk}/").json()
    assert detail["review_stages"]["current"] == 2 and "pass_stage" in detail["actions"]
    assert post(staff, s, "pass_stage").status_code == 200
    s.refresh_from_db()
    assert s.status == Status.ACCEPTED


def test_no_stages_left_the_review_is_one_step_again(stages, walk, dongkou_staff, client_for):
    s = walk(Status.SUBMITTED)
    staff = client_for(dongkou_staff)
    post(staff, s, "pass_stage")
    assert staff.put(RULES, rules_body([]), format="json").status_code == 200
    s.refresh_from_db()
    assert (s.status, s.review_stage) == (Status.SUBMITTED, 0)
    assert History.objects.filter(suggestion=s, action="stage_adjust").exists()
    assert post(staff, s, "accept").status_code == 200


def test_whoever_reviews_a_waiting_suggestion_after_the_edit_is_told_once(
    stages, walk, dongkou_staff, supervisor, client_for
):
    """Editing the stages tells the new reviewers of each suggestion waiting there: one moved
    back from the leader's stage to a staff stage is now the staff's to review; a stage given a
    named reviewer tells that reviewer; nobody already told is told again."""
    moved, first = walk(Status.SUBMITTED), walk(Status.SUBMITTED)
    staff = client_for(dongkou_staff)
    post(staff, moved, "pass_stage")
    post(staff, moved, "pass_stage")  # at 主任会议审定, the leader's
    Notification.objects.all().delete()
    body = rules_body(["乡镇人大初审", "县人大选联工委审查"])
    body["stages"][0].update(reviewer="supervisor", reviewers=[supervisor.pk])
    assert staff.put(RULES, body, format="json").status_code == 200
    told = {
        (n.recipient.username, n.link) for n in Notification.objects.select_related("recipient")
    }
    assert (dongkou_staff.username, f"/suggestions/{moved.pk}/") in told
    assert (supervisor.username, f"/suggestions/{first.pk}/") in told
    assert (dongkou_staff.username, f"/suggestions/{first.pk}/") not in told
    Notification.objects.all().delete()
    assert staff.put(RULES, body, format="json").status_code == 200  # the same again
    assert not Notification.objects.exists()


def test_waiting_at_my_stage_costs_the_same_queries_for_more_regions(
    stages, walk, dongkou_staff, client_for, django_assert_max_num_queries
):
    """The board's stage=mine reads every handling level's rules at once: a province's staff
    see some 2,100 (level, region) pairs, and one query each made the board take seconds."""
    client = client_for(dongkou_staff)
    walk(Status.SUBMITTED)
    url = "/api/v1/suggestions/?stage=mine"
    client.get(url)
    reset_queries()  # the log keeps 9,000 queries: a full one reads as none captured
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    baseline = len(few.captured_queries)
    townships = Region.objects.filter(parent_id=DONGKOU).order_by("code")[:5]
    for township in townships:
        s = walk(Status.SUBMITTED)
        Suggestion.objects.filter(pk=s.pk).update(region_id=township.code)
        own = RegionPolicy.objects.create(region_id=township.code)  # rules of their own
        ReviewStage.objects.create(policy=own, order=1, name="乡镇人大初审")
    reset_queries()
    with django_assert_max_num_queries(baseline):
        assert client.get(url).json()["count"] == 6

"""三审 (issue 14 item 6): a region's review stages, passed in order by the right reviewer,
returned for rework from any stage; regions without stages keep the single review."""

import pytest

from congress.models import Role
from suggestions.models import History, RegionPolicy, Review, ReviewStage, Status
from suggestions.services.submission import suggestion_submit
from tests.conftest import (
    DONGKOU,
    SHAOYANG,
    axe_check,
    browser_login,
    make_user,
    page_ready,
    screenshot,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stages(regions, supervisor):
    """洞口县's three stages: township first review, the county committee, the 主任会议."""
    policy = RegionPolicy.objects.create(region_id=DONGKOU)
    ReviewStage.objects.create(policy=policy, order=1, name="乡镇人大初审")
    ReviewStage.objects.create(policy=policy, order=2, name="县人大选联工委审查")
    ReviewStage.objects.create(
        policy=policy, order=3, name="主任会议审定", reviewer=ReviewStage.Reviewer.SUPERVISOR
    )
    return policy


def post(client, s, action, **data):
    return client.post(f"/api/v1/suggestions/{s.pk}/{action}/", data, format="json")


def test_a_suggestion_passes_each_stage_in_order_and_the_last_pass_accepts_it(
    stages, walk, dongkou_staff, supervisor, client_for
):
    s = walk(Status.SUBMITTED)
    staff, leader = client_for(dongkou_staff), client_for(supervisor)
    detail = staff.get(f"/api/v1/suggestions/{s.pk}/").json()
    assert detail["review_stages"]["current"] == 1
    assert "pass_stage" in detail["actions"] and "accept" not in detail["actions"]
    # the leader may not act on the staff's stages
    assert post(leader, s, "pass_stage").status_code == 403
    assert post(staff, s, "pass_stage", reason="符合要求").status_code == 200
    assert post(staff, s, "pass_stage").status_code == 200
    s.refresh_from_db()
    assert (s.status, s.review_stage) == (Status.SUBMITTED, 2)
    # the 主任会议 stage: staff may not, the county's leader may
    assert post(staff, s, "pass_stage").status_code == 403
    assert post(leader, s, "pass_stage", reason="同意立案").status_code == 200
    s.refresh_from_db()
    assert s.status == Status.ACCEPTED and s.accepted_at and s.assign_due
    reviews = Review.objects.filter(suggestion=s).values_list(
        "stage_order", "stage_name", "stage__name", "reason"
    )
    assert list(reviews) == [
        (1, "乡镇人大初审", "乡镇人大初审", "符合要求"),
        (2, "县人大选联工委审查", "县人大选联工委审查", ""),
        (3, "主任会议审定", "主任会议审定", "同意立案"),
    ]
    notes = History.objects.filter(suggestion=s, action="pass_stage").values_list("note", flat=True)
    assert any("主任会议审定" in n for n in notes)
    view = staff.get(f"/api/v1/suggestions/{s.pk}/").json()["review_stages"]
    assert [x["state"] for x in view["stages"]] == ["passed"] * 3
    assert view["stages"][2]["by"] == supervisor.display_name
    assert view["stages"][2]["opinion"] == "同意立案"


def test_accept_is_refused_while_stages_remain_naming_the_current_stage(
    stages, walk, dongkou_staff, client_for
):
    s = walk(Status.SUBMITTED)
    r = post(client_for(dongkou_staff), s, "accept")
    assert r.status_code == 409
    assert "乡镇人大初审" in r.json()["message"]
    s.refresh_from_db()
    assert s.status == Status.SUBMITTED


def test_a_return_from_a_stage_sends_it_back_and_the_stages_start_again(
    stages, walk, lead, dongkou_staff, client_for
):
    s = walk(Status.SUBMITTED)
    staff = client_for(dongkou_staff)
    post(staff, s, "pass_stage")
    r = post(staff, s, "return_stage", reason="")
    assert r.status_code == 400 and "reason" in r.json()["fields"]
    assert post(staff, s, "return_stage", reason="请补充数据").status_code == 200
    s.refresh_from_db()
    assert (s.status, s.review_stage) == (Status.RETURNED, 0)
    view = staff.get(f"/api/v1/suggestions/{s.pk}/").json()["review_stages"]
    assert view["stages"][1]["state"] == "returned"
    assert view["stages"][1]["opinion"] == "请补充数据"
    suggestion_submit(suggestion=s, actor=lead)
    s.refresh_from_db()
    view = staff.get(f"/api/v1/suggestions/{s.pk}/").json()["review_stages"]
    assert view["current"] == 1 and [x["state"] for x in view["stages"]] == [
        "current",
        "pending",
        "pending",
    ]


def test_named_reviewers_alone_may_pass_their_stage(stages, walk, dongkou_staff, client_for):
    other = make_user("dongkou_xlw", role=Role.STAFF, region=DONGKOU, name="选联委")
    first = stages.stages.get(order=1)
    first.reviewers.set([other])
    s = walk(Status.SUBMITTED)
    assert post(client_for(dongkou_staff), s, "pass_stage").status_code == 403
    assert post(client_for(other), s, "pass_stage").status_code == 200


def test_stages_of_the_city_apply_to_its_counties_and_a_region_without_stages_reviews_once(
    regions, walk, dongkou_staff, client_for
):
    city = RegionPolicy.objects.create(region_id=SHAOYANG)
    s = walk(Status.SUBMITTED)
    staff = client_for(dongkou_staff)
    assert staff.get(f"/api/v1/suggestions/{s.pk}/").json()["review_stages"] is None
    ReviewStage.objects.create(policy=city, order=1, name="市人大代表工委审查")
    detail = staff.get(f"/api/v1/suggestions/{s.pk}/").json()
    assert detail["review_stages"]["stages"][0]["name"] == "市人大代表工委审查"
    ReviewStage.objects.all().delete()
    assert post(staff, s, "accept").status_code == 200
    s.refresh_from_db()
    assert s.status == Status.ACCEPTED


def test_another_county_cannot_act_on_a_stage(stages, walk, linwu_staff, client_for):
    s = walk(Status.SUBMITTED)
    assert post(client_for(linwu_staff), s, "pass_stage").status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_stage_panel_in_a_browser(
    stages, walk, dongkou_staff, page, live_server, script_errors
):
    s = walk(Status.SUBMITTED)
    browser_login(page, live_server, "dongkou_staff")
    page.goto(f"{live_server.url}/suggestions/{s.pk}/")
    page_ready(page)
    panel = page.locator("[data-testid=sg-review-stages]")
    panel.wait_for()
    assert panel.locator("[data-testid=review-stage]").count() == 3
    assert page.locator("[data-testid=act-accept]").count() == 0
    page.click("[data-testid=act-pass-stage]")
    page.fill("[data-testid=stage-reason] textarea, textarea[data-testid=stage-reason]", "符合要求")
    page.click("[data-testid=stage-dialog-submit]")
    page.wait_for_selector("[data-testid=review-stage][data-state=passed]")
    first = panel.locator("[data-testid=review-stage]").first
    assert "符合要求" in first.inner_text() and "尹建华" in first.inner_text()
    assert (
        panel.locator("[data-testid=review-stage]").nth(1).get_attribute("data-state") == "current"
    )
    axe_check(page)
    screenshot(page, "suggestions-review-stages-staff")
    assert script_errors == []
    s.refresh_from_db()
    assert s.review_stage == 1


def test_the_leader_decides_the_last_stage_from_the_detail_json_and_the_old_return_resets(
    stages, walk, dongkou_staff, supervisor, client_for
):
    s = walk(Status.SUBMITTED)
    staff, leader = client_for(dongkou_staff), client_for(supervisor)
    post(staff, s, "pass_stage")
    post(staff, s, "pass_stage")
    view = leader.get(f"/api/v1/suggestions/{s.pk}/").json()
    assert view["review_stages"]["can_act"] is True and view["review_stages"]["current"] == 3
    assert set(view["actions"]) >= {"pass_stage", "return_stage"}
    assert staff.get(f"/api/v1/suggestions/{s.pk}/").json()["review_stages"]["can_act"] is False
    # the one-step return (API) still works and the stages start again
    assert post(staff, s, "return_for_rework", reason="请补充").status_code == 200
    s.refresh_from_db()
    assert (s.status, s.review_stage) == (Status.RETURNED, 0)

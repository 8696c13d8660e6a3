"""一月两学 from publication to completion: each deputy gets one plan a month, time is credited
in bounded heartbeats, the quiz is scored on the server, finishing enters the archive with its
hours and points in the same transaction, and withdrawing the plan takes them back out."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from evaluation.models import ArchiveEntry, DeputyPoints
from tests.training.conftest import QUIZ, plan_items
from training import archive
from training.models import QuizAttempt, StudyAssignment, StudyProgress
from training.services import plans, study

pytestmark = pytest.mark.django_db


def beat(client, item, seconds=30):
    return client.post(f"/api/v1/me/study/items/{item.pk}/heartbeat/", {"seconds": seconds},
                       format="json")  # fmt: skip


def test_publishing_gives_each_serving_deputy_the_months_plan(
    client_for, dongkou_staff, deputies, linwu_deputy, plan
):
    assert set(StudyAssignment.objects.values_list("deputy_id", flat=True)) == {
        d.pk for d in deputies
    }
    data = client_for(deputies[0].user).get("/api/v1/me/study/").json()
    assert data["month"] == "2026-12"
    assert data["plan"]["title"] == "2026年12月一月两学"
    assert [i["title"] for i in data["items"]] == ["学习代表法", "观看人大讲堂"]
    quiz = data["items"][1]["questions"]
    assert [q["text"] for q in quiz] == [q["text"] for q in QUIZ]
    assert "answers" not in quiz[0]  # the right answers stay on the server
    assert quiz[1]["multiple"] is True
    assert client_for(linwu_deputy.user).get("/api/v1/me/study/").json()["plan"] is None


def test_a_townships_own_plan_replaces_the_countys_for_its_deputies(
    dongkou_staff, deputies, plan, material, video
):
    town = plans.plan_create(
        actor=dongkou_staff,
        region="430525101",
        month=dt.date(2026, 12, 1),
        title="江口镇12月学习",
        items=plan_items(material, video),
    )
    plans.plan_publish(actor=dongkou_staff, plan=town)
    assert StudyAssignment.objects.get(deputy=deputies[2]).plan_id == town.pk
    assert StudyAssignment.objects.get(deputy=deputies[0]).plan_id == plan.pk
    plans.plan_withdraw(actor=dongkou_staff, plan=town)
    assert StudyAssignment.objects.get(deputy=deputies[2]).plan_id == plan.pk


def test_a_plan_is_published_only_with_two_items(client_for, dongkou_staff, material):
    client = client_for(dongkou_staff)
    body = {"month": "2026-11", "title": "十一月",
            "items": [{"title": "学习代表法", "material": material.pk}]}  # fmt: skip
    created = client.post("/api/v1/training/plans/", body, format="json")
    assert created.status_code == 201, created.content
    response = client.post(f"/api/v1/training/plans/{created.json()['id']}/publish/")
    assert response.status_code == 409
    assert response.json()["message"] == "每月学习计划须有两项学习内容才能发布。"
    assert not StudyAssignment.objects.exists()


def test_heartbeats_count_no_more_time_than_has_passed(client_for, deputies, plan, clock):
    item = plan.items.get(order=1)
    client = client_for(deputies[0].user)
    assert beat(client, item, 30).json()["seconds"] == 30
    # a script posting beats at once gains at most the network slack each time
    for _ in range(5):
        beat(client, item, 60)
    assert StudyProgress.objects.get(item=item, deputy=deputies[0]).seconds == 30 + 5 * 5
    clock.advance(seconds=40)
    assert beat(client, item, 60).json()["seconds"] == 55 + 45


def test_an_item_is_finished_only_after_its_time(client_for, deputies, plan, clock):
    item = plan.items.get(order=1)  # 2 minutes
    client = client_for(deputies[0].user)
    beat(client, item, 60)
    response = client.post(f"/api/v1/me/study/items/{item.pk}/finish/")
    assert response.status_code == 409
    assert response.json()["message"] == "学习时长未满 2 分钟，请继续学习。"
    clock.advance(seconds=60)
    beat(client, item, 60)
    response = client.post(f"/api/v1/me/study/items/{item.pk}/finish/")
    assert response.status_code == 200, response.content
    assert response.json()["finished"] is True


@pytest.mark.parametrize(
    ("answers", "score", "passed"),
    [([[1], [0, 1]], 100, True), ([[1], [0]], 50, False), ([[0], [0, 1, 2]], 0, False)],
)
def test_the_quiz_is_scored_by_the_server(client_for, deputies, plan, answers, score, passed):
    item = plan.items.get(order=2)  # pass mark 100, no minimum time
    response = client_for(deputies[0].user).post(
        f"/api/v1/me/study/items/{item.pk}/quiz/", {"answers": answers}, format="json"
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["score"], data["passed"]) == (score, passed)
    assert data["progress"]["finished"] is passed  # passing finishes an item with no minimum time
    attempt = QuizAttempt.objects.get()
    assert (attempt.score, attempt.answers) == (score, answers)


def test_an_item_with_a_quiz_is_not_finished_without_passing(client_for, deputies, plan):
    item = plan.items.get(order=2)
    response = client_for(deputies[0].user).post(f"/api/v1/me/study/items/{item.pk}/finish/")
    assert response.status_code == 409
    assert response.json()["message"] == "请先通过本项测试（100 分及格）。"


def test_finishing_enters_the_archive_with_points_in_the_same_transaction(
    client_for, deputies, plan, rules, clock
):
    deputy = deputies[0]
    second = plan.items.get(order=2)
    with transaction.atomic():
        study.quiz_submit(deputy=deputy, item=second, answers=[[1], [0, 1]])
        entry = ArchiveEntry.objects.get(deputy=deputy)  # inside the transaction already
        assert (entry.kind, entry.quantity, entry.source_key) == (
            "training_hour",
            2,
            archive.item_key(second.pk),
        )
        assert DeputyPoints.objects.get(deputy=deputy).total == Decimal("2")
    assert StudyAssignment.objects.get(deputy=deputy).finished_at is None
    first = plan.items.get(order=1)
    study.study_heartbeat(deputy=deputy, item=first, seconds=60)
    clock.advance(minutes=1)
    study.study_heartbeat(deputy=deputy, item=first, seconds=60)
    study.study_finish(deputy=deputy, item=first)
    assert StudyAssignment.objects.get(deputy=deputy).finished_at == clock.now
    assert DeputyPoints.objects.get(deputy=deputy).total == Decimal("3")
    data = client_for(deputy.user).get("/api/v1/me/training/").json()
    assert (data["hours"], data["min_hours"], data["covered"]) == (3, 8, False)
    assert {r["source"] for r in data["rows"]} == {"study"}


def test_withdrawing_a_plan_takes_its_hours_and_points_back(dongkou_staff, deputies, plan, rules):
    deputy = deputies[0]
    study.quiz_submit(deputy=deputy, item=plan.items.get(order=2), answers=[[1], [0, 1]])
    assert DeputyPoints.objects.get(deputy=deputy).total == Decimal("2")
    plans.plan_withdraw(actor=dongkou_staff, plan=plan)
    assert not ArchiveEntry.objects.filter(deputy=deputy).exists()
    assert DeputyPoints.objects.get(deputy=deputy).total == Decimal("0")
    assert not StudyAssignment.objects.exists()


def test_a_published_plans_items_are_fixed(client_for, dongkou_staff, plan):
    item = plan.items.get(order=1)
    response = client_for(dongkou_staff).put(
        f"/api/v1/training/items/{item.pk}/", {"title": "改过"}, format="json"
    )
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.title == "学习代表法"


def test_staff_see_each_deputys_completion(client_for, dongkou_staff, deputies, plan):
    study.quiz_submit(deputy=deputies[1], item=plan.items.get(order=2), answers=[[1], [0, 1]])
    data = client_for(dongkou_staff).get(f"/api/v1/training/plans/{plan.pk}/progress/").json()
    assert data["count"] == 3
    row = next(r for r in data["results"] if r["deputy"] == deputies[1].pk)
    assert [i["finished_at"] is not None for i in row["items"]] == [False, True]
    listed = client_for(dongkou_staff).get("/api/v1/training/plans/").json()["results"][0]
    assert (listed["assigned"], listed["finished"]) == (3, 0)

"""The issue's transition table: answered once (409 after), fed back once (409), closed only when
open; turned into a citizens' opinion at the deputy's station or a draft suggestion in the
deputy's name, whose result the beat sweep reads back (and the contactor hears it is time to
feed back); a task only while worktasks offers its service."""

import pytest

from congress.models import Notification
from contacts import workflow
from contacts.models import Issue
from contacts.services import issues as services
from contacts.services.contacts import contact_log
from liaison_stations.models import Opinion, StationMembership
from suggestions.models import Suggestion, SuggestionCategory
from tests.liaison_stations.conftest import make_station

pytestmark = pytest.mark.django_db


def step(client, issue, action, text=""):
    return client.post(f"/api/v1/contacts/issues/{issue.pk}/{action}/", {"text": text})


@pytest.fixture
def issue(official, official_relation):
    contact = contact_log(actor=official, relation=official_relation,
                          occurred_on=official_relation.starts_on.replace(month=5), way="meeting",
                          subject="座谈", issues=["集镇农贸市场排水不畅"])  # fmt: skip
    return contact.issues.get()


def test_every_action_is_a_row_of_the_table():
    assert {t.action for t in workflow.TRANSITIONS} == {
        "to_opinion", "to_suggestion", "to_task", "answer", "sync", "feed_back", "close"
    }  # fmt: skip


def test_answer_then_feed_back_each_once(client_for, official, issue):
    client = client_for(official)
    assert step(client, issue, "feed-back", "x").status_code == 409
    r = step(client, issue, "answer", "已督促镇政府疏通排水沟")
    assert r.status_code == 200 and r.json()["status"] == "answered"
    r = step(client, issue, "answer", "again")
    assert r.status_code == 409 and r.json()["message"] == "该问题已有办理结果。"
    assert step(client, issue, "close", "x").status_code == 409
    r = step(client, issue, "feed-back", "已电话告知代表")
    assert r.status_code == 200 and r.json()["status"] == "fed_back" and r.json()["actions"] == []
    r = step(client, issue, "feed-back", "again")
    assert r.status_code == 409 and r.json()["message"] == "该问题已经反馈过了。"


def test_an_empty_text_is_a_400_and_changes_nothing(client_for, official, issue):
    r = step(client_for(official), issue, "answer", " ")
    assert r.status_code == 400 and "result" in r.json()["fields"]
    assert Issue.objects.get().status == "open"


def test_an_issue_becomes_an_opinion_and_its_answer_comes_back(
    client_for, official, issue, deputies, dongkou
):
    station = make_station("430525", "洞口县城关代表联络站")
    StationMembership.objects.create(station=station, deputy=deputies[0],
                                     start_date=issue.contact.relation.starts_on)  # fmt: skip
    r = step(client_for(official), issue, "to-opinion")
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["target"]) == ("converted", "opinion")
    opinion = Opinion.objects.get(pk=r.json()["target_id"])
    assert opinion.station == station and "排水不畅" in opinion.content
    assert step(client_for(official), issue, "to-suggestion").status_code == 409
    assert services.results_sync() == 0
    Opinion.objects.filter(pk=opinion.pk).update(status="answered", public_answer="排水沟已疏通")
    assert services.results_sync() == 1
    issue.refresh_from_db()
    assert (issue.status, issue.result) == ("answered", "排水沟已疏通")
    assert Notification.objects.filter(recipient=official, kind="contact_issue_result").exists()
    assert services.results_sync() == 0


def test_an_issue_becomes_the_deputys_draft_suggestion(client_for, dongkou_staff, issue, deputies):
    SuggestionCategory.objects.get_or_create(name="其他")
    r = step(client_for(dongkou_staff), issue, "to-suggestion")
    assert r.status_code == 200, r.content
    suggestion = Suggestion.objects.get(pk=r.json()["target_id"])
    assert (suggestion.lead_deputy, suggestion.status) == (deputies[0], "draft")


def test_a_township_issue_cannot_become_a_suggestion(client_for, dongkou_staff, township_relation):
    contact = contact_log(actor=dongkou_staff, relation=township_relation,
                          occurred_on=township_relation.starts_on, way="visit", subject="走访",
                          issues=["镇卫生院缺医生"])  # fmt: skip
    r = step(client_for(dongkou_staff), contact.issues.get(), "to-suggestion")
    assert r.status_code == 400 and "target" in r.json()["fields"]


def test_a_task_needs_worktasks_service(client_for, dongkou_staff, official, issue, monkeypatch):
    assert step(client_for(official), issue, "to-task").status_code == 403  # staff only
    monkeypatch.setattr(services, "task_service", lambda: None)
    r = step(client_for(dongkou_staff), issue, "to-task")
    assert r.status_code == 400 and Issue.objects.get().status == "open"


def test_an_issue_becomes_a_task_of_the_officials_body_and_its_result_comes_back(
    client_for, dongkou_staff, official, issue
):
    from worktasks.models import Task  # noqa: PLC0415 - worktasks is another helper's app

    r = step(client_for(dongkou_staff), issue, "to-task")
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["status"], body["target"]) == ("converted", "task")
    assert body["target_url"] == f"/worktasks/tasks/{body['target_id']}/"
    task = Task.objects.get(pk=body["target_id"])
    assert (task.owner_unit, task.region_id, task.status) == (
        official.handling_unit, "430525", "issued"
    )  # fmt: skip
    assert "排水不畅" in task.description
    assert services.results_sync() == 0
    Task.objects.filter(pk=task.pk).update(status="closed", result="on_time", result_note="已疏通")
    assert services.results_sync() == 1
    issue.refresh_from_db()
    assert (issue.status, issue.result) == ("answered", "按期完成；已疏通")


def test_a_task_with_a_foreign_unit_is_a_400_and_stores_nothing(
    client_for, dongkou_staff, issue, linwu_unit
):
    from worktasks.models import Task  # noqa: PLC0415

    r = client_for(dongkou_staff).post(
        f"/api/v1/contacts/issues/{issue.pk}/to-task/", {"owner_unit": linwu_unit.pk}
    )
    assert r.status_code == 400 and "owner_unit" in r.json()["fields"]
    assert Task.objects.count() == 0 and Issue.objects.get().status == "open"

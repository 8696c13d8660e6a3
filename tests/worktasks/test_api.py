"""The API end to end: staff issue a list, the township and the unit report, the issuer
decides; every refused step is a 409 in Chinese, bad input a 400 naming the field."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress.models import Notification
from tests.conftest import DONGKOU
from tests.worktasks.conftest import GAOSHA, evidence, make_list
from worktasks.models import Task, TaskList

pytestmark = pytest.mark.django_db
P = "/api/v1/worktasks"


def test_staff_create_add_tasks_and_issue_a_list(
    client_for, dongkou_staff, gaosha_staff, dongkou_unit
):
    staff = client_for(dongkou_staff)
    r = staff.post(
        f"{P}/lists/",
        {"title": "县人大常委会2026年工作要点任务清单", "year": 2026, "source": "document",
         "source_label": "洞人常发〔2026〕1号", "source_text": "一文一单三会"},
        format="json",
    )  # fmt: skip
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["status"] == "draft" and r.json()["region"]["code"] == DONGKOU
    owners = staff.get(f"{P}/lists/{pk}/owners/").json()
    assert GAOSHA in [o["code"] for o in owners["regions"]]
    due = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    r = staff.post(f"{P}/lists/{pk}/tasks/", {"title": "联络站提质", "owner_region": GAOSHA,
                                              "due": due}, format="json")  # fmt: skip
    assert r.status_code == 201, r.content
    r = staff.post(f"{P}/lists/{pk}/tasks/", {"title": "学校改造", "owner_unit": dongkou_unit.pk,
                                              "due": due}, format="json")  # fmt: skip
    assert r.status_code == 201, r.content
    r = staff.post(f"{P}/lists/{pk}/issue/")
    assert r.status_code == 200, r.content
    assert [t["status"] for t in r.json()["tasks"]] == ["issued", "issued"]
    assert client_for(gaosha_staff).get(f"{P}/tasks/?mine=1").json()["count"] == 1
    # issuing twice is refused
    r = staff.post(f"{P}/lists/{pk}/issue/")
    assert r.status_code == 409 and r.json()["message"] == "清单已经交办。"


def test_the_township_reports_with_evidence_and_the_county_accepts(
    client_for, dongkou_list, dongkou_staff, gaosha_staff
):
    task = dongkou_list.tasks.get(owner_region_id=GAOSHA)
    town = client_for(gaosha_staff)
    r = town.post(f"{P}/tasks/{task.pk}/progress/", {"text": "已完成选址", "files": [evidence()]},
                  format="multipart")  # fmt: skip
    assert r.status_code == 201, r.content
    assert r.json()["files"][0]["name"] == "report.pdf"
    file_url = r.json()["files"][0]["url"]
    assert town.get(file_url).status_code == 200
    r = town.post(f"{P}/tasks/{task.pk}/report/", {"text": "已建成"}, format="multipart")
    assert r.status_code == 400 and "files" in r.json()["fields"]
    r = town.post(f"{P}/tasks/{task.pk}/report/", {"text": "已建成", "files": [evidence()]},
                  format="multipart")  # fmt: skip
    assert r.status_code == 201
    # the owner cannot confirm their own task; the issuer can
    assert town.post(f"{P}/tasks/{task.pk}/accept/", {}, format="json").status_code == 403
    r = client_for(dongkou_staff).post(f"{P}/tasks/{task.pk}/accept/", {}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["result"] == "on_time" and r.json()["status"] == "closed"
    assert [h["action"] for h in r.json()["history"]] == ["issue", "progress", "report", "accept"]


def test_a_unit_user_and_an_official_of_the_unit_both_own_its_task(
    client_for, dongkou_list, unit_user, official
):
    task = dongkou_list.tasks.get(owner_unit__isnull=False)
    for user in (unit_user, official):
        mine = client_for(user).get(f"{P}/tasks/?mine=1").json()
        assert [t["id"] for t in mine["results"]] == [task.pk]
        assert "progress" in mine["results"][0]["actions"]
    r = client_for(official).post(f"{P}/tasks/{task.pk}/progress/", {"text": "已立项"},
                                  format="json")  # fmt: skip
    assert r.status_code == 201, r.content


def test_refused_steps_are_409s_in_chinese(client_for, dongkou_list, dongkou_staff, gaosha_staff):
    task = dongkou_list.tasks.get(owner_region_id=GAOSHA)
    staff = client_for(dongkou_staff)
    r = staff.post(f"{P}/tasks/{task.pk}/accept/", {}, format="json")
    assert r.status_code == 409 and r.json()["message"] == "只有已报结的任务可以确认办结。"
    r = staff.post(f"{P}/tasks/{task.pk}/return/", {"reason": "材料不全"}, format="json")
    assert r.status_code == 409 and r.json()["message"] == "只有已报结的任务可以退回。"
    r = staff.post(f"{P}/lists/{dongkou_list.pk}/tasks/", {"title": "x", "owner_region": GAOSHA,
                   "due": "2026-12-31"}, format="json")  # fmt: skip
    assert r.status_code == 409 and r.json()["message"] == "清单已交办，不能再添加任务。"
    r = staff.post(f"{P}/lists/{dongkou_list.pk}/close/")
    assert r.status_code == 409 and r.json()["message"] == "清单中还有未办结的任务，不能办结清单。"
    assert staff.delete(f"{P}/lists/{dongkou_list.pk}/").status_code == 409
    r = staff.post(f"{P}/tasks/{task.pk}/close-undone/", {"reason": "年底未完成"}, format="json")
    assert r.status_code == 200 and r.json()["result"] == "not_done"
    r = client_for(gaosha_staff).post(f"{P}/tasks/{task.pk}/progress/", {"text": "补报"},
                                      format="json")  # fmt: skip
    assert r.status_code == 409 and r.json()["message"] == "任务已办结。"


def test_a_returned_report_goes_back_to_the_owner(
    client_for, dongkou_list, dongkou_staff, gaosha_staff
):
    task = dongkou_list.tasks.get(owner_region_id=GAOSHA)
    town = client_for(gaosha_staff)
    town.post(f"{P}/tasks/{task.pk}/report/", {"text": "完成", "files": [evidence()]},
              format="multipart")  # fmt: skip
    r = client_for(dongkou_staff).post(f"{P}/tasks/{task.pk}/return/", {"reason": "缺照片"},
                                       format="json")  # fmt: skip
    assert r.status_code == 200 and r.json()["status"] == "returned"
    r = town.post(f"{P}/tasks/{task.pk}/report/", {"text": "补充照片", "files": [evidence()]},
                  format="multipart")  # fmt: skip
    assert r.status_code == 201


def test_the_list_page_filters_overdue_tasks_and_exports(
    client_for, dongkou_staff, gaosha_staff, supervisor, regions
):
    late = dt.date.today() - dt.timedelta(days=3)
    task_list = make_list(
        dongkou_staff, DONGKOU,
        tasks=[{"title": "逾期的", "owner_region": regions.get(pk=GAOSHA), "due": late},
               {"title": "未到期", "owner_region": regions.get(pk=GAOSHA)}],
    )  # fmt: skip
    leader = client_for(supervisor)
    rows = leader.get(f"{P}/tasks/?list={task_list.pk}&overdue=true").json()["results"]
    assert [(t["title"], t["overdue"]) for t in rows] == [("逾期的", True)]
    detail = leader.get(f"{P}/lists/{task_list.pk}/").json()
    assert detail["overdue_count"] == 1 and detail["actions"] == []
    r = leader.get(f"{P}/lists/{task_list.pk}/export/")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    # a leader reads only
    assert leader.post(f"{P}/lists/{task_list.pk}/close/").status_code == 403


def test_a_draft_task_can_be_edited_and_removed(client_for, dongkou_staff, regions):
    task_list = make_list(
        dongkou_staff, DONGKOU, tasks=[{"owner_region": regions.get(pk=GAOSHA)}], issue=False
    )
    task = task_list.tasks.get()
    staff = client_for(dongkou_staff)
    r = staff.put(f"{P}/tasks/{task.pk}/", {"title": "改过的任务"}, format="json")
    assert r.status_code == 200 and r.json()["title"] == "改过的任务"
    assert staff.delete(f"{P}/tasks/{task.pk}/").status_code == 204
    assert staff.delete(f"{P}/lists/{task_list.pk}/").status_code == 204
    assert not TaskList.objects.exists() and not Task.objects.exists()


def test_lists_keep_their_query_counts(
    client_for, dongkou_staff, gaosha_staff, dongkou_unit, regions
):
    gaosha = regions.get(pk=GAOSHA)
    staff, town = client_for(dongkou_staff), client_for(gaosha_staff)

    def counts():
        found = []
        for client, url in [
            (staff, f"{P}/tasks/"),
            (staff, f"{P}/lists/"),
            (town, f"{P}/tasks/?mine=1"),
        ]:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            found.append(len(ctx))
        return found

    make_list(
        dongkou_staff, DONGKOU, tasks=[{"owner_region": gaosha}, {"owner_unit": dongkou_unit}]
    )
    counts()  # the first requests warm the session and caches
    few = counts()
    for _ in range(3):
        make_list(dongkou_staff, DONGKOU, tasks=[{"owner_region": gaosha}] * 3)
    assert counts() == few


def test_a_joint_inspection_records_findings_per_task(
    client_for, dongkou_list, dongkou_staff, gaosha_staff, supervisor
):
    task = dongkou_list.tasks.get(owner_region_id=GAOSHA)
    body = {
        "date": "2026-09-18", "title": "“一督三联”联合督查", "participants": "县人大常委会副主任、代表",
        "regions": [GAOSHA], "summary": "实地查看",
        "findings": [{"task": task.pk, "rating": "behind", "text": "进度滞后"}],
    }  # fmt: skip
    r = client_for(dongkou_staff).post(f"{P}/inspections/", body, format="json")
    assert r.status_code == 201, r.content
    assert [(f["task"], f["rating"]) for f in r.json()["findings"]] == [(task.pk, "behind")]
    assert task.history.filter(action="inspect").count() == 1
    assert Notification.objects.filter(recipient=gaosha_staff, title__contains="进度滞后").exists()
    leader = client_for(supervisor)
    assert leader.get(f"{P}/inspections/").json()["count"] == 1
    detail = leader.get(f"{P}/tasks/{task.pk}/").json()
    assert [f["text"] for f in detail["findings"]] == ["进度滞后"]

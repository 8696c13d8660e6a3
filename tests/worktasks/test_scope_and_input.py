"""Scope and bad input for every worktasks endpoint: another county's list, task, evidence or
inspection is a 404 and stays as it was; township staff see their township's tasks only; a
leader reads and may not write; bad input is a 400 naming the field, with nothing stored."""

import pytest

from tests.conftest import make_user
from tests.worktasks.conftest import GAOSHA, JIANGKOU, LINWU_TOWN, evidence, make_list
from worktasks.models import Inspection, Report, Task, TaskList
from worktasks.services.inspections import inspection_create
from worktasks.services.progress import task_progress

pytestmark = pytest.mark.django_db
P = "/api/v1/worktasks"


@pytest.fixture
def linwu_things(linwu_staff, linwu_list, regions):
    task = linwu_list.tasks.get()
    town_staff = make_user("shunfeng_staff", role="staff", region=LINWU_TOWN)
    report = task_progress(actor=town_staff, task=task, text="进展", files=[evidence()])
    inspection = inspection_create(
        actor=linwu_staff, region=regions.get(pk="431025"), date=task.due, title="临武督查",
        participants="县人大", regions=[regions.get(pk=LINWU_TOWN)],
        findings=[{"task": task, "rating": "good", "text": "好"}],
    )  # fmt: skip
    return {"list": linwu_list, "task": task, "file": report.files.get(), "inspection": inspection}


def foreign_requests(things):
    lst, task, file, ins = (things[k].pk for k in ("list", "task", "file", "inspection"))
    return [
        ("get", f"{P}/lists/{lst}/", None),
        ("put", f"{P}/lists/{lst}/", {"title": "改名"}),
        ("delete", f"{P}/lists/{lst}/", None),
        ("post", f"{P}/lists/{lst}/issue/", None),
        ("post", f"{P}/lists/{lst}/close/", None),
        ("post", f"{P}/lists/{lst}/tasks/", {"title": "x", "owner_region": LINWU_TOWN, "due": "2026-12-31"}),
        ("get", f"{P}/lists/{lst}/owners/", None),
        ("get", f"{P}/lists/{lst}/export/", None),
        ("get", f"{P}/tasks/{task}/", None),
        ("put", f"{P}/tasks/{task}/", {"title": "改名"}),
        ("delete", f"{P}/tasks/{task}/", None),
        ("post", f"{P}/tasks/{task}/progress/", {"text": "x"}),
        ("post", f"{P}/tasks/{task}/report/", {"text": "x"}),
        ("post", f"{P}/tasks/{task}/accept/", {}),
        ("post", f"{P}/tasks/{task}/return/", {"reason": "x"}),
        ("post", f"{P}/tasks/{task}/close-undone/", {"reason": "x"}),
        ("get", f"{P}/evidence/{file}/", None),
        ("get", f"{P}/inspections/{ins}/", None),
    ]  # fmt: skip


def snapshot():
    return (
        list(TaskList.objects.values_list("pk", "title", "status")),
        list(Task.objects.values_list("pk", "title", "status", "result")),
        Report.objects.count(),
        Inspection.objects.count(),
    )


def test_another_countys_records_are_a_404_and_stay_as_they_were(
    client_for, dongkou_staff, gaosha_staff, unit_user, official, linwu_things
):
    before = snapshot()
    for user in (dongkou_staff, gaosha_staff, unit_user, official):
        client = client_for(user)
        for method, url, body in foreign_requests(linwu_things):
            response = getattr(client, method)(url, body, format="json")
            assert response.status_code in (403, 404), (user, method, url, response.content)
            if user is dongkou_staff:
                assert response.status_code == 404, (method, url)
    assert snapshot() == before
    staff = client_for(dongkou_staff)
    for url in (f"{P}/lists/", f"{P}/tasks/", f"{P}/inspections/"):
        assert staff.get(url).json()["count"] == 0, url


def test_a_foreign_region_filter_is_a_404(client_for, dongkou_staff):
    assert client_for(dongkou_staff).get(f"{P}/tasks/?region=431025").status_code == 404


def test_township_staff_see_their_own_tasks_and_not_the_neighbours(
    client_for, dongkou_list, dongkou_staff, gaosha_staff, jiangkou_staff, regions
):
    other = make_list(dongkou_staff, "430525", tasks=[{"owner_region": regions.get(pk=JIANGKOU)}])
    jiangkou_task = other.tasks.get()
    town = client_for(gaosha_staff)
    assert [t["owner"]["id"] for t in town.get(f"{P}/tasks/").json()["results"]] == [GAOSHA]
    assert town.get(f"{P}/tasks/{jiangkou_task.pk}/").status_code == 404
    assert town.get(f"{P}/lists/{dongkou_list.pk}/").status_code == 404  # lists: issuers only
    r = town.post(f"{P}/tasks/{jiangkou_task.pk}/progress/", {"text": "x"}, format="json")
    assert r.status_code == 404
    # the unit's task is not the township's
    unit_task = dongkou_list.tasks.get(owner_unit__isnull=False)
    assert town.get(f"{P}/tasks/{unit_task.pk}/").status_code == 404


def test_a_draft_is_not_shown_to_its_owner(client_for, dongkou_staff, gaosha_staff, regions):
    draft = make_list(dongkou_staff, "430525", tasks=[{"owner_region": regions.get(pk=GAOSHA)}],
                      issue=False)  # fmt: skip
    town = client_for(gaosha_staff)
    assert town.get(f"{P}/tasks/{draft.tasks.get().pk}/").status_code == 404
    assert town.get(f"{P}/tasks/?mine=true").json()["count"] == 0


def test_a_leader_reads_and_may_not_write(client_for, supervisor, dongkou_list):
    leader = client_for(supervisor)
    task = dongkou_list.tasks.first()
    assert leader.get(f"{P}/lists/{dongkou_list.pk}/").status_code == 200
    assert leader.get(f"{P}/tasks/{task.pk}/").status_code == 200
    before = snapshot()
    for method, url, body in [
        ("post", f"{P}/lists/", {"title": "x", "year": 2026, "source": "document", "source_label": "x"}),
        ("post", f"{P}/tasks/{task.pk}/accept/", {}),
        ("post", f"{P}/tasks/{task.pk}/progress/", {"text": "x"}),
        ("post", f"{P}/inspections/", {}),
    ]:  # fmt: skip
        assert getattr(leader, method)(url, body, format="json").status_code == 403, url
    assert snapshot() == before


def test_an_account_without_a_role_is_refused(client_for, outsider, dongkou_list):
    client = client_for(outsider)
    assert client.get(f"{P}/tasks/").status_code == 403
    assert client.get(f"/worktasks/tasks/{dongkou_list.tasks.first().pk}/").status_code == 403


@pytest.mark.parametrize(
    "body, field",
    [
        ({"year": 2026, "source": "document", "source_label": "x"}, "title"),
        ({"title": "x", "year": 1900, "source": "document", "source_label": "x"}, "year"),
        ({"title": "x", "year": 2026, "source": "rumour", "source_label": "x"}, "source"),
        ({"title": "x", "year": 2026, "source": "document"}, "source_label"),
        ({"title": "x", "year": 2026, "source": "document", "source_label": "x", "region": "431025"}, "region"),
        ({"title": "x", "year": 2026, "source": "meeting", "source_label": "x", "event": 999999}, "event"),
    ],
)  # fmt: skip
def test_a_bad_list_is_a_400_on_its_field(client_for, dongkou_staff, body, field):
    r = client_for(dongkou_staff).post(f"{P}/lists/", body, format="json")
    assert r.status_code == 400 and field in r.json()["fields"], r.content
    assert not TaskList.objects.exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"owner_region": GAOSHA, "due": "2026-12-31"}, "title"),
        ({"title": "x", "owner_region": GAOSHA, "due": "明天"}, "due"),
        ({"title": "x", "due": "2026-12-31"}, "owner_region"),
        ({"title": "x", "owner_region": LINWU_TOWN, "due": "2026-12-31"}, "owner_region"),
        ({"title": "x", "owner_region": "430525", "due": "2026-12-31"}, "owner_region"),
        ({"title": "x", "owner_unit": 999999, "due": "2026-12-31"}, "owner_unit"),
    ],
)  # fmt: skip
def test_a_bad_task_is_a_400_on_its_field(client_for, dongkou_staff, body, field):
    staff = client_for(dongkou_staff)
    pk = staff.post(f"{P}/lists/", {"title": "x", "year": 2026, "source": "document",
                                    "source_label": "x"}, format="json").json()["id"]  # fmt: skip
    r = staff.post(f"{P}/lists/{pk}/tasks/", body, format="json")
    assert r.status_code == 400 and field in r.json()["fields"], r.content
    assert not Task.objects.exists()


def test_bad_reports_and_decisions_are_400s_and_store_nothing(
    client_for, dongkou_list, dongkou_staff, gaosha_staff
):
    task = dongkou_list.tasks.get(owner_region_id=GAOSHA)
    town = client_for(gaosha_staff)
    r = town.post(f"{P}/tasks/{task.pk}/progress/", {"text": ""}, format="json")
    assert r.status_code == 400 and "text" in r.json()["fields"]
    bad = evidence("virus.exe", b"MZ")
    r = town.post(
        f"{P}/tasks/{task.pk}/progress/", {"text": "x", "files": [bad]}, format="multipart"
    )
    assert r.status_code == 400 and "files" in r.json()["fields"]
    assert not Report.objects.exists()
    town.post(f"{P}/tasks/{task.pk}/report/", {"text": "完成", "files": [evidence()]},
              format="multipart")  # fmt: skip
    r = client_for(dongkou_staff).post(
        f"{P}/tasks/{task.pk}/return/", {"reason": ""}, format="json"
    )
    assert r.status_code == 400 and "reason" in r.json()["fields"]
    assert Task.objects.get(pk=task.pk).status == Task.Status.REPORTED


def test_a_bad_inspection_is_a_400_and_stores_nothing(client_for, dongkou_staff, linwu_things):
    staff = client_for(dongkou_staff)
    good = {"date": "2026-09-18", "title": "督查", "participants": "县人大", "regions": [GAOSHA]}
    for body, field in [
        ({**good, "participants": ""}, "participants"),
        ({**good, "regions": []}, "regions"),
        ({**good, "regions": [LINWU_TOWN]}, "regions"),
        ({**good, "findings": [{"task": linwu_things["task"].pk, "rating": "good", "text": "x"}]},
         "findings"),
        ({**good, "date": "昨天"}, "date"),
    ]:  # fmt: skip
        r = staff.post(f"{P}/inspections/", body, format="json")
        assert r.status_code == 400 and field in r.json()["fields"], (field, r.content)
    assert Inspection.objects.count() == 1  # 临武县's own

"""The services other apps call and the workflow of one task, through the real services."""

import datetime as dt

import pytest

from congress.errors import ApplicationError
from congress.models import Notification
from tests.conftest import DONGKOU
from tests.worktasks.conftest import GAOSHA, evidence
from worktasks.models import Task, TaskList
from worktasks.services import task_from_source
from worktasks.services.progress import task_accept, task_progress, task_report


def test_task_from_source_issues_a_one_task_list(dongkou_staff, gaosha_staff, regions):
    task = task_from_source(
        actor=dongkou_staff,
        region=regions.get(pk=DONGKOU),
        title="解决高沙镇集镇排水问题",
        description="代表联系群众时反映",
        owner_region=regions.get(pk=GAOSHA),
        due=dt.date(2026, 9, 30),
        source_label="委员联系代表 2026-03-02",
        source_url="/contacts/12/",
    )
    assert task.status == Task.Status.ISSUED
    assert task.task_list.status == TaskList.Status.ISSUED
    assert task.task_list.source == TaskList.Source.CONTACT
    assert task.task_list.tasks.count() == 1
    assert Notification.objects.filter(recipient=gaosha_staff).count() == 1


def test_task_from_source_refuses_a_foreign_owner_and_stores_nothing(dongkou_staff, regions):
    with pytest.raises(ApplicationError) as error:
        task_from_source(
            actor=dongkou_staff,
            region=regions.get(pk=DONGKOU),
            title="x",
            description="",
            owner_region=regions.get(pk="431025100"),
            due=dt.date(2026, 9, 30),
            source_label="联系",
            source_url="",
        )
    assert error.value.status == 400 and "owner_region" in error.value.fields
    assert not TaskList.objects.exists()


def test_the_owner_reports_and_the_issuer_accepts_on_time(
    dongkou_list, dongkou_staff, gaosha_staff
):
    task = dongkou_list.tasks.get(owner_region_id=GAOSHA)
    task_progress(actor=gaosha_staff, task=task, text="已完成选址")
    task_report(actor=gaosha_staff, task=task, text="已建成", files=[evidence()])
    task = task_accept(actor=dongkou_staff, task=task)
    assert task.status == Task.Status.CLOSED and task.result == Task.Result.ON_TIME
    assert list(task.history.values_list("action", flat=True)) == [
        "issue",
        "progress",
        "report",
        "accept",
    ]


def test_the_demo_seeds_a_county_whose_contacts_already_made_a_task(
    dongkou_staff, gaosha_staff, dongkou_unit, regions
):
    """The contacts demo runs first and turns an issue into a one-task list; the county's own
    lists are still seeded (once: a second run adds nothing)."""
    from worktasks import demo  # noqa: PLC0415 - the demo module, only here

    task_from_source(
        actor=dongkou_staff, region=regions.get(pk=DONGKOU), title="解决高沙镇集镇排水问题",
        description="", owner_region=regions.get(pk=GAOSHA), due=dt.date(2026, 9, 30),
        source_label="委员联系代表 2026-03-02", source_url="/contacts/12/",
    )  # fmt: skip
    assert demo.seed_county(DONGKOU, "洞口县") > 0
    assert TaskList.objects.filter(region_id=DONGKOU, source=TaskList.Source.DOCUMENT).exists()
    assert demo.seed_county(DONGKOU, "洞口县") == 0

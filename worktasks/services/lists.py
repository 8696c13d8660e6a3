"""Task lists 一单: staff create a list from a document or a meeting, add its tasks (each with an
owner and a deadline), issue it (every owner is told), and close it once every task is settled."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import TransitionError, invalid
from congress.models import HandlingUnit, Region, User
from congress.services import model_create, model_delete, model_update
from worktasks.models import Task, TaskList
from worktasks.services.common import list_locked, move, task_locked, tell_owners

LIST_FIELDS = ["title", "year", "source", "source_label", "source_text", "source_url", "event"]
TASK_FIELDS = ["title", "description", "owner_region", "owner_unit", "due"]


def _check_event(region: Region, event) -> None:
    if event is not None and not event.region_id.startswith(region.code[:6]):
        raise invalid("event", _("所选会议不属于交办区划。"))


def _check_owner(region_code: str, owner_region: Region | None, owner_unit: HandlingUnit | None):
    """One owner strictly below the issuing region (a lower congress), or a unit in its area."""
    if (owner_region is None) == (owner_unit is None):
        raise invalid("owner_region", _("请指定一个责任人大或一个责任单位。"))
    if owner_region is not None and not (
        owner_region.code.startswith(region_code) and owner_region.code != region_code
    ):
        raise invalid("owner_region", _("责任人大须是交办区划下级的乡镇或县级人大。"))
    if owner_unit is not None and not (
        owner_unit.region_id.startswith(region_code) and owner_unit.is_active
    ):
        raise invalid("owner_unit", _("责任单位不在交办区划内。"))


def _check_due(due: dt.date | None) -> None:
    if due is None:
        raise invalid("due", _("请选择完成时限。"))


@transaction.atomic
def list_create(
    *, actor: User, region: Region, title: str, year: int, source: str, source_label: str,
    source_text: str = "", source_url: str = "", event=None,
) -> TaskList:  # fmt: skip
    """A draft list of the actor's region (checked by the caller: the region is in scope)."""
    if region.level not in (Region.Level.CITY, Region.Level.COUNTY, Region.Level.PROVINCE):
        raise invalid("region", _("任务清单由市、县两级人大交办。"))
    _check_event(region, event)
    task_list = TaskList(
        region=region, title=(title or "").strip(), year=year, source=source,
        source_label=(source_label or "").strip(), source_text=source_text or "",
        source_url=source_url or "", event=event, created_by=actor,
    )  # fmt: skip
    return model_create(task_list, validate=True)


@transaction.atomic
def list_update(*, actor: User, task_list: TaskList, data: dict) -> TaskList:
    task_list, _row = list_locked(task_list, "edit", actor)
    if "event" in data:
        _check_event(task_list.region, data["event"])
    model_update(instance=task_list, fields=LIST_FIELDS, data=data)
    return task_list


@transaction.atomic
def list_delete(*, actor: User, task_list: TaskList) -> None:
    task_list, _row = list_locked(task_list, "delete", actor)
    model_delete(task_list)


@transaction.atomic
def task_add(
    *, actor: User, task_list: TaskList, title: str, due: dt.date, description: str = "",
    owner_region: Region | None = None, owner_unit: HandlingUnit | None = None,
) -> Task:  # fmt: skip
    """A task of a draft list."""
    task_list, _row = list_locked(task_list, "add_task", actor)
    _check_owner(task_list.region_id, owner_region, owner_unit)
    _check_due(due)
    number = task_list.tasks.count() + 1
    task = Task(
        task_list=task_list, region_id=task_list.region_id, number=number,
        title=(title or "").strip(), description=description or "", owner_region=owner_region,
        owner_unit=owner_unit, due=due,
    )  # fmt: skip
    return model_create(task, validate=True)


@transaction.atomic
def task_update(*, actor: User, task: Task, data: dict) -> Task:
    """Change a task not yet reported: its text, owner (while a draft) or deadline."""
    task, row = task_locked(task, "edit", actor)
    fields = TASK_FIELDS if task.status == Task.Status.DRAFT else ["title", "description", "due"]
    if {"owner_region", "owner_unit"} & set(data) and task.status != Task.Status.DRAFT:
        raise invalid("owner_region", _("任务已交办，不能更换责任主体。"))
    if task.status == Task.Status.DRAFT and ({"owner_region", "owner_unit"} & set(data)):
        _check_owner(
            task.region_id,
            data.get("owner_region", task.owner_region),
            data.get("owner_unit", task.owner_unit),
        )
    old_due = task.due
    model_update(instance=task, fields=fields, data=data)
    if task.status != Task.Status.DRAFT and task.due != old_due:
        move(
            task,
            row,
            actor,
            note=_("完成时限由 %(a)s 调整为 %(b)s") % {"a": old_due, "b": task.due},
        )
        tell_owners(task, _("任务完成时限已调整：%(t)s") % {"t": task.title}, str(task.due))
    return task


@transaction.atomic
def task_remove(*, actor: User, task: Task) -> None:
    task, _row = task_locked(task, "remove", actor)
    model_delete(task)


@transaction.atomic
def list_issue(*, actor: User, task_list: TaskList) -> TaskList:
    """Issue the list: every task goes to its owner, who is told."""
    task_list, _row = list_locked(task_list, "issue", actor)
    tasks = list(task_list.tasks.all())
    if not tasks:
        raise invalid("tasks", _("清单中还没有任务，不能交办。"))
    model_update(
        instance=task_list,
        fields=["status", "issued_at"],
        data={"status": TaskList.Status.ISSUED, "issued_at": timezone.now()},
    )
    for task in tasks:
        task, row = task_locked(task, "issue", actor)
        move(task, row, actor)
        tell_owners(
            task,
            _("新交办任务：%(t)s") % {"t": task.title},
            _("来源：%(s)s；完成时限：%(d)s。") % {"s": task_list.source_label, "d": task.due},
        )
    return task_list


@transaction.atomic
def list_close(*, actor: User, task_list: TaskList) -> TaskList:
    """Close an issued list once every task of it is settled (办结 or 认定未完成)."""
    task_list, _row = list_locked(task_list, "close", actor)
    if task_list.tasks.exclude(status=Task.Status.CLOSED).exists():
        raise TransitionError(_("清单中还有未办结的任务，不能办结清单。"))
    model_update(
        instance=task_list,
        fields=["status", "closed_at"],
        data={"status": TaskList.Status.CLOSED, "closed_at": timezone.now()},
    )
    return task_list

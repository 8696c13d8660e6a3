"""What every worktasks service shares: lock-and-check, the history step, who to tell."""

from django.db.models import Q
from django.utils import timezone

from congress.models import Role, User
from congress.notifications import notify
from congress.services import model_create, model_update
from worktasks import workflow
from worktasks.models import History, Task, TaskList

KIND = "worktasks"


def staff_link(task: Task) -> str:
    return f"/worktasks/tasks/{task.pk}/"


def list_link(task_list: TaskList) -> str:
    return f"/worktasks/lists/{task_list.pk}/"


def list_locked(task_list: TaskList, action: str, actor: User | None):
    """Lock the list row, then check its table (403 actor, 409 status)."""
    task_list = TaskList.objects.select_for_update().get(pk=task_list.pk)
    transition = workflow.check_list(task_list, action, actor)
    return task_list, transition


def task_locked(task: Task, action: str, actor: User | None):
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("task_list", "owner_region", "owner_unit")
        .get(pk=task.pk)
    )
    transition = workflow.check_task(task, action, actor)
    return task, transition


def move(task: Task, transition, actor: User | None, *, note: str = "", changes=None) -> Task:
    """Apply a table row: its new status and `changes` (saved and audited), then the history."""
    before = task.status
    data = dict(changes or {})
    if transition.target:
        data["status"] = transition.target
    if data:
        model_update(instance=task, fields=list(data), data=data)
    history(task, transition.action, before, actor, note)
    return task


def history(task: Task, action: str, before: str, actor: User | None, note: str = "") -> History:
    return model_create(
        History(
            task=task,
            action=action,
            from_status=before,
            to_status=task.status,
            actor=actor,
            actor_name=actor.display_name if actor else "",
            at=timezone.now(),
            note=note[:2000],
        )
    )


def owner_users(task: Task):
    """The accounts that answer for a task: the owning region's staff, or the unit's users."""
    if task.owner_region_id:
        q = Q(role=Role.STAFF, region_id=task.owner_region_id)
    else:
        q = Q(role__in=[Role.HANDLING_UNIT, Role.OFFICIAL], handling_unit_id=task.owner_unit_id)
    return User.objects.filter(q, is_active=True)


def issuer_users(task: Task):
    return User.objects.filter(role=Role.STAFF, region_id=task.region_id, is_active=True)


def tell_owners(task: Task, title: str, body: str = "") -> None:
    notify(recipients=owner_users(task), title=title, body=body, link=staff_link(task), kind=KIND)


def tell_issuers(task: Task, title: str, body: str = "") -> None:
    notify(recipients=issuer_users(task), title=title, body=body, link=staff_link(task), kind=KIND)

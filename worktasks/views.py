"""Pages of work tasks: each renders the shell with its compiled component
(frontend/src/pages/worktasks/), which talks to /api/v1/worktasks/. Staff keep the lists (任务清单)
and the joint inspections (联合督查), leaders read them with the overdue tasks in red; owners
(township staff, unit users, officials) report on 我的任务 and on a task's page."""

from django.utils.translation import gettext as _

from congress.models import Region
from congress.pages import page, render_page
from congress.permissions import has_perm
from congress.scope import region_prefix
from worktasks import selectors
from worktasks.models import Finding, Task, TaskList


def _choices(choices) -> list[dict]:
    return [{"value": value, "label": str(label)} for value, label in choices]


def _options() -> dict:
    return {
        "sources": _choices(TaskList.Source.choices),
        "list_statuses": _choices(TaskList.Status.choices),
        "statuses": _choices(Task.Status.choices),
        "results": _choices(Task.Result.choices),
        "ratings": _choices(Finding.Rating.choices),
    }


def _can(user) -> dict:
    return {
        "manage": has_perm(user, "worktask.manage"),
        "lists": has_perm(user, "worktask.lists"),
        "report": has_perm(user, "worktask.report"),
    }


def _props(request, **extra) -> dict:
    return {"can": _can(request.user), "options": _options(), **extra}


@page("worktask.lists")
def lists(request):
    return render_page(request, "worktasks/Lists", title=_("任务清单"), props=_props(request))


@page("worktask.lists")
def list_detail(request, pk: int):
    task_list = selectors.list_get(viewer=request.user, pk=pk)
    return render_page(
        request, "worktasks/ListDetail", title=task_list.title, props=_props(request, pk=pk)
    )


@page("worktask.view")
def task_detail(request, pk: int):
    task = selectors.task_get(viewer=request.user, pk=pk)
    # the way back: the list for its issuing side, 我的任务 for its owner
    list_visible = selectors.lists_visible(request.user).filter(pk=task.task_list_id).exists()
    props = _props(
        request,
        pk=pk,
        back=f"/worktasks/lists/{task.task_list_id}/" if list_visible else "/me/tasks/",
    )
    return render_page(request, "worktasks/TaskDetail", title=task.title, props=props)


@page("worktask.mine")
def mine(request):
    return render_page(request, "worktasks/MyTasks", title=_("我的任务"), props=_props(request))


@page("worktask.lists")
def inspections(request):
    code = region_prefix(request.user) or ""
    regions = Region.objects.filter(parent_id=code).order_by("code") if code else []
    visit = [{"code": r.code, "name": r.name} for r in regions]
    return render_page(
        request,
        "worktasks/Inspections",
        title=_("联合督查"),
        props=_props(request, visitRegions=visit),
    )

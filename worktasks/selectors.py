"""Reads of worktasks, scoped through congress.scope. The issuing side (admin, staff and
supervisors of the issuing region or above) sees the lists and every task of them; the owning
side sees the issued tasks it owns: staff of the owning region (and above it), unit users and
officials of the owning unit. Anything else is a 404."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Role, User
from congress.scope import region_prefix
from worktasks import workflow
from worktasks.models import Evidence, Inspection, Task, TaskList

NOT_FOUND = _("未找到该记录，或您无权查看。")
UNIT_ROLES = (Role.HANDLING_UNIT, Role.OFFICIAL)
S = Task.Status
OPEN = [S.ISSUED, S.IN_PROGRESS, S.RETURNED]


def today() -> dt.date:
    return timezone.localdate()


def overdue_q(on: dt.date | None = None, prefix: str = "") -> Q:
    """Past the deadline and neither reported done nor settled: the red rows, the dashboard's
    逾期任务 (one definition)."""
    return Q(**{f"{prefix}status__in": OPEN, f"{prefix}due__lt": on or today()})


def task_q(viewer: User) -> Q | None:
    """The tasks a viewer may read, or None."""
    if not viewer.is_authenticated or not viewer.is_active:
        return None
    prefix = region_prefix(viewer)
    if prefix == "":
        return Q()
    issued = ~Q(status=S.DRAFT)
    if prefix is not None:
        return Q(region__code__startswith=prefix) | (
            issued & Q(owner_region__code__startswith=prefix)
        )
    if viewer.role in UNIT_ROLES and viewer.handling_unit_id:
        return issued & Q(owner_unit_id=viewer.handling_unit_id)
    return None


def tasks_visible(viewer: User) -> QuerySet:
    q = task_q(viewer)
    if q is None:
        return Task.objects.none()
    return Task.objects.filter(q)


def lists_visible(viewer: User) -> QuerySet:
    """Lists: the issuing side only (owners read their tasks, not the whole list)."""
    prefix = region_prefix(viewer)
    if prefix is None:
        return TaskList.objects.none()
    return TaskList.objects.filter(region__code__startswith=prefix)


def list_list(
    *, viewer: User, year: int | None = None, status: str = "", source: str = "", region: str = ""
) -> QuerySet:
    qs = lists_visible(viewer).select_related("region", "event")
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if source:
        qs = qs.filter(source=source)
    if region:
        qs = qs.filter(region__code__startswith=region)
    return qs.annotate(
        task_count=Count("tasks"),
        closed_count=Count("tasks", filter=Q(tasks__status=S.CLOSED)),
        on_time_count=Count("tasks", filter=Q(tasks__result=Task.Result.ON_TIME)),
        overdue_count=Count("tasks", filter=overdue_q(prefix="tasks__")),
    ).order_by("-year", "-id")


def list_get(*, viewer: User, pk: int) -> TaskList:
    task_list = lists_visible(viewer).select_related("region", "event").filter(pk=pk).first()
    if task_list is None:
        raise Http404(NOT_FOUND)
    return task_list


def task_list(
    *,
    viewer: User,
    list_id: int | None = None,
    year: int | None = None,
    status: str = "",
    result: str = "",
    overdue: bool | None = None,
    owner_region: str = "",
    owner_unit: int | None = None,
    region: str = "",
    mine: bool = False,
    q: str = "",
) -> QuerySet:
    """Tasks the viewer may read, filtered; `region` narrows by the owner's region (a
    township's tasks) or, for a unit's task, by the issuing region."""
    qs = tasks_visible(viewer).select_related("task_list", "owner_region", "owner_unit", "region")
    if mine:
        qs = qs.filter(mine_q(viewer))
    if list_id:
        qs = qs.filter(task_list_id=list_id)
    if year:
        qs = qs.filter(due__year=year)
    if status:
        qs = qs.filter(status=status)
    if result:
        qs = qs.filter(result=result)
    if overdue is True:
        qs = qs.filter(overdue_q())
    elif overdue is False:
        qs = qs.exclude(overdue_q())
    if owner_region:
        qs = qs.filter(owner_region__code__startswith=owner_region)
    if owner_unit:
        qs = qs.filter(owner_unit_id=owner_unit)
    if region:
        qs = qs.filter(
            Q(owner_region__code__startswith=region)
            | Q(owner_unit__isnull=False, region__code__startswith=region)
        )
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(task_list__title__icontains=q))
    return qs.order_by("due", "task_list_id", "number", "id")


def mine_q(viewer: User) -> Q:
    """The tasks the viewer answers for (workflow.is_owner as a filter)."""
    if viewer.role == Role.STAFF and viewer.region_id:
        return Q(owner_region_id=viewer.region_id) & ~Q(status=S.DRAFT)
    if viewer.role in UNIT_ROLES and viewer.handling_unit_id:
        return Q(owner_unit_id=viewer.handling_unit_id) & ~Q(status=S.DRAFT)
    return Q(pk__in=[])


def task_get(*, viewer: User, pk: int) -> Task:
    task = (
        tasks_visible(viewer)
        .select_related("task_list", "task_list__region", "owner_region", "owner_unit", "region")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404(NOT_FOUND)
    return task


def task_detail(task: Task) -> Task:
    """The task with its reports (and their files), history and findings, for its page."""
    return (
        Task.objects.select_related("task_list", "owner_region", "owner_unit", "region")
        .prefetch_related(
            "reports__files", "reports__created_by", "history", "findings__inspection"
        )
        .get(pk=task.pk)
    )


def evidence_get(*, viewer: User, pk: int):
    evidence = Evidence.objects.filter(pk=pk, report__task__in=tasks_visible(viewer)).first()
    if evidence is None:
        raise Http404(NOT_FOUND)
    return evidence


def inspections_visible(viewer: User) -> QuerySet:
    prefix = region_prefix(viewer)
    if prefix is None:
        return Inspection.objects.none()
    return Inspection.objects.filter(region__code__startswith=prefix)


def inspection_list(*, viewer: User, year: int | None = None) -> QuerySet:
    qs = inspections_visible(viewer).select_related("region").prefetch_related("regions")
    if year:
        qs = qs.filter(date__year=year)
    return qs.annotate(finding_count=Count("findings")).order_by("-date", "-id")


def inspection_get(*, viewer: User, pk: int) -> Inspection:
    inspection = (
        inspections_visible(viewer)
        .select_related("region")
        .prefetch_related("regions", "findings__task__owner_region", "findings__task__owner_unit")
        .filter(pk=pk)
        .first()
    )
    if inspection is None:
        raise Http404(NOT_FOUND)
    return inspection


def can_manage(viewer: User, region_id: str) -> bool:
    return workflow.is_issuer(viewer, region_id)

"""Reminders of a task's deadline to its owner: 7 days and 1 day before, and once when it is
overdue; each sent once per (task, threshold, deadline) through the SentReminder ledger, so a
second worker or a second run sends nothing, and a moved deadline is reminded afresh."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Role, User
from congress.notifications import Once, notify_once_many
from worktasks.models import Task
from worktasks.services.common import staff_link
from worktasks.workflow import OPEN

KIND = "worktasks_deadline"
BEFORE = (7, 1)


def _owners(tasks: list[Task]) -> dict[tuple[str, object], list[int]]:
    regions = {t.owner_region_id for t in tasks if t.owner_region_id}
    units = {t.owner_unit_id for t in tasks if t.owner_unit_id}
    owners: dict[tuple[str, object], list[int]] = {}
    rows = User.objects.filter(is_active=True).filter(
        Q(role=Role.STAFF, region_id__in=regions)
        | Q(role__in=[Role.HANDLING_UNIT, Role.OFFICIAL], handling_unit_id__in=units)
    )
    for user in rows.values("pk", "role", "region_id", "handling_unit_id"):
        key = (
            ("r", user["region_id"])
            if user["role"] == Role.STAFF
            else ("u", user["handling_unit_id"])
        )
        owners.setdefault(key, []).append(user["pk"])
    return owners


def _threshold(task: Task, on: dt.date) -> str | None:
    """The nearest threshold reached: overdue, else the smallest of BEFORE within reach."""
    days = (task.due - on).days
    if days < 0:
        return f"overdue:{task.due.isoformat()}"
    reached = [before for before in BEFORE if days <= before]
    return f"{min(reached)}d:{task.due.isoformat()}" if reached else None


def reminders_sweep(*, on: dt.date | None = None) -> int:
    """Remind owners of open tasks near or past their deadline. Returns reminders claimed."""
    on = on or timezone.localdate()
    tasks = list(
        Task.objects.filter(status__in=OPEN, due__lte=on + dt.timedelta(days=max(BEFORE)))
        .exclude(due__lt=on - dt.timedelta(days=365))
        .select_related("owner_region", "owner_unit")
    )
    owners = _owners(tasks)
    items = []
    for task in tasks:
        threshold = _threshold(task, on)
        key = ("r", task.owner_region_id) if task.owner_region_id else ("u", task.owner_unit_id)
        if threshold is None or not owners.get(key):
            continue
        late = threshold.startswith("overdue")
        title = _("任务已逾期：%(t)s") if late else _("任务即将到期：%(t)s")
        items.append(
            Once(
                key=f"worktasks.task:{task.pk}",
                threshold=threshold,
                recipients=owners[key],
                title=str(title % {"t": task.title}),
                body=str(_("完成时限：%(d)s。") % {"d": task.due.isoformat()}),
                link=staff_link(task),
            )
        )
    return notify_once_many(items, kind=KIND) if items else 0

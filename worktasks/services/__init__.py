"""Writes of worktasks: lists (lists.py), the owner's reports and the issuer's confirmation
(progress.py), joint inspections (inspections.py) and reminders (reminders.py).

`task_from_source` is what other apps call (contacts: an issue raised in a contact becomes a
task): a one-task list, issued at once."""

import datetime as dt

from django.db import transaction

from congress.models import HandlingUnit, Region, User
from worktasks.models import Task, TaskList
from worktasks.services.lists import list_create, list_issue, task_add


@transaction.atomic
def task_from_source(
    *,
    actor: User,
    region: Region,
    title: str,
    description: str,
    owner_region: Region | None = None,
    owner_unit: HandlingUnit | None = None,
    due: dt.date,
    source_label: str,
    source_url: str,
) -> Task:
    """Turn an issue raised elsewhere (a contact, a meeting) into a task of `region`, issued to
    one owner at once. The actor must be staff of `region` or above (403 otherwise); a bad owner
    or date is a 400 naming the field, and nothing is stored."""
    task_list = list_create(
        actor=actor,
        region=region,
        title=title[:120],
        year=due.year,
        source=TaskList.Source.CONTACT,
        source_label=source_label[:200],
        source_url=source_url[:300],
    )
    task = task_add(
        actor=actor,
        task_list=task_list,
        title=title,
        description=description,
        owner_region=owner_region,
        owner_unit=owner_unit,
        due=due,
    )
    list_issue(actor=actor, task_list=task_list)
    task.refresh_from_db()
    return task

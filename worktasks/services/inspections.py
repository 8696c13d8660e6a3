"""一督三联: a joint inspection by the issuing region (date, who took part, the regions visited)
and its findings, one per task inspected."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import Region, User
from congress.services import model_create
from worktasks import workflow
from worktasks.models import Finding, Inspection, Task
from worktasks.services.common import history, tell_owners


@transaction.atomic
def inspection_create(
    *, actor: User, region: Region, date: dt.date, title: str, participants: str,
    regions: list[Region], summary: str = "", findings: list[dict] | None = None,
) -> Inspection:  # fmt: skip
    """Record an inspection of `region` (in the actor's scope, checked by the caller). Each
    finding is {task, rating, text}; a task outside the region's lists is a 400."""
    errors = {}
    if not (participants or "").strip():
        errors["participants"] = [_("请填写参加人员。")]
    if not regions:
        errors["regions"] = [_("请选择督查的地区。")]
    elif any(not r.code.startswith(region.code) for r in regions):
        errors["regions"] = [_("督查地区须在组织区划内。")]
    findings = list(findings or [])
    tasks = {}
    for item in findings:
        task = item["task"]
        if task.region_id[: len(region.code)] != region.code or task.status == Task.Status.DRAFT:
            errors["findings"] = [_("所选任务不属于本级交办的任务清单。")]
            break
        if task.pk in tasks:
            errors["findings"] = [_("同一项任务只能记录一条督查发现。")]
            break
        tasks[task.pk] = task
    if errors:
        raise invalid(errors)
    inspection = model_create(
        Inspection(
            region=region, date=date, title=(title or "").strip(),
            participants=participants.strip(), summary=summary or "", created_by=actor,
        ),
        validate=True,
    )  # fmt: skip
    inspection.regions.set(regions)
    for item in findings:
        finding_add(actor=actor, inspection=inspection, **item)
    return inspection


def finding_add(
    *, actor: User, inspection: Inspection, task: Task, rating: str, text: str
) -> Finding:
    workflow.check_task(task, "inspect", actor)
    finding = model_create(
        Finding(inspection=inspection, task=task, rating=rating, text=(text or "").strip()),
        validate=True,
    )
    history(task, "inspect", task.status, actor, f"{inspection.title}：{finding.text}"[:2000])
    if rating == Finding.Rating.BEHIND:
        tell_owners(task, _("督查发现任务进度滞后：%(t)s") % {"t": task.title}, finding.text)
    return finding

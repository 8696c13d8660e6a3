"""The owner reports progress (进展) and completion (报结) with evidence files; the issuer confirms
the result (按期完成 / 逾期完成, judged by the report's date against the deadline, or 未完成)
or returns the report (退回), and the owner is told."""

import os

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.env import envint
from congress.errors import invalid
from congress.models import User
from congress.services import model_create
from worktasks.models import Evidence, Report, Task
from worktasks.services.common import move, task_locked, tell_issuers, tell_owners

TEXT_MAX = 2000
FILES_MAX = 5
FILE_MAX_BYTES = envint("WORKTASKS_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
FILE_TYPES = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".txt"}


def _text(text: str, field: str, *, required: bool, label: str) -> str:
    text = (text or "").strip()
    if required and not text:
        raise invalid(field, label)
    if len(text) > TEXT_MAX:
        raise invalid(field, _("不能超过 %(n)d 字。") % {"n": TEXT_MAX})
    return text


def check_files(files: list) -> None:
    if len(files) > FILES_MAX:
        raise invalid("files", _("每次最多上传 %(n)d 个文件。") % {"n": FILES_MAX})
    for upload in files:
        extension = os.path.splitext(upload.name or "")[1].lower()
        if extension not in FILE_TYPES:
            raise invalid("files", _("不支持的文件类型，请上传 PDF、Word、Excel、图片或文本文件。"))
        if not upload.size:
            raise invalid("files", _("上传的文件是空的。"))
        if upload.size > FILE_MAX_BYTES:
            raise invalid(
                "files", _("每个文件不能超过 %(mb)d MB。") % {"mb": FILE_MAX_BYTES // (1024 * 1024)}
            )


def _report(task: Task, kind: str, text: str, files: list, actor: User) -> Report:
    report = model_create(Report(task=task, kind=kind, text=text, created_by=actor))
    for upload in files:
        model_create(
            Evidence(report=report, file=upload, name=(upload.name or "")[:200], size=upload.size)
        )
    return report


@transaction.atomic
def task_progress(*, actor: User, task: Task, text: str, files: list | None = None) -> Report:
    """The owner reports what has been done so far."""
    files = list(files or [])
    text = _text(text, "text", required=True, label=_("请填写进展情况。"))
    check_files(files)
    task, row = task_locked(task, "progress", actor)
    report = _report(task, Report.Kind.PROGRESS, text, files, actor)
    move(task, row, actor, note=text[:200])
    return report


@transaction.atomic
def task_report(*, actor: User, task: Task, text: str, files: list | None = None) -> Report:
    """The owner reports the task done, with at least one evidence file; the issuer is told."""
    files = list(files or [])
    text = _text(text, "text", required=True, label=_("请填写完成情况。"))
    if not files:
        raise invalid("files", _("请上传完成佐证材料。"))
    check_files(files)
    task, row = task_locked(task, "report", actor)
    report = _report(task, Report.Kind.COMPLETION, text, files, actor)
    move(task, row, actor, note=text[:200], changes={"reported_at": timezone.now()})
    tell_issuers(task, _("任务已报结，请确认：%(t)s") % {"t": task.title}, task.owner_name)
    return report


def on_time_result(task: Task) -> str:
    """按期完成 when the completion report came by the deadline (Beijing date), else 逾期完成."""
    reported = timezone.localdate(task.reported_at) if task.reported_at else timezone.localdate()
    return Task.Result.ON_TIME if reported <= task.due else Task.Result.LATE


@transaction.atomic
def task_accept(*, actor: User, task: Task, note: str = "") -> Task:
    """The issuer confirms the task done; its result follows from the report's date."""
    note = _text(note, "note", required=False, label="")
    task, row = task_locked(task, "accept", actor)
    changes = {
        "result": on_time_result(task), "result_note": note, "closed_at": timezone.now(),
        "closed_by": actor,
    }  # fmt: skip
    move(task, row, actor, note=note, changes=changes)
    tell_owners(task, _("任务已确认办结：%(t)s") % {"t": task.title}, task.get_result_display())
    return task


@transaction.atomic
def task_return(*, actor: User, task: Task, reason: str) -> Task:
    """The issuer sends the completion report back, saying why."""
    reason = _text(reason, "reason", required=True, label=_("请填写退回原因。"))
    task, row = task_locked(task, "return", actor)
    move(task, row, actor, note=reason, changes={"reported_at": None})
    tell_owners(task, _("任务报结被退回：%(t)s") % {"t": task.title}, reason)
    return task


@transaction.atomic
def task_close_undone(*, actor: User, task: Task, reason: str) -> Task:
    """The issuer settles a task as 未完成 (e.g. at the year's review)."""
    reason = _text(reason, "reason", required=True, label=_("请填写认定未完成的理由。"))
    task, row = task_locked(task, "close_undone", actor)
    changes = {
        "result": Task.Result.NOT_DONE, "result_note": reason, "closed_at": timezone.now(),
        "closed_by": actor,
    }  # fmt: skip
    move(task, row, actor, note=reason, changes=changes)
    tell_owners(task, _("任务被认定未完成：%(t)s") % {"t": task.title}, reason)
    return task

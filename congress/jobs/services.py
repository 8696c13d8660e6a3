"""Writes of jobs: the start (checked at once, queued after the commit), the run (claimed with a
compare-and-swap, the outbox's lease pattern), and the sweep (abandoned, lost and expired jobs).

A worker claims a job by one UPDATE that only matches a queued job, or a running one whose lease
expired (its worker died) with attempts left; the attempt number it sets is the worker's token.
Every later write (progress, which also renews the lease; the outcome) matches that token, so a
worker whose job was taken over stops at its next progress report and writes nothing more."""

import contextlib
import logging
import os
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congress import audit
from congress.env import envint
from congress.errors import ApplicationError, invalid
from congress.jobs.registry import JobFailed, Outcome, get_kind
from congress.models import AuditLog, Job, job_file_path
from congress.permissions import has_perm
from congress.queue import enqueue_after_commit, run_after_commit
from congress.services import model_create

log = logging.getLogger(__name__)
Status = Job.Status
# Longer than any job between two progress reports (each report renews it).
LEASE_SECONDS = envint("JOB_LEASE_SECONDS", 900)
MAX_ATTEMPTS = envint("JOB_MAX_ATTEMPTS", 2)
KEEP_HOURS = envint("JOB_KEEP_HOURS", 24)
# A queued job whose task never arrived (the broker was down) is queued again after this.
REQUEUE_AFTER = timedelta(minutes=5)

# Taking a job and its progress are the worker's bookkeeping; the start, the outcome and the
# expiry are the job's record, and are audited.
audit.UNAUDITED_FIELDS["congress.Job"] = {
    "status",
    "progress",
    "message",
    "attempts",
    "claimed_until",
    "started_at",
}


class JobLost(Exception):
    """This worker's attempt no longer holds the job (its lease expired and another took it)."""


def lease() -> timedelta:
    return timedelta(seconds=LEASE_SECONDS)


def _storage():
    return Job._meta.get_field("file").storage


def _label(job: Job) -> str:
    kind = get_kind(job.kind)
    return str(kind.label) if kind else job.kind


# --- Start (the request) ---------------------------------------------------------------------


def _plain(params: dict) -> dict:
    """null is an absent parameter, as an empty one is in a query string."""
    return {str(key): "" if value is None else value for key, value in params.items()}


def job_start(*, request, kind: str, params: dict, upload=None) -> Job:
    """Check the kind, the permission and the parameters now, store the job and queue it after
    the commit (in the embedded demo, where Celery is eager, it has run when this returns)."""
    found = get_kind(kind)
    if found is None:
        raise invalid("kind", _("没有这种任务，请从页面上的按钮发起。"))
    if not has_perm(request.user, found.permission):
        raise PermissionDenied
    if found.upload and upload is None:
        raise invalid("file", _("请选择要上传的文件。"))
    cleaned = found.prepare(request, _plain(params), upload if found.upload else None)
    from congress import tasks  # noqa: PLC0415 - a cycle: congress.tasks imports this module

    with transaction.atomic():
        job = Job(
            owner=request.user,
            kind=found.name,
            params=cleaned,
            language=translation.get_language() or "",
            message=_("排队等候处理"),
        )
        if found.upload:
            extension = os.path.splitext(upload.name)[1].lower()[:10]
            job.upload.save(f"upload{extension}", upload, save=False)
        model_create(job)
        enqueue_after_commit(tasks.run_job, str(job.pk))
    job.refresh_from_db()
    return job


# --- Run (the worker) ------------------------------------------------------------------------


def _claimable(now) -> Q:
    abandoned = Q(status=Status.RUNNING, claimed_until__lt=now, attempts__lt=MAX_ATTEMPTS)
    return Q(status=Status.QUEUED) | abandoned


def claim(*, job_id, now=None) -> Job | None:
    """Take the job for this worker, or None when it is not to be run (done, failed, or held by
    another worker's live lease)."""
    now = now or timezone.now()
    taken = Job.objects.filter(_claimable(now), pk=job_id).update(
        status=Status.RUNNING,
        attempts=F("attempts") + 1,
        claimed_until=timezone.now() + lease(),
        started_at=timezone.now(),
        progress=0,
        message=_("开始处理"),
    )
    if not taken:
        return None
    return Job.objects.select_related("owner").get(pk=job_id)


def _held(job: Job):
    """The job while this attempt still holds it."""
    return Job.objects.filter(pk=job.pk, status=Status.RUNNING, attempts=job.attempts)


class Reporter:
    """`progress(percent, message)` for a kind's run: written only when it changed, renewing the
    lease; raises JobLost when another attempt took the job over."""

    def __init__(self, job: Job):
        self.job = job
        self.last: tuple[int, str] | None = None

    def __call__(self, percent: float, message: str = "") -> None:
        now = (max(0, min(int(percent), 99)), str(message)[:200])
        if now == self.last:
            return
        held = _held(self.job).update(
            progress=now[0], message=now[1], claimed_until=timezone.now() + lease()
        )
        if not held:
            raise JobLost
        self.last = now


def job_run(*, job_id) -> str:
    """Run the job if this worker can take it; 'done', 'failed', or why it did not run."""
    job = claim(job_id=job_id)
    if job is None:
        return "skipped"
    kind = get_kind(job.kind)
    # The work's own audit rows (an export, an import) name the job's owner.
    token = audit.set_request(SimpleNamespace(user=job.owner, META={}))
    try:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            if kind is None:
                raise JobFailed(_("没有这种任务。"))
            outcome = kind.run(job, Reporter(job))
            return _finish(job, outcome)
    except JobLost:
        log.warning("job %s was taken over by another attempt", job.pk)
        return "lost"
    except JobFailed as exc:
        return _fail(job, exc.message, exc.result)
    except ApplicationError as exc:
        return _fail(job, exc.message)
    except Http404:
        return _fail(job, _("未找到要处理的记录，或您已无权查看。"))
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        return _fail(job, _("处理时服务器出错，错误已记录。请稍后重试，或联系管理员。"))
    finally:
        audit.reset_request(token)


def _end(job: Job, values: dict, *, stored: str = "") -> bool:
    """Write the outcome if this attempt still holds the job; the upload goes with it."""
    upload = job.upload.name
    with transaction.atomic():
        ended = _held(job).update(
            **values, upload="", claimed_until=None, finished_at=timezone.now()
        )
        if ended:
            audit.record(
                AuditLog.Action.UPDATE,
                model=Job._meta.label,
                object_pk=job.pk,
                object_repr=_label(job),
                before={"status": Status.RUNNING},
                after={k: v for k, v in values.items() if k in ("status", "error", "filename")},
            )
            if upload:
                run_after_commit(lambda: _storage().delete(upload))
    if not ended and stored:
        _storage().delete(stored)
    return bool(ended)


def _finish(job: Job, outcome: Outcome) -> str:
    stored = ""
    if outcome.content is not None or outcome.file is not None:
        extension = os.path.splitext(outcome.filename)[1].lower()[:10]
        path = job_file_path(job, f"result{extension}")
        if outcome.file is not None:
            with outcome.file as handle:
                handle.seek(0)
                stored = _storage().save(path, File(handle, name=path))
        else:
            stored = _storage().save(path, ContentFile(outcome.content))
    values = {
        "status": Status.DONE,
        "progress": 100,
        "message": _("已完成"),
        "result": outcome.result,
        "file": stored,
        "filename": outcome.filename[:200] if stored else "",
    }
    return "done" if _end(job, values, stored=stored) else "lost"


def _fail(job: Job, message: str, result: dict | None = None) -> str:
    values = {"status": Status.FAILED, "message": _("未能完成"), "error": message, "result": result}
    return "failed" if _end(job, values) else "lost"


# --- The sweep (beat) ------------------------------------------------------------------------


def _abandoned_fail(now) -> int:
    dead = Job.objects.filter(
        status=Status.RUNNING, claimed_until__lt=now, attempts__gte=MAX_ATTEMPTS
    )
    ids = list(dead.values_list("pk", flat=True)[:500])
    if not ids:
        return 0
    message = _("处理过程中工作进程中断，已达最大尝试次数。请重新发起。")
    with transaction.atomic():
        failed = dead.filter(pk__in=ids).update(
            status=Status.FAILED, message=_("未能完成"), error=message,
            claimed_until=None, finished_at=now,
        )  # fmt: skip
        audit.record(
            AuditLog.Action.UPDATE,
            model=Job._meta.label,
            object_pk=",".join(str(pk) for pk in ids)[:64],
            object_repr=_("%(n)d 个后台任务中断") % {"n": failed},
            after={"status": Status.FAILED, "error": message, "ids": [str(pk) for pk in ids]},
        )
    return failed


def _requeue(now) -> int:
    """Queued jobs whose task never arrived, and running ones whose worker died (attempts left)."""
    from congress import tasks  # noqa: PLC0415 - a cycle: congress.tasks imports this module

    stale = Job.objects.filter(
        Q(status=Status.QUEUED, created_at__lt=now - REQUEUE_AFTER)
        | Q(status=Status.RUNNING, claimed_until__lt=now, attempts__lt=MAX_ATTEMPTS)
    )
    ids = list(stale.order_by("created_at").values_list("pk", flat=True)[:100])
    with transaction.atomic():
        for pk in ids:
            enqueue_after_commit(tasks.run_job, str(pk))
    return len(ids)


def _expire(now) -> int:
    """Jobs older than KEEP_HOURS go, with their files (a live one is left to finish)."""
    old = Job.objects.filter(created_at__lt=now - timedelta(hours=KEEP_HOURS)).exclude(
        status=Status.RUNNING, claimed_until__gte=now
    )
    rows = list(old.values("pk", "kind", "owner_id", "status", "file", "upload")[:1000])
    if not rows:
        return 0
    with transaction.atomic():
        deleted = Job.objects.filter(pk__in=[r["pk"] for r in rows]).delete()[0]
        audit.record(
            AuditLog.Action.DELETE,
            model=Job._meta.label,
            object_pk=",".join(str(r["pk"]) for r in rows)[:64],
            object_repr=_("%(n)d 个过期的后台任务及其文件") % {"n": deleted},
            before=[{k: str(v) for k, v in r.items() if k not in ("file", "upload")} for r in rows],
        )
        run_after_commit(lambda: _delete_files(rows))
    return deleted


def _delete_files(rows: list[dict]) -> None:
    storage = _storage()
    for row in rows:
        for name in (row["file"], row["upload"]):
            if name:
                storage.delete(name)
        with contextlib.suppress(NotImplementedError, OSError):  # the job's folder, if empty
            os.rmdir(storage.path(f"jobs/{row['pk']}"))


def jobs_sweep(*, now=None) -> dict[str, int]:
    """Beat: fail jobs whose worker died on its last attempt, queue again those no task
    carried, delete expired jobs and their files."""
    now = now or timezone.now()
    return {
        "failed": _abandoned_fail(now),
        "requeued": _requeue(now),
        "expired": _expire(now),
    }

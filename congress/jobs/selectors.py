"""Reads of jobs: a job is its owner's alone (anyone else's is a 404, like a foreign record)."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from congress.models import Job, User


def job_list(*, viewer: User) -> QuerySet[Job]:
    """The viewer's own jobs, newest first (they expire after a day)."""
    return Job.objects.filter(owner_id=viewer.pk).order_by("-created_at")


def job_get(*, viewer: User, pk) -> Job:
    job = Job.objects.filter(owner_id=viewer.pk, pk=pk).first()
    if job is None:
        raise Http404(_("未找到该任务，或它已过期。"))
    return job


def job_file_get(*, viewer: User, pk) -> Job:
    """The job whose file is ready; before that (or once it expired) a 404."""
    job = job_get(viewer=viewer, pk=pk)
    if job.status != Job.Status.DONE or not job.file:
        raise Http404(_("文件尚未生成，或已过期。"))
    return job

"""Courses: created by a region's staff, corrected (a change of hours corrects what finished
deputies earned), cancelled (every archive entry the course gave leaves at once)."""

from django.db import transaction
from django.utils.translation import gettext as _

from congress.errors import TransitionError
from congress.models import User
from congress.services import model_create, model_update
from evaluation.models import ArchiveEntry
from representatives.models import Deputy
from training import archive
from training.models import Course, StudyProgress
from training.services.common import managed_region, require_manage
from training.services.study import course_completion_check

COURSE_FIELDS = ["title", "kind", "mode", "audience", "hours", "description", "year"]


@transaction.atomic
def course_create(
    *,
    actor: User,
    title: str,
    year: int,
    kind: str,
    mode: str,
    hours: int,
    audience: str = "deputies",
    description: str = "",
    region: str | None = None,
) -> Course:
    owner = managed_region(actor, region)
    course = Course(
        region=owner,
        year=year,
        title=title.strip(),
        kind=kind,
        mode=mode,
        audience=audience,
        hours=hours,
        description=description,
        created_by=actor,
    )
    return model_create(course, validate=True)


def _locked(course: Course, actor: User) -> Course:
    course = Course.objects.select_for_update().select_related("region").get(pk=course.pk)
    require_manage(actor, course.region_id)
    return course


@transaction.atomic
def course_update(*, actor: User, course: Course, **changes) -> Course:
    """Correct a course. Its mode is fixed once someone studied or attended it; new hours of an
    online course correct the entries of every deputy who finished it."""
    course = _locked(course, actor)
    if course.is_cancelled:
        raise TransitionError(_("课程已取消，不能修改。"))
    data = {k: v for k, v in changes.items() if k in COURSE_FIELDS and v is not None}
    if "mode" in data and data["mode"] != course.mode and _has_records(course):
        raise TransitionError(_("已有代表参加或学习该课程，不能更改培训方式。"))
    course, changed = model_update(instance=course, fields=list(data), data=data)
    if changed and course.mode == Course.Mode.ONLINE:
        _resync_online(course)
    return course


def _has_records(course: Course) -> bool:
    return StudyProgress.objects.filter(item__course=course).exists() or course.sessions.exists()


def _resync_online(course: Course) -> None:
    finished = ArchiveEntry.objects.filter(source_key=archive.course_key(course.pk)).values_list(
        "deputy", flat=True
    )
    for deputy in Deputy.objects.filter(pk__in=list(finished)):
        course_completion_check(deputy=deputy, course=course)


@transaction.atomic
def course_cancel(*, actor: User, course: Course) -> Course:
    """Cancel a course: the hours and lectures it gave leave every deputy's archive at once."""
    course = _locked(course, actor)
    if course.is_cancelled:
        raise TransitionError(_("课程已取消。"))
    model_update(instance=course, fields=["status"], data={"status": Course.Status.CANCELLED})
    keys = [archive.course_key(course.pk)]
    for session_id in course.sessions.values_list("pk", flat=True):
        keys += [archive.session_key(session_id), archive.lecture_key(session_id)]
    archive.entries_drop(keys=keys)
    return course

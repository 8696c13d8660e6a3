"""Sessions of an offline course: each is a training event of meetings (kind 培训, invitations
and sign-in there), linked here with its hours and lecturer. The hours of those who came are
counted from the attendance (training/figures.py); a deputy lecturer's lecture (学员讲师)
enters their archive at once, and moves or leaves with a change of lecturer, date or session."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import TransitionError, invalid
from congress.models import User
from congress.scope import region_in_scope
from congress.services import model_create, model_delete, model_update
from evaluation.models import ActivityKind
from meetings.models import Event, Kind
from meetings.services.events import training_event_create
from representatives.models import Deputy
from training import archive
from training.models import Course, CourseSession
from training.services.common import require_manage


def _lecturer(actor: User, lecturer_id: int | None) -> Deputy | None:
    if not lecturer_id:
        return None
    deputy = Deputy.objects.filter(pk=lecturer_id).first()
    if deputy is None or not region_in_scope(actor, deputy.region_id):
        raise invalid("lecturer", _("所选的代表不存在，或不在您的管辖范围内。"))
    return deputy


def _event(actor: User, event_id: int) -> Event:
    event = Event.objects.filter(pk=event_id).first()
    if event is None or not region_in_scope(actor, event.region_id):
        raise invalid("event", _("所选的培训活动不存在，或不在您的管辖范围内。"))
    if event.kind != Kind.TRAINING:
        raise invalid("event", _("请选择类别为“培训”的活动。"))
    if event.status == Event.Status.CANCELLED:
        raise invalid("event", _("该活动已取消。"))
    if CourseSession.objects.filter(event=event).exists():
        raise invalid("event", _("该活动已是另一培训场次。"))
    return event


def lecture_sync(session: CourseSession, *, previous_lecturer_id: int | None = None) -> None:
    """The lecture entry of a session in line with its lecturer and date."""
    key = archive.lecture_key(session.pk)
    if previous_lecturer_id and previous_lecturer_id != session.lecturer_id:
        archive.entries_drop(keys=[key], deputy_ids=[previous_lecturer_id])
    if not session.lecturer_id:
        return
    event = session.event
    topic = session.topic or session.course.title
    archive.entry_put(
        deputy_id=session.lecturer_id,
        key=key,
        kind=ActivityKind.LECTURE,
        occurred_on=timezone.localtime(event.starts_at).date(),
        title=_("学员讲师授课：%(t)s") % {"t": topic},
        quantity=1,
        evidence=_("培训场次 #%(n)d") % {"n": session.pk},
    )


def _locked_course(course: Course, actor: User) -> Course:
    course = Course.objects.select_for_update().select_related("region").get(pk=course.pk)
    require_manage(actor, course.region_id)
    if course.is_cancelled:
        raise TransitionError(_("课程已取消，不能修改。"))
    if course.mode != Course.Mode.OFFLINE:
        raise TransitionError(_("线上课程没有培训场次，请添加学习内容。"))
    return course


@transaction.atomic
def session_create(
    *,
    actor: User,
    course: Course,
    hours: int,
    event_id: int | None = None,
    title: str = "",
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
    place: str = "",
    online: bool = False,
    lecturer_id: int | None = None,
    lecturer_name: str = "",
    topic: str = "",
) -> CourseSession:
    """A session of an offline course: an existing training event, or a new one planned here
    (then invite and sign in through meetings)."""
    course = _locked_course(course, actor)
    lecturer = _lecturer(actor, lecturer_id)
    if event_id:
        event = _event(actor, event_id)
    else:
        missing = {
            name: [_("请填写此项。")]
            for name, value in (("starts_at", starts_at), ("ends_at", ends_at))
            if value is None
        }
        if missing:
            raise invalid(missing, summary=_("请选择已有的培训活动，或填写新活动的时间："))
        event = training_event_create(
            actor=actor,
            region=course.region,
            title=(title or f"{course.title}（{topic}）" if topic else title or course.title)[:200],
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
            online=online,
        )
    session = model_create(
        CourseSession(
            course=course,
            event=event,
            hours=hours,
            lecturer=lecturer,
            lecturer_name=lecturer_name if lecturer is None else "",
            topic=topic,
        ),
        validate=True,
    )
    lecture_sync(session)
    return session


@transaction.atomic
def session_update(
    *,
    actor: User,
    session: CourseSession,
    hours: int | None = None,
    lecturer_id: int | None = ...,
    lecturer_name: str | None = None,
    topic: str | None = None,
) -> CourseSession:
    """Correct a session: new hours change what its attendance earns (read from it); a new
    lecturer moves the lecture entry."""
    session = CourseSession.objects.select_for_update().select_related("event").get(pk=session.pk)
    _locked_course(session.course, actor)
    previous = session.lecturer_id
    data = {}
    if hours is not None:
        data["hours"] = hours
    if topic is not None:
        data["topic"] = topic
    if lecturer_id is not ...:
        data["lecturer"] = _lecturer(actor, lecturer_id)
    if lecturer_name is not None:
        data["lecturer_name"] = lecturer_name
    if data.get("lecturer") is not None or (session.lecturer_id and "lecturer" not in data):
        data["lecturer_name"] = ""
    session, _changed = model_update(instance=session, fields=list(data), data=data)
    lecture_sync(session, previous_lecturer_id=previous)
    return session


@transaction.atomic
def session_delete(*, actor: User, session: CourseSession) -> None:
    """Unlink a session from its course (the event stays in meetings); its lecture leaves the
    archive and its attendance no longer earns training hours."""
    session = CourseSession.objects.select_for_update().get(pk=session.pk)
    _locked_course(session.course, actor)
    archive.entries_drop(keys=[archive.lecture_key(session.pk)])
    model_delete(session)


def lectures_reconcile() -> int:
    """Lectures of sessions whose event was cancelled or moved (in meetings, after the lecture
    was recorded) follow: run by beat, and safe to run twice."""
    count = 0
    sessions = CourseSession.objects.filter(lecturer__isnull=False).select_related(
        "event", "course"
    )
    for session in sessions.iterator(chunk_size=500):
        with transaction.atomic():
            if session.event.status == Event.Status.CANCELLED or session.course.is_cancelled:
                count += archive.entries_drop(keys=[archive.lecture_key(session.pk)])
            else:
                lecture_sync(session)
    return count

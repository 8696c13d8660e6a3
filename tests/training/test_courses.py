"""Courses and sessions: an offline course's session is a meetings training event; who came
earns its hours (read from the attendance), a deputy lecturer's lecture enters their archive at
once, correcting a session or cancelling the course corrects both; an online course finished
item by item enters the archive with the course's hours."""

from decimal import Decimal

import pytest
from django.db import transaction

from evaluation.models import ArchiveEntry, DeputyPoints
from meetings.models import Invitation
from meetings.services.attendance import attendance_correct
from meetings.services.events import event_close
from tests.training.conftest import attend, offline_course, training_event, upload
from training import archive, figures
from training.models import CourseSession
from training.services import courses, items, sessions, study

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(dongkou_staff, dongkou):
    return offline_course(dongkou_staff)


@pytest.fixture
def session(dongkou_staff, dongkou, course, deputies):
    """A 3-hour session lectured by the third deputy (学员讲师), attended by the first two."""
    event = training_event(dongkou_staff, dongkou.region)
    made = sessions.session_create(
        actor=dongkou_staff, course=course, event_id=event.pk, hours=3,
        lecturer_id=deputies[2].pk, topic="如何写好代表建议",
    )  # fmt: skip
    attend(dongkou_staff, event, deputies[:2])
    return made


def test_those_who_came_earn_the_sessions_hours(deputies, session, client_for):
    assert figures.hours_of(deputy_id=deputies[0].pk, year=2026) == 3
    assert figures.hours_of(deputy_id=deputies[2].pk, year=2026) == 0
    data = client_for(deputies[0].user).get("/api/v1/me/training/").json()
    assert data["hours"] == 3
    assert data["rows"][0]["source"] == "session"


def test_a_session_can_be_planned_with_a_new_event(client_for, dongkou_staff, course, clock):
    body = {"hours": 2, "title": "专题讲座", "starts_at": "2026-12-10T09:00:00+08:00",
            "ends_at": "2026-12-10T11:30:00+08:00", "place": "县人大会议室",
            "lecturer_name": "省委党校 王教授", "topic": "预算审查监督"}  # fmt: skip
    response = client_for(dongkou_staff).post(
        f"/api/v1/training/courses/{course.pk}/sessions/", body, format="json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["event"]["status"] == "planned" and data["lecturer_display"] == "省委党校 王教授"
    assert CourseSession.objects.get().event.kind == "training"
    detail = client_for(dongkou_staff).get(f"/api/v1/training/courses/{course.pk}/").json()
    assert [s["topic"] for s in detail["sessions"]] == ["预算审查监督"]


def test_a_session_needs_a_training_event_of_the_viewers_scope(
    client_for, dongkou_staff, linwu_staff, linwu, course
):
    foreign = training_event(linwu_staff, linwu.region)
    client = client_for(dongkou_staff)
    url = f"/api/v1/training/courses/{course.pk}/sessions/"
    response = client.post(url, {"hours": 2, "event": foreign.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"event": ["所选的培训活动不存在，或不在您的管辖范围内。"]}
    response = client.post(url, {"hours": 0}, format="json")
    assert response.status_code == 400 and set(response.json()["fields"]) == {"hours"}
    response = client.post(url, {"hours": 2}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"starts_at", "ends_at"}
    assert not CourseSession.objects.exists()


def test_a_deputy_lecturer_gets_the_lecture_in_the_archive_at_once(
    dongkou_staff, dongkou, course, deputies, rules
):
    event = training_event(dongkou_staff, dongkou.region)
    with transaction.atomic():
        made = sessions.session_create(
            actor=dongkou_staff, course=course, event_id=event.pk, hours=3,
            lecturer_id=deputies[2].pk,
        )  # fmt: skip
        entry = ArchiveEntry.objects.get(deputy=deputies[2])
        assert (entry.kind, entry.source_key) == ("lecture", archive.lecture_key(made.pk))
        assert DeputyPoints.objects.get(deputy=deputies[2]).total == Decimal("3")
    sessions.session_update(actor=dongkou_staff, session=made, lecturer_id=deputies[1].pk)
    assert not ArchiveEntry.objects.filter(deputy=deputies[2]).exists()
    assert DeputyPoints.objects.get(deputy=deputies[2]).total == Decimal("0")
    assert ArchiveEntry.objects.get(deputy=deputies[1], kind="lecture")


def test_correcting_attendance_or_hours_corrects_the_hours(dongkou_staff, deputies, session):
    event = session.event
    event_close(actor=dongkou_staff, event=event)
    invitation = Invitation.objects.get(event=event, deputy=deputies[1])
    attendance_correct(actor=dongkou_staff, event=event, invitation=invitation, attendance="absent")
    assert figures.hours_of(deputy_id=deputies[1].pk, year=2026) == 0
    sessions.session_update(actor=dongkou_staff, session=session, hours=4)
    assert figures.hours_of(deputy_id=deputies[0].pk, year=2026) == 4


def test_cancelling_the_course_takes_hours_and_lectures_back(
    client_for, dongkou_staff, course, deputies, session, rules
):
    assert DeputyPoints.objects.get(deputy=deputies[2]).total == Decimal("3")
    response = client_for(dongkou_staff).post(f"/api/v1/training/courses/{course.pk}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert figures.hours_of(deputy_id=deputies[0].pk, year=2026) == 0
    assert not ArchiveEntry.objects.filter(kind="lecture").exists()
    assert DeputyPoints.objects.get(deputy=deputies[2]).total == Decimal("0")
    again = client_for(dongkou_staff).post(f"/api/v1/training/courses/{course.pk}/cancel/")
    assert again.status_code == 409


def test_an_online_course_finished_enters_the_archive_with_its_hours(
    dongkou_staff, deputies, rules
):
    course = offline_course(dongkou_staff, title="线上专题：预算审查", mode="online", hours=4)
    first = items.item_add(actor=dongkou_staff, course=course, title="第一课",
                           material_id=upload(dongkou_staff, title="第一课讲义").pk)  # fmt: skip
    second = items.item_add(actor=dongkou_staff, course=course, title="第二课",
                            material_id=upload(dongkou_staff, title="第二课讲义").pk)  # fmt: skip
    deputy = deputies[0]
    study.study_finish(deputy=deputy, item=first)
    assert not ArchiveEntry.objects.filter(deputy=deputy).exists()
    study.study_finish(deputy=deputy, item=second)
    entry = ArchiveEntry.objects.get(deputy=deputy)
    assert (entry.quantity, entry.source_key) == (4, archive.course_key(course.pk))
    assert DeputyPoints.objects.get(deputy=deputy).total == Decimal("4")
    courses.course_update(actor=dongkou_staff, course=course, hours=6)
    assert ArchiveEntry.objects.get(deputy=deputy).quantity == 6
    assert DeputyPoints.objects.get(deputy=deputy).total == Decimal("6")


def test_the_chairs_course_is_offered_only_to_township_chairs(client_for, dongkou_staff, deputies):
    course = offline_course(dongkou_staff, title="乡镇人大主席培训", mode="online",
                            audience="township_chairs")  # fmt: skip
    items.item_add(actor=dongkou_staff, course=course, title="第一课",
                   material_id=upload(dongkou_staff).pk)  # fmt: skip
    chair = client_for(deputies[2].user).get("/api/v1/me/training/courses/").json()
    assert [c["id"] for c in chair] == [course.pk]
    assert client_for(deputies[0].user).get("/api/v1/me/training/courses/").json() == []
    detail = client_for(deputies[2].user).get(f"/api/v1/me/training/courses/{course.pk}/")
    assert detail.status_code == 200 and detail.json()["items_total"] == 1
    assert (
        client_for(deputies[0].user).get(f"/api/v1/me/training/courses/{course.pk}/").status_code
        == 404
    )


def test_staff_see_who_took_part_in_a_course(
    client_for, dongkou_staff, linwu_staff, course, session, deputies, django_assert_num_queries
):
    client = client_for(dongkou_staff)
    url = f"/api/v1/training/courses/{course.pk}/learners/"
    client.get(url)
    with django_assert_num_queries(6):  # session, user, the course, its items, count, page
        data = client.get(url).json()
    rows = {r["deputy"]: r for r in data["results"]}
    assert data["count"] == 2
    assert (rows[deputies[0].pk]["sessions_attended"], rows[deputies[0].pk]["hours"]) == (1, 3)
    assert rows[deputies[0].pk]["finished"] is True
    assert client_for(linwu_staff).get(url).status_code == 404

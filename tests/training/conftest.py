"""Factories of the training tests: 洞口县 and 临武县 congresses with deputies who have accounts
(one of them a township congress chair), materials uploaded through the real service, a
published plan of two items (the second with a quiz), points rules that count training hours
and lectures, and a clock the tests move (heartbeats are bounded by the time that passed)."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluation.performance import rule_sets
from meetings.services.attendance import sign_in_manual
from meetings.services.events import event_open, training_event_create
from meetings.services.invitations import invitations_add
from tests.ballots.conftest import congress_with_term, make_deputy
from tests.clock import NOW
from tests.conftest import DONGKOU, LINWU
from training.services import courses, materials, plans

DONGKOU_TOWN = "430525101"  # 江口镇, a township of 洞口县
PDF = b"%PDF-1.4\n% study material\n"
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(range(256)) * 8


class Clock:
    def __init__(self):
        self.now = NOW

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)


@pytest.fixture(autouse=True)
def clock():
    """The tests' instant (2026-12-01 10:00 in Beijing), moved by clock.advance(minutes=...)."""
    c = Clock()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: c.now):
        yield c


@pytest.fixture
def dongkou(regions):
    return congress_with_term(DONGKOU)


@pytest.fixture
def linwu(regions):
    return congress_with_term(LINWU)


@pytest.fixture
def deputies(dongkou):
    """Three 洞口县 deputies with accounts; the third is registered in 江口镇 and is its
    congress chair (乡镇人大主席)."""
    out = [make_deputy(dongkou, f"学员{c}", username=f"learner_{c}") for c in "abc"]
    out[2].region_id = DONGKOU_TOWN
    out[2].post = "江口镇人大主席"
    out[2].save(update_fields=["region", "post"])
    return out


@pytest.fixture
def linwu_deputy(linwu):
    return make_deputy(linwu, "临武学员", username="linwu_learner")


@pytest.fixture
def rules(dongkou_staff, regions):
    """洞口县's 2026 points: a training hour 1 point, a lecture 3."""
    return rule_sets.points_rule_set_create(
        actor=dongkou_staff,
        region=regions.get(code=DONGKOU),
        year=2026,
        name="洞口县2026年代表履职积分",
        rules=[
            {"kind": "training_hour", "points": Decimal("1")},
            {"kind": "lecture", "points": Decimal("3")},
            {"kind": "training", "points": Decimal("2")},
        ],
    )


def pdf(name="代表法学习.pdf", content=PDF):
    return SimpleUploadedFile(name, content, "application/pdf")


def upload(actor, title="代表法（2025年修正）解读", file=None, **extra):
    return materials.material_upload(actor=actor, file=file or pdf(), title=title, **extra)


@pytest.fixture
def material(dongkou_staff):
    return upload(dongkou_staff)


@pytest.fixture
def video(dongkou_staff):
    return upload(
        dongkou_staff,
        title="人大讲堂：如何提出高质量建议",
        file=SimpleUploadedFile("人大讲堂.mp4", MP4, "video/mp4"),
    )


QUIZ = [
    {"text": "代表建议应在交办之日起几个月内答复？", "choices": ["一个月", "三个月", "六个月"],
     "answers": [1]},
    {"text": "下列哪些属于代表的履职活动？", "choices": ["视察", "调研", "炒股"], "answers": [0, 1]},
]  # fmt: skip


def plan_items(material, video):
    return [
        {"title": "学习代表法", "material_id": material.pk, "min_minutes": 2, "hours": 1},
        {"title": "观看人大讲堂", "material_id": video.pk, "min_minutes": 0, "hours": 2,
         "pass_mark": 100, "questions": QUIZ},
    ]  # fmt: skip


@pytest.fixture
def plan(dongkou_staff, deputies, material, video):
    """洞口县's December plan, published to its three deputies."""
    draft = plans.plan_create(
        actor=dongkou_staff,
        month=dt.date(2026, 12, 1),
        title="2026年12月一月两学",
        items=plan_items(material, video),
    )
    return plans.plan_publish(actor=dongkou_staff, plan=draft)


def offline_course(actor, **extra):
    return courses.course_create(
        actor=actor,
        title=extra.pop("title", "2026年度代表履职能力提升培训班"),
        year=2026,
        kind="annual",
        mode=extra.pop("mode", "offline"),
        hours=extra.pop("hours", 8),
        **extra,
    )


def training_event(actor, region, *, starts=NOW - dt.timedelta(days=3), hours=3):
    return training_event_create(
        actor=actor,
        region=region,
        title="履职能力提升培训（第一讲）",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours),
        place="县委党校报告厅",
    )


def attend(actor, event, deputies, *, at=None):
    """Invite the deputies, open sign-in and sign them in by hand."""
    invitations = invitations_add(actor=actor, event=event, deputies=deputies)
    event_open(actor=actor, event=event)
    event.refresh_from_db()
    at = at or event.starts_at
    sign_in_manual(actor=actor, event=event, invitation_ids=[i.pk for i in invitations], at=at)
    return invitations

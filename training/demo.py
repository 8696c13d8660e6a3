"""Demo training: every demo county gets a learning library (documents and a video), two
courses (an annual offline course whose sessions are the county's training events from the
meetings demo, one lectured by a deputy, and a thematic online course), the 一月两学 plans of
the last four months published to its deputies with a realistic spread of progress, quiz
results and completions, their archive entries and points, and a coverage standard; the
township evaluation's open round is then recomputed, so the dashboard and the evaluation show
training coverage. Progress is written in bulk, so `make demo` stays fast."""

import datetime as dt
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, Max, OuterRef, Subquery
from django.utils import timezone

from congress import audit
from congress.demo import DEMO_COUNTIES
from congress.models import AuditLog, User
from congress.services import model_create
from evaluation.models import (
    ActivityKind,
    ArchiveEntry,
    EvaluationRound,
    Indicator,
    PointsRule,
    PointsRuleSet,
)
from evaluation.performance.points import points_recompute
from evaluation.township import scoring
from meetings.models import Event, Kind
from representatives.models import Mandate
from training import archive
from training.models import (
    Course,
    CourseSession,
    StudyAssignment,
    StudyPlan,
    StudyProgress,
)
from training.services import courses, items, materials, plans, sessions, standards

# A blank one-page PDF: what a browser opens when a deputy taps a demo document.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00\x00\x00\x08free"
DOCUMENTS = [
    ("中华人民共和国全国人民代表大会和地方各级人民代表大会代表法（2025年修正）", 20),
    ("习近平总书记关于坚持和完善人民代表大会制度的重要思想学习读本", 30),
    ("如何提出高质量的代表建议", 15),
    ("代表联络站“建管用”工作指引", 15),
    ("预算审查监督基础知识", 20),
    ("《湖南省各级人民代表大会常务委员会监督条例》解读", 20),
]
VIDEO = ("人大讲堂：代表如何密切联系群众", 25)
QUIZ = [
    {"text": "代表建议应当自交办之日起几个月内答复？", "choices": ["一个月", "三个月", "六个月"],
     "answers": [1]},
    {"text": "以下哪些属于代表闭会期间的履职活动？", "choices": ["视察", "调研", "接待选民", "代写诉状"],
     "answers": [0, 1, 2]},
]  # fmt: skip
MONTHS_BACK = 4


def _staff(code: str) -> User | None:
    return User.objects.filter(region_id=code, role="staff").order_by("pk").first()


def _library(staff: User, rng: random.Random) -> list:
    made = []
    for title, minutes in DOCUMENTS:
        made.append(
            materials.material_upload(
                actor=staff, title=title, minutes=minutes,
                file=SimpleUploadedFile(f"{title[:20]}.pdf", PDF, "application/pdf"),
            )
        )  # fmt: skip
    title, minutes = VIDEO
    made.append(
        materials.material_upload(
            actor=staff, title=title, minutes=minutes,
            file=SimpleUploadedFile("人大讲堂.mp4", MP4, "video/mp4"),
        )
    )  # fmt: skip
    return made


def _courses(code: str, staff: User, library: list, rng: random.Random, year: int) -> None:
    offline = courses.course_create(
        actor=staff, title=f"{year}年度人大代表履职能力提升培训班", year=year, kind="annual",
        mode="offline", hours=12, description="集中培训：代表法、建议撰写、联络站履职。",
    )  # fmt: skip
    events = Event.objects.filter(region_id=code, kind=Kind.TRAINING, starts_at__year=year)
    serving = list(
        Mandate.objects.filter(congress__region_id=code, status="serving").values_list(
            "deputy_id", flat=True
        )
    )
    for n, event in enumerate(events.order_by("starts_at")):
        lecturer = rng.choice(serving) if n == 0 and serving else None
        sessions.session_create(
            actor=staff, course=offline, event_id=event.pk, hours=6, lecturer_id=lecturer,
            lecturer_name="" if lecturer else "市委党校 刘教授",
            topic="代表如何写好建议" if lecturer else "人民代表大会制度与代表履职",
        )  # fmt: skip
    online = courses.course_create(
        actor=staff, title="专题培训：预算审查监督", year=year, kind="thematic", mode="online",
        hours=4, description="线上自学两讲，学完计4学时。",
    )  # fmt: skip
    for material in library[4:6]:
        material.course = online
        material.save(update_fields=["course"])
        items.item_add(actor=staff, course=online, title=material.title, material_id=material.pk,
                       min_minutes=5)  # fmt: skip


def _month_back(today: dt.date, n: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)


def _plans(code: str, name: str, staff: User, library: list, rng: random.Random) -> int:
    """Four months of plans; progress in bulk, as deputies would have left it."""
    today = timezone.localdate()
    video = library[-1]
    entries, progress = [], []
    # most deputies study every month, some seldom: coverage near but short of full
    keen = {}
    for back in range(MONTHS_BACK - 1, -1, -1):
        month = _month_back(today, back)
        first = library[(today.month - back) % 4]
        plan = plans.plan_create(
            actor=staff, month=month, title=f"{name}{month.month}月“一月两学”",
            items=[
                {"title": f"学习《{first.title[:40]}》", "material_id": first.pk,
                 "min_minutes": 10, "hours": 2},
                {"title": "观看人大讲堂并完成测试", "material_id": video.pk, "min_minutes": 0,
                 "hours": 2, "questions": QUIZ},
            ],
        )  # fmt: skip
        plans.plan_publish(actor=staff, plan=plan)
        plan_items = list(plan.items.order_by("order"))
        for assignment in StudyAssignment.objects.filter(plan=plan):
            if assignment.deputy_id not in keen:
                keen[assignment.deputy_id] = rng.random() < 0.8
            diligence = 0.85 if keen[assignment.deputy_id] else 0.2
            if back == 0:  # this month is still under way: fewer have finished
                diligence *= 0.4
            for item in plan_items:
                roll = rng.random()
                if roll > diligence + 0.15:
                    continue
                finished = roll <= diligence
                at = timezone.make_aware(
                    dt.datetime.combine(month + dt.timedelta(days=rng.randrange(0, 25)),
                                        dt.time(20, rng.randrange(60)))
                )  # fmt: skip
                at = min(at, timezone.now())
                quiz = bool(item.order == 2)
                progress.append(
                    StudyProgress(
                        item=item, deputy_id=assignment.deputy_id,
                        seconds=rng.randrange(item.min_minutes * 60 + 60, item.min_minutes * 60 + 1800),
                        last_beat_at=at, attempts=1 if quiz else 0,
                        best_score=(100 if finished else 50) if quiz else None,
                        passed=finished and quiz, finished_at=at if finished else None,
                    )
                )  # fmt: skip
                if finished:
                    entries.append(
                        ArchiveEntry(
                            deputy_id=assignment.deputy_id, kind=ActivityKind.TRAINING_HOUR,
                            occurred_on=timezone.localtime(at).date(),
                            title=f"一月两学：{item.title}（{item.hours}学时）"[:200],
                            quantity=item.hours, source=ArchiveEntry.Source.PORTAL,
                            source_key=archive.item_key(item.pk), evidence="线上学习记录",
                        )
                    )  # fmt: skip
    StudyProgress.objects.bulk_create(progress, batch_size=2000)
    ArchiveEntry.objects.bulk_create(entries, batch_size=2000, ignore_conflicts=True)
    # a deputy's month is finished when every item of it is, at the last one's time
    done = (
        StudyProgress.objects.filter(
            deputy=OuterRef("deputy"), item__plan=OuterRef("plan"), finished_at__isnull=False
        )
        .order_by()
        .values("deputy")
    )
    StudyAssignment.objects.filter(plan__region_id=code).annotate(
        n=Subquery(done.annotate(c=Count("pk")).values("c"))
    ).filter(n=StudyPlan.ITEMS).update(
        finished_at=Subquery(done.annotate(m=Max("finished_at")).values("m"))
    )
    audit.record(
        AuditLog.Action.IMPORT, model="training.StudyProgress",
        object_repr=f"demo study for {code}: {len(progress)} progress rows, {len(entries)} hours",
    )  # fmt: skip
    return len(entries)


def _rules(code: str, years: set[int]) -> None:
    """The county's points rules count training hours and lectures too, then recompute."""
    for rule_set in PointsRuleSet.objects.filter(region_id=code, year__in=years):
        have = set(PointsRule.objects.filter(rule_set=rule_set).values_list("kind", flat=True))
        for kind, points, cap in (("training_hour", "0.5", "6"), ("lecture", "3", "9")):
            if kind not in have:
                model_create(
                    PointsRule(rule_set=rule_set, kind=kind, points=Decimal(points),
                               cap=Decimal(cap), period="year")
                )  # fmt: skip
        points_recompute(rule_set=rule_set)


def _recompute_rounds() -> None:
    """Open rounds with a training-coverage indicator take the new figures."""
    with_training = Indicator.objects.filter(measure="training_coverage").values("aspect__system")
    for round_ in EvaluationRound.objects.filter(
        status=EvaluationRound.Status.OPEN, system__in=with_training
    ):
        staff = _staff(round_.region_id)
        if staff is not None:
            scoring.round_compute(actor=staff, round_=round_)


def seed(stdout=None) -> list:
    year = timezone.localdate().year
    done = 0
    for code, name in DEMO_COUNTIES.items():
        staff = _staff(code)
        if staff is None or Course.objects.filter(region_id=code).exists():
            continue
        rng = random.Random(int(code) + 12)
        library = _library(staff, rng)
        _courses(code, staff, library, rng, year)
        done += _plans(code, name, staff, library, rng)
        standards.coverage_standard_set(actor=staff, region=code, min_hours=8)
        today = timezone.localdate()
        _rules(code, {_month_back(today, n).year for n in range(MONTHS_BACK)})
    if done:
        _recompute_rounds()
    if stdout:
        sessions_count = CourseSession.objects.count()
        stdout.write(f"  training: {done} study hours entered, {sessions_count} course sessions")
    return []

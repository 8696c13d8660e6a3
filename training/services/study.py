"""A deputy's study: time spent (heartbeats from the page while the material is open, each
bounded by the time since the last one), the quiz (scored here, never by the client), and
finishing an item, which enters the archive at once: a plan item with its hours, and the last
item of an online course with the course's hours."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.env import envint
from congress.errors import TransitionError, invalid
from congress.services import model_create, model_update
from evaluation.models import ActivityKind
from representatives.models import Deputy
from training import archive
from training.models import Course, QuizAttempt, StudyAssignment, StudyItem, StudyProgress

# The page reports every 30 s; a beat counts at most this many seconds, and never more than
# has passed since the previous one (plus a little for the network), so a script that posts
# a thousand beats at once gains nothing.
BEAT_MAX_SECONDS = envint("TRAINING_BEAT_MAX_SECONDS", 60)
BEAT_SLACK_SECONDS = 5


def _progress(deputy: Deputy, item: StudyItem) -> StudyProgress:
    """The deputy's progress row of the item, locked (created on first use)."""
    progress = StudyProgress.objects.select_for_update().filter(item=item, deputy=deputy).first()
    if progress is None:
        StudyProgress.objects.bulk_create(
            [StudyProgress(item=item, deputy=deputy)], ignore_conflicts=True
        )
        progress = StudyProgress.objects.select_for_update().get(item=item, deputy=deputy)
        audit.created(progress)
    return progress


@transaction.atomic
def study_heartbeat(*, deputy: Deputy, item: StudyItem, seconds: int) -> StudyProgress:
    """Credit time spent on an item: at most BEAT_MAX_SECONDS, and at most the time since the
    previous beat. Time after finishing is still recorded (the deputy may review)."""
    if not 1 <= seconds <= BEAT_MAX_SECONDS:
        raise invalid(
            "seconds", _("每次上报的学习时长应在 1 到 %(n)d 秒之间。") % {"n": BEAT_MAX_SECONDS}
        )
    progress = _progress(deputy, item)
    now = timezone.now()
    credit = seconds
    if progress.last_beat_at is not None:
        elapsed = int((now - progress.last_beat_at).total_seconds()) + BEAT_SLACK_SECONDS
        credit = max(0, min(seconds, elapsed))
    # Bookkeeping columns only (congress.audit.UNAUDITED_FIELDS): a beat is not an audited change.
    StudyProgress.objects.filter(pk=progress.pk).update(
        seconds=F("seconds") + credit, last_beat_at=now
    )
    progress.refresh_from_db(fields=["seconds", "last_beat_at"])
    return progress


def quiz_score(item: StudyItem, answers: list[list[int]]) -> int:
    """The score out of 100: a question counts when exactly its right choices are chosen."""
    questions = list(item.questions.all())
    if len(answers) != len(questions):
        raise invalid("answers", _("请回答全部 %(n)d 道题。") % {"n": len(questions)})
    errors, right = {}, 0
    for i, (question, given) in enumerate(zip(questions, answers, strict=True)):
        chosen = set(given)
        if not chosen or any(not 0 <= c < len(question.choices) for c in chosen):
            errors[f"answers[{i}]"] = [_("请从该题的选项中作答。")]
        elif not question.multiple and len(chosen) > 1:
            errors[f"answers[{i}]"] = [_("该题为单选题。")]
        right += chosen == set(question.answers)
    if errors:
        raise invalid(errors, summary=_("作答有误："))
    return round(right * 100 / len(questions))


def _minutes_met(item: StudyItem, progress: StudyProgress) -> bool:
    return progress.seconds >= item.min_minutes * 60


@transaction.atomic
def quiz_submit(*, deputy: Deputy, item: StudyItem, answers: list[list[int]]) -> QuizAttempt:
    """Score the answers; passing finishes the item when its study time is met."""
    if not item.questions.exists():
        raise TransitionError(_("该学习内容没有设置测试题。"))
    progress = _progress(deputy, item)
    score = quiz_score(item, answers)
    passed = score >= item.pass_mark
    attempt = model_create(
        QuizAttempt(progress=progress, answers=answers, score=score, passed=passed)
    )
    data = {
        "attempts": progress.attempts + 1,
        "best_score": max(score, progress.best_score or 0),
        "passed": progress.passed or passed,
    }
    model_update(instance=progress, fields=list(data), data=data)
    if data["passed"] and progress.finished_at is None and _minutes_met(item, progress):
        _finish(deputy, item, progress)
    return attempt


@transaction.atomic
def study_finish(*, deputy: Deputy, item: StudyItem) -> StudyProgress:
    """The deputy marks an item studied: its time must be met and its quiz, if any, passed."""
    progress = _progress(deputy, item)
    if progress.finished_at is not None:
        return progress
    if not _minutes_met(item, progress):
        raise TransitionError(_("学习时长未满 %(n)d 分钟，请继续学习。") % {"n": item.min_minutes})
    if item.questions.exists() and not progress.passed:
        raise TransitionError(_("请先通过本项测试（%(n)d 分及格）。") % {"n": item.pass_mark})
    _finish(deputy, item, progress)
    return progress


def _finish(deputy: Deputy, item: StudyItem, progress: StudyProgress) -> None:
    now = timezone.now()
    model_update(instance=progress, fields=["finished_at"], data={"finished_at": now})
    today = timezone.localdate()
    if item.plan_id:
        archive.entry_put(
            deputy_id=deputy.pk,
            key=archive.item_key(item.pk),
            kind=ActivityKind.TRAINING_HOUR,
            occurred_on=today,
            title=_("一月两学：%(t)s（%(h)d学时）") % {"t": item.title, "h": item.hours},
            quantity=item.hours,
            evidence=_("线上学习记录"),
        )
        _assignment_check(deputy, item)
    else:
        course_completion_check(deputy=deputy, course=item.course)


def _assignment_check(deputy: Deputy, item: StudyItem) -> None:
    assignment = (
        StudyAssignment.objects.select_for_update()
        .filter(plan_id=item.plan_id, deputy=deputy, finished_at__isnull=True)
        .first()
    )
    if assignment is None:
        return
    items = set(item.plan.items.values_list("pk", flat=True))
    done = set(
        StudyProgress.objects.filter(
            deputy=deputy, item_id__in=items, finished_at__isnull=False
        ).values_list("item_id", flat=True)
    )
    if items <= done:
        model_update(
            instance=assignment, fields=["finished_at"], data={"finished_at": timezone.now()}
        )


def course_completion_check(*, deputy: Deputy, course: Course) -> bool:
    """An open online course whose every item the deputy has finished enters the archive with
    the course's hours (dated the day the last item was finished); one that no longer is
    finished (an item added) keeps what it earned."""
    items = list(course.items.values_list("pk", flat=True))
    finished = StudyProgress.objects.filter(
        deputy=deputy, item_id__in=items, finished_at__isnull=False
    )
    if course.is_cancelled or not items or finished.count() < len(items):
        return False
    last = max(finished.values_list("finished_at", flat=True))
    archive.entry_put(
        deputy_id=deputy.pk,
        key=archive.course_key(course.pk),
        kind=ActivityKind.TRAINING_HOUR,
        occurred_on=timezone.localtime(last).date(),
        title=_("线上培训：%(t)s（%(h)d学时）") % {"t": course.title, "h": course.hours},
        quantity=course.hours,
        evidence=_("线上学习记录"),
    )
    return True

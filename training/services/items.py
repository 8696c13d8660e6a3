"""Study items of a plan or an online course, with their quiz questions. A published plan's
items are fixed (the deputies are studying them); an online course's items may change while
the course is open, but one that someone has studied stays."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from congress.errors import TransitionError, invalid
from congress.models import User
from congress.services import model_create, model_delete, model_update
from training.models import Course, Material, Question, StudyItem, StudyPlan
from training.selectors import region_q
from training.services.common import require_manage

MAX_QUESTIONS = 20
MAX_CHOICES = 6


def _material(actor: User, material_id, field: str = "material") -> Material:
    q = region_q(actor)
    material = Material.objects.filter(q, pk=material_id).first() if q is not None else None
    if material is None:
        raise invalid(field, _("所选的资料不存在，或您无权查看。"))
    return material


def questions_build(questions: list[dict], *, field: str = "questions") -> list[Question]:
    """Checked questions (not saved): 2-6 non-empty choices, at least one right answer among
    them; a 400 naming each bad question."""
    if len(questions) > MAX_QUESTIONS:
        raise invalid(field, _("最多 %(n)d 道测试题。") % {"n": MAX_QUESTIONS})
    errors, built = {}, []
    for i, data in enumerate(questions):
        text = (data.get("text") or "").strip()
        choices = [str(c).strip() for c in data.get("choices") or []]
        answers = sorted(set(data.get("answers") or []))
        where = f"{field}[{i}]"
        if not text:
            errors[f"{where}.text"] = [_("请填写题目。")]
        if not 2 <= len(choices) <= MAX_CHOICES or not all(choices):
            errors[f"{where}.choices"] = [_("每题须有 2 到 6 个不为空的选项。")]
        elif not answers or any(not 0 <= a < len(choices) for a in answers):
            errors[f"{where}.answers"] = [_("请从选项中选出正确答案。")]
        built.append(Question(order=i + 1, text=text[:300], choices=choices, answers=answers))
    if errors:
        raise invalid(errors, summary=_("测试题有误："))
    return built


def _check_editable(item_owner: StudyPlan | Course) -> None:
    if isinstance(item_owner, StudyPlan) and item_owner.is_published:
        raise TransitionError(_("学习计划已发布，学习内容不能再修改；请先撤回发布。"))
    if isinstance(item_owner, Course) and item_owner.is_cancelled:
        raise TransitionError(_("课程已取消，不能修改。"))


def _lock_owner(plan: StudyPlan | None, course: Course | None):
    if plan is not None:
        return StudyPlan.objects.select_for_update().get(pk=plan.pk)
    return Course.objects.select_for_update().get(pk=course.pk)


@transaction.atomic
def item_add(
    *,
    actor: User,
    plan: StudyPlan | None = None,
    course: Course | None = None,
    title: str,
    material_id: int,
    min_minutes: int = 0,
    hours: int = 1,
    pass_mark: int = 60,
    questions: list[dict] | None = None,
) -> StudyItem:
    """An item at the end of a draft plan (two at most: 一月两学) or of an open online course."""
    owner = _lock_owner(plan, course)
    require_manage(actor, owner.region_id)
    _check_editable(owner)
    material = _material(actor, material_id)
    if isinstance(owner, StudyPlan):
        if owner.items.count() >= StudyPlan.ITEMS:
            raise invalid("plan", _("每月学习计划为两项学习内容，已满两项。"))
        if hours < 1:
            raise invalid("hours", _("学习计划的每项内容至少计 1 学时。"))
    else:
        if owner.mode != Course.Mode.ONLINE:
            raise invalid("course", _("只有线上课程可以添加学习内容。"))
        hours = 0  # the course's hours are earned when the whole course is finished
    built = questions_build(questions or [])
    order = (owner.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = StudyItem(
        plan=owner if isinstance(owner, StudyPlan) else None,
        course=owner if isinstance(owner, Course) else None,
        order=order,
        title=title.strip(),
        material=material,
        min_minutes=min_minutes,
        hours=hours,
        pass_mark=pass_mark,
    )
    model_create(item, validate=True)
    for question in built:
        question.item = item
        model_create(question)
    return item


ITEM_FIELDS = ["title", "material", "min_minutes", "hours", "pass_mark"]


@transaction.atomic
def item_update(
    *, actor: User, item: StudyItem, questions: list[dict] | None = None, **changes
) -> StudyItem:
    """Change an item of a draft plan or an open course (questions, when given, are replaced)."""
    item = StudyItem.objects.select_for_update().get(pk=item.pk)
    owner = item.plan or item.course
    require_manage(actor, owner.region_id)
    _check_editable(owner)
    data = {k: v for k, v in changes.items() if k in ITEM_FIELDS and v is not None}
    if "material" in data:
        data["material"] = _material(actor, data["material"])
    if item.course_id:
        data.pop("hours", None)
    elif "hours" in data and data["hours"] < 1:
        raise invalid("hours", _("学习计划的每项内容至少计 1 学时。"))
    built = questions_build(questions) if questions is not None else None
    item, _changed = model_update(instance=item, fields=list(data), data=data)
    if built is not None:
        for old in item.questions.all():
            model_delete(old)
        for question in built:
            question.item = item
            model_create(question)
    return item


@transaction.atomic
def item_remove(*, actor: User, item: StudyItem) -> None:
    item = StudyItem.objects.select_for_update().get(pk=item.pk)
    owner = item.plan or item.course
    require_manage(actor, owner.region_id)
    _check_editable(owner)
    if item.progress.filter(finished_at__isnull=False).exists():
        raise TransitionError(_("已有代表学完该内容，不能删除。"))
    model_delete(item)

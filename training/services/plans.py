"""一月两学: a region's staff draft the month's two study items, publish them to the serving
deputies of their subtree (each deputy gets one plan a month: the most specific region's), and
may withdraw a published plan, which takes its items' hours back out of the archive."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import ApplicationError, TransitionError, invalid
from congress.models import AuditLog, User
from congress.services import model_create, model_delete, model_update
from training import archive
from training.figures import serving_deputies
from training.models import StudyAssignment, StudyPlan
from training.services.common import managed_region, require_manage
from training.services.items import item_add


def _first_day(month: dt.date) -> dt.date:
    return dt.date(month.year, month.month, 1)


@transaction.atomic
def plan_create(
    *,
    actor: User,
    month: dt.date,
    title: str,
    region: str | None = None,
    items: list[dict] | None = None,
) -> StudyPlan:
    """A draft plan of a month for the actor's region (or one below it), with up to two items."""
    owner = managed_region(actor, region)
    month = _first_day(month)
    if StudyPlan.objects.filter(region=owner, month=month).exists():
        raise invalid("month", _("该地区本月已有学习计划。"))
    if len(items or []) > StudyPlan.ITEMS:
        raise invalid("items", _("每月学习计划为两项学习内容。"))
    plan = model_create(
        StudyPlan(region=owner, month=month, title=title.strip(), created_by=actor),
        validate=True,
    )
    for i, data in enumerate(items or []):
        try:
            item_add(actor=actor, plan=plan, **data)
        except ApplicationError as exc:  # named by the item it is about
            if exc.status != 400:
                raise
            raise invalid(
                {f"items[{i}].{name}": messages for name, messages in exc.fields.items()}
            ) from exc
    return plan


def _locked(plan: StudyPlan, actor: User) -> StudyPlan:
    plan = StudyPlan.objects.select_for_update().select_related("region").get(pk=plan.pk)
    require_manage(actor, plan.region_id)
    return plan


@transaction.atomic
def plan_update(*, actor: User, plan: StudyPlan, title: str) -> StudyPlan:
    plan = _locked(plan, actor)
    plan, _changed = model_update(instance=plan, fields=["title"], data={"title": title.strip()})
    return plan


@transaction.atomic
def plan_delete(*, actor: User, plan: StudyPlan) -> None:
    plan = _locked(plan, actor)
    if plan.is_published:
        raise TransitionError(_("已发布的学习计划不能删除，请先撤回发布。"))
    model_delete(plan)


def _assign(plan: StudyPlan) -> int:
    """Give the plan to the serving deputies of its subtree who are not under a more specific
    published plan of the month; those still studying a wider region's plan move to this one
    (what they finished stays with the plan they finished)."""
    narrower = list(
        StudyPlan.objects.filter(
            month=plan.month,
            published_at__isnull=False,
            region__code__startswith=plan.region_id,
        )
        .exclude(pk=plan.pk)
        .values_list("region_id", flat=True)
    )
    deputies = serving_deputies(plan.month.year).filter(region__code__startswith=plan.region_id)
    for code in narrower:
        deputies = deputies.exclude(region__code__startswith=code)
    ids = set(deputies.values_list("pk", flat=True))
    mine = StudyAssignment.objects.filter(month=plan.month, deputy_id__in=ids)
    moved = mine.exclude(plan=plan).filter(finished_at__isnull=True).update(plan=plan)
    have = set(mine.values_list("deputy_id", flat=True))
    new = [StudyAssignment(plan=plan, deputy_id=pk, month=plan.month) for pk in ids - have]
    StudyAssignment.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    if new or moved:
        audit.record(
            AuditLog.Action.CREATE,
            model="training.StudyAssignment",
            object_pk=plan.pk,
            object_repr=f"{plan}: {len(new)} assigned, {moved} moved from a wider plan",
        )
    return len(new) + moved


@transaction.atomic
def plan_publish(*, actor: User, plan: StudyPlan) -> StudyPlan:
    """Publish a draft plan of two items to the deputies of its region."""
    plan = _locked(plan, actor)
    if plan.is_published:
        raise TransitionError(_("该学习计划已发布。"))
    if plan.items.count() != StudyPlan.ITEMS:
        raise TransitionError(_("每月学习计划须有两项学习内容才能发布。"))
    model_update(instance=plan, fields=["published_at"], data={"published_at": timezone.now()})
    _assign(plan)
    return plan


@transaction.atomic
def plan_withdraw(*, actor: User, plan: StudyPlan) -> StudyPlan:
    """Take a published plan back: its assignments go, the hours its items earned leave the
    archive (points follow), and its deputies return to a wider region's plan of the month."""
    plan = _locked(plan, actor)
    if not plan.is_published:
        raise TransitionError(_("该学习计划尚未发布。"))
    archive.entries_drop(
        keys=[archive.item_key(pk) for pk in plan.items.values_list("pk", flat=True)]
    )
    removed, _counts = StudyAssignment.objects.filter(plan=plan).delete()
    if removed:
        audit.record(
            AuditLog.Action.DELETE,
            model="training.StudyAssignment",
            object_pk=plan.pk,
            object_repr=f"{plan}: {removed} assignments withdrawn",
        )
    model_update(instance=plan, fields=["published_at"], data={"published_at": None})
    wider = [plan.region_id[:n] for n in (2, 4, 6, 9) if n < len(plan.region_id)]
    parent = (
        StudyPlan.objects.filter(month=plan.month, published_at__isnull=False, region_id__in=wider)
        .order_by("-region_id")
        .first()
    )
    if parent is not None:
        _assign(parent)
    return plan

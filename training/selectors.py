"""Reads of training, scoped through congress.scope. Staff and supervisors see the courses,
materials and plans of their region's subtree and of the regions above it (a city's course is
for its counties' deputies too); deputies see those of their own region and above it, and their
own progress. Anything else is a 404."""

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from congress.models import Role, User
from congress.scope import region_prefix
from meetings.figures import CAME
from meetings.models import Event, Invitation
from representatives.models import Deputy
from training.models import (
    Audience,
    Course,
    Material,
    StudyAssignment,
    StudyItem,
    StudyPlan,
    StudyProgress,
)

NOT_FOUND = _("未找到该记录，或您无权查看。")


def _ancestors(code: str) -> list[str]:
    return [code[:n] for n in (2, 4, 6, 9) if n < len(code)]


# 乡镇人大主席 are deputies whose post says so (the register's 职务).
CHAIR_POST = "人大主席"


def audience_of(deputy: Deputy) -> list[str]:
    """The audiences a deputy belongs to: every deputy; a township congress chair also theirs."""
    if CHAIR_POST in (deputy.post or ""):
        return [Audience.DEPUTIES, Audience.TOWNSHIP_CHAIRS]
    return [Audience.DEPUTIES]


def viewer_deputy(viewer: User) -> Deputy | None:
    """The deputy behind a deputy's account (None for every other account)."""
    if not viewer.is_authenticated or viewer.role != Role.DEPUTY:
        return None
    return Deputy.objects.filter(user=viewer).select_related("region").first()


def deputy_or_404(viewer: User) -> Deputy:
    deputy = viewer_deputy(viewer)
    if deputy is None:
        raise Http404(_("您的账号未关联代表信息。"))
    return deputy


def region_q(viewer: User, path: str = "region") -> Q | None:
    """What a viewer may read, by a region path: their subtree and the regions above it (staff,
    supervisors), the deputy's region and above it (deputies), everything (admin)."""
    prefix = region_prefix(viewer)
    if prefix == "":
        return Q()
    if prefix is not None:
        return Q(**{f"{path}__code__startswith": prefix}) | Q(
            **{f"{path}_id__in": _ancestors(prefix)}
        )
    deputy = viewer_deputy(viewer)
    if deputy is not None:
        return Q(**{f"{path}_id__in": [*_ancestors(deputy.region_id), deputy.region_id]})
    return None


def manage_q(viewer: User, path: str = "region") -> Q | None:
    """What a viewer may change: their own subtree only."""
    prefix = region_prefix(viewer)
    if prefix is None:
        return None
    return Q() if prefix == "" else Q(**{f"{path}__code__startswith": prefix})


def _scoped(qs: QuerySet, q: Q | None) -> QuerySet:
    return qs.none() if q is None else qs.filter(q)


def course_list(
    *,
    viewer: User,
    year: int | None = None,
    region: str = "",
    mode: str = "",
    kind: str = "",
    audience: str = "",
    status: str = "",
) -> QuerySet[Course]:
    qs = _scoped(Course.objects.select_related("region"), region_q(viewer))
    if year:
        qs = qs.filter(year=year)
    if region:
        qs = qs.filter(region__code__startswith=region)
    for name, value in (("mode", mode), ("kind", kind), ("audience", audience), ("status", status)):
        if value:
            qs = qs.filter(**{name: value})
    return qs.annotate(
        item_count=Count("items", distinct=True), material_count=Count("materials", distinct=True)
    ).order_by("-year", "region_id", "-id")


def course_get(*, viewer: User, pk: int, manage: bool = False) -> Course:
    q = manage_q(viewer) if manage else region_q(viewer)
    course = _scoped(Course.objects.select_related("region"), q).filter(pk=pk).first()
    if course is None:
        raise Http404(NOT_FOUND)
    return course


def material_list(
    *, viewer: User, course: int | None = None, kind: str = "", region: str = ""
) -> QuerySet[Material]:
    qs = _scoped(Material.objects.select_related("region", "course"), region_q(viewer))
    if course:
        qs = qs.filter(course_id=course)
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region__code__startswith=region)
    return qs.order_by("-id")


def material_get(*, viewer: User, pk: int, manage: bool = False) -> Material:
    q = manage_q(viewer) if manage else region_q(viewer)
    material = _scoped(Material.objects.select_related("region"), q).filter(pk=pk).first()
    if material is None:
        raise Http404(NOT_FOUND)
    return material


def _items_prefetch() -> Prefetch:
    return Prefetch(
        "items",
        queryset=StudyItem.objects.select_related("material", "material__region")
        .prefetch_related("questions")
        .annotate(question_count=Count("questions"))
        .order_by("order"),
    )


def plan_list(
    *, viewer: User, year: int | None = None, month=None, region: str = ""
) -> QuerySet[StudyPlan]:
    qs = _scoped(StudyPlan.objects.select_related("region"), region_q(viewer))
    if year:
        qs = qs.filter(month__year=year)
    if month:
        qs = qs.filter(month=month)
    if region:
        qs = qs.filter(region__code__startswith=region)
    return qs.prefetch_related(_items_prefetch()).annotate(
        assigned=Count("assignments", distinct=True),
        finished=Count("assignments", filter=Q(assignments__finished_at__isnull=False), distinct=True),
    ).order_by("-month", "region_id")  # fmt: skip


def plan_get(*, viewer: User, pk: int, manage: bool = False) -> StudyPlan:
    q = manage_q(viewer) if manage else region_q(viewer)
    plan = (
        _scoped(StudyPlan.objects.select_related("region"), q)
        .prefetch_related(_items_prefetch())
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404(NOT_FOUND)
    return plan


def item_get(*, viewer: User, pk: int, manage: bool = False) -> StudyItem:
    """An item of a plan or course the viewer may read (or change, with manage)."""
    q = manage_q if manage else region_q
    plan_q, course_q = q(viewer, "plan__region"), q(viewer, "course__region")
    if plan_q is None:
        raise Http404(NOT_FOUND)
    item = (
        StudyItem.objects.select_related("plan", "course", "material")
        .filter((Q(plan__isnull=False) & plan_q) | (Q(course__isnull=False) & course_q))
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404(NOT_FOUND)
    return item


def plan_progress(*, viewer: User, plan: StudyPlan) -> QuerySet[StudyAssignment]:
    """The deputies a plan is assigned to, with their completion: staff of the plan's region
    see all of them; staff of a region below it see their own subtree's."""
    qs = StudyAssignment.objects.filter(plan=plan).select_related("deputy", "deputy__region")
    prefix = region_prefix(viewer)
    if prefix:
        qs = qs.filter(deputy__region__code__startswith=prefix)
    return qs.order_by("finished_at", "deputy__region_id", "deputy_id")


# --- the deputy's own --------------------------------------------------------------------


def my_assignment(*, deputy: Deputy, month) -> StudyAssignment | None:
    return (
        StudyAssignment.objects.filter(deputy=deputy, month=month)
        .select_related("plan", "plan__region")
        .prefetch_related(Prefetch("plan__items", queryset=_my_items()))
        .first()
    )


def _my_items() -> QuerySet[StudyItem]:
    return (
        StudyItem.objects.select_related("material", "material__region")
        .prefetch_related("questions")
        .order_by("order")
    )


def my_progress(*, deputy: Deputy, item_ids) -> dict[int, StudyProgress]:
    return {p.item_id: p for p in StudyProgress.objects.filter(deputy=deputy, item_id__in=item_ids)}


def my_item(*, deputy: Deputy, pk: int) -> StudyItem:
    """An item the deputy may study: of a plan assigned to them, or of an open online course
    for their region (or above it) and their audience."""
    item = _my_items().select_related("plan", "course").filter(pk=pk).first()
    if item is None:
        raise Http404(NOT_FOUND)
    if item.plan_id:
        if not StudyAssignment.objects.filter(plan_id=item.plan_id, deputy=deputy).exists():
            raise Http404(NOT_FOUND)
    elif not my_courses(deputy=deputy).filter(pk=item.course_id).exists():
        raise Http404(NOT_FOUND)
    return item


def my_courses(*, deputy: Deputy, year: int | None = None) -> QuerySet[Course]:
    """Open online courses of the deputy's region and above, for their audience."""
    qs = Course.objects.filter(
        region_id__in=[*_ancestors(deputy.region_id), deputy.region_id],
        mode=Course.Mode.ONLINE,
        status=Course.Status.OPEN,
        audience__in=audience_of(deputy),
    ).select_related("region")
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-id")


def course_learners(*, viewer: User, course: Course) -> QuerySet[Deputy]:
    """Deputies who studied an online course or were invited to an offline course's sessions
    (those of the viewer's subtree when it lies below the course's region), with what they
    finished, the sessions they came to and the hours those earned."""
    progress = StudyProgress.objects.filter(item__course=course)
    invited = Invitation.objects.filter(event__course_session__course=course).exclude(
        event__status=Event.Status.CANCELLED
    )
    came = invited.filter(attendance__in=CAME, deputy=OuterRef("pk")).order_by().values("deputy")
    finished = (
        progress.filter(deputy=OuterRef("pk"), finished_at__isnull=False)
        .order_by()
        .values("deputy")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = Deputy.objects.filter(
        Q(pk__in=progress.values("deputy")) | Q(pk__in=invited.values("deputy"))
    )
    prefix = region_prefix(viewer)
    if prefix:
        qs = qs.filter(region__code__startswith=prefix)
    return (
        qs.select_related("region")
        .annotate(
            items_finished=Coalesce(Subquery(finished), 0),
            sessions_attended=Coalesce(Subquery(came.annotate(n=Count("pk")).values("n")), 0),
            session_hours=Coalesce(
                Subquery(came.annotate(h=Sum("event__course_session__hours")).values("h")), 0
            ),
        )
        .order_by("region_id", "name", "id")
    )

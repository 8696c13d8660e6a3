"""Reads of supervision, scoped in one place: staff and leaders see the projects organised in
their region's subtree (township staff their township's part of a joint topic), the supervised
body (its unit accounts and the officials bound to it) the projects and 整改 that concern it, a
deputy the projects they take part in; anything else is a 404."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from congress.models import Role, User
from congress.scope import region_prefix, scope_q
from supervision.models import (
    Commitment,
    Document,
    Project,
    ProjectDeputy,
    Question,
    Rectification,
    Report,
)


def _body_unit(viewer: User) -> int | None:
    if viewer.is_authenticated and viewer.role in (Role.HANDLING_UNIT, Role.OFFICIAL):
        return viewer.handling_unit_id
    return None


def project_scope_q(viewer: User, prefix: str = "") -> Q | None:
    """`prefix` is the path from the queried model to the project ("" for Project itself)."""
    if not viewer.is_authenticated or not viewer.is_active:
        return None
    if region_prefix(viewer) is not None:
        return scope_q(viewer, region=f"{prefix}region__code")
    if unit := _body_unit(viewer):
        return Q(**{f"{prefix}unit_id": unit})
    if viewer.role == Role.DEPUTY:
        took_part = ProjectDeputy.objects.filter(deputy__user=viewer).values("project_id")
        asked = Question.objects.filter(deputy__user=viewer).values("project_id")
        return Q(**{f"{prefix}pk__in": took_part}) | Q(**{f"{prefix}pk__in": asked})
    return None


def projects_visible(viewer: User) -> QuerySet[Project]:
    q = project_scope_q(viewer)
    return Project.objects.none() if q is None else Project.objects.filter(q)


def project_get(*, viewer: User, pk: int) -> Project:
    project = (
        projects_visible(viewer)
        .select_related("region", "unit", "parent", "created_by")
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise Http404(_("未找到该监督项目，或您无权查看。"))
    return project


def project_list(
    *,
    viewer: User,
    year: int | None = None,
    status: str = "",
    form: str = "",
    committee: str = "",
    unit: int | None = None,
    region: str = "",
    joint: bool | None = None,
    top: bool = False,
    q: str = "",
) -> QuerySet[Project]:
    """The plan: projects filtered; a joint topic's townships are counted on the topic."""
    qs = projects_visible(viewer)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if form:
        # JSON containment is not on SQLite: the list of forms is short and its values are ours
        qs = qs.filter(forms__icontains=f'"{form}"')
    if committee:
        qs = qs.filter(committee=committee)
    if unit:
        qs = qs.filter(unit_id=unit)
    if region:
        qs = qs.filter(region__code__startswith=region)
    if joint is not None:
        qs = qs.filter(joint=joint)
    if top:
        qs = qs.filter(parent__isnull=True)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(unit__name__icontains=q))
    return (
        qs.select_related("region", "unit", "parent")
        .annotate(township_count=Count("children", distinct=True))
        .order_by("-year", "region_id", "id")
    )


def children_progress(project: Project) -> list[Project]:
    """Each township's part of a joint topic, with its stage."""
    return list(project.children.select_related("region", "unit").order_by("region_id"))


def documents_of(project: Project) -> QuerySet[Document]:
    return project.documents.select_related("uploaded_by").order_by("uploaded_at", "id")


def document_get(*, viewer: User, pk: int) -> Document:
    document = (
        Document.objects.filter(pk=pk, project__in=projects_visible(viewer))
        .select_related("project")
        .first()
    )
    if document is None:
        raise Http404(_("未找到该材料，或您无权查看。"))
    return document


def rectifications_visible(viewer: User) -> QuerySet[Rectification]:
    if unit := _body_unit(viewer):
        return Rectification.objects.filter(unit_id=unit)
    q = project_scope_q(viewer, "project__")
    return Rectification.objects.none() if q is None else Rectification.objects.filter(q)


def rectification_get(*, viewer: User, pk: int) -> Rectification:
    found = (
        rectifications_visible(viewer)
        .select_related("project", "project__region", "unit")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404(_("未找到该整改事项，或您无权查看。"))
    return found


def rectification_list(*, viewer: User, status: str = "", year: int | None = None):
    qs = rectifications_visible(viewer)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(project__year=year)
    return qs.select_related("project", "project__region", "unit").order_by("-sent_at", "-id")


def reports_of(rectification: Rectification) -> QuerySet[Report]:
    return rectification.reports.select_related(
        "submitted_by", "rated_by", "ballot_item__ballot"
    ).order_by("round")


def report_get(*, viewer: User, pk: int) -> Report:
    report = (
        Report.objects.filter(pk=pk, rectification__in=rectifications_visible(viewer))
        .select_related("rectification")
        .first()
    )
    if report is None:
        raise Http404(_("未找到该整改报告，或您无权查看。"))
    return report


def questions_of(project: Project) -> list[Question]:
    return list(
        project.questions.select_related("deputy", "answerer")
        .prefetch_related("commitments")
        .order_by("asked_at", "id")
    )


def question_get(*, viewer: User, pk: int) -> Question:
    question = (
        Question.objects.filter(pk=pk, project__in=projects_visible(viewer))
        .select_related("project")
        .first()
    )
    if question is None:
        raise Http404(_("未找到该询问问题，或您无权查看。"))
    return question


def commitments_visible(viewer: User) -> QuerySet[Commitment]:
    return Commitment.objects.filter(question__project__in=projects_visible(viewer))


def commitment_get(*, viewer: User, pk: int) -> Commitment:
    found = (
        commitments_visible(viewer)
        .select_related("question", "question__project")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404(_("未找到该承诺事项，或您无权查看。"))
    return found


def commitment_list(*, viewer: User, status: str = "") -> QuerySet[Commitment]:
    qs = commitments_visible(viewer)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("question", "question__project").order_by("due_date", "id")


def my_projects(*, viewer: User) -> QuerySet[Project]:
    """A deputy's own: the projects they take part in or asked a question in."""
    deputy = getattr(viewer, "deputy", None) if viewer.role == Role.DEPUTY else None
    if deputy is None:
        return Project.objects.none()
    took_part = ProjectDeputy.objects.filter(project=OuterRef("pk"), deputy=deputy)
    asked = Question.objects.filter(project=OuterRef("pk"), deputy=deputy)
    return (
        Project.objects.filter(Q(Exists(took_part)) | Q(Exists(asked)))
        .select_related("region", "unit", "parent")
        .order_by("-year", "-id")
    )

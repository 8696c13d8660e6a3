"""What every supervision service shares: lock and check a row against its table, record a
step of the project's timeline, and the people a notice goes to."""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.models import Role, User
from congress.notifications import notify
from congress.services import model_create
from supervision import workflow
from supervision.models import Project, Rectification, Step

KIND = "supervision"
# Timeline steps that are not rows of the project's table.
LABELS = {"create": _("列入监督计划"), "check_commitment": _("核实承诺事项")}


def project_link(project: Project) -> str:
    return f"/supervision/{project.pk}/"


def rectification_link(rectification: Rectification) -> str:
    return f"/supervision/rectifications/?open={rectification.pk}"


def project_locked(project: Project, action: str, actor: User | None) -> Project:
    """Lock the project row, then check the table (403 actor, 409 stage)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    workflow.PROJECT.check(project.status, action, workflow.roles(project, actor))
    return project


def step(project: Project, *, action: str, actor: User | None, before: str = "", note: str = ""):
    """One line of the timeline; `before` is the stage the project left (when it moved)."""
    table = workflow.PROJECT.by_action
    label = table[action].label if action in table else LABELS.get(action, action)
    return model_create(
        Step(project=project, action=action, label=str(label)[:60], from_status=before,
             to_status=project.status if before else "", actor=actor,
             actor_name=actor.display_name if actor else "", at=timezone.now(), note=note)
    )  # fmt: skip


def body_users(unit_id: int | None) -> QuerySet[User]:
    return User.objects.filter(
        role__in=[Role.HANDLING_UNIT, Role.OFFICIAL], handling_unit_id=unit_id, is_active=True
    )


def staff_of(project: Project) -> QuerySet[User]:
    return User.objects.filter(role=Role.STAFF, region_id=project.region_id, is_active=True)


def tell(recipients, *, title: str, body: str = "", link: str = "") -> None:
    notify(recipients=list(recipients), title=title, body=body, link=link, kind=KIND)

"""A project's plan and its stages: create and edit a topic, move it through research and the
hearing to its close, the deputies and activities involved, the townships of a joint topic
(each a child project with its own stages) and the documents of each stage."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import invalid
from congress.models import HandlingUnit, Region, User
from congress.services import model_create, model_delete, model_update
from meetings.files import document_type
from meetings.models import Event
from representatives.models import Deputy
from supervision import workflow
from supervision.models import Document, Project, ProjectDeputy, ProjectEvent
from supervision.services.common import project_locked, step

EDITABLE = ["title", "forms", "unit", "committee", "description", "joint", "planned_on", "year"]
MOVES = {"research", "hearing", "close"}


def _check_unit(region: Region, unit: HandlingUnit | None) -> None:
    if unit is not None and not region.code.startswith(unit.region_id):
        raise invalid("unit", _("被监督单位不属于组织区划。"))


@transaction.atomic
def project_create(
    *,
    actor: User,
    region: Region,
    year: int,
    title: str,
    forms: list[str],
    committee: str,
    unit: HandlingUnit | None = None,
    description: str = "",
    joint: bool = False,
    planned_on=None,
) -> Project:
    """A topic of the year's plan in a region the caller checked is in the actor's scope."""
    _check_unit(region, unit)
    project = Project(region=region, year=year, title=title.strip(), forms=list(forms),
                      committee=committee, unit=unit, description=description, joint=joint,
                      planned_on=planned_on, created_by=actor)  # fmt: skip
    model_create(project, validate=True)
    step(project, action="create", actor=actor, note=_("列入年度监督计划"))
    return project


@transaction.atomic
def project_update(*, actor: User, project: Project, data: dict) -> Project:
    project = project_locked(project, "edit", actor)
    if "unit" in data:
        _check_unit(project.region, data["unit"])
        if hasattr(project, "rectification") and data["unit"] != project.unit:
            raise invalid("unit", _("审议意见已交办，不能更换被监督单位。"))
    if data.get("joint") is False and project.children.exists():
        raise invalid("joint", _("已有乡镇参加，不能取消同步监督。"))
    if data.get("joint") and project.parent_id:
        raise invalid("joint", _("乡镇参加的项目不能再设为同步监督。"))
    project, changed = model_update(instance=project, fields=EDITABLE, data=data)
    if changed:
        step(project, action="edit", actor=actor)
    return project


@transaction.atomic
def project_move(*, actor: User, project: Project, action: str, note: str = "") -> Project:
    """调研 / 听取审议 / 办结: the stages that need nothing but the step itself."""
    if action not in MOVES:
        raise ValueError(action)
    project = project_locked(project, action, actor)
    before = project.status
    data = {"status": workflow.PROJECT[action].target}
    if action == "close":
        data["closed_at"] = timezone.now()
    model_update(instance=project, fields=["status", "closed_at"], data=data)
    step(project, action=action, actor=actor, before=before, note=note)
    return project


@transaction.atomic
def participants_set(
    *, actor: User, project: Project, deputies: list[Deputy], events: list[Event]
) -> Project:
    """The deputies involved and the activities (meetings/) of the project, replaced as a whole."""
    project = project_locked(project, "deputies", actor)
    county = project.region_id[:6]
    foreign = [d for d in deputies if not (d.region_id or "").startswith(county)]
    if foreign:
        raise invalid("deputies", _("所选代表不属于本地区：%(n)s") % {"n": foreign[0].name})
    if any(not e.region_id.startswith(county) for e in events):
        raise invalid("events", _("所选活动不属于本地区。"))
    _replace(project, ProjectDeputy, "deputy", deputies)
    _replace(project, ProjectEvent, "event", events)
    step(project, action="deputies", actor=actor,
         note=_("参加代表 %(d)s 名，关联活动 %(e)s 项") % {"d": len(deputies), "e": len(events)})  # fmt: skip
    return project


def _replace(project: Project, model, field: str, chosen: list) -> None:
    wanted = {obj.pk: obj for obj in chosen}
    for row in model.objects.filter(project=project):
        if getattr(row, f"{field}_id") not in wanted:
            model_delete(row)
        else:
            wanted.pop(getattr(row, f"{field}_id"))
    for obj in wanted.values():
        model_create(model(project=project, **{field: obj}))


@transaction.atomic
def townships_add(*, actor: User, project: Project, townships: list[Region]) -> list[Project]:
    """县乡同步监督: each township takes part with a child project of its own stages."""
    project = project_locked(project, "townships", actor)
    if project.parent_id:
        raise invalid("townships", _("乡镇参加的项目不能再安排下级乡镇。"))
    if not townships:
        raise invalid("townships", _("请选择参加的乡镇。"))
    wrong = [t for t in townships if t.parent_id != project.region_id]
    if wrong:
        raise invalid("townships", _("%(n)s 不是本县（市、区）的乡镇。") % {"n": wrong[0].name})
    if not project.joint:
        model_update(instance=project, fields=["joint"], data={"joint": True})
    taken = set(project.children.values_list("region_id", flat=True))
    made = []
    for township in townships:
        if township.code in taken:
            continue
        child = Project(region=township, year=project.year, title=project.title,
                        forms=list(project.forms), committee=project.committee, parent=project,
                        description=project.description, created_by=actor)  # fmt: skip
        model_create(child, validate=True)
        step(child, action="create", actor=actor, note=_("参加县乡同步监督"))
        made.append(child)
    step(project, action="townships", actor=actor,
         note=_("新增 %(n)s 个乡镇同步监督") % {"n": len(made)})  # fmt: skip
    return made


@transaction.atomic
def document_add(*, actor: User, project: Project, title: str, file) -> Document:
    project = project_locked(project, "document", actor)
    title = (title or "").strip()
    if not title:
        raise invalid("title", _("请填写材料名称。"))
    content_type = document_type(file)
    return model_create(
        Document(project=project, stage=project.status, title=title[:200], file=file,
                 file_name=file.name[-200:], content_type=content_type, size=file.size,
                 uploaded_by=actor)
    )  # fmt: skip


@transaction.atomic
def document_remove(*, actor: User, document: Document) -> None:
    project_locked(document.project, "document", actor)
    document.file.delete(save=False)
    model_delete(document)

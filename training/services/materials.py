"""Learning materials: uploaded (checked by content and size), attached to a course, removed."""

from django.db import transaction
from django.utils.translation import gettext as _

from congress.errors import TransitionError
from congress.models import User
from congress.services import model_create, model_delete, model_update
from training.files import material_check
from training.models import Course, Material
from training.services.common import managed_region, require_manage


@transaction.atomic
def material_upload(
    *,
    actor: User,
    file,
    title: str,
    region: str | None = None,
    course: Course | None = None,
    minutes: int = 0,
) -> Material:
    """Store a document or a video; its kind and type come from its content."""
    kind, content_type = material_check(file)
    if course is not None:
        require_manage(actor, course.region_id)
        owner = course.region
    else:
        owner = managed_region(actor, region)
    material = Material(
        region=owner,
        course=course,
        title=title.strip() or file.name[:120],
        kind=kind,
        file=file,
        file_name=file.name[:200],
        content_type=content_type,
        size=file.size,
        minutes=minutes,
        uploaded_by=actor,
    )
    return model_create(material, validate=True)


@transaction.atomic
def material_update(
    *, actor: User, material: Material, title: str | None = None, course=..., minutes=None
) -> Material:
    material = Material.objects.select_for_update().get(pk=material.pk)
    require_manage(actor, material.region_id)
    data = {}
    if title is not None:
        data["title"] = title
    if minutes is not None:
        data["minutes"] = minutes
    if course is not ...:
        if course is not None:
            require_manage(actor, course.region_id)
        data["course"] = course
    material, _changed = model_update(instance=material, fields=list(data), data=data)
    return material


@transaction.atomic
def material_delete(*, actor: User, material: Material) -> None:
    material = Material.objects.select_for_update().get(pk=material.pk)
    require_manage(actor, material.region_id)
    if material.items.exists():
        raise TransitionError(_("该资料已被学习计划或课程引用，不能删除。"))
    stored = material.file
    model_delete(material)
    transaction.on_commit(lambda: stored.delete(save=False))

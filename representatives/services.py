"""Writes to the register: people, mandates, reveals and self-service (deputy accounts and their
invitations: representatives.accounts)."""

import copy
import io
import secrets
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypinyin import Style, lazy_pinyin

from congress import audit
from congress.errors import ApplicationError, TransitionError
from congress.models import AuditLog, Congress, Region, Term, User
from congress.personal import id_number_errors, normalize_id_number, phone_error
from congress.queue import run_after_commit
from congress.scope import region_in_scope, region_prefix
from congress.services import model_create, model_update
from representatives.models import Deputy, DeputyGroup, Mandate

PERSON_FIELDS = [
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "affiliation",
    "education",
    "occupation",
    "workplace",
    "post",
    "phone",
    "id_number",
    "region",
]
PHOTO_TYPES = {"JPEG", "PNG", "WEBP"}
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_SIZE = (600, 800)


def name_initials(name: str) -> str:
    """张三 → zs: what staff type to find a deputy by pinyin initials."""
    letters = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(letters).lower()[:50]


def congress_in_reach(viewer: User, congress: Congress) -> bool:
    """A county office also records its deputies' seats in the city and provincial congresses."""
    prefix = region_prefix(viewer)
    return prefix is not None and (
        congress.region_id.startswith(prefix) or prefix.startswith(congress.region_id)
    )


def _raise(errors: dict[str, Any]) -> None:
    if errors:
        raise ValidationError({k: v if isinstance(v, list) else [v] for k, v in errors.items()})


def _person_errors(viewer: User, deputy: Deputy, *, exclude: list[str] | None = None) -> dict:
    errors: dict[str, list] = {}
    try:
        deputy.full_clean(exclude=["user", "photo", *(exclude or [])], validate_unique=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if "id_number" not in errors:
        personal = id_number_errors(
            deputy.id_number, birth_date=deputy.birth_date, gender=deputy.gender
        )
        for field, message in personal.items():
            errors.setdefault(field, []).append(message)
    if "phone" not in errors and (message := phone_error(deputy.phone)):
        errors["phone"] = [message]
    if deputy.id_number and "id_number" not in errors:
        taken = Deputy.objects.filter(id_number=deputy.id_number).exclude(pk=deputy.pk)
        if taken.exists():
            errors["id_number"] = [_("该公民身份号码已登记，请勿重复登记。")]
    if deputy.region_id and not region_in_scope(viewer, deputy.region_id):
        errors["region"] = [_("所属区划不存在或不在您的管辖范围内。")]
    return errors


def _clean_person_data(data: dict) -> dict:
    data = dict(data)
    if "id_number" in data:
        data["id_number"] = normalize_id_number(data["id_number"])
    for key in ("name", "phone", "workplace", "post"):
        if isinstance(data.get(key), str):
            data[key] = data[key].strip()
    if isinstance(data.get("region"), Region):
        data["region_id"] = data.pop("region").pk
    elif "region" in data:
        data["region_id"] = data.pop("region")
    return data


@transaction.atomic
def deputy_create(*, viewer: User, data: dict, mandate: dict | None = None) -> Deputy:
    """Register a person, and with them their first mandate when one is given."""
    deputy = Deputy(**_clean_person_data(data))
    deputy.name_initials = name_initials(deputy.name)
    errors = _person_errors(viewer, deputy)
    if mandate is not None:
        try:
            _mandate_check(viewer, Mandate(deputy=deputy, **mandate), new_person=True)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    _raise(errors)
    model_create(deputy)
    if mandate is not None:
        model_create(Mandate(deputy=deputy, **mandate))
    return deputy


@transaction.atomic
def deputy_update(*, viewer: User, deputy: Deputy, data: dict) -> Deputy:
    """Change some of a person's details; fields not given stay as they are."""
    data = _clean_person_data(data)
    if not data.get("id_number"):
        data.pop("id_number", None)  # left blank in the form: the number stays as it is
    unknown = set(data) - {f if f != "region" else "region_id" for f in PERSON_FIELDS}
    if unknown:
        raise ApplicationError(_("不能修改这些字段：%s") % ", ".join(sorted(unknown)))
    if "name" in data:
        data["name_initials"] = name_initials(data["name"])
    candidate = copy.copy(deputy)  # checked as a whole first; `deputy` changes only when saved
    for field, value in data.items():
        setattr(candidate, field, value)
    _raise(_person_errors(viewer, candidate))
    model_update(instance=deputy, fields=list(data), data=data, validate=False)
    return deputy


def _mandate_check(viewer: User, mandate: Mandate, *, new_person: bool = False) -> None:
    errors: dict[str, list] = {}
    exclude = ["deputy"] if new_person else []
    try:
        mandate.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    congress = mandate.congress if mandate.congress_id else None
    if congress is not None and not congress_in_reach(viewer, congress):
        errors.setdefault("congress", []).append(_("该人民代表大会不在您的管辖范围内。"))
    if mandate.group_id and mandate.group.congress_id != mandate.congress_id:
        errors.setdefault("group", []).append(_("代表小组不属于该人民代表大会。"))
    if (
        not new_person
        and congress is not None
        and mandate.status == Mandate.Status.SERVING
        and Mandate.objects.filter(
            deputy_id=mandate.deputy_id, congress=congress, status=Mandate.Status.SERVING
        )
        .exclude(pk=mandate.pk)
        .exists()
    ):
        errors.setdefault("congress", []).append(_("该代表在该人民代表大会已有在任的代表资格。"))
    _raise(errors)


@transaction.atomic
def mandate_create(
    *,
    viewer: User,
    deputy: Deputy,
    congress: Congress,
    term: Term,
    start_date: date,
    electoral_unit: str = "",
    group: DeputyGroup | None = None,
) -> Mandate:
    """Give a person a seat in one congress for one term."""
    mandate = Mandate(
        deputy=deputy,
        congress=congress,
        term=term,
        start_date=start_date,
        electoral_unit=electoral_unit.strip(),
        group=group,
    )
    _mandate_check(viewer, mandate)
    return model_create(mandate)


@transaction.atomic
def mandate_update(
    *, viewer: User, mandate: Mandate, electoral_unit: str, group: DeputyGroup | None
) -> Mandate:
    """Change a mandate's electoral unit or deputy group."""
    data = {"electoral_unit": electoral_unit.strip(), "group": group}
    candidate = copy.copy(mandate)
    candidate.electoral_unit, candidate.group = data["electoral_unit"], group
    _mandate_check(viewer, candidate)
    model_update(instance=mandate, fields=["electoral_unit", "group"], data=data, validate=False)
    return mandate


@transaction.atomic
def mandate_end(
    *, viewer: User, mandate: Mandate, status: str, end_date: date, reason: str
) -> Mandate:
    """End a seat (resignation, recall, termination, transfer); the person stays registered."""
    mandate = Mandate.objects.select_for_update().get(pk=mandate.pk)
    if mandate.status != Mandate.Status.SERVING:
        raise TransitionError(_("该代表资格已终止，不能再次终止。"))
    errors: dict[str, list] = {}
    if status == Mandate.Status.SERVING or status not in Mandate.Status.values:
        errors["status"] = [_("请选择终止类型：辞职、罢免、资格终止或调离。")]
    if not reason.strip():
        errors["end_reason"] = [_("请填写终止原因。")]
    if end_date < mandate.start_date:
        errors["end_date"] = [_("结束日期不能早于开始日期。")]
    _raise(errors)
    data = {"status": status, "end_date": end_date, "end_reason": reason.strip()}
    model_update(instance=mandate, fields=list(data), data=data)
    return mandate


def deputy_reveal(*, viewer: User, deputy: Deputy) -> dict:
    """The full ID number and phone, for staff who need them; every reveal is audited."""
    audit.record(
        AuditLog.Action.REVEAL,
        model="representatives.Deputy",
        object_pk=deputy.pk,
        object_repr=deputy.name,
        after={"fields": ["id_number", "phone"]},
    )
    return {"id_number": deputy.id_number, "phone": deputy.phone}


@transaction.atomic
def deputy_self_update(*, deputy: Deputy, phone: str) -> Deputy:
    """A deputy corrects their own phone number."""
    phone = (phone or "").strip()
    if message := phone_error(phone):
        _raise({"phone": message})
    model_update(instance=deputy, fields=["phone"], data={"phone": phone}, validate=False)
    return deputy


@transaction.atomic
def deputy_photo_set(*, deputy: Deputy, upload) -> Deputy:
    """Store a deputy's photo: JPEG, PNG or WebP up to 5 MB, re-encoded as a JPEG of at most
    600×800 (which also drops EXIF data such as location)."""
    if upload.size > PHOTO_MAX_BYTES:
        _raise({"photo": _("照片不能超过5MB。")})
    try:
        image = Image.open(upload)
        image_format = image.format
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        _raise({"photo": _("无法识别的图片文件，请上传JPG、PNG或WebP格式的照片。")})
    if image_format not in PHOTO_TYPES:
        _raise({"photo": _("照片格式须为JPG、PNG或WebP。")})
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail(PHOTO_MAX_SIZE)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    old = deputy.photo.name if deputy.photo else None
    field = deputy.photo.field
    name = field.generate_filename(deputy, f"{deputy.pk}-{secrets.token_hex(4)}.jpg")
    stored = field.storage.save(name, ContentFile(buffer.getvalue()), max_length=field.max_length)
    model_update(instance=deputy, fields=["photo"], data={"photo": stored}, validate=False)
    if old:
        run_after_commit(lambda: deputy.photo.storage.delete(old))  # a leftover file is harmless
    return deputy

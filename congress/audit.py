"""The audit trail: every create, update and delete of a domain row, with who and the row
before and after. Saves and deletes are caught generically (so no service can forget);
bulk writes and queryset updates call `record()` themselves."""

import contextvars
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.signals import post_delete, post_save, pre_save

from congress.models import AuditLog

_request = contextvars.ContextVar("audit_request", default=None)

AUDITED_APPS = {
    "congress",
    "representatives",
    "suggestions",
    "liaison_stations",
    "evaluation",
    "ballots",
    "dashboards",
    "auth",
}
# Rows of those apps that are not domain records, or that would drown the log.
NOT_AUDITED = {
    "congress.AuditLog",
    "congress.Notification",
    "congress.SentReminder",
    "congress.OutboxMessage",  # the staff retry is recorded by hand (congress.outbox)
    "auth.Permission",
}
SECRET_FIELDS = {"password"}
# Personal data kept out of the trail in masked form, registered by the app that owns it:
# {"app_label.Model": {"field": mask_function}} (e.g. representatives masks ID numbers).
MASKED_FIELDS: dict[str, dict] = {}


def set_request(request):
    return _request.set(request)


def reset_request(token):
    _request.reset(token)


def _actor():
    request = _request.get()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.pk, str(user)[:150], _ip(request)
    return None, "", _ip(request)


def _ip(request):
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def snapshot(instance) -> dict:
    data = {}
    masks = MASKED_FIELDS.get(instance._meta.label, {})
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        value = field.value_from_object(instance)
        if field.name in masks and value:
            value = masks[field.name](value)
        data[field.attname] = value
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, default=str))


def record(
    action: str, *, model: str, object_pk="", object_repr: str = "", before=None, after=None
) -> AuditLog:
    actor_id, actor_name, ip = _actor()
    return AuditLog.objects.create(
        actor_id=actor_id,
        actor_name=actor_name,
        action=action,
        model=model,
        object_pk=str(object_pk)[:64],
        object_repr=str(object_repr)[:200],
        before=before,
        after=after,
        ip=ip,
    )


def created(instance) -> AuditLog:
    """Record that a service created `instance` (call after it is saved)."""
    return record(
        AuditLog.Action.CREATE,
        model=instance._meta.label,
        object_pk=instance.pk,
        object_repr=str(instance),
        after=snapshot(instance),
    )


def updated(instance, before: dict) -> AuditLog | None:
    """Record that a service changed `instance`; `before` is `snapshot(instance)` taken before
    the change (from the row in hand, so no extra query). Nothing is recorded when nothing changed."""
    after = snapshot(instance)
    if before == after:
        return None
    return record(
        AuditLog.Action.UPDATE,
        model=instance._meta.label,
        object_pk=instance.pk,
        object_repr=str(instance),
        before=before,
        after=after,
    )


def deleted(instance, before: dict | None = None) -> AuditLog:
    """Record that a service deleted `instance` (call with the snapshot taken before delete())."""
    return record(
        AuditLog.Action.DELETE,
        model=instance._meta.label,
        object_pk=instance.pk if instance.pk is not None else "",
        object_repr=str(instance),
        before=before if before is not None else snapshot(instance),
    )


def explicit(instance):
    """Mark `instance` as audited by its service, so the generic save signals leave it alone
    (while the signals remain as the safety net for write paths not yet made explicit)."""
    instance._audit_explicit = True
    return instance


def _label(sender) -> str:
    return sender._meta.label


def _audited(sender) -> bool:
    return sender._meta.app_label in AUDITED_APPS and _label(sender) not in NOT_AUDITED


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _audited(sender) or instance._state.adding or instance.pk is None:
        return
    if getattr(instance, "_audit_explicit", False):
        return
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old is not None else None


def _after_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or not _audited(sender) or getattr(instance, "_audit_explicit", False):
        return
    if not created and update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    after = snapshot(instance)
    before = None if created else getattr(instance, "_audit_before", None)
    if before == after:
        return
    record(
        AuditLog.Action.CREATE if created else AuditLog.Action.UPDATE,
        model=_label(sender),
        object_pk=instance.pk,
        object_repr=str(instance),
        before=before,
        after=after,
    )


def _after_delete(sender, instance, **kwargs):
    if not _audited(sender) or getattr(instance, "_audit_explicit", False):
        return
    record(
        AuditLog.Action.DELETE,
        model=_label(sender),
        object_pk=instance.pk,
        object_repr=str(instance),
        before=snapshot(instance),
    )


def connect():
    pre_save.connect(_before_save, dispatch_uid="audit_before_save")
    post_save.connect(_after_save, dispatch_uid="audit_after_save")
    post_delete.connect(_after_delete, dispatch_uid="audit_after_delete")

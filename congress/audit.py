"""The audit trail: every create, update and delete of a domain row, with who and the row
before and after. Each service writes its audit rows explicitly, as part of its write
(`congress.services.model_update` / `model_create` / `model_delete`, or `created()`, `updated()`,
`deleted()` and, for bulk writes and queryset updates, `record()`). The test suite proves that no
request writes an audited table without an audit row for that model (tests/audit_guard.py).

The generic save/delete signals (`connect()`) are the old mechanism, off by default
(settings.AUDIT_SAVE_SIGNALS turns them on for every write).
Write paths that are not our services (the Django admin's forms) are audited generically
whatever the setting, inside `capturing()` (congress.middleware.AuditActorMiddleware)."""

import contextvars
import json
import threading
from contextlib import contextmanager

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.crypto import salted_hmac

from congress.models import AuditLog

_request = contextvars.ContextVar("audit_request", default=None)
_capturing = contextvars.ContextVar("audit_capturing", default=False)
_generic = {"always": False, "capturing": 0}
_generic_lock = threading.Lock()

AUDITED_APPS = {
    "congress",
    "representatives",
    "suggestions",
    "liaison_stations",
    "evaluation",
    "ballots",
    "meetings",
    "training",
    "contacts",
    "supervision",
    "filings",
    "worktasks",
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
    # Per-vote counters: a before/after pair next to the participation's audit row would reveal
    # the answer (ballots/models.py explains it); the opening, paper totals and results are audited.
    "ballots.Tally",
    # Derived figures, rebuilt from the audited records by beat, and when they were rebuilt
    # (congress/dashboards/facts.py).
    "dashboards.Fact",
    "dashboards.Refresh",
    "dashboards.DirtyCell",  # the marks the database triggers leave for the fold (issue 18)
}
# Bookkeeping columns: a change of only these is not a change of the record, and is not audited
# (a login is recorded as such; a token's last use is written at most once a minute).
UNAUDITED_FIELDS: dict[str, set[str]] = {
    "congress.User": {"last_login"},
    "congress.ApiToken": {"last_used_at"},
    # a learner's heartbeats (every 30 s while a material is open) add time, nothing else
    "training.StudyProgress": {"seconds", "last_beat_at"},
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
    """The row as JSON-ready data, for `updated()`/`deleted()`. Personal data is masked and
    secrets left out by record(), on the way into the trail, not here: a change the mask hides
    (the middle digits of a phone) is still a change, and a secret is only a fingerprint here,
    so that its change shows."""
    data = {}
    for field in instance._meta.concrete_fields:
        value = field.value_from_object(instance)
        if field.name in SECRET_FIELDS:
            value = _fingerprint(value)
        data[field.attname] = value
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, default=str))


def _fingerprint(value) -> str:
    return salted_hmac("congress.audit.secret", str(value or "")).hexdigest()[:16]


def _secrets_changed(before, after) -> list[str]:
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    return [k for k in sorted(SECRET_FIELDS) if before.get(k) != after.get(k)]


def _masked(model: str, data):
    """A row's data as the trail may keep it: secrets left out, personal data masked (the masks
    are idempotent, so a snapshot masked already is unchanged). Lists of rows are masked row by
    row; anything else (a count, a list of ids) is kept as given."""
    if isinstance(data, list):
        return [_masked(model, row) for row in data]
    if not isinstance(data, dict):
        return data
    masks = MASKED_FIELDS.get(model, {})
    attnames = _mask_attnames(model, masks)
    cleaned = {}
    for key, value in data.items():
        if key in SECRET_FIELDS:
            continue
        mask = masks.get(key) or attnames.get(key)
        cleaned[key] = mask(value) if mask is not None and value else value
    return cleaned


def _mask_attnames(model: str, masks: dict) -> dict:
    """The masks by column name too (`phone` is `phone`, a foreign key `x` is `x_id`)."""
    if not masks:
        return {}
    try:
        meta = apps.get_model(model)._meta
    except (LookupError, ValueError):
        return {}
    named = {}
    for name, mask in masks.items():
        try:
            named[meta.get_field(name).attname] = mask
        except FieldDoesNotExist:
            continue
    return named


def record(
    action: str, *, model: str, object_pk="", object_repr: str = "", before=None, after=None
) -> AuditLog:
    """Write one audit row. `before`/`after` given by hand (a bulk write's summary) are masked
    like a snapshot: MASKED_FIELDS and SECRET_FIELDS apply to every row of the trail (a changed
    secret is named in `after["secrets_changed"]`, its value never stored)."""
    actor_id, actor_name, ip = _actor()
    secrets = _secrets_changed(before, after)  # a password change says so, and no more
    before, after = _masked(model, before), _masked(model, after)
    if secrets:
        after = {**after, "secrets_changed": secrets}
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


def record_many(entries: list[dict]) -> list[AuditLog]:
    """`record()` for many rows at once (one INSERT per 500): each entry holds `record()`'s
    keyword arguments and `action`. For bulk writes that audit every row they touch."""
    actor_id, actor_name, ip = _actor()
    rows = []
    for e in entries:
        model, before, after = e["model"], e.get("before"), e.get("after")
        secrets = _secrets_changed(before, after)
        before, after = _masked(model, before), _masked(model, after)
        if secrets:
            after = {**after, "secrets_changed": secrets}
        rows.append(
            AuditLog(
                actor_id=actor_id,
                actor_name=actor_name,
                action=e["action"],
                model=model,
                object_pk=str(e.get("object_pk", ""))[:64],
                object_repr=str(e.get("object_repr", ""))[:200],
                before=before,
                after=after,
                ip=ip,
            )
        )
    return AuditLog.objects.bulk_create(rows, batch_size=500)


def created_many(instances) -> list[AuditLog]:
    """`created()` for the rows of a bulk_create (their keys set), in one write."""
    return record_many(
        [
            {
                "action": AuditLog.Action.CREATE,
                "model": i._meta.label,
                "object_pk": i.pk,
                "object_repr": str(i),
                "after": snapshot(i),
            }
            for i in instances
        ]
    )


def updated_many(changes) -> list[AuditLog]:
    """`updated()` for rows changed by one bulk_update: `changes` is [(instance, snapshot before)];
    rows that did not change are left out."""
    entries = []
    for instance, before in changes:
        after = snapshot(instance)
        if before != after:
            entries.append(
                {
                    "action": AuditLog.Action.UPDATE,
                    "model": instance._meta.label,
                    "object_pk": instance.pk,
                    "object_repr": str(instance),
                    "before": before,
                    "after": after,
                }
            )
    return record_many(entries)


def deleted(instance, before: dict | None = None, *, object_repr: str | None = None) -> AuditLog:
    """Record that a service deleted `instance` (call with the snapshot taken before delete(),
    and its name too when that names related rows deleted with it)."""
    return record(
        AuditLog.Action.DELETE,
        model=instance._meta.label,
        object_pk=instance.pk if instance.pk is not None else "",
        object_repr=str(instance) if object_repr is None else object_repr,
        before=before if before is not None else snapshot(instance),
    )


def explicit(instance):
    """Mark `instance` as audited by its service for its next save or delete, so the generic save
    signals leave that one write alone (while the signals remain as the safety net for write
    paths not yet made explicit). The mark is spent by that write: a later plain `save()` of the
    same instance is caught by the safety net again."""
    instance._audit_explicit = True
    return instance


def _spend_explicit(instance) -> bool:
    if getattr(instance, "_audit_explicit", False):
        instance._audit_explicit = False
        return True
    return False


def bookkeeping_only(label: str, fields) -> bool:
    """Whether a write of `fields` of `label` changes only bookkeeping columns (UNAUDITED_FIELDS)."""
    return fields is not None and set(fields) <= UNAUDITED_FIELDS.get(label, set())


def _label(sender) -> str:
    return sender._meta.label


def audited(model) -> bool:
    """Whether writes of `model` belong in the audit trail (AUDITED_APPS minus NOT_AUDITED)."""
    return model._meta.app_label in AUDITED_APPS and _label(model) not in NOT_AUDITED


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if not _generic_on():
        return
    if raw or not audited(sender) or instance._state.adding or instance.pk is None:
        return
    if getattr(instance, "_audit_explicit", False):
        return
    if bookkeeping_only(_label(sender), update_fields):
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old is not None else None


def _after_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if not _generic_on():
        return
    if raw or not audited(sender) or _spend_explicit(instance):
        return
    if not created and bookkeeping_only(_label(sender), update_fields):
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
    if not _generic_on():
        return
    if not audited(sender) or _spend_explicit(instance):
        return
    record(
        AuditLog.Action.DELETE,
        model=_label(sender),
        object_pk=instance.pk,
        object_repr=str(instance),
        before=snapshot(instance),
    )


def _generic_on() -> bool:
    """The generic handlers act everywhere once connect()ed for good, else only in capturing()."""
    return _generic["always"] or _capturing.get()


def _connect_receivers():
    pre_save.connect(_before_save, dispatch_uid="audit_before_save")
    post_save.connect(_after_save, dispatch_uid="audit_after_save")
    post_delete.connect(_after_delete, dispatch_uid="audit_after_delete")


def _disconnect_receivers():
    pre_save.disconnect(dispatch_uid="audit_before_save")
    post_save.disconnect(dispatch_uid="audit_after_save")
    post_delete.disconnect(dispatch_uid="audit_after_delete")


def connect():
    """The generic save/delete signals for every write (settings.AUDIT_SAVE_SIGNALS)."""
    with _generic_lock:
        _generic["always"] = True
        _connect_receivers()


def disconnect():
    with _generic_lock:
        _generic["always"] = False
        if not _generic["capturing"]:
            _disconnect_receivers()


def connected() -> bool:
    """Whether the generic signals are on for every write (settings.AUDIT_SAVE_SIGNALS, or a
    test's connect())."""
    return _generic["always"]


@contextmanager
def capturing():
    """The generic save/delete signals for the writes of this block (this thread or task only),
    whatever settings.AUDIT_SAVE_SIGNALS says: for the write paths that are not our services,
    such as the Django admin's forms, where the before-image's extra SELECT does not matter.
    The receivers are connected while some block captures, and only its writes are recorded."""
    with _generic_lock:
        _generic["capturing"] += 1
        if _generic["capturing"] == 1 and not _generic["always"]:
            _connect_receivers()
    token = _capturing.set(True)
    try:
        yield
    finally:
        _capturing.reset(token)
        with _generic_lock:
            _generic["capturing"] -= 1
            if not _generic["capturing"] and not _generic["always"]:
                _disconnect_receivers()

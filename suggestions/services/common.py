"""The steps every action of a suggestion shares: take the row lock, apply the table's row
(status, fields, history), tell the people concerned."""

from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.errors import ApplicationError
from congress.models import AuditLog, Role, User
from congress.notifications import notify
from suggestions.models import (
    Assignment,
    History,
    Suggestion,
)


def bad(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, fields={field: [message]})


def lock(suggestion: Suggestion) -> Suggestion:
    """Re-read the row under a lock, so two people acting at once are serialised."""
    return (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("region", "lead_deputy")
        .get(pk=suggestion.pk)
    )


def history(suggestion, action, from_status, actor, note="", at=None) -> History:
    return History.objects.create(
        suggestion=suggestion,
        action=action,
        from_status=from_status,
        to_status=suggestion.status,
        actor=actor,
        actor_name=str(actor) if actor else _("系统"),
        at=at or timezone.now(),
        note=note,
    )


def move(suggestion, row, actor, *, note="", fields=(), target=None) -> Suggestion:
    """Apply a table row: new status (if the row has one), save the named fields, record it."""
    before = suggestion.status
    if target or row.target:
        suggestion.status = target or row.target
    suggestion.full_clean()
    suggestion.save(update_fields=["status", "updated_at", *fields])
    history(suggestion, row.action, before, actor, note)
    return suggestion


def bulk_created(rows: list) -> list:
    """bulk_create skips the audit signals, so each new row is recorded here."""
    for row in rows:
        audit.record(
            AuditLog.Action.CREATE,
            model=row._meta.label,
            object_pk=row.pk or "",
            object_repr=str(row),
            after=audit.snapshot(row),
        )
    return rows


def deactivate_assignments(suggestion, note: str) -> None:
    """Take the current units off a suggestion (a queryset update, so audited by hand)."""
    active = list(suggestion.assignments.filter(is_active=True).values_list("pk", flat=True))
    Assignment.objects.filter(pk__in=active).update(is_active=False)
    for pk in active:
        audit.record(
            AuditLog.Action.UPDATE,
            model=Assignment._meta.label,
            object_pk=pk,
            object_repr=note,
            before={"is_active": True},
            after={"is_active": False},
        )


def link(suggestion) -> str:
    return f"/suggestions/{suggestion.pk}/"


def unit_users(unit_ids) -> list[User]:
    return list(User.objects.filter(handling_unit_id__in=unit_ids, role=Role.HANDLING_UNIT))


def signer_users(suggestion) -> list[User]:
    ids = [suggestion.lead_deputy_id, *suggestion.cosigners.values_list("deputy_id", flat=True)]
    return list(User.objects.filter(deputy__in=ids))


def staff_users(suggestion) -> list[User]:
    return list(User.objects.filter(role=Role.STAFF, region_id=suggestion.region_id))


def tell(users, suggestion, title, body="", kind="suggestion"):
    notify(recipients=users, title=title, body=body, link=link(suggestion), kind=kind)


def my_assignment(suggestion, actor) -> Assignment:
    return suggestion.assignments.get(is_active=True, unit_id=actor.handling_unit_id)

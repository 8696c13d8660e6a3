"""The steps every action of a suggestion shares, in the order it takes them: `lock` the row,
`check` the transition table, (validate, in the action), `move` (save only the changed fields,
audited, then the history row), `tell` the people concerned."""

from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.models import AuditLog, Role, User
from congress.notifications import notify
from congress.services import model_create, model_update
from suggestions import workflow
from suggestions.models import Assignment, History, Suggestion


def lock(suggestion: Suggestion) -> Suggestion:
    """Re-read the row under a lock, so two people acting at once are serialised."""
    return (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("region", "lead_deputy")
        .get(pk=suggestion.pk)
    )


def lock_and_check(suggestion: Suggestion, action: str, actor: User):
    """The first two steps of every action: the locked row and the table's row for `action`
    (403 for an actor the row does not name, 409 from a status it does not start from)."""
    suggestion = lock(suggestion)
    return suggestion, workflow.check(suggestion, action, actor)


def history(suggestion, action, from_status, actor, note="", at=None) -> History:
    return model_create(
        History(
            suggestion=suggestion,
            action=action,
            from_status=from_status,
            to_status=suggestion.status,
            actor=actor,
            actor_name=str(actor) if actor else _("系统"),
            at=at or timezone.now(),
            note=note,
        )
    )


def move(suggestion, row, actor, *, note="", changes=None, target=None) -> Suggestion:
    """Apply a table row: its new status (if it has one) and `changes`, saved with only those
    fields and audited, then the step in the history. A step that changes no field still
    touches `updated_at` (audited like any change)."""
    before = suggestion.status
    data = dict(changes or {})
    if target or row.target:
        data["status"] = target or row.target
    _, changed = model_update(instance=suggestion, fields=list(data), data=data)
    if not changed:
        before_touch = audit.snapshot(suggestion)
        audit.explicit(suggestion).save(update_fields=["updated_at"])
        audit.updated(suggestion, before_touch)
    history(suggestion, row.action, before, actor, note)
    return suggestion


def created(rows: list) -> list:
    """Rows of a bulk_create, each recorded in the audit trail."""
    for row in rows:
        audit.created(row)
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
    """The staff of the level handling the suggestion (its own, or the one it was handed to)."""
    level = suggestion.handled_by_id or suggestion.region_id
    return list(User.objects.filter(role=Role.STAFF, region_id=level))


def tell(users, suggestion, title, body="", kind="suggestion"):
    notify(recipients=users, title=title, body=body, link=link(suggestion), kind=kind)


def my_assignment(suggestion, actor) -> Assignment:
    return suggestion.assignments.get(is_active=True, unit_id=actor.handling_unit_id)
